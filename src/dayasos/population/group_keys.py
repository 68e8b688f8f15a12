"""Group keys of the population breakdowns (:mod:`dayasos.population.groups`): their names,
their codes per family or person, their labels, and the province names tables show.

Examples:
    >>> FAMILY_KEYS[:3], SIZE_BANDS[2]
    (('province', 'desil', 'remote'), '3-4')
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from dayasos.errors import ValidationError
from dayasos.population.columns import DISABILITY_CODES, SCHOOL_CODES, SEX_CODES, Population
from dayasos.population.kernel import COMPONENT_CODES, NO_COMPONENT, PopulationResult

__all__ = [
    "CAUSE_LABELS",
    "FAMILY_KEYS",
    "PERSON_KEYS",
    "SIZE_BANDS",
    "Table",
    "cause_code",
    "check_keys",
    "family_codes",
    "family_codes_of",
    "family_radix",
    "label",
    "person_codes",
    "province_names",
    "with_province_names",
]

Table = dict[str, npt.NDArray[Any]]
"""A tidy table: column name -> numpy column, all of one length."""

FAMILY_KEYS = (
    "province",
    "desil",
    "remote",
    "excluded",
    "registered",
    "size",
    "size_band",
    "cause",
)
"""Keys with one value per family."""
PERSON_KEYS = ("sex", "disability", "school", "pregnant", "component")
"""Keys with one value per person."""
SIZE_BANDS = ("1", "2", "3-4", "5-6", "7+")
"""Labels of ``size_band`` (persons in the family)."""
_BAND_OF_SIZE = np.array([0, 0, 1, 2, 2, 3, 3] + [4] * 249, dtype=np.int64)
CAUSE_LABELS = ("none", "eligibility", "components", "eligibility+components", "amounts")
"""Labels of ``cause`` by :func:`cause_code`."""

I64 = npt.NDArray[np.int64]


@cache
def _province_table(on: date | None) -> dict[int, str]:
    from dayasos.registry.regions import CodeSystem, provinces

    return {int(p.code): p.name for p in provinces(on, CodeSystem.KEMENDAGRI)}


def province_names(on: date | None = None) -> dict[int, str]:
    """Kemendagri province code -> name on the day ``on`` (``None``: today's table). A
    population's ``province`` column holds Kemendagri codes (the registry's system; synthetic
    populations draw them too), and tables and charts name them on the date of the result, so
    a 2020 population shows 91 Papua and 92 Papua Barat. The one place tables and charts take
    province names from.

    Examples:
        >>> province_names(date(2020, 7, 1))[91], province_names(date(2020, 7, 1))[92]
        ('Papua', 'Papua Barat')
        >>> province_names(date(2023, 1, 1))[94]
        'Papua Tengah'
    """
    return dict(_province_table(on))


def cause_code(cause: npt.NDArray[np.uint8]) -> I64:
    """The index in :data:`CAUSE_LABELS` of each cause bit set."""
    c = cause.astype(np.int64)
    # bits 1 eligibility, 2 components, 4 amounts -> 0..4 (amounts never joins the others)
    return np.where(c & 4, 4, c & 3)


def label(key: str, codes: I64) -> npt.NDArray[Any]:
    """The values shown for the codes of ``key`` (labels, flags or the codes themselves)."""
    if key == "size_band":
        return np.array(SIZE_BANDS, dtype=object)[codes]
    if key == "cause":
        return np.array(CAUSE_LABELS, dtype=object)[codes]
    if key == "sex":
        return np.array([s.code for s in SEX_CODES], dtype=object)[codes]
    if key == "disability":
        return np.array([d.code for d in DISABILITY_CODES], dtype=object)[codes]
    if key == "school":
        return np.array([s.code for s in SCHOOL_CODES], dtype=object)[codes]
    if key == "component":
        labels = [c.code for c in COMPONENT_CODES] + ["none"]
        return np.array(labels, dtype=object)[np.minimum(codes, len(COMPONENT_CODES))]
    if key in ("remote", "excluded", "registered", "pregnant"):
        return codes.astype(np.bool_)
    return codes


def family_radix(pop: Population, key: str) -> int:
    """One more than the largest code of the family key ``key`` in ``pop``."""
    if key in ("province", "desil", "remote", "excluded", "registered"):
        return int(getattr(pop, key).max(initial=0)) + 1
    if key == "size":
        return int(pop.sizes.max(initial=0)) + 1
    return len(SIZE_BANDS) if key == "size_band" else len(CAUSE_LABELS)


def family_codes(
    pop: Population,
    key: str,
    cause: npt.NDArray[np.uint8] | None,
    rows: slice = slice(None),
) -> tuple[I64, int]:
    """The codes of the family key ``key`` for the families ``rows`` (a new array) and
    :func:`family_radix`.

    Raises:
        ValidationError: for ``cause`` without a comparison's causes.
    """
    return family_codes_of(pop, key, cause, rows), family_radix(pop, key)


def family_codes_of(
    pop: Population, key: str, cause: npt.NDArray[np.uint8] | None, rows: slice
) -> I64:
    """The codes of :func:`family_codes` alone (a new array).

    Raises:
        ValidationError: for ``cause`` without a comparison's causes.
    """
    if key in ("province", "desil", "remote", "excluded", "registered"):
        codes: I64 = getattr(pop, key)[rows].astype(np.int64)
    elif key == "size":
        codes = pop.sizes[rows].copy()
    elif key == "size_band":
        codes = _BAND_OF_SIZE[np.minimum(pop.sizes[rows], 255)]
    elif cause is None:
        raise ValidationError("keys", "'cause' groups a reform comparison, not a result")
    else:
        codes = cause_code(cause[rows])
    return codes


def person_codes(r: PopulationResult, key: str) -> tuple[I64, int]:
    """The codes of the person key ``key`` (a new array) and one more than the largest."""
    pop = r.population
    if key == "component":
        comp = r.component().astype(np.int64)
        return np.where(comp == NO_COMPONENT, len(COMPONENT_CODES), comp), len(COMPONENT_CODES) + 1
    if key in ("sex", "disability", "school", "pregnant"):
        codes = getattr(pop, key).astype(np.int64)
        return codes, int(codes.max(initial=0)) + 1
    raise AssertionError(key)  # pragma: no cover - callers pass person keys only


def check_keys(keys: Sequence[str]) -> None:
    """Check a breakdown's keys.

    Raises:
        ValidationError: for no key, a repeated or unknown key.
    """
    if not keys:
        raise ValidationError("keys", "name at least one group key, e.g. 'province'")
    if len(set(keys)) != len(keys):
        raise ValidationError("keys", "a key may appear once", shown=repr(tuple(keys)))
    for k in keys:
        if k not in FAMILY_KEYS and k not in PERSON_KEYS:
            raise ValidationError(
                "keys",
                f"unknown group key; family keys are {', '.join(FAMILY_KEYS)}, person keys "
                f"{', '.join(PERSON_KEYS)}",
                shown=repr(k),
            )


def with_province_names(table: Table, on: date) -> Table:
    """``table`` with a ``province_name`` column after ``province`` (names on ``on``)."""
    if "province" not in table:
        return table
    names = _province_table(on)
    out: Table = {}
    for k, v in table.items():
        out[k] = v
        if k == "province":
            out["province_name"] = np.array([names.get(int(c), "") for c in v], dtype=object)
    return out
