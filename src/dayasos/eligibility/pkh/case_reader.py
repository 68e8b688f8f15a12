"""Reading the tables and values of a PKH case file, every error naming the file and the
field (used by :mod:`dayasos.eligibility.pkh.cases`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from dayasos.categories._base import Category
from dayasos.errors import CaseFileError, DayasosError
from dayasos.money import Rupiah

T = TypeVar("T")
C = TypeVar("C", bound=Category)

__all__ = ["CaseReader", "as_amount", "as_bool", "as_date", "as_int", "as_text"]


class CaseReader:
    """The reader of one case file: its errors name the file, the field and the problem."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, problem: str, value: object = None) -> CaseFileError:
        """A CaseFileError at ``where`` (the value shown cut to 60 characters)."""
        shown = None if value is None else repr(value)[:60]
        return CaseFileError(self.file, where, problem, shown=shown)

    def table(self, data: object, where: str, known: set[str]) -> Mapping[str, Any]:
        """``data`` if it is a table whose keys are all ``known``, else a CaseFileError."""
        if not isinstance(data, dict):
            raise self.fail(where, "must be a table")
        for key in data:
            if key not in known:
                raise self.fail(
                    f"{where}.{key}" if where != "$" else key,
                    f"unknown key; known keys: {', '.join(sorted(known))}",
                )
        return data

    def get(
        self,
        data: Mapping[str, Any],
        where: str,
        key: str,
        check: Callable[[object], T | None],
        what: str,
        *,
        required: bool = False,
    ) -> T | None:
        """The value of ``key`` checked by ``check`` (None when absent and not ``required``)."""
        path = key if where == "$" else f"{where}.{key}"
        if key not in data:
            if required:
                raise self.fail(path, f"is required ({what})")
            return None
        value = data[key]
        out = check(value)
        if out is None:
            raise self.fail(path, f"must be {what}", value)
        return out

    def category(
        self, data: Mapping[str, Any], where: str, key: str, cls: type[C], default: C | None
    ) -> C | None:
        """The category ``cls`` of ``key`` in any spelling (``default`` when absent)."""
        path = f"{where}.{key}"
        if key not in data:
            return default
        try:
            return cls.parse(data[key])
        except (LookupError, DayasosError):
            codes = ", ".join(m.code for m in cls)
            raise self.fail(path, f"must be one of: {codes}", data[key]) from None


def as_date(v: object) -> date | None:
    """``v`` if it is a date (a TOML date, not a date-time), else None."""
    return v if isinstance(v, date) and not hasattr(v, "hour") else None


def as_text(v: object) -> str | None:
    """``v`` if it is a non-empty text, else None."""
    return v if isinstance(v, str) and v.strip() else None


def as_bool(v: object) -> bool | None:
    """``v`` if it is a boolean, else None."""
    return v if isinstance(v, bool) else None


def as_int(v: object) -> int | None:
    """``v`` if it is an integer (not a boolean), else None."""
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def as_amount(v: object) -> Rupiah | None:
    """``v`` as Rupiah (a non-negative whole number, or a text such as ``"Rp900.000"``), else
    None."""
    if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
        return Rupiah(v)
    if isinstance(v, str):
        try:
            return Rupiah.parse(v)
        except DayasosError:
            return None
    return None
