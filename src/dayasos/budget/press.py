"""Press-figure check: is a published percentage consistent with published rounded amounts?

A figure like "Rp26,7 T" stands for any amount within half a unit of its last digit
(Rp26,65 T to Rp26,75 T); a ratio of two such figures lies in an interval, and a stated
percentage rounded to 2 decimals stands for an interval too. They are consistent when the
intervals overlap (the Kemensos 2019 bansos figure of 48,86 % (CNN Indonesia, 29 May 2019) and
the 2022 modal figure of 99,93 % (Kementerian Sosial, 9 Feb 2023) are not).

Examples:
    >>> check_stated_percentage("48,86", StatedAmount.parse("Rp26,7 T"),
    ...                         StatedAmount.parse("Rp54,35 T")).consistent
    False
    >>> check_stated_percentage("51,84", StatedAmount.parse("Rp2,17 T"),
    ...                         StatedAmount.parse("Rp4,18 T")).consistent
    True
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from attrs import define

from dayasos.errors import ValidationError

__all__ = ["ConsistencyCheck", "StatedAmount", "check_stated_percentage", "implied_whole"]

_SCALES = {
    "": 1,
    "RB": 10**3,
    "RIBU": 10**3,
    "JT": 10**6,
    "JUTA": 10**6,
    "M": 10**9,
    "MILIAR": 10**9,
    "T": 10**12,
    "TRILIUN": 10**12,
}
_AMOUNT_RE = re.compile(
    r"^\s*(?:rp\.?\s*)?(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?P<scale>[a-z]*)\s*$",
    re.IGNORECASE,
)


@define(frozen=True, slots=True)
class StatedAmount:
    """A published amount: its digits as written and the scale word (M = miliar, T = triliun)."""

    digits: Decimal
    scale: int

    @classmethod
    def parse(cls, text: str) -> StatedAmount:
        """Parse ``"Rp26,7 T"``, ``"Rp189,52 M"``, ``"Rp503.160.462.000"`` (comma = decimals)."""
        m = _AMOUNT_RE.match(text) if isinstance(text, str) else None
        if m is None or m.group("scale").upper() not in _SCALES:
            raise ValidationError(
                "amount", "is not a stated amount like 'Rp26,7 T'", shown=repr(text)
            )
        num = m.group("num").replace(".", "").replace(",", ".")
        return cls(Decimal(num), _SCALES[m.group("scale").upper()])

    def interval(self) -> tuple[Fraction, Fraction]:
        """Smallest and largest rupiah amount the figure can stand for (half a last digit)."""
        exponent = self.digits.as_tuple().exponent
        assert isinstance(exponent, int)
        half = Fraction(1, 2) * Fraction(10) ** exponent * self.scale
        mid = Fraction(self.digits) * self.scale
        if exponent >= 0 and self.scale == 1:
            return (mid, mid)  # an exact rupiah figure
        return (mid - half, mid + half)


@define(frozen=True, slots=True)
class ConsistencyCheck:
    """Result: the interval of the stated percentage, the interval implied by the amounts."""

    stated: Decimal
    stated_interval: tuple[Fraction, Fraction]
    implied_interval: tuple[Fraction, Fraction]

    @property
    def consistent(self) -> bool:
        """True when the two intervals overlap (inclusive)."""
        return (
            self.stated_interval[0] <= self.implied_interval[1]
            and self.implied_interval[0] <= self.stated_interval[1]
        )

    def describe(self, places: int = 2) -> str:
        """Readable verdict with the implied range."""
        lo, hi = (Decimal(x.numerator) / Decimal(x.denominator) for x in self.implied_interval)
        verdict = "consistent" if self.consistent else "NOT consistent"
        return f"stated {self.stated} % is {verdict} with the amounts (they imply {lo:.{places}f}-{hi:.{places}f} %)"


def _stated_percentage(stated: str) -> tuple[Decimal, Fraction]:
    """A percentage as written (``"48,86"``, ``"99,79%"``) and the half unit of its last
    written decimal: the value stood for anything within that of it."""
    pct = Decimal(stated.strip().rstrip("%").strip().replace(",", "."))
    exponent = pct.as_tuple().exponent
    assert isinstance(exponent, int)
    return pct, Fraction(1, 2) * Fraction(10) ** exponent


def check_stated_percentage(
    stated: str, part: StatedAmount, whole: StatedAmount
) -> ConsistencyCheck:
    """Whether a stated percentage (``"48,86"``, decimals as written) fits ``part / whole``."""
    pct, half = _stated_percentage(stated)
    p_lo, p_hi = part.interval()
    w_lo, w_hi = whole.interval()
    if w_lo <= 0:
        raise ValidationError("whole", "must be above zero")
    implied = (p_lo / w_hi * 100, p_hi / w_lo * 100)
    return ConsistencyCheck(pct, (Fraction(pct) - half, Fraction(pct) + half), implied)


def implied_whole(part: StatedAmount, stated: str) -> tuple[Fraction, Fraction]:
    """Range of the whole (e.g. a pagu) that a stated amount and percentage imply.

    Examples:
        >>> lo, hi = implied_whole(StatedAmount.parse("Rp5,68 T"), "99,79")
        >>> f"{float(lo) / 1e12:.4f} to {float(hi) / 1e12:.4f} triliun"
        '5.6867 to 5.6972 triliun'
    """
    pct, half = _stated_percentage(stated)
    p_lo, p_hi = part.interval()
    s_lo, s_hi = Fraction(pct) - half, Fraction(pct) + half
    if s_lo <= 0:
        raise ValidationError("stated", "must be above zero to imply a whole", shown=stated)
    return (p_lo * 100 / s_hi, p_hi * 100 / s_lo)
