"""Column-wise household programmes (Program Sembako, BST, the one-off BST for Sembako KPM not
in PKH, BLT BBM): the spec compiled to masks over the family columns.

The criteria of a :class:`~dayasos.eligibility.spec.household.HouseholdProgramme` that depend
only on the date (``in_force``, ``months_known``) are decided once; each
:class:`~dayasos.eligibility.spec.household.KpmFlag` becomes a boolean family column taken from
``flags`` (the same names as :class:`~dayasos.eligibility.programmes.ProgrammeKpm`'s fields),
and a flag not given takes that class's default (``enrolled`` true, ``in_sembako`` and
``in_pkh`` false). The yearly amount does not depend on the family: it is computed once for the
date and given to every eligible family. The result equals
:func:`dayasos.eligibility.programmes.household_entitlement` family by family.

Examples:
    >>> from datetime import date
    >>> from dayasos.population import synthetic_population
    >>> pop = synthetic_population(1000, seed=1)
    >>> r = evaluate_programme(pop, "sembako", date(2021, 7, 1))
    >>> int(r.eligible.sum()), r.amount
    (1000, Rupiah(2800000))
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import numpy.typing as npt
from attrs import define

from dayasos.categories import Programme
from dayasos.eligibility.programmes import (
    HOUSEHOLD_PROGRAMMES,
    ProgrammeKpm,
    household_entitlement,
)
from dayasos.eligibility.spec.household import HouseholdProgramme, KpmFlag
from dayasos.errors import ValidationError
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet, load_parameters
from dayasos.population.columns import Population

__all__ = [
    "FLAG_DEFAULTS",
    "ProgrammeResult",
    "evaluate_programme",
    "programme_report",
    "programme_spec",
]

FLAG_DEFAULTS: dict[str, bool] = {"enrolled": True, "in_sembako": False, "in_pkh": False}
"""The value of a family flag not given in ``flags`` (the defaults of ``ProgrammeKpm``)."""

B = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]


@define(frozen=True, slots=True, eq=False)
class ProgrammeResult:
    """A household programme for every family of a population on one date.

    Attributes:
        programme: the programme.
        at: the reference date.
        eligible: per family, the eligibility decision's outcome.
        total: per family, the yearly amount in rupiah (0 when not eligible or unknown).
        amount: the amount of an eligible family, or None when unknown in the parameters.
        population: the population evaluated.
    """

    programme: Programme
    at: date
    eligible: B
    total: I64
    amount: Rupiah | None
    population: Population

    def kpm(self) -> float:
        """Eligible families, weighted by the population's ``weight``."""
        return float(self.population.weight[self.eligible].sum())

    def cost(self) -> int:
        """The weighted cost in rupiah (rounded to the rupiah)."""
        return round(float((self.population.weight * self.total).sum()))

    def by_province(self) -> dict[int, tuple[float, int]]:
        """Per Kemendagri province code present: weighted KPM and cost (rupiah)."""
        pop = self.population
        w = pop.weight
        kpm = np.bincount(pop.province, weights=w * self.eligible, minlength=256)
        cost = np.bincount(pop.province, weights=w * self.total, minlength=256)
        present = np.flatnonzero(np.bincount(pop.province, minlength=256))
        return {int(p): (float(kpm[p]), round(float(cost[p]))) for p in present}


def programme_spec(name: str | HouseholdProgramme) -> HouseholdProgramme:
    """The household programme spec called ``name`` (a programme code such as ``"sembako"``,
    ``"bst"``, ``"bst_sembako_non_pkh"``, ``"blt_bbm"``), or ``name`` itself when a spec."""
    if isinstance(name, HouseholdProgramme):
        return name
    spec = HOUSEHOLD_PROGRAMMES.get(name)
    if spec is None:
        known = ", ".join(["pkh", *sorted(HOUSEHOLD_PROGRAMMES)])
        raise ValidationError("programme", f"unknown programme {name!r}; known: {known}")
    return spec


def _flag_column(pop: Population, flags: Mapping[str, B], name: str) -> B:
    raw = flags.get(name)
    if raw is None:
        return np.full(pop.n_families, FLAG_DEFAULTS[name], dtype=np.bool_)
    col = np.asarray(raw)
    if col.shape != (pop.n_families,) or col.dtype != np.bool_:
        raise ValidationError(
            f"flags.{name}", f"must be a bool column of {pop.n_families} families"
        )
    out: B = col
    return out


def evaluate_programme(
    pop: Population,
    programme: str | HouseholdProgramme,
    at: date,
    params: ParameterSet | None = None,
    flags: Mapping[str, B] | None = None,
) -> ProgrammeResult:
    """The household programme ``programme`` for every family of ``pop`` on ``at``.

    Args:
        pop: the population.
        programme: a spec or a programme code (see :func:`programme_spec`).
        at: the reference date.
        params: the parameters (a reform for the reform's figures); default the shipped set.
        flags: per flag name (``enrolled``, ``in_sembako``, ``in_pkh``) a bool column over the
            families; a flag not given takes :data:`FLAG_DEFAULTS`.

    Returns:
        The per-family eligibility and amounts, equal family by family to
        :func:`dayasos.eligibility.programmes.household_entitlement`.
    """
    spec = programme_spec(programme)
    p = load_parameters() if params is None else params
    spec.check(p)
    given = {} if flags is None else dict(flags)
    for name in given:
        if name not in FLAG_DEFAULTS:
            raise ValidationError(f"flags.{name}", "not a family flag", shown=name)
    # the date-only criteria and the amount: once, for a family that meets every flag
    meets = {c.attribute: not c.negate for c in spec.criteria if isinstance(c, KpmFlag)}
    probe = household_entitlement(spec, ProgrammeKpm("(every family)", **meets), at, p)
    eligible: B = np.full(pop.n_families, probe.eligibility.outcome, dtype=np.bool_)
    for c in spec.criteria:
        if isinstance(c, KpmFlag):
            col = _flag_column(pop, given, c.attribute)
            eligible &= ~col if c.negate else col
    amount = probe.amount if probe.eligibility.outcome else None
    each = 0 if amount is None else amount.amount
    total: I64 = np.where(eligible, np.int64(each), np.int64(0))
    return ProgrammeResult(spec.programme, at, eligible, total, amount, pop)


def programme_report(
    pop: Population,
    programme: str | HouseholdProgramme,
    at: date,
    params: ParameterSet,
    reform: ParameterSet | None = None,
    fmt: str = "text",
    source: str = "",
) -> str:
    """KPM and cost by province of a household programme (and the reform's, with the change),
    as ``"text"``, ``"csv"`` or ``"json"``: what ``dayasos simulate --programme NAME`` prints.

    ``in_pkh`` is taken from the column-wise PKH eligibility of the population on ``at``; the
    other flags take :data:`FLAG_DEFAULTS` (the population has no Sembako enrolment column).

    Examples:
        >>> from datetime import date
        >>> from dayasos.parameters import load_parameters
        >>> from dayasos.population import synthetic_population
        >>> pop = synthetic_population(200, seed=1, calibrate_weights=False)
        >>> out = programme_report(pop, "blt_bbm", date(2022, 9, 1), load_parameters(), fmt="csv")
        >>> out.splitlines()[0]
        'province,province_name,kpm,cost'
    """
    from dayasos.population.groups import province_names
    from dayasos.population.kernel import evaluate

    spec = programme_spec(programme)
    flags = {"in_pkh": evaluate(pop, at, params).eligible}
    base = evaluate_programme(pop, spec, at, params, flags)
    new = None
    if reform is not None:
        flags_r = {"in_pkh": evaluate(pop, at, reform).eligible}
        new = evaluate_programme(pop, spec, at, reform, flags_r)
    names = province_names(at)
    rows: list[dict[str, object]] = []
    after = {} if new is None else new.by_province()
    for code, (kpm, cost) in base.by_province().items():
        row: dict[str, object] = {
            "province": code,
            "province_name": names.get(code, ""),
            "kpm": round(kpm, 1),
            "cost": cost,
        }
        if new is not None:
            k2, c2 = after.get(code, (0.0, 0))
            row |= {"reform_kpm": round(k2, 1), "reform_cost": c2, "change_cost": c2 - cost}
        rows.append(row)
    return _render(spec, base, new, rows, fmt, source)


def _render(
    spec: HouseholdProgramme,
    base: ProgrammeResult,
    new: ProgrammeResult | None,
    rows: list[dict[str, object]],
    fmt: str,
    source: str,
) -> str:
    import csv
    import io
    import json

    if fmt == "json":
        head: dict[str, object] = {
            "programme": spec.programme.code,
            "at": base.at.isoformat(),
            "source": source,
            "amount": None if base.amount is None else base.amount.amount,
            "kpm": round(base.kpm(), 1),
            "cost": base.cost(),
        }
        if new is not None:
            head |= {"reform_kpm": round(new.kpm(), 1), "reform_cost": new.cost()}
        return json.dumps({**head, "by_province": rows}, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["province"])
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue().rstrip("\n")
    if fmt != "text":
        raise ValidationError("format", "must be text, csv or json", shown=fmt)
    p = spec.programme
    amount = "unknown" if base.amount is None else base.amount.format()
    out = [
        f"{p.name_id} ({p.code}) on {base.at.isoformat()}" + (f", {source}" if source else ""),
        f"  per eligible family: {amount}; KPM {base.kpm():,.0f}; "
        f"cost {Rupiah(base.cost()).format()}",
    ]
    if new is not None:
        out.append(
            f"  reform: KPM {new.kpm():,.0f}; cost {Rupiah(new.cost()).format()} "
            f"(change {Rupiah(new.cost() - base.cost()).format()})"
        )
    out.append(
        "  assumed: every family of the population is an enrolled KPM (no enrolment column); "
        "in_pkh from the PKH eligibility; in_sembako false"
    )
    out.append("  by province:")
    for r in rows:
        line = f"    {r['province']:>2} {r['province_name']!s:<28} KPM {r['kpm']:>12,.0f}  "
        line += f"cost {Rupiah(int(r['cost'])).format()}"  # type: ignore[call-overload]
        if new is not None:
            line += f"  reform {Rupiah(int(r['reform_cost'])).format()}"  # type: ignore[call-overload]
        out.append(line)
    return "\n".join(out)
