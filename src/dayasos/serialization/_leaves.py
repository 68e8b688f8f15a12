"""Problems of a document (with their JSON paths) and the hooks of leaf values: text,
numbers, money, dates, periods, identities and regions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from cattrs.errors import CattrsError

from dayasos.errors import BulkValidationError, CategoryNotFoundError, DayasosError, ValidationError
from dayasos.money import Rupiah
from dayasos.parameters.model import Value
from dayasos.periods import Month, Period, parse_period

FIELD_ERRORS = (DayasosError, ValueError, TypeError, LookupError, CattrsError)
"""What a hook may raise for a bad value (besides the BulkValidationError of a nested one)."""


def bulk(problems: list[tuple[str, str]]) -> BulkValidationError:
    """Problems found below one value, each ``field`` a path relative to it (``.members[0]``);
    the enclosing object or array prefixes its own part, :func:`structure` the ``$``."""
    return BulkValidationError(
        "value", [ValidationError(path, problem) for path, problem in problems]
    )


def one_problem(problem: str) -> BulkValidationError:
    return bulk([("", problem)])


def join_path(prefix: str, path: str) -> str:
    return prefix + path if not path or path[0] in ".[" else f"{prefix}.{path}"


def pairs(exc: BulkValidationError) -> list[tuple[str, str]]:
    return [(e.field, e.problem) for e in exc.errors]


def problem_of(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return exc.problem
    if isinstance(exc, CategoryNotFoundError):
        return f"is not a known {exc.category}"
    return str(exc) or type(exc).__name__


def add_problems(problems: list[tuple[str, str]], path: str, exc: BaseException) -> None:
    """Record what structuring the part at ``path`` (``[2]``, ``.members``) raised: each
    problem of a nested :class:`BulkValidationError` below ``path``, any other error (one of
    :data:`FIELD_ERRORS`) as one problem at ``path``."""
    if isinstance(exc, BulkValidationError):
        problems.extend((join_path(path, sub), m) for sub, m in pairs(exc))
    else:
        problems.append((path, problem_of(exc)))


# ---------------------------------------------------------------------------- leaf hooks


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    raise one_problem(f"must be a text, not {kind(value)}")


def structure_int(value: Any, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise one_problem(f"must be an integer, not {kind(value)}")


def structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise one_problem(f"must be true or false, not {kind(value)}")


def structure_float(value: Any, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise one_problem(f"must be a number, not {kind(value)}")


def structure_rupiah(value: Any, _: type) -> Rupiah:
    if isinstance(value, Rupiah):
        return value
    if isinstance(value, str):
        return Rupiah.parse(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Rupiah(value)
    raise one_problem("must be an integer number of rupiah or a text like 'Rp1.000'")


def structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, float | bool):
        raise one_problem("must be a decimal written as text, not a float or bool")
    try:
        d = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise one_problem("is not a decimal number") from None
    if not d.is_finite():
        raise one_problem("must be finite")
    return d


def structure_fraction(value: Any, _: type) -> Fraction:
    if isinstance(value, float | bool):
        raise one_problem("must be a fraction written as text, not a float or bool")
    try:
        return Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise one_problem("is not a fraction like '1/3'") from None


def structure_date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise one_problem("must be an ISO date like 2020-07-01")


def structure_period(value: Any, cls: type) -> Period:
    if not isinstance(value, Period | str):
        raise one_problem("must be a period like '2020', '2020-07', '2020-T2' or '2020-S1'")
    p = value if isinstance(value, Period) else parse_period(value)
    if cls is not Period and not isinstance(p, cls):
        raise one_problem(f"must be a {cls.__name__}")
    return p


def structure_value(value: Any, _: Any) -> Value | None:
    """A parameter value as read from JSON; its unit finishes the conversion (see
    :func:`structure_parameter`)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return tuple(value)
    raise one_problem("must be an integer, a decimal text, a boolean, a code or a list of months")


def is_identity(t: Any) -> bool:
    """A personal number (NIK, No. KK): a type with ``reveal()`` and ``parse()``. Found by
    shape, so this module does not import the registry (which imports it)."""
    return (
        isinstance(t, type)
        and callable(getattr(t, "reveal", None))
        and callable(getattr(t, "parse", None))
    )


def is_region(t: Any) -> bool:
    return isinstance(t, type) and (t.__module__, t.__name__) == (
        "dayasos.registry.identity",
        "RegionCode",
    )


def is_monthly_plan(t: Any) -> bool:
    return isinstance(t, type) and (t.__module__, t.__name__) == (
        "dayasos.budget.dipa",
        "MonthlyPlan",
    )


def monthly_plan_hook(cls: type) -> Callable[[Any, Any], Any]:
    """A budget plan: an object from month (``"2022-03"``) to rupiah."""

    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            raise one_problem(f"must be an object from month to rupiah, not {kind(value)}")
        out: dict[Month, Rupiah] = {}
        problems: list[tuple[str, str]] = []
        for k, v in value.items():
            try:
                out[structure_period(k, Month)] = structure_rupiah(v, Rupiah)  # type: ignore[index]
            except FIELD_ERRORS as exc:
                add_problems(problems, f".{k}", exc)
        if problems:
            raise bulk(problems)
        return cls(out)

    return hook


def text_hook(cls: type) -> Callable[[Any, type], Any]:
    parse = cls.parse  # type: ignore[attr-defined]

    def hook(value: Any, _: type) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise one_problem(f"must be a text, not {kind(value)}")
        return parse(value)

    return hook
