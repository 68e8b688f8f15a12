"""IKPA (Indikator Kinerja Pelaksanaan Anggaran) scoring under the rule set of a fiscal year.

Computed from budget data: revisi DIPA, deviasi halaman III and penyerapan. The other
indicators (kontraktual, tagihan, UP/TUP, capaian output, ...) are inputs. The rule sets
(weights, tables, targets, with their sources) are :mod:`dayasos.budget.ikpa_rules`; their
names are re-exported here.

Examples:
    >>> rules = ikpa_rules(2024)
    >>> rules.name, rules.weights["deviasi_halaman_iii"]
    ('PER-5/PB/2024', 15)
    >>> score_revisi(rules, {Semester(2024, 1): 1, Semester(2024, 2): 3})
    Fraction(80, 1)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction

from attrs import define

from dayasos.budget.codes import JenisBelanja
from dayasos.budget.dipa import DipaLine, DipaRevision
from dayasos.budget.ikpa_rules import (
    IkpaCategory,
    IkpaRuleSet,
    RuleValue,
    ikpa_rules,
    ikpa_source_uses,
    load_ikpa_rules,
)
from dayasos.errors import ValidationError
from dayasos.money import Rounding, Rupiah, round_exact
from dayasos.periods import Month, Semester, Triwulan

__all__ = [
    "IkpaCategory",
    "IkpaResult",
    "IkpaRuleSet",
    "RuleValue",
    "count_revisions",
    "deviation",
    "dispensasi_deduction",
    "ikpa_rules",
    "ikpa_score",
    "ikpa_source_uses",
    "load_ikpa_rules",
    "penyerapan_inputs",
    "penyerapan_quarter",
    "plan_vs_realization",
    "score_deviasi",
    "score_penyerapan",
    "score_revisi",
]


# ------------------------------------------------------------------ revisi DIPA
def count_revisions(
    rules: IkpaRuleSet, revisions: list[DipaRevision] | tuple[DipaRevision, ...], year: int
) -> dict[Triwulan | Semester, int]:
    """Count the eligible revisions of ``year`` per quarter or semester (rule set's period)."""
    codes = rules.params.get("revisi_eligible_codes")
    prefix = rules.params.get("revisi_eligible_prefix")
    by_semester = rules.get("revisi_period") == "semester"
    periods: list[Triwulan | Semester] = (
        [Semester(year, 1), Semester(year, 2)]
        if by_semester
        else [Triwulan(year, n) for n in range(1, 5)]
    )
    counts: dict[Triwulan | Semester, int] = dict.fromkeys(periods, 0)
    for rev in revisions:
        if rev.on.year != year:
            continue
        eligible = (codes is not None and rev.code in codes.value) or (
            prefix is not None and rev.code.startswith(prefix.value) and len(rev.code) == 3
        )
        if eligible:
            counts[Semester.of(rev.on) if by_semester else Triwulan.of(rev.on)] += 1
    return counts


def score_revisi(rules: IkpaRuleSet, counts: Mapping[Triwulan | Semester, int]) -> Fraction:
    """Revisi DIPA indicator from eligible revision counts per period (all periods assessed)."""
    if not counts:
        raise ValidationError("counts", "must give at least one period")
    scores: list[Fraction] = []
    if rules.get("revisi_scoring") == "ratio":
        target = Fraction(rules.get("revisi_target"))
        for n in counts.values():
            scores.append(
                Fraction(rules.get("revisi_zero_score"))
                if n == 0
                else min(target / n, Fraction(1)) * 100
            )
        return sum(scores, Fraction(0)) / len(scores)
    for n in counts.values():
        for low, high, score in rules.get("revisi_buckets"):
            if n >= low and (high < 0 or n <= high):
                scores.append(Fraction(score))
                break
    mean = sum(scores, Fraction(0)) / len(scores)
    return min(mean, Fraction(rules.get("revisi_annual_cap")))


# ------------------------------------------------------------------ deviasi halaman III
def deviation(rules: IkpaRuleSet, planned: Rupiah, realized: Rupiah) -> Fraction:
    """Monthly deviation in percent: ``|realized - planned| / planned x 100``, capped.

    A plan of zero follows the rule set (``deviasi_zero_plan``): no realization -> 0 %,
    realization -> the stated value (100 %).
    """
    cap = Fraction(rules.get("deviasi_cap"))
    if planned.is_zero:
        zp = rules.get("deviasi_zero_plan")
        return Fraction(zp["zero_realization"] if realized.is_zero else zp["positive_realization"])
    dev = Fraction(abs(realized.amount - planned.amount) * 100, abs(planned.amount))
    return min(dev, cap)


def score_deviasi(
    rules: IkpaRuleSet,
    monthly: Mapping[Month, Mapping[JenisBelanja, tuple[Rupiah, Rupiah]]],
    pagu: Mapping[JenisBelanja, Rupiah] | None = None,
) -> Fraction:
    """Deviasi halaman III indicator from ``{month: {jenis: (planned, realized)}}``.

    Per month the deviations of the jenis belanja are averaged (simple mean, or weighted by
    ``pagu`` share where the rule set says so); the indicator is the mean of the monthly
    values over the assessed months (Jan-Nov) present; each month's score is 100 at or below
    the free deviation and ``100 - deviation`` above it (unverified curve).
    """
    months = set(rules.get("deviasi_months"))
    free = Fraction(rules.get("deviasi_free"))
    weighted = rules.get("deviasi_mean") == "weighted"
    if weighted and pagu is None:
        raise ValidationError("pagu", f"is needed for the weighted deviasi of {rules.name}")
    values: list[Fraction] = []
    for m in sorted(monthly):
        if m.month not in months or not monthly[m]:
            continue
        devs = {j: deviation(rules, p, r) for j, (p, r) in monthly[m].items()}
        if weighted:
            assert pagu is not None
            total = sum(pagu.get(j, Rupiah(0)).amount for j in devs)
            if total <= 0:
                raise ValidationError("pagu", f"of the jenis belanja of {m} must sum above Rp0")
            mean = (
                sum((d * pagu.get(j, Rupiah(0)).amount for j, d in devs.items()), Fraction(0))
                / total
            )
        else:
            mean = sum(devs.values(), Fraction(0)) / len(devs)
        values.append(Fraction(100) if mean <= free else 100 - mean)
    if not values:
        raise ValidationError("monthly", "has no assessed month")
    return sum(values, Fraction(0)) / len(values)


# ------------------------------------------------------------------ penyerapan
def penyerapan_quarter(
    rules: IkpaRuleSet,
    quarter: int,
    data: Mapping[JenisBelanja, tuple[Rupiah, Rupiah]],
) -> Fraction:
    """One quarter's penyerapan value from ``{jenis: (pagu minus blokir, cumulative realization)}``.

    Per jenis: (realization % / target %) x 100, capped per the rule set; the quarter is the
    pagu-weighted mean. Jenis with a pagu of Rp0 are skipped.
    """
    if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= 4:
        raise ValidationError("quarter", "must be 1, 2, 3 or 4", shown=repr(quarter))
    targets = rules.get("penyerapan_targets")
    cap = Fraction(rules.get("penyerapan_cap"))
    num = Fraction(0)
    den = 0
    for jenis, (pagu, real) in data.items():
        if pagu.amount <= 0:
            continue
        target = Fraction(targets[jenis.value][quarter - 1])
        pct = Fraction(real.amount * 100, pagu.amount)
        num += min(pct / target * 100, cap) * pagu.amount
        den += pagu.amount
    if den == 0:
        raise ValidationError("data", "has no jenis belanja with a pagu above Rp0")
    return num / den


def score_penyerapan(quarter_values: list[Fraction] | tuple[Fraction, ...]) -> Fraction:
    """Penyerapan indicator: the mean of the quarters assessed so far."""
    if not quarter_values:
        raise ValidationError("quarter_values", "must not be empty")
    return sum(quarter_values, Fraction(0)) / len(quarter_values)


# ------------------------------------------------------------------ final score
@define(frozen=True, slots=True)
class IkpaResult:
    """Final IKPA: contributions per indicator, the deduction, the score and the category."""

    rules: str
    contributions: Mapping[str, Fraction]
    deduction: Fraction
    score: Fraction
    rounded: Decimal
    category: IkpaCategory
    unverified: tuple[str, ...]

    def explain(self) -> str:
        """Readable breakdown."""
        lines = [f"IKPA ({self.rules}): {self.rounded} - {self.category.value}"]
        for k, v in self.contributions.items():
            lines.append(f"  {k}: {Decimal(v.numerator) / Decimal(v.denominator):.4f}")
        if self.deduction:
            lines.append(
                f"  minus dispensasi SPM deduction {Decimal(self.deduction.numerator) / self.deduction.denominator}"
            )
        if self.unverified:
            lines.append("  unverified rule parameters: " + ", ".join(self.unverified))
        return "\n".join(lines)


def dispensasi_deduction(rules: IkpaRuleSet, dispensed: int, total_spm: int) -> Fraction:
    """Deduction (2024+) from the SPM dispensasi count over all SPM of TW IV; 0 when no SPM."""
    if total_spm <= 0 or dispensed <= 0:
        return Fraction(0)
    permille = Fraction(dispensed * 1000, total_spm)
    result = Fraction(0)
    for low, deduction in rules.get("dispensasi_deduction"):
        if permille >= Fraction(Decimal(low)):
            result = Fraction(Decimal(deduction))
    return result


def ikpa_score(
    rules: IkpaRuleSet,
    values: Mapping[str, Fraction | int | Decimal],
    *,
    deduction: Fraction = Fraction(0),
) -> IkpaResult:
    """Final score = sum(value x weight / 100) - deduction; every weighted indicator is required.

    Examples:
        >>> r = ikpa_score(ikpa_rules(2024), dict.fromkeys(ikpa_rules(2024).weights, 100))
        >>> r.rounded, r.category.value
        (Decimal('100.00'), 'sangat baik')
    """
    weights = rules.weights
    missing = sorted(set(weights) - set(values))
    extra = sorted(set(values) - set(weights))
    if missing or extra:
        raise ValidationError(
            "values",
            f"must give exactly the indicators of {rules.name}; missing {missing}, unknown {extra}",
        )
    contributions: dict[str, Fraction] = {}
    for name, w in weights.items():
        raw = values[name]
        if isinstance(raw, bool) or not isinstance(raw, int | Fraction | Decimal):
            raise ValidationError(
                f"values.{name}",
                "must be an int, Fraction or Decimal (never float)",
                shown=repr(raw),
            )
        v = Fraction(raw)
        if v < 0:
            raise ValidationError(f"values.{name}", "must not be negative", shown=str(v))
        contributions[name] = v * w / 100
    if deduction and rules.get("dispensasi") != "deduction":
        raise ValidationError(
            "deduction", f"does not exist under {rules.name} (dispensasi is weighted)"
        )
    score = sum(contributions.values(), Fraction(0)) - deduction
    places = int(rules.get("rounding_places"))
    rounded = Decimal(round_exact(score * 10**places, Rounding.HALF_UP)).scaleb(-places)
    return IkpaResult(
        rules.name,
        contributions,
        deduction,
        score,
        rounded,
        rules.category(Fraction(rounded)),
        rules.unverified,
    )


# ------------------------------------------------------------------ from DIPA lines
def plan_vs_realization(
    lines: Iterable[DipaLine],
    year: int,
    as_of: date,
    *,
    plan_locks: Mapping[int, date] | None = None,
) -> dict[Month, dict[JenisBelanja, tuple[Rupiah, Rupiah]]]:
    """Halaman III plan and realization per month and jenis belanja (months up to ``as_of``).

    IKPA compares each month with the plan as last updated in its quarter's window (locked
    at the posting date of the revised DIPA: KPPN Gorontalo, "Ketentuan Penilaian IKPA TA
    2026", citing PER-5/PB/2024). ``plan_locks`` maps a quarter
    number to that lock date; the months of a quarter then use ``line.plan_at(lock)``.
    Without it the plan known at ``as_of`` is used.

    Examples:
        >>> plan_vs_realization([], 2024, date(2024, 3, 31))
        {}
    """
    planned: dict[tuple[Month, JenisBelanja], int] = defaultdict(int)
    realized: dict[tuple[Month, JenisBelanja], int] = defaultdict(int)
    for line in lines:
        jenis = line.key.jenis_belanja
        for q in range(1, 5):
            lock = as_of if plan_locks is None or q not in plan_locks else min(plan_locks[q], as_of)
            for m, amount in line.plan_at(lock).items():
                if m.year == year and m.end <= as_of and m.triwulan.number == q:
                    planned[(m, jenis)] += amount.amount
        for r in line.realizations:
            m = Month.of(r.sp2d_date)
            if m.year == year and m.end <= as_of:
                realized[(m, jenis)] += r.amount.amount
    out: dict[Month, dict[JenisBelanja, tuple[Rupiah, Rupiah]]] = defaultdict(dict)
    for m, jenis in sorted(set(planned) | set(realized), key=lambda k: (k[0], k[1].value)):
        out[m][jenis] = (Rupiah(planned[(m, jenis)]), Rupiah(realized[(m, jenis)]))
    return dict(out)


def penyerapan_inputs(
    lines: Iterable[DipaLine], quarter: Triwulan
) -> dict[JenisBelanja, tuple[Rupiah, Rupiah]]:
    """Per jenis belanja: pagu minus blokir and cumulative realization at the quarter's end."""
    out: dict[JenisBelanja, tuple[int, int]] = defaultdict(lambda: (0, 0))
    end = quarter.end
    for line in lines:
        p, r = out[line.key.jenis_belanja]
        out[line.key.jenis_belanja] = (
            p + line.pagu_efektif(end).amount,
            r + line.realized(end).amount,
        )
    return {j: (Rupiah(p), Rupiah(r)) for j, (p, r) in out.items()}
