"""attrs validators shared by the value types; each raises :class:`~dayasos.errors.ValidationError`
naming the field. Private: the public surface is the value types that use them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from dayasos.errors import ValidationError

Validator = Callable[[Any, Any, Any], None]


def int_in_range(name: str, low: int | None = None, high: int | None = None) -> Validator:
    """An int (not a bool) within ``low`` .. ``high`` (either bound may be open)."""

    def check(_: Any, attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(
                name, f"must be an int, not {type(value).__name__}", shown=repr(value)
            )
        if (low is not None and value < low) or (high is not None and value > high):
            lo = "" if low is None else f"from {low} "
            hi = "" if high is None else f"to {high}"
            raise ValidationError(name, f"must be {lo}{hi}".strip(), shown=repr(value))

    return check


def non_empty_text(name: str) -> Validator:
    """A str with at least one non-space character."""

    def check(_: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(name, "must be a non-empty text", shown=repr(value))

    return check


def optional_text(name: str) -> Validator:
    """``None`` or a non-empty str."""
    inner = non_empty_text(name)

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def instance_of(name: str, cls: type | tuple[type, ...], what: str) -> Validator:
    """An instance of ``cls`` (``what`` names it in the message: ``"a date"``)."""

    def check(_: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, cls):
            raise ValidationError(name, f"must be {what}", shown=repr(value))

    return check


def a_date(name: str) -> Validator:
    """A :class:`datetime.date`."""
    return instance_of(name, date, "a date")


def a_bool(name: str) -> Validator:
    """``True`` or ``False`` (not an int)."""
    return instance_of(name, bool, "true or false")
