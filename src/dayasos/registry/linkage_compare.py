"""Record linkage, the comparison of two records: the fields' agreement levels
(:data:`FIELD_LEVELS`), the name normalisation and Indonesian phonetic key, the weights
``log2(m / u)`` and the estimate of ``u`` (the method is described at
:mod:`dayasos.registry.linkage`, which re-exports these names).

Examples:
    >>> phonetic_key("Djoko Soesilo") == phonetic_key("Joko Susilo")
    True
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from datetime import date
from typing import Any, Final

from attrs import define, field

from dayasos.registry.identity import mask_digits, mask_name

__all__ = [
    "BIRTH_TOLERANCE_DAYS",
    "DEFAULT_M",
    "FIELD_LEVELS",
    "Comparison",
    "LinkageRecord",
    "NameKey",
    "compare",
    "compare_prepared",
    "estimate_u",
    "normalise_name",
    "phonetic_key",
]

FIELD_LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "name": ("exact", "close", "part", "fuzzy", "different"),
    "birth_date": ("exact", "swapped", "near", "same_year", "different"),
    "sex": ("same", "different"),
    "nik": ("exact", "one_digit", "different"),
    "no_kk": ("exact", "one_digit", "different", "missing"),
    "region": ("desa", "kecamatan", "kabupaten_kota", "province", "different", "missing"),
}
"""The comparison levels of each field, best agreement first."""

DEFAULT_M: Final[dict[str, dict[str, float]]] = {
    "name": {"exact": 0.55, "close": 0.25, "part": 0.12, "fuzzy": 0.06, "different": 0.02},
    "birth_date": {
        "exact": 0.6,
        "swapped": 0.1,
        "near": 0.2,
        "same_year": 0.05,
        "different": 0.05,
    },
    "sex": {"same": 0.97, "different": 0.03},
    "nik": {"exact": 0.05, "one_digit": 0.1, "different": 0.85},
    "no_kk": {"exact": 0.2, "one_digit": 0.01, "different": 0.74, "missing": 0.05},
    "region": {
        "desa": 0.6,
        "kecamatan": 0.05,
        "kabupaten_kota": 0.05,
        "province": 0.1,
        "different": 0.15,
        "missing": 0.05,
    },
}
"""``m`` probabilities: how often true duplicates show each level (assumptions, see module)."""

_U_FLOOR: Final = 1e-6
_SPACES = re.compile(r"\s+")
_NOT_LETTER = re.compile(r"[^a-z ]")
# old (pre-1972 Ejaan Soewandi) and variant spellings to one form, applied in order
_SPELLINGS: Final = (
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("sj", "sy"),
    ("nj", "ny"),
    ("ch", "kh"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("q", "k"),
    ("x", "ks"),
    ("v", "f"),
    ("z", "s"),
    ("y", "i"),
    ("w", "u"),
)


def normalise_name(name: str) -> str:
    """Case-folded, accents and punctuation dropped, runs of spaces made one."""
    text = _NOT_LETTER.sub(" ", name.casefold())
    return _SPACES.sub(" ", text).strip()


def _word_key(word: str) -> str:
    for old, new in _SPELLINGS:
        word = word.replace(old, new)
    if not word:
        return ""
    head, rest = word[0], word[1:]
    # vowels after the first letter and a silent h carry little: drop them, then repeats
    rest = re.sub(r"[aeiou]", "", rest).replace("h", "")
    out = head
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


def phonetic_key(name: str) -> str:
    """A phonetic key suited to Indonesian names: old spellings mapped to the current ones
    (``oe``->``u``, ``dj``->``j``, ``tj``->``c``...), letters that sound alike made one
    (``v``/``f``, ``z``/``s``, ``y``/``i``), vowels after a word's first letter, ``h`` and
    repeated letters dropped. Case and spacing are ignored.

    Examples:
        >>> phonetic_key("Siti Aminah"), phonetic_key("SITI  AMINA")
        ('st amn', 'st amn')
    """
    return " ".join(_word_key(w) for w in normalise_name(name).split())


_JW: Any = None


def _jaro_winkler(a: str, b: str) -> float:
    global _JW
    if _JW is None:
        from rapidfuzz.distance import JaroWinkler

        _JW = JaroWinkler.normalized_similarity
    return float(_JW(a, b))


@define(frozen=True, slots=True)
class LinkageRecord:
    """The facts of a person that linkage compares (plain values; masked in ``repr``).

    Attributes:
        nik: the 16 NIK digits.
        name: the name as stored.
        birth_date: the stated birth date.
        sex: the stored sex code.
        no_kk: the 16 digits of the person's latest family, ``""`` without one.
        region: the digits of that family's region, ``""`` without one.
    """

    nik: str = field(repr=mask_digits)
    name: str = field(repr=mask_name)
    birth_date: date
    sex: str
    no_kk: str = field(default="", repr=mask_digits)
    region: str = ""


def _one_digit(a: str, b: str) -> bool:
    """Same length and one digit different, or two neighbouring digits swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


@define(frozen=True, slots=True)
class NameKey:
    """A name prepared once for many comparisons: normalised text, its tokens, the first
    token, and the phonetic keys of the whole name and of the first token."""

    text: str
    tokens: frozenset[str]
    first: str
    key: str
    first_key: str

    @classmethod
    def of(cls, name: str) -> NameKey:
        """The key of ``name``."""
        text = normalise_name(name)
        tokens = text.split()
        key = phonetic_key(text)
        return cls(text, frozenset(tokens), tokens[0] if tokens else "", key, key.split(" ")[0])


def _name_level(a: NameKey, b: NameKey) -> tuple[str, float]:
    if a.text == b.text:
        return "exact", 1.0
    jw = _jaro_winkler(a.text, b.text)
    first = _jaro_winkler(a.first, b.first)
    if a.key == b.key or (jw >= 0.92 and first >= 0.88):
        return "close", jw
    if a.tokens and b.tokens and (a.tokens <= b.tokens or b.tokens <= a.tokens):
        return "part", jw
    if a.first_key == b.first_key and (
        frozenset(a.key.split()) <= frozenset(b.key.split())
        or frozenset(b.key.split()) <= frozenset(a.key.split())
    ):
        return "part", jw
    if jw >= 0.85 and first >= 0.8:
        return "fuzzy", jw
    return "different", jw


def _birth_level(a: date, b: date, tolerance: int) -> str:
    if a == b:
        return "exact"
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return "swapped"
    if abs(a.toordinal() - b.toordinal()) <= tolerance or _one_digit(
        a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    ):
        return "near"
    if a.year == b.year:
        return "same_year"
    return "different"


def _digits_level(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    return "one_digit" if _one_digit(a, b) else "different"


def _nik_level(a: LinkageRecord, b: LinkageRecord) -> str:
    """Like :func:`_digits_level`, but a one-digit difference counts only where the other
    fields do not explain it: a NIK encodes the kecamatan, the birth date and sex, and a
    small serial, so two persons of neighbouring kecamatan or birth dates, or of one
    kecamatan and birth date, often have NIKs one digit apart. It is a typo (``one_digit``)
    when the digit lies in the region part and both records live in the same kecamatan, or
    in the date part and both state the same birth date and sex; otherwise ``different``."""
    level = _digits_level(a.nik, b.nik)
    if level != "one_digit":
        return level
    pos = next(i for i in range(16) if a.nik[i] != b.nik[i])
    if pos < 6 and a.region[:6] == b.region[:6] and len(a.region) >= 6:
        return level
    if 6 <= pos < 12 and a.birth_date == b.birth_date and a.sex == b.sex:
        return level
    return "different"


def _region_level(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    for level, width in (("desa", 10), ("kecamatan", 6), ("kabupaten_kota", 4), ("province", 2)):
        if len(a) >= width and len(b) >= width and a[:width] == b[:width]:
            return level
    return "different"


@define(frozen=True, slots=True)
class Comparison:
    """How one field of a pair compares.

    Attributes:
        field: the field (a key of :data:`FIELD_LEVELS`).
        level: the agreement level.
        weight: ``log2(m / u)`` of the level: positive for evidence of a match.
        detail: a short safe explanation (never an unmasked number or name).
    """

    field: str
    level: str
    weight: float
    detail: str = ""

    def __str__(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.field}: {self.level}{extra} {self.weight:+.1f}"


BIRTH_TOLERANCE_DAYS: Final = 3
"""Default: birth dates this many days apart or fewer compare as ``near`` (set on the synthetic
registry of :mod:`dayasos.registry.planted`; an assumption to tune on real data)."""


def compare(
    a: LinkageRecord,
    b: LinkageRecord,
    u: dict[str, dict[str, float]] | None = None,
    m: dict[str, dict[str, float]] | None = None,
    *,
    birth_tolerance_days: int = BIRTH_TOLERANCE_DAYS,
) -> tuple[Comparison, ...]:
    """The per-field comparison of two records, with weights ``log2(m / u)`` (with ``u``
    ``None``, every weight is 0: the levels only)."""
    return compare_prepared(
        a, b, NameKey.of(a.name), NameKey.of(b.name), u, m, birth_tolerance_days
    )


def compare_prepared(
    a: LinkageRecord,
    b: LinkageRecord,
    na: NameKey,
    nb: NameKey,
    u: dict[str, dict[str, float]] | None,
    m: dict[str, dict[str, float]] | None,
    birth_tolerance_days: int,
) -> tuple[Comparison, ...]:
    """:func:`compare` with both names already prepared (``na``, ``nb``)."""
    name, jw = _name_level(na, nb)
    days = abs(a.birth_date.toordinal() - b.birth_date.toordinal())
    levels = (
        ("name", name, f"Jaro-Winkler {jw:.2f}"),
        (
            "birth_date",
            _birth_level(a.birth_date, b.birth_date, birth_tolerance_days),
            f"{days} days apart",
        ),
        ("sex", "same" if a.sex == b.sex else "different", ""),
        ("nik", _nik_level(a, b), ""),
        ("no_kk", _digits_level(a.no_kk, b.no_kk), ""),
        ("region", _region_level(a.region, b.region), ""),
    )
    mm = DEFAULT_M if m is None else m
    out = []
    for f, level, detail in levels:
        weight = 0.0
        if u is not None:
            weight = math.log2(max(mm[f][level], _U_FLOOR) / max(u[f][level], _U_FLOOR))
        out.append(Comparison(f, level, weight, detail))
    return tuple(out)


def estimate_u(
    records: Sequence[LinkageRecord], *, pairs: int = 20_000, seed: int = 0
) -> dict[str, dict[str, float]]:
    """``u`` probabilities: the share of each level among random pairs of ``records``
    (nearly all random pairs are non-matches), with add-one smoothing per level."""
    rng = random.Random(seed)
    counts: dict[str, dict[str, int]] = {f: dict.fromkeys(ls, 1) for f, ls in FIELD_LEVELS.items()}
    n = len(records)
    drawn = 0
    if n >= 2:
        for _ in range(pairs):
            i, j = rng.randrange(n), rng.randrange(n)
            if i == j:
                continue
            for c in compare(records[i], records[j]):
                counts[c.field][c.level] += 1
            drawn += 1
    return {
        f: {level: k / sum(levels.values()) for level, k in levels.items()}
        for f, levels in counts.items()
    }
