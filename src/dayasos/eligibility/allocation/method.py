"""The apportionment methods and their usual names (:class:`Method`)."""

from __future__ import annotations

import enum
import unicodedata

from dayasos.errors import ValidationError

__all__ = ["Method"]


class Method(enum.Enum):
    """Apportionment methods, selectable by name (see :meth:`parse`)."""

    HAMILTON = "hamilton"
    """Largest remainder (Hamilton, Hare quota)."""
    DHONDT = "dhondt"
    """D'Hondt (Jefferson): divisors 1, 2, 3, ..."""
    WEBSTER = "webster"
    """Sainte-Laguë (Webster): divisors 1, 3, 5, ... (rounding at n + 1/2)."""
    HUNTINGTON_HILL = "huntington_hill"
    """Huntington-Hill (equal proportions): rounding at the geometric mean sqrt(n(n+1))."""

    @classmethod
    def parse(cls, text: str | Method) -> Method:
        """Accepts the value or a usual name: ``"largest remainder"``, ``"jefferson"``,
        ``"d'hondt"``, ``"sainte-lague"``, ``"webster"``, ``"hill"``, ..."""
        if isinstance(text, Method):
            return text
        plain = unicodedata.normalize("NFKD", str(text).casefold())
        key = "".join(ch for ch in plain if ch.isascii() and ch.isalnum())
        for method, names in _ALIASES.items():
            if key in names:
                return method
        known = ", ".join(m.value for m in cls)
        raise ValidationError(
            "method", f"unknown apportionment method; known: {known}", shown=repr(text)
        )

    @property
    def is_divisor(self) -> bool:
        """True for D'Hondt, Webster and Huntington-Hill."""
        return self is not Method.HAMILTON


_ALIASES: dict[Method, frozenset[str]] = {
    Method.HAMILTON: frozenset({"hamilton", "largestremainder", "lrm", "hare", "hamiltonhare"}),
    Method.DHONDT: frozenset({"dhondt", "jefferson", "dhondtjefferson"}),
    Method.WEBSTER: frozenset(
        {"webster", "saintelague", "sainteague", "saintlague", "websterwillcox"}
    ),
    Method.HUNTINGTON_HILL: frozenset({"huntingtonhill", "hill", "equalproportions"}),
}
