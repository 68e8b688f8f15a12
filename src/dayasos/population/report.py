"""The figures and text of a simulation: cost by component, the totals, the tables by
column as text, CSV or JSON (re-exported by :mod:`dayasos.population.simulate`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dayasos.eligibility.pkh.tables import date_table
from dayasos.errors import ValidationError
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet
from dayasos.population.groups import (
    FAMILY_KEYS,
    PERSON_KEYS,
    Table,
    summarize,
)
from dayasos.population.kernel import COMPONENT_CODES, PopulationResult

if TYPE_CHECKING:
    from dayasos.population.simulate import Simulation

__all__ = [
    "FORMATS",
    "check_columns",
    "cost_by_component",
    "render",
    "weighted_cost_by_component",
]


FORMATS = ("text", "csv", "json")
"""The output formats of :func:`render`."""


def cost_by_component(r: PopulationResult, params: ParameterSet) -> dict[str, tuple[int, int]]:
    """Counted members and their yearly amount per component, and the fixed amounts
    (``"bantuan tetap"``); the amounts add up to ``r.total.sum()``."""
    y = date_table(params, r.at).year
    per_combo = np.bincount(r.combo, minlength=r.combos.shape[0])
    members = per_combo @ r.combos
    out: dict[str, tuple[int, int]] = {}
    for rank, comp in enumerate(r.by_rank):
        n = int(members[rank])
        out[comp.code] = (n, n * y.amount[comp].amount)
    for comp in COMPONENT_CODES:
        out.setdefault(comp.code, (0, 0))
    out["bantuan tetap"] = (int(r.eligible.sum()), int(r.fixed[r.eligible].sum()))
    return out


def _table(sim: Simulation, by: Sequence[str]) -> Table:
    if sim.comparison is not None:
        return sim.comparison.by(*by)
    return summarize(sim.result, *by, params=sim.params)


def check_columns(by: Sequence[str]) -> tuple[str, ...]:
    """``by`` as a tuple, after checking every name is a group key.

    Raises:
        ValidationError: naming the unknown column and the known ones.
    """
    keys = tuple(by)
    if not keys:
        raise ValidationError("--by", "name at least one column")
    for k in keys:
        if k not in FAMILY_KEYS and k not in PERSON_KEYS:
            raise ValidationError(
                "--by",
                f"unknown column; family columns: {', '.join(FAMILY_KEYS)}; person columns: "
                f"{', '.join(PERSON_KEYS)}",
                shown=repr(k),
            )
    return keys


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 3)
    return value


def _totals(sim: Simulation) -> dict[str, Any]:
    pop, r = sim.population, sim.result
    w = pop.weight
    out: dict[str, Any] = {
        "families": round(float(w.sum()), 3),
        "kpm": round(float(w[r.eligible].sum()), 3),
        "cost": round(float(np.dot(r.total.astype(np.float64), w))),
        "sample_families": pop.n_families,
        "sample_persons": pop.n_persons,
        "sample_kpm": int(r.eligible.sum()),
    }
    c = sim.comparison
    if c is not None:
        kr = c.kpm()[1]
        out |= {
            "kpm_reform": round(kr, 3),
            "cost_reform": c.totals()[1],
            "change": c.cost(),
            "winners": round(c.winners(), 3),
            "losers": round(c.losers(), 3),
            "sample_winners": int(c.winners(weighted=False)),
            "sample_losers": int(c.losers(weighted=False)),
            "changed_parameters": list(c.changed_parameters),
        }
    return out


def _rows(table: Table) -> list[dict[str, Any]]:
    names = list(table)
    n = len(next(iter(table.values()))) if table else 0
    return [{k: _plain(table[k][i]) for k in names} for i in range(n)]


def _count(value: float) -> str:
    return f"{value:,.0f}"


def _render_text(sim: Simulation, by: tuple[str, ...]) -> str:
    pop, base, c = sim.population, sim.result, sim.comparison
    at = base.at
    t = _totals(sim)
    weighted = pop.weighted
    lines = [
        f"PKH {at.year} on {at}: {pop.n_families:,} families, {pop.n_persons:,} persons, "
        f"{sim.source}",
        f"weighting: {pop.weight_basis}",
    ]
    sample = f" (sample: {t['sample_kpm']:,})" if weighted else ""
    lines += [
        f"KPM (eligible families): {_count(t['kpm'])}{sample}",
        f"total cost: {Rupiah(t['cost'])}",
    ]
    if c is not None:
        kr = c.kpm()[1]
        lines += [
            f"reform: KPM {_count(kr)}, total cost {Rupiah(c.totals()[1])}, "
            f"change {Rupiah(c.cost())}",
            f"winners {_count(c.winners())}, losers {_count(c.losers())}"
            + (
                f" (sample: {int(c.winners(weighted=False)):,} and "
                f"{int(c.losers(weighted=False)):,})"
                if weighted
                else ""
            ),
        ]
    for name in sim.unknown_parameters:
        lines.append(f"unknown parameter, not applied: {name} (set it with a reform file)")
    table = {k: v for k, v in _table(sim, by).items() if k not in _TEXT_HIDDEN}
    label = ", ".join(by)
    if by == ("province",):
        label = f"province (Kemendagri province code, names on {at})"
    lines += ["", f"by {label}" + (" (weighted; sample_ columns unweighted)" if weighted else "")]
    lines += _format_table(table)
    what = "weighted " if weighted else ""
    lines += ["", f"by component ({what}counted members, yearly amount)"]
    rows = weighted_cost_by_component(base, sim.params)
    rows_new = None
    if c is not None and c.reform_params is not None:
        rows_new = weighted_cost_by_component(c.reform, c.reform_params)
    for name, (n, amount) in rows.items():
        row = f"  {name:<18} {n:>12,.0f} {Rupiah(amount).format():>22}"
        if rows_new is not None:
            n2, a2 = rows_new[name]
            row += f"  reform {n2:>12,.0f} {Rupiah(a2).format():>22}"
        lines.append(row)
    return "\n".join(lines)


def weighted_cost_by_component(
    r: PopulationResult, params: ParameterSet
) -> dict[str, tuple[float, int]]:
    """:func:`cost_by_component` weighted by the population's weights: counted members
    (weighted) and their yearly amount per component, and the fixed amounts; the amounts
    add up to the weighted total (up to the rupiah rounding of each line)."""
    pop = r.population
    if not pop.weighted:
        return {k: (float(n), a) for k, (n, a) in cost_by_component(r, params).items()}
    w = pop.weight
    t = summarize(r, "component", params=params)
    out: dict[str, tuple[float, int]] = {}
    found = dict(
        zip(t["component"].tolist(), zip(t["counted"], t["amount"], strict=True), strict=True)
    )
    for comp in COMPONENT_CODES:
        n, amount = found.get(comp.code, (0.0, 0))
        out[comp.code] = (float(n), int(amount))
    fixed = float(np.dot(r.fixed[r.eligible].astype(np.float64), w[r.eligible]))
    out["bantuan tetap"] = (float(w[r.eligible].sum()), round(fixed))
    return out


_MONEY = ("cost", "amount", "change")


_TEXT_HIDDEN = ("sample_winners", "sample_losers", "sample_kpm")


def _cell(name: str, value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and name.startswith(_MONEY):
        return Rupiah(value).format()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)


def _format_table(table: Table) -> list[str]:
    names = list(table)
    n = len(next(iter(table.values()))) if table else 0
    cells = [[_cell(k, table[k][i]) for k in names] for i in range(n)]
    widths = [max([len(k)] + [len(row[j]) for row in cells]) for j, k in enumerate(names)]
    text_cols = {j for j, k in enumerate(names) if table[k].dtype == object}

    def line(values: list[str]) -> str:
        return "  " + " ".join(
            v.ljust(w) if j in text_cols else v.rjust(w)
            for j, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    return [line(names)] + [line(row) for row in cells]


def render(sim: Simulation, by: Sequence[str] = ("province",), fmt: str = "text") -> str:
    """The summary of ``sim`` grouped by ``by`` as ``"text"`` (tables for reading),
    ``"csv"`` (the grouped table, one header row, rupiah as integers) or ``"json"`` (one
    object: source, weighting, totals, unknown parameters and the grouped rows).

    Raises:
        ValidationError: for an unknown format or column.
    """
    keys = check_columns(by)
    if fmt == "text":
        return _render_text(sim, keys)
    table = _table(sim, keys)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(list(table))
        for row in _rows(table):
            writer.writerow(list(row.values()))
        return buf.getvalue().rstrip("\n")
    if fmt == "json":
        base = sim.result
        doc = {
            "programme": "PKH",
            "at": base.at.isoformat(),
            "year": base.year,
            "source": sim.source,
            "weighting": sim.population.weight_basis,
            "unknown_parameters": list(sim.unknown_parameters),
            "totals": _totals(sim),
            "by": list(keys),
            "rows": _rows(table),
        }
        return json.dumps(doc, ensure_ascii=False, indent=1)
    raise ValidationError("--format", f"must be one of {', '.join(FORMATS)}", shown=repr(fmt))
