"""Semester evaluation report: per programme and jenis belanja, pagu, realization, absorption,
the IKPA penyerapan target of the semester's last quarter, and the gap.

The text form needs nothing; :meth:`SemesterReport.to_dataframe` needs pandas (the optional
``pandas`` extra) and says so when it is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import Any

from attrs import define

from dayasos.budget.codes import JenisBelanja, Level
from dayasos.budget.dipa import DipaLine
from dayasos.budget.ikpa import ikpa_rules
from dayasos.budget.realization import Absorption, Base, absorption_by
from dayasos.errors import ParameterValueUnknownError, ValidationError
from dayasos.money import HALF_UP_RP1, Percentage, Rupiah
from dayasos.periods import Semester

__all__ = ["ReportRow", "SemesterReport", "semester_report"]


@define(frozen=True, slots=True)
class ReportRow:
    """One programme x jenis belanja row."""

    program: str
    jenis_belanja: JenisBelanja
    absorption: Absorption
    target: Percentage | None
    """Cumulative IKPA target at the semester's end, or ``None`` where the year has none."""

    @property
    def gap_points(self) -> Fraction | None:
        """Absorption minus target in percentage points (negative = behind)."""
        pct = self.absorption.percentage
        if self.target is None or pct is None:
            return None
        return pct.value - self.target.value

    @property
    def gap_rupiah(self) -> Rupiah | None:
        """Realization still needed to reach the target (half-up to Rp1); negative = ahead."""
        if self.target is None:
            return None
        return (
            self.target.of_amount(self.absorption.base_amount, HALF_UP_RP1)
            - self.absorption.realized
        )


@define(frozen=True, slots=True)
class SemesterReport:
    """The rows of a semester evaluation, with the base and date they use."""

    semester: Semester
    as_of: date
    base: Base
    rows: tuple[ReportRow, ...]

    def render(self) -> str:
        """A plain-text table (amounts in rupiah, percentages to 2 decimals)."""
        head = f"Evaluasi semester {self.semester} (as of {self.as_of.isoformat()}, base {self.base.value})"
        cols = f"{'program':<12} {'jenis':<5} {'pagu':>22} {'realisasi':>22} {'serapan':>9} {'target':>8} {'gap pp':>8}"
        out = [head, cols, "-" * len(cols)]
        for r in self.rows:
            a = r.absorption
            pct = "n/a" if a.percentage is None else a.percentage.format(2)
            tgt = "-" if r.target is None else r.target.format(0)
            gap = r.gap_points
            gap_s = "-" if gap is None else Percentage(gap).format(2)[:-1]
            flag = " !" if a.over_base or a.negative else ""
            out.append(
                f"{r.program:<12} {r.jenis_belanja.value:<5} {a.base_amount!s:>22} {a.realized!s:>22} "
                f"{pct:>9} {tgt:>8} {gap_s:>8}{flag}"
            )
        return "\n".join(out)

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (int rupiah, exact percentages as Fractions)."""
        try:
            import pandas as pd  # type: ignore[import-not-found, import-untyped, unused-ignore]
        except ImportError as exc:
            raise ImportError("to_dataframe needs pandas: pip install 'dayasos[pandas]'") from exc
        return pd.DataFrame(
            [
                {
                    "program": r.program,
                    "jenis_belanja": r.jenis_belanja.value,
                    "base": self.base.value,
                    "pagu": r.absorption.base_amount.amount,
                    "realisasi": r.absorption.realized.amount,
                    "serapan": None
                    if r.absorption.percentage is None
                    else r.absorption.percentage.value,
                    "target": None if r.target is None else r.target.value,
                    "gap_pp": r.gap_points,
                }
                for r in self.rows
            ]
        )


def _order(key: tuple[object, ...]) -> tuple[str, str]:
    program, jenis = key
    return (str(program), jenis.value if isinstance(jenis, JenisBelanja) else str(jenis))


def semester_report(
    lines: Iterable[DipaLine],
    semester: Semester,
    *,
    as_of: date | None = None,
    base: Base = Base.PAGU_EFEKTIF,
) -> SemesterReport:
    """Build the semester evaluation of ``lines`` (default date: the semester's last day).

    Targets are the IKPA cumulative penyerapan targets of the semester's last quarter for
    the fiscal year (unverified parameters; none before TA 2022, where they were not found).
    """
    at = semester.end if as_of is None else as_of
    if at.year != semester.year:
        raise ValidationError(
            "as_of", "must be in the semester's fiscal year", shown=at.isoformat()
        )
    try:
        targets: dict[str, list[int]] | None = ikpa_rules(semester.year).get("penyerapan_targets")
    except (ParameterValueUnknownError, ValidationError):
        targets = None
    quarter = 2 * semester.number
    groups = absorption_by(
        [ln for ln in lines if ln.key.fiscal_year == semester.year],
        (Level.PROGRAM, Level.JENIS_BELANJA),
        at,
        base=base,
    )
    rows = []
    for (program, jenis), a in sorted(groups.items(), key=lambda kv: _order(kv[0])):
        assert isinstance(jenis, JenisBelanja)
        target = (
            None if targets is None else Percentage.from_exact(targets[jenis.value][quarter - 1])
        )
        rows.append(ReportRow(str(program), jenis, a, target))
    return SemesterReport(semester, at, base, tuple(rows))
