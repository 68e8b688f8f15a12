"""The frame of the population charts (:mod:`dayasos.population.plot`): figures built
without pyplot (shown as PNG in Jupyter), axes scaled to a unit in words (``Rp miliar``,
``juta``), titles and the caption that says the data source, the rules and the weighting.

Examples:
    >>> scale_unit([2_500_000_000], RUPIAH_UNITS)
    (1000000000, 'miliar')
"""

from __future__ import annotations

import importlib
import io
import sys
import textwrap
from typing import Any

import numpy as np
import numpy.typing as npt

from dayasos._version import __version__
from dayasos.population.columns import Population
from dayasos.population.formatting import RUPIAH_UNITS, format_number
from dayasos.population.groups import unknown_parameters
from dayasos.population.reform import ReformComparison

__all__ = [
    "COUNT_UNITS",
    "RUPIAH_UNITS",
    "axis",
    "caption",
    "figure_class",
    "finish",
    "rules_text",
    "scale_unit",
    "ticker",
]

COUNT_UNITS = ((10**6, "juta"), (10**3, "ribu"))
"""Family counts: the unit words and their sizes, largest first."""


def figure_class() -> Any:
    """matplotlib's ``Figure`` class, registered for PNG display in a Jupyter kernel.

    Raises:
        ImportError: without matplotlib, naming the extra to install.
    """
    try:
        figure = importlib.import_module("matplotlib.figure").Figure
    except ImportError as exc:
        raise ImportError("charts need matplotlib: pip install 'dayasos[plot]'") from exc
    _show_in_ipython(figure)
    return figure


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _show_in_ipython(figure: Any) -> None:
    """In a Jupyter kernel, display a returned Figure as a PNG (no ``%matplotlib`` needed)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    if figure not in formatter.type_printers:
        formatter.for_type(figure, _png)


def ticker() -> Any:
    """The ``matplotlib.ticker`` module."""
    return importlib.import_module("matplotlib.ticker")


def scale_unit(values: npt.ArrayLike, units: tuple[tuple[int, str], ...]) -> tuple[int, str]:
    """The largest unit of ``units`` not above the largest absolute value (``(1, "")``
    below all)."""
    top = float(np.max(np.abs(np.asarray(values, dtype=np.float64)), initial=0.0))
    for size, word in units:
        if top >= size:
            return size, word
    return 1, ""


def axis(ax: Any, which: str, values: npt.ArrayLike, what: str, money: bool) -> None:
    """Scale the ``which`` ("x"/"y") axis to a unit in words and label it."""
    size, word = scale_unit(values, RUPIAH_UNITS if money else COUNT_UNITS)
    fmt = ticker().FuncFormatter(lambda v, _pos: format_number(v / size))
    getattr(ax, f"{which}axis").set_major_formatter(fmt)
    unit = (f"Rp {word}" if word else "Rp") if money else (word or "")
    if not money and word:
        unit = f"{word} = 10^{len(str(size)) - 1}"
    getattr(ax, f"set_{which}label")(f"{what} ({unit})" if unit else what)


def caption(pop: Population, rules: str, source: str | None = None) -> str:
    """The caption of a chart: data source, rules and weighting, in one paragraph."""
    data = source or pop.source or "a population not described (Population.described)"
    weights = (
        pop.weight_basis
        if pop.weighted
        else "unweighted (each row one family: figures are those of the rows, not national)"
    )
    return (
        f"Data: {data}; {pop.n_families:,} families in the sample. Rules: {rules}, computed "
        f"with dayasos {__version__}. Weighting: {weights}. Units: ribu 10^3, juta 10^6, "
        f"miliar 10^9, triliun 10^12; decimal comma."
    )


def _value(params: Any, name: str, at: Any) -> str:
    try:
        v = params.value(name, at).value
    except LookupError:
        return "none"
    if isinstance(v, int) and not isinstance(v, bool) and v >= 1000:
        return "Rp" + format_number(v, 0)
    return "unknown" if v is None else str(v)


def rules_text(c: ReformComparison) -> str:
    """The rules of a comparison for a caption: programme, year, date and each change."""
    at = c.baseline.at
    changes = []
    for name in c.changed_parameters:
        if c.baseline_params is not None and c.reform_params is not None:
            old = _value(c.baseline_params, name, at)
            new = _value(c.reform_params, name, at)
            changes.append(f"{name} {old} -> {new}")
        else:
            changes.append(name)
    text = (
        f"PKH {c.baseline.year} on {at}, baseline vs reform ({'; '.join(changes) or 'no change'})"
    )
    if c.baseline_params is not None and c.reform_params is not None:
        unknown = unknown_parameters(c.population, at, c.baseline_params, c.reform_params)
        if unknown:
            text += " (unknown, so not applied: " + ", ".join(unknown) + ")"
    return text


def finish(fig: Any, title: str, text: str) -> Any:
    """Title ``fig`` and write the caption ``text`` under it, wrapped to its width."""
    lines = textwrap.wrap(text, width=int(fig.get_figwidth() * 13))
    height = fig.get_figheight()
    bottom = (0.35 + 0.19 * len(lines)) / height
    fig.suptitle(title, fontsize=12, fontweight="bold")
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=8.5, color="#333333", va="bottom")
    fig.tight_layout(rect=(0.0, bottom, 1.0, 0.97))
    return fig
