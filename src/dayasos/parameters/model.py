"""Dated parameter values with their sources, and the immutable parameter set."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, TypeVar

from attrs import define, evolve, field

from dayasos.errors import (
    ParameterDateError,
    ParameterNotFoundError,
    ParameterValueUnknownError,
    ValidationError,
)
from dayasos.law import Confidence, LegalBasis
from dayasos.money import Rupiah
from dayasos.parameters.units import DENOMINATORS, BaseUnit, Unit, Value

__all__ = [
    "DENOMINATORS",
    "BaseUnit",
    "Override",
    "Parameter",
    "ParameterSet",
    "ParameterValue",
    "Unit",
    "Value",
]


_T = TypeVar("_T")
_INTEGER_BASES: Final = tuple(
    b for b in BaseUnit if b.python_type is int and b is not BaseUnit.RUPIAH
)
"""The units whose values :meth:`ParameterSet.integer` reads (rupiah has its own reader)."""


@define(frozen=True, slots=True)
class ParameterValue:
    """One value of a parameter over a date range, with its source.

    ``value`` is ``None`` when the fact is known to apply from ``start`` but its value was
    not found in any source read (``known`` is then False).
    """

    start: date
    """First day the value is in force."""
    end: date | None
    """Last day it is in force (inclusive), or None when open-ended."""
    value: Value | None
    source: LegalBasis
    confidence: Confidence
    note: str | None = None
    origin: str = "shipped"
    """``"shipped"`` for the package's data, otherwise the name of the reform that set it."""

    @property
    def known(self) -> bool:
        """False if the value was not found in the sources."""
        return self.value is not None

    @property
    def unverified(self) -> bool:
        """True unless the fact is confirmed by official text (confidence H)."""
        return self.confidence is not Confidence.HIGH

    @property
    def status(self) -> str:
        """``"verified"``, ``"unverified"`` or ``"unknown"`` (no value found)."""
        if not self.known:
            return "unknown"
        return "unverified" if self.unverified else "verified"

    def covers(self, at: date) -> bool:
        """True if the value is in force on ``at``."""
        return self.start <= at and (self.end is None or at <= self.end)


@define(frozen=True, slots=True)
class Parameter:
    """A named parameter: labels, unit and its history of dated values (sorted, non-overlapping)."""

    name: str
    label: str
    """Label in Bahasa Indonesia."""
    label_en: str
    unit: Unit
    values: tuple[ParameterValue, ...]
    file: str = ""
    """The data file it was read from (for messages)."""
    description: str | None = None

    def at(self, at: date) -> ParameterValue:
        """The value in force on ``at``; raises ParameterDateError naming the dates covered."""
        for v in reversed(self.values):
            if v.start <= at:
                if v.end is None or at <= v.end:
                    return v
                break
        raise ParameterDateError(self.name, at, [(v.start, v.end) for v in self.values])

    def with_value(self, new: ParameterValue) -> Parameter:
        """A copy whose history has ``new`` in force over its range, other values trimmed around it."""
        out: list[ParameterValue] = []
        for v in self.values:
            v_end = v.end
            # part of v before new.start
            if v.start < new.start:
                cut = new.start - timedelta(days=1)
                out.append(evolve(v, end=cut if v_end is None or v_end > cut else v_end))
            # part of v after new.end
            if new.end is not None and (v_end is None or v_end > new.end):
                after = new.end + timedelta(days=1)
                if v.start <= new.end:
                    out.append(evolve(v, start=after))
                else:
                    out.append(v)
        out.append(new)
        out.sort(key=lambda v: v.start)
        return evolve(self, values=tuple(out))


def _as_mapping(params: Mapping[str, Parameter]) -> Mapping[str, Parameter]:
    return MappingProxyType(dict(params))


@define(frozen=True, slots=True, repr=False, eq=False)
class ParameterSet:
    """An immutable set of named parameters; read values at a date, derive reforms.

    Obtain the shipped set with :func:`dayasos.parameters.load_parameters`. Sets compare and
    hash by identity, so rules can cache what they derive from a set (a weak reference or
    ``functools.lru_cache`` keyed by the set) without hashing its contents.
    """

    _params: Mapping[str, Parameter] = field(converter=_as_mapping, alias="params")
    name: str = "shipped"
    """``"shipped"`` for the package data, otherwise the reform's name."""

    # ------------------------------------------------------------------ lookup
    def __contains__(self, name: object) -> bool:
        return name in self._params

    def __iter__(self) -> Iterator[Parameter]:
        return iter(sorted(self._params.values(), key=lambda p: p.name))

    def __len__(self) -> int:
        return len(self._params)

    def __repr__(self) -> str:
        return f"ParameterSet(name={self.name!r}, parameters={len(self._params)})"

    def names(self, prefix: str = "") -> tuple[str, ...]:
        """Sorted parameter names, optionally only those starting with ``prefix``."""
        return tuple(sorted(n for n in self._params if n.startswith(prefix)))

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; raises ParameterNotFoundError with suggestions."""
        try:
            return self._params[name]
        except KeyError:
            close = difflib.get_close_matches(name, list(self._params), n=3, cutoff=0.6)
            raise ParameterNotFoundError(name, close) from None

    def history(self, name: str) -> tuple[ParameterValue, ...]:
        """Every dated value of ``name``, oldest first."""
        return self.parameter(name).values

    def value(self, name: str, at: date) -> ParameterValue:
        """The value of ``name`` in force on ``at`` (with its dates, source and confidence)."""
        return self.parameter(name).at(at)

    def _known(self, name: str, at: date) -> Value:
        v = self.value(name, at)
        if v.value is None:
            raise ParameterValueUnknownError(name, at, v.note or "no value found in the sources")
        return v.value

    def rupiah(self, name: str, at: date) -> Rupiah:
        """The value of a ``rupiah`` parameter at ``at`` as :class:`~dayasos.money.Rupiah`."""
        return Rupiah(self._typed(name, at, (BaseUnit.RUPIAH,), int, "rupiah"))

    def integer(self, name: str, at: date) -> int:
        """The value of an integer parameter (years, persons, count, ...) at ``at``."""
        return self._typed(name, at, _INTEGER_BASES, int, "an integer unit")

    def decimal(self, name: str, at: date) -> Decimal:
        """The value of a ``percent`` or ``ratio`` parameter at ``at``."""
        return self._typed(name, at, (BaseUnit.PERCENT, BaseUnit.RATIO), Decimal, "a decimal")

    def boolean(self, name: str, at: date) -> bool:
        """The value of a ``boolean`` parameter at ``at``."""
        return self._typed(name, at, (BaseUnit.BOOLEAN,), bool, "boolean")

    def months(self, name: str, at: date) -> tuple[int, ...]:
        """The value of a ``month_numbers`` parameter at ``at``."""
        value: tuple[int, ...] = self._typed(
            name, at, (BaseUnit.MONTH_NUMBERS,), tuple, "month_numbers"
        )
        return value

    def code(self, name: str, at: date) -> str:
        """The value of a ``code`` parameter at ``at``."""
        return self._typed(name, at, (BaseUnit.CODE,), str, "code")

    def _typed(
        self, name: str, at: date, bases: tuple[BaseUnit, ...], kind: type[_T], what: str
    ) -> _T:
        """The known value of ``name`` at ``at``, after checking that its unit is one of
        ``bases`` (else a ValidationError saying it is not ``what``)."""
        p = self.parameter(name)
        if p.unit.base not in bases:
            raise ValidationError("name", f"parameter {name!r} is in unit {p.unit}, not {what}")
        value = self._known(name, at)
        assert isinstance(value, kind)
        return value

    # ------------------------------------------------------------------ reforms
    def with_value(
        self,
        name: str,
        value: Any,
        *,
        start: date,
        end: date | None = None,
        source: LegalBasis | None = None,
        note: str | None = None,
        reform: str = "reform",
    ) -> ParameterSet:
        """A new set in which ``name`` takes ``value`` from ``start`` (to ``end``, inclusive).

        The original set is unchanged. Values outside ``start``..``end`` are kept; a value that
        straddles the range is trimmed around it.

        Examples:
            >>> from datetime import date
            >>> from dayasos.parameters import load_parameters
            >>> base = load_parameters()
            >>> reform = base.with_value("pkh.index.sd", Rupiah(1_200_000), start=date(2021, 1, 1))
            >>> reform.rupiah("pkh.index.sd", date(2021, 7, 1)), base.rupiah("pkh.index.sd", date(2021, 7, 1))
            (Rupiah(1200000), Rupiah(900000))
        """
        p = self.parameter(name)
        if end is not None and end < start:
            raise ValidationError("end", f"must not be before start {start.isoformat()}")
        checked = p.unit.check(value, f"{name}.value")
        new = ParameterValue(
            start=start,
            end=end,
            value=checked,
            source=source or LegalBasis(f"Reform: {reform}", note="policy-analysis assumption"),
            confidence=Confidence.UNVERIFIED,
            note=note,
            origin=reform,
        )
        params = dict(self._params)
        params[name] = p.with_value(new)
        return ParameterSet(params, name=reform if self.name == "shipped" else self.name)

    def with_overrides(self, overrides: Sequence[Override], *, reform: str) -> ParameterSet:
        """Apply several overrides at once (see :class:`Override`)."""
        out = self
        for o in overrides:
            out = out.with_value(
                o.parameter,
                o.value,
                start=o.start,
                end=o.end,
                source=o.source,
                note=o.note,
                reform=reform,
            )
        return evolve(out, name=reform)


@define(frozen=True, slots=True)
class Override:
    """One change of a reform: ``parameter`` takes ``value`` from ``start`` (to ``end``)."""

    parameter: str
    value: Any
    start: date
    end: date | None = None
    source: LegalBasis | None = None
    note: str | None = None
