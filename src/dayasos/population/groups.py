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
from typing import Any

import numpy as np
import numpy.typing as npt

from dayasos.eligibility.pkh.tables import date_table
from dayasos.errors import ValidationError
from dayasos.parameters import ParameterSet
from dayasos.population.frames import (
    result_to_dataframe,
    table_to_dataframe,
    unknown_parameters,
    warn_unknown_parameters,
)
from dayasos.population.group_keys import (
    CAUSE_LABELS,
    FAMILY_KEYS,
    PERSON_KEYS,
    SIZE_BANDS,
    Table,
    cause_code,
    check_keys,
    family_codes,
    family_codes_of,
    family_radix,
    label,
    person_codes,
    province_names,
    with_province_names,
)
from dayasos.population.kernel import COMPONENT_CODES, PopulationResult

__all__ = [
    "CAUSE_LABELS",
    "FAMILY_KEYS",
    "PERSON_KEYS",
    "SIZE_BANDS",
    "Table",
    "cause_code",
    "compare_table",
    "family_table",
    "province_names",
    "result_to_dataframe",
    "summarize",
    "table_to_dataframe",
    "unknown_parameters",
    "warn_unknown_parameters",
    "with_province_names",
]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
_MAX_BINS = 1 << 22
_BLOCK = 1 << 16
"""Families per block of a comparison's breakdown."""


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
        return _key_columns(self.strides, present)


def _money(x: F64) -> I64:
    out: I64 = np.rint(x).astype(np.int64)
    return out


def _key_columns(strides: list[tuple[str, int, int]], present: I64) -> Table:
    out: Table = {}
    for key, stride, radix in reversed(strides):
        out[key] = label(key, (present // stride) % radix)
    return out


def _person_parts(
    r: PopulationResult, keys: Sequence[str], cause: npt.NDArray[np.uint8] | None
) -> list[tuple[str, I64, int]]:
    pop = r.population
    parts = []
    for k in keys:
        if k in PERSON_KEYS:
            parts.append((k, *person_codes(r, k)))
        else:
            codes, radix = family_codes(pop, k, cause)
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
    check_keys(keys)
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
    g = _Grouper([(k, *family_codes(pop, k, None)) for k in keys])
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
    check_keys(keys)
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
    return with_province_names(
        _compare_families(baseline, reform, change, cause, keys), baseline.at
    )


def _compare_families(
    baseline: PopulationResult,
    reform: PopulationResult,
    change: I64,
    cause: npt.NDArray[np.uint8],
    keys: Sequence[str],
) -> Table:
    """A comparison by family keys, a block of families at a time: per group and 12 states
    (eligible before x after x sign of the change), one weighted and one plain count give
    every count column and two weighted sums the money."""
    pop = baseline.population
    strides: list[tuple[str, int, int]] = []
    stride = 1
    for k in reversed(keys):
        radix = family_radix(pop, k)
        strides.append((k, stride, radix))
        stride *= radix
    combined: I64 | None = None
    codes: I64 | None = None
    if stride * 12 > _MAX_BINS:  # many keys: number the combinations present instead
        raw = np.zeros(pop.n_families, dtype=np.int64)
        for k, step, _ in strides:
            raw += family_codes(pop, k, cause)[0] * step
        combined, inverse = np.unique(raw, return_inverse=True)
        codes, stride = inverse.reshape(-1), int(combined.shape[0])
    nbins = stride * 12
    sums = np.zeros((3, nbins), dtype=np.float64)
    nall = np.zeros(nbins, dtype=np.int64)
    for f0 in range(0, pop.n_families, _BLOCK):
        rows = slice(f0, min(f0 + _BLOCK, pop.n_families))
        if codes is not None:
            state = codes[rows] * 12
        else:
            state = np.zeros(rows.stop - f0, dtype=np.int64)
            for k, step, _ in strides:
                state += family_codes_of(pop, k, cause, rows) * step
            state *= 12
        state += baseline.eligible[rows].view(np.uint8) * np.uint8(6)
        state += reform.eligible[rows].view(np.uint8) * np.uint8(3)
        state += change[rows] > 0
        state += change[rows] >= 0
        w = pop.weight[rows]
        nall += np.bincount(state, minlength=nbins)
        # added in row order, as one bincount over all families would: the same sums
        np.add.at(sums[0], state, w)
        np.add.at(sums[1], state, baseline.total_of(rows) * w)
        np.add.at(sums[2], state, reform.total_of(rows) * w)
    per_group = nall.reshape(-1, 12).sum(axis=1)
    present = np.flatnonzero(per_group)
    nsum = nall.reshape(-1, 2, 2, 3)[present]
    wsum = sums[0].reshape(-1, 2, 2, 3)[present]
    cost_b = _money(sums[1].reshape(-1, 12).sum(axis=1)[present])
    cost_r = _money(sums[2].reshape(-1, 12).sum(axis=1)[present])
    out = _key_columns(strides, present if combined is None else combined[present])
    out |= {
        "families": wsum.sum(axis=(1, 2, 3)),
        "kpm_baseline": wsum[:, 1].sum(axis=(1, 2)),
        "kpm_reform": wsum[:, :, 1].sum(axis=(1, 2)),
        "cost_baseline": cost_b,
        "cost_reform": cost_r,
        "change": cost_r - cost_b,
        "winners": wsum[..., 2].sum(axis=(1, 2)),
        "losers": wsum[..., 0].sum(axis=(1, 2)),
        "sample_families": per_group[present],
        "sample_winners": nsum[..., 2].sum(axis=(1, 2)).astype(np.int64),
        "sample_losers": nsum[..., 0].sum(axis=(1, 2)).astype(np.int64),
    }
    return out


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
