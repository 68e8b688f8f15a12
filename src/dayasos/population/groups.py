"""Weighted breakdowns of a result or a reform comparison by any family or person column, and
tidy per-family tables.

Group keys (any number at once, e.g. ``("province", "desil")``):

================ ======== =============================================================
key              level    groups
================ ======== =============================================================
``province``     family   Kemendagri province code (with a ``province_name`` column)
``desil``        family   welfare decile 1-10, 0 unranked
``remote``       family   lives in a PKH akses area
``excluded``     family   status not active
``registered``   family   registered in DTKS/DTSEN
``size``         family   persons in the family
``size_band``    family   ``"1"``, ``"2"``, ``"3-4"``, ``"5-6"``, ``"7+"`` persons
``cause``        family   a comparison's cause of change (``"none"``, ``"eligibility"``,
                          ``"components"``, ``"amounts"``)
``sex``          person   the sex code (``m``, ``f``)
``disability``   person   severity code
``school``       person   school level code
``pregnant``     person   pregnant or postpartum
``component``    person   the member's PKH component in the baseline (``"none"`` without)
================ ======== =============================================================

With family keys only, a row per group present gives (every figure weighted by
:attr:`Population.weight <dayasos.population.Population.weight>`, the unweighted count in the
``sample_`` columns): ``families``, ``kpm`` and ``cost`` (a result) or ``kpm_baseline``,
``kpm_reform``, ``cost_baseline``, ``cost_reform``, ``change``, ``winners``, ``losers`` (a
comparison). With a person key, rows are groups of persons (family keys give the person's
family's value): ``persons``, ``counted`` members and their component ``amount`` (without
the family's fixed amount), or their baseline and reform values and the change.

Weighted counts are floats (a weight need not be whole); rupiah are rounded to whole rupiah.

Examples:
    >>> from datetime import date
    >>> from dayasos.population import evaluate, synthetic_population
    >>> pop = synthetic_population(500, seed=2, kpm_target=10_000_000)
    >>> t = summarize(evaluate(pop, date(2021, 7, 1)), "desil")
    >>> t["desil"].tolist()
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    >>> round(float(t["kpm"].sum())), int(t["sample_families"].sum())
    (10000000, 500)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from dayasos.eligibility.pkh.tables import date_table
from dayasos.errors import ValidationError
from dayasos.parameters import ParameterSet
from dayasos.population.columns import DISABILITY_CODES, SCHOOL_CODES, SEX_CODES, Population
from dayasos.population.frames import (
    result_to_dataframe,
    table_to_dataframe,
    unknown_parameters,
    warn_unknown_parameters,
)
from dayasos.population.kernel import COMPONENT_CODES, NO_COMPONENT, PopulationResult

__all__ = [
    "FAMILY_KEYS",
    "PERSON_KEYS",
    "SIZE_BANDS",
    "Table",
    "family_table",
    "province_names",
    "result_to_dataframe",
    "summarize",
    "table_to_dataframe",
    "unknown_parameters",
    "warn_unknown_parameters",
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

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
_MAX_BINS = 1 << 22


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
    c = cause.astype(np.int64)
    # bits 1 eligibility, 2 components, 4 amounts -> 0..4 (amounts never joins the others)
    return np.where(c & 4, 4, c & 3)


def _label(key: str, codes: I64) -> npt.NDArray[Any]:
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


def _family_codes(
    pop: Population, key: str, cause: npt.NDArray[np.uint8] | None
) -> tuple[I64, int]:
    if key in ("province", "desil", "remote", "excluded", "registered"):
        codes = getattr(pop, key).astype(np.int64)
        return codes, int(codes.max(initial=0)) + 1
    if key == "size":
        return pop.sizes.copy(), int(pop.sizes.max(initial=0)) + 1
    if key == "size_band":
        return _BAND_OF_SIZE[np.minimum(pop.sizes, 255)], len(SIZE_BANDS)
    if cause is None:
        raise ValidationError("keys", "'cause' groups a reform comparison, not a result")
    return cause_code(cause), len(CAUSE_LABELS)


def _person_codes(r: PopulationResult, key: str) -> tuple[I64, int]:
    pop = r.population
    if key == "component":
        comp = r.component().astype(np.int64)
        return np.where(comp == NO_COMPONENT, len(COMPONENT_CODES), comp), len(COMPONENT_CODES) + 1
    if key in ("sex", "disability", "school", "pregnant"):
        codes = getattr(pop, key).astype(np.int64)
        return codes, int(codes.max(initial=0)) + 1
    raise AssertionError(key)  # pragma: no cover - callers pass person keys only


def _check_keys(keys: Sequence[str]) -> None:
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


class _Grouper:
    """Combined group codes of a set of keys, and weighted sums by group."""

    def __init__(self, parts: list[tuple[str, I64, int]], *, count: bool = True) -> None:
        code: I64 | None = None
        stride = 1
        self.strides: list[tuple[str, int, int]] = []
        for key, codes, radix in reversed(parts):
            if code is None:
                code = codes  # a fresh array from _family_codes/_person_codes: no copy
            else:
                code += codes * stride
            self.strides.append((key, stride, radix))
            stride *= radix
        assert code is not None
        self.combined: I64 | None = None
        if stride > _MAX_BINS:  # many keys: number the combinations present instead
            combined, inverse = np.unique(code, return_inverse=True)
            self.combined, code, stride = combined, inverse.reshape(-1), int(combined.shape[0])
        self.code = code
        self.size = stride
        if count:
            self.set_counts(np.bincount(code, minlength=stride))

    def set_counts(self, counts: I64) -> None:
        """The rows per group code (all ``size`` codes), when the caller counted them."""
        self.present = np.flatnonzero(counts)
        self.counts = counts[self.present]

    def sum(self, values: npt.NDArray[Any], weight: F64 | None = None) -> F64:
        w = values if weight is None else values * weight
        out: F64 = np.bincount(self.code, weights=w, minlength=self.size).astype(np.float64)
        result: F64 = out[self.present]
        return result

    def keys(self) -> Table:
        present = self.present if self.combined is None else self.combined[self.present]
        out: Table = {}
        for key, stride, radix in reversed(self.strides):
            out[key] = _label(key, (present // stride) % radix)
        return out


def _money(x: F64) -> I64:
    out: I64 = np.rint(x).astype(np.int64)
    return out


def with_province_names(table: Table, on: date) -> Table:
    if "province" not in table:
        return table
    names = _province_table(on)
    out: Table = {}
    for k, v in table.items():
        out[k] = v
        if k == "province":
            out["province_name"] = np.array([names.get(int(c), "") for c in v], dtype=object)
    return out


def _person_parts(
    r: PopulationResult, keys: Sequence[str], cause: npt.NDArray[np.uint8] | None
) -> list[tuple[str, I64, int]]:
    pop = r.population
    parts = []
    for k in keys:
        if k in PERSON_KEYS:
            parts.append((k, *_person_codes(r, k)))
        else:
            codes, radix = _family_codes(pop, k, cause)
            parts.append((k, codes[pop.family], radix))
    return parts


def _person_amounts(r: PopulationResult, params: ParameterSet) -> tuple[npt.NDArray[Any], I64]:
    y = date_table(params, r.at).year
    lut = np.zeros(len(COMPONENT_CODES) + 2, dtype=np.int64)
    for rank, amount in enumerate(y.amount_by_rank):
        lut[rank] = amount.amount
    counted = r.counted()
    return counted, np.where(counted, lut[r.rank], 0)


def summarize(result: PopulationResult, *keys: str, params: ParameterSet | None = None) -> Table:
    """A result by ``keys`` (see the module docstring): weighted ``families``, ``kpm``,
    ``cost`` and the unweighted ``sample_families`` and ``sample_kpm``; with a person key,
    weighted ``persons``, ``counted`` and component ``amount`` (needs ``params``, the
    parameters the result was evaluated with) and ``sample_persons``.

    Raises:
        ValidationError: for no key, a repeated or unknown key, or a person key without
            ``params``.
    """
    _check_keys(keys)
    pop = result.population
    w = pop.weight
    if any(k in PERSON_KEYS for k in keys):
        if params is None:
            raise ValidationError("params", "a person key needs the result's parameters")
        g = _Grouper(_person_parts(result, keys, None))
        wp = w[pop.family]
        counted, amount = _person_amounts(result, params)
        out = g.keys()
        out |= {
            "persons": g.sum(np.ones(pop.n_persons), wp),
            "counted": g.sum(counted, wp),
            "amount": _money(g.sum(amount, wp)),
            "sample_persons": g.counts,
        }
        return with_province_names(out, result.at)
    g = _Grouper([(k, *_family_codes(pop, k, None)) for k in keys])
    out = g.keys()
    out |= {
        "families": g.sum(np.ones(pop.n_families), w),
        "kpm": g.sum(result.eligible, w),
        "cost": _money(g.sum(result.total, w)),
        "sample_families": g.counts,
        "sample_kpm": g.sum(result.eligible).astype(np.int64),
    }
    return with_province_names(out, result.at)


def compare_table(
    baseline: PopulationResult,
    reform: PopulationResult,
    change: I64,
    cause: npt.NDArray[np.uint8],
    keys: Sequence[str],
    params: tuple[ParameterSet, ParameterSet] | None = None,
) -> Table:
    """The grouped table of a comparison (:meth:`ReformComparison.by
    <dayasos.population.ReformComparison.by>`)."""
    _check_keys(keys)
    pop = baseline.population
    w = pop.weight
    if any(k in PERSON_KEYS for k in keys):
        if params is None:
            raise ValidationError("params", "a person key needs the comparison's parameters")
        g = _Grouper(_person_parts(baseline, keys, cause))
        wp = w[pop.family]
        cb, ab = _person_amounts(baseline, params[0])
        cr, ar = _person_amounts(reform, params[1])
        out = g.keys()
        amount_b = _money(g.sum(ab, wp))
        amount_r = _money(g.sum(ar, wp))
        out |= {
            "persons": g.sum(np.ones(pop.n_persons), wp),
            "counted_baseline": g.sum(cb, wp),
            "counted_reform": g.sum(cr, wp),
            "amount_baseline": amount_b,
            "amount_reform": amount_r,
            "change": amount_r - amount_b,
            "sample_persons": g.counts,
        }
        return with_province_names(out, baseline.at)
    g = _Grouper([(k, *_family_codes(pop, k, cause)) for k in keys], count=False)
    # one weighted and one plain count over 12 states per group (eligible before x after x
    # sign of the change) give every count column; two weighted sums give the money
    small = baseline.eligible.view(np.uint8) * np.uint8(6)
    small += reform.eligible.view(np.uint8) * np.uint8(3)
    small += (change > 0).view(np.uint8)
    small += (change >= 0).view(np.uint8)
    state = g.code  # reused in place: the group code is not needed on its own
    state *= 12
    state += small
    del small
    nbins = g.size * 12
    nall = np.bincount(state, minlength=nbins).reshape(-1, 2, 2, 3)
    g.set_counts(nall.sum(axis=(1, 2, 3)))
    nsum = nall[g.present]
    wsum = np.bincount(state, weights=w, minlength=nbins).reshape(-1, 2, 2, 3)[g.present]

    def money(values: I64) -> I64:
        sums = np.bincount(state, weights=values * w, minlength=nbins).reshape(-1, 12)
        return _money(sums.sum(axis=1)[g.present])

    cost_b = money(baseline.total)
    cost_r = money(reform.total)
    out = g.keys()
    out |= {
        "families": wsum.sum(axis=(1, 2, 3)),
        "kpm_baseline": wsum[:, 1].sum(axis=(1, 2)),
        "kpm_reform": wsum[:, :, 1].sum(axis=(1, 2)),
        "cost_baseline": cost_b,
        "cost_reform": cost_r,
        "change": cost_r - cost_b,
        "winners": wsum[..., 2].sum(axis=(1, 2)),
        "losers": wsum[..., 0].sum(axis=(1, 2)),
        "sample_families": g.counts,
        "sample_winners": nsum[..., 2].sum(axis=(1, 2)).astype(np.int64),
        "sample_losers": nsum[..., 0].sum(axis=(1, 2)).astype(np.int64),
    }
    return with_province_names(out, baseline.at)


def family_table(result: PopulationResult) -> Table:
    """One row per family of a result: ``family`` (row), ``weight``, ``province``,
    ``province_name``, ``desil``, ``remote``, ``excluded``, ``size``, ``eligible``,
    ``n_components``, ``fixed``, ``total`` and ``stage_1`` ... (rupiah)."""
    pop = result.population
    out: Table = {
        "family": np.arange(pop.n_families, dtype=np.int64),
        "weight": pop.weight,
        "province": pop.province,
        "desil": pop.desil,
        "remote": pop.remote,
        "excluded": pop.excluded,
        "size": pop.sizes,
        "eligible": result.eligible,
        "n_components": result.n_components,
        "fixed": result.fixed,
        "total": result.total,
    }
    for k in range(len(result.stage_starts)):
        out[f"stage_{k + 1}"] = np.ascontiguousarray(result.stages[:, k])
    return with_province_names(out, result.at)
