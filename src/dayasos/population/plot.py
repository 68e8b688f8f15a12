"""Ready-made charts of a reform comparison or a result (needs matplotlib: the ``plot`` extra).

Each function returns a :class:`matplotlib.figure.Figure` (built without pyplot, so nothing is
shown or kept open unless you display it; in Jupyter a returned figure shows as a PNG) with a title, axis labels and a caption that states
the data source, the rules' year and the weighting, so a chart read on its own says what it
shows. Change the figure as usual (``fig.axes[0].set_title(...)``) and save it with
``fig.savefig("chart.png")``.

Rupiah follow Indonesian usage: a comma before decimals, a dot between thousands, and the
unit in words on the axis: ``Rp juta`` (10^6), ``Rp miliar`` (10^9), ``Rp triliun``
(10^12), so an axis labelled *Rp miliar* with a tick ``1.250`` reads Rp1.250 miliar, and
:func:`format_rupiah` writes ``Rp1,2 triliun``. Family counts use ``ribu`` (thousand) and
``juta`` (million) the same way.

Examples:
    >>> format_rupiah(1_234_000_000_000)  # re-exported from dayasos.population.formatting
    'Rp1,2 triliun'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dayasos.errors import ValidationError
from dayasos.population.chart_frame import (
    axis,
    caption,
    figure_class,
    finish,
    rules_text,
    scale_unit,
    ticker,
)
from dayasos.population.formatting import RUPIAH_UNITS, format_number, format_rupiah
from dayasos.population.groups import FAMILY_KEYS, summarize
from dayasos.population.kernel import PopulationResult
from dayasos.population.reform import ReformComparison

__all__ = [
    "caption",
    "change_by_decile",
    "change_distribution",
    "change_heatmap",
    "cost_by_province",
    "format_number",
    "format_rupiah",
    "reform_charts",
    "winners_and_losers",
]

_GAIN, _LOSS, _BASE = "#1b7837", "#b2182b", "#8c8c8c"


def change_by_decile(c: ReformComparison, *, source: str | None = None) -> Any:
    """Two panels by welfare decile: the weighted change in yearly entitlements (rupiah) and
    the change as a percentage of the decile's baseline entitlements."""
    t = c.by("desil")
    desil = t["desil"]
    change = t["change"].astype(np.float64)
    base = t["cost_baseline"].astype(np.float64)
    pct = np.divide(change * 100.0, base, out=np.zeros_like(change), where=base != 0)
    fig = figure_class()(figsize=(10, 4.8))
    ax1, ax2 = fig.subplots(1, 2)
    labels = [str(d) if d else "unranked" for d in desil.tolist()]
    colours = [_GAIN if v >= 0 else _LOSS for v in change.tolist()]
    ax1.bar(labels, change, color=colours)
    ax1.axhline(0, color="black", linewidth=0.8)
    axis(ax1, "y", change, "Change in yearly entitlements", money=True)
    ax1.set_xlabel("Welfare decile (desil; 1 = poorest tenth)")
    ax1.set_title("Change, rupiah a year", fontsize=10)
    ax2.bar(labels, pct, color=[_GAIN if v >= 0 else _LOSS for v in pct.tolist()])
    ax2.axhline(0, color="black", linewidth=0.8)
    ax2.yaxis.set_major_formatter(ticker().FuncFormatter(lambda v, _p: format_number(v) + " %"))
    ax2.set_ylabel("Change (% of the decile's baseline)")
    ax2.set_xlabel("Welfare decile (desil; 1 = poorest tenth)")
    ax2.set_title("Change, % of baseline entitlements", fontsize=10)
    total = format_rupiah(c.cost())
    return finish(
        fig,
        f"PKH {c.baseline.year} reform: change by welfare decile (total {total} a year)",
        caption(c.population, rules_text(c), source),
    )


def winners_and_losers(c: ReformComparison, by: str = "desil", *, source: str | None = None) -> Any:
    """Weighted families whose yearly entitlement rises (winners) and falls (losers), by a
    family key (``"desil"``, ``"province"``, ``"size_band"``, ``"remote"``, ...).

    Raises:
        ValidationError: when ``by`` is not a family key.
    """
    if by not in FAMILY_KEYS:
        raise ValidationError("by", f"must be a family key: {', '.join(FAMILY_KEYS)}", shown=by)
    t = c.by(by)
    labels = (
        [str(n) for n in t["province_name"].tolist()]
        if by == "province"
        else [str(v) for v in t[by].tolist()]
    )
    win, lose = t["winners"], t["losers"]
    horizontal = by == "province"
    fig = figure_class()(figsize=(10, 9 if horizontal else 4.8))
    ax = fig.subplots()
    pos = np.arange(len(labels), dtype=np.float64)
    if horizontal:
        ax.barh(pos - 0.2, win, height=0.4, color=_GAIN, label="winners (entitlement rises)")
        ax.barh(pos + 0.2, lose, height=0.4, color=_LOSS, label="losers (entitlement falls)")
        ax.set_yticks(pos, labels, fontsize=8)
        ax.invert_yaxis()
        axis(ax, "x", np.concatenate([win, lose]), "Families, weighted", money=False)
    else:
        ax.bar(pos - 0.2, win, width=0.4, color=_GAIN, label="winners (entitlement rises)")
        ax.bar(pos + 0.2, lose, width=0.4, color=_LOSS, label="losers (entitlement falls)")
        ax.set_xticks(pos, labels)
        ax.set_xlabel(_KEY_LABELS.get(by, by))
        axis(ax, "y", np.concatenate([win, lose]), "Families, weighted", money=False)
    ax.legend(frameon=False)
    ax.set_title(
        f"In all: {format_number(round(c.winners()))} winners, "
        f"{format_number(round(c.losers()))} losers (weighted families)",
        fontsize=10,
    )
    return finish(
        fig,
        f"PKH {c.baseline.year} reform: winners and losers by {_SHORT.get(by, by)}",
        caption(c.population, rules_text(c), source),
    )


_SHORT = {
    "desil": "welfare decile",
    "size_band": "family size",
    "size": "family size",
    "province": "province",
}
_KEY_LABELS = {
    "desil": "Welfare decile (desil; 1 = poorest tenth)",
    "province": "Province",
    "size_band": "Persons in the family",
    "size": "Persons in the family",
    "remote": "Lives in a PKH akses (remote) area",
    "excluded": "Status not active",
    "registered": "Registered in DTKS/DTSEN",
    "cause": "Cause of the change",
}


def cost_by_province(
    data: ReformComparison | PopulationResult, *, source: str | None = None
) -> Any:
    """Weighted yearly PKH entitlements by province (largest first): of a result; or of a
    comparison's baseline, with the reform's change beside it (a second panel, since a
    change of a few percent is invisible on bars of the totals)."""
    if isinstance(data, ReformComparison):
        t = data.by("province")
        base, change = t["cost_baseline"], t["change"]
        pop, year, rules = data.population, data.baseline.year, rules_text(data)
        title = (
            f"PKH {year}: yearly entitlements by province and the reform's change "
            f"(total {format_rupiah(data.cost())})"
        )
    else:
        t = summarize(data, "province")
        base, change = t["cost"], None
        pop, year = data.population, data.year
        rules = f"PKH {year} on {data.at}"
        title = (
            f"PKH {year}: yearly entitlements by province "
            f"(total {format_rupiah(float(base.sum()))})"
        )
    order = np.argsort(-base, kind="stable")
    names = [str(t["province_name"][i]) or str(t["province"][i]) for i in order.tolist()]
    fig = figure_class()(figsize=(10, 9))
    pos = np.arange(len(names), dtype=np.float64)
    if change is None:
        ax = fig.subplots()
        axes = [ax]
    else:
        ax, ax2 = fig.subplots(1, 2, sharey=True)
        axes = [ax, ax2]
        delta = change[order].astype(np.float64)
        ax2.barh(pos, delta, color=[_GAIN if v >= 0 else _LOSS for v in delta.tolist()])
        ax2.axvline(0, color="black", linewidth=0.8)
        axis(ax2, "x", delta, "Change under the reform", money=True)
        ax2.set_title("Change, rupiah a year", fontsize=10)
        ax.set_title("Baseline, rupiah a year", fontsize=10)
    ax.barh(pos, base[order], color="#2166ac")
    ax.set_yticks(pos, names, fontsize=8)
    ax.invert_yaxis()
    axis(ax, "x", base, "Yearly entitlements", money=True)
    for a in axes:
        a.grid(axis="x", color="#dddddd", linewidth=0.6)
        a.set_axisbelow(True)
    return finish(fig, title, caption(pop, rules, source))


def change_distribution(c: ReformComparison, *, bins: int = 30, source: str | None = None) -> Any:
    """Histogram of the per-family change in yearly entitlements (weighted families), over
    the families whose entitlement changes; the title says how many do not change."""
    changed = c.change != 0
    w = c.population.weight
    fig = figure_class()(figsize=(10, 4.8))
    ax = fig.subplots()
    values = c.change[changed].astype(np.float64)
    distinct, inverse = np.unique(values, return_inverse=True)
    if 0 < distinct.size <= 2 * bins:
        # few distinct changes (an index change moves families by whole index steps): one
        # bar per value, labelled
        heights = np.bincount(inverse.reshape(-1), weights=w[changed])
        width = float(np.min(np.diff(distinct))) * 0.6 if distinct.size > 1 else 1.0
        colours = [_GAIN if v > 0 else _LOSS for v in distinct.tolist()]
        ax.bar(distinct, heights, width=width, color=colours)
        ax.set_xticks(distinct, [format_rupiah(v) for v in distinct.tolist()], fontsize=8)
        ax.set_xlabel("Change per family (rupiah a year)")
        top = heights
    else:
        if values.size:
            ax.hist(values, bins=bins, weights=w[changed], color="#2166ac")
        axis(ax, "x", values if values.size else np.zeros(1), "Change per family", money=True)
        top = np.asarray([w[changed].sum()])
    axis(ax, "y", top, "Families, weighted", money=False)
    unchanged = float(w[~changed].sum())
    return finish(
        fig,
        f"PKH {c.baseline.year} reform: change per family, rupiah a year "
        f"({format_number(round(unchanged))} families unchanged, not shown)",
        caption(c.population, rules_text(c), source),
    )


def change_heatmap(
    c: ReformComparison,
    rows: str = "province",
    columns: str = "desil",
    *,
    source: str | None = None,
) -> Any:
    """The weighted change in yearly entitlements by two family keys at once (default
    province × desil), one cell per pair, its value written in the cell.

    Raises:
        ValidationError: when a key is not a family key, or both keys are the same.
    """
    for key in (rows, columns):
        if key not in FAMILY_KEYS:
            raise ValidationError(
                "keys", f"must be family keys: {', '.join(FAMILY_KEYS)}", shown=key
            )
    if rows == columns:
        raise ValidationError("keys", "rows and columns must differ", shown=rows)
    t = c.by(rows, columns)
    row_keys = list(dict.fromkeys(t[rows].tolist()))
    col_keys = sorted(set(t[columns].tolist()), key=str)
    if columns not in ("size_band", "cause"):
        col_keys = sorted(set(t[columns].tolist()))
    grid = np.zeros((len(row_keys), len(col_keys)), dtype=np.float64)
    for r, k, v in zip(t[rows].tolist(), t[columns].tolist(), t["change"].tolist(), strict=True):
        grid[row_keys.index(r), col_keys.index(k)] = v
    if rows == "province":
        names = dict(zip(t["province"].tolist(), t["province_name"].tolist(), strict=True))
        row_labels = [str(names[r]) for r in row_keys]
    else:
        row_labels = [str(r) for r in row_keys]
    size, word = scale_unit(grid, RUPIAH_UNITS)
    scaled = grid / size
    top = float(np.max(np.abs(scaled), initial=0.0)) or 1.0
    fig = figure_class()(figsize=(10, max(4.8, 0.28 * len(row_keys) + 2.5)))
    ax = fig.subplots()
    image = ax.imshow(scaled, cmap="PRGn", vmin=-top, vmax=top, aspect="auto")
    for i in range(scaled.shape[0]):
        for j in range(scaled.shape[1]):
            v = scaled[i, j]
            colour = "white" if abs(v) > 0.6 * top else "black"
            ax.text(j, i, format_number(v, 1), ha="center", va="center", fontsize=7, color=colour)
    ax.set_xticks(np.arange(len(col_keys)), [str(k) for k in col_keys])
    ax.set_yticks(np.arange(len(row_keys)), row_labels, fontsize=8)
    ax.set_xlabel(_KEY_LABELS.get(columns, columns))
    ax.set_ylabel(_KEY_LABELS.get(rows, rows))
    bar = fig.colorbar(image, ax=ax, shrink=0.6)
    bar.set_label(f"Change, rupiah a year (Rp {word})" if word else "Change, rupiah a year")
    bar.ax.yaxis.set_major_formatter(ticker().FuncFormatter(lambda v, _p: format_number(v)))
    return finish(
        fig,
        f"PKH {c.baseline.year} reform: change by {_SHORT.get(rows, rows)} and "
        f"{_SHORT.get(columns, columns)} (Rp {word}; total {format_rupiah(c.cost())})",
        caption(c.population, rules_text(c), source),
    )


def reform_charts(c: ReformComparison, *, source: str | None = None) -> dict[str, Any]:
    """Every ready-made chart of a comparison, by name (for a report or ``--plot``)."""
    return {
        "change_by_decile": change_by_decile(c, source=source),
        "winners_and_losers": winners_and_losers(c, "desil", source=source),
        "cost_by_province": cost_by_province(c, source=source),
        "change_distribution": change_distribution(c, source=source),
        "change_heatmap": change_heatmap(c, source=source),
    }
