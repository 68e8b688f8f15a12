"""Rendering the parameter catalogue (every parameter, its history, dates and sources) as
Markdown for the documentation site and as plain text for the command line."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from attrs import evolve

from dayasos.errors import DayasosError
from dayasos.money import Rupiah
from dayasos.parameters.model import BaseUnit, Parameter, ParameterSet, ParameterValue

__all__ = ["format_value", "render_markdown", "render_text", "unverified_only"]


def format_value(parameter: Parameter, value: ParameterValue) -> str:
    """A value as a reader expects it: ``Rp3.000.000``, ``85 %``, ``1, 4, 7, 10``, ``unknown``."""
    v = value.value
    if v is None:
        return "unknown"
    base = parameter.unit.base
    if base is BaseUnit.RUPIAH and isinstance(v, int):
        return str(Rupiah(v))
    if base is BaseUnit.PERCENT:
        return f"{v} %"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, tuple):
        return ", ".join(str(x) for x in v)
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    return str(v)


def unverified_only(params: ParameterSet, *, at: date | None = None) -> ParameterSet:
    """The parameters of ``params`` that are not verified: without ``at``, each parameter with
    at least one unverified (confidence M or U) or unknown value, keeping only those values;
    with ``at``, the parameters whose value in force on ``at`` is unverified or unknown.

    Examples:
        >>> from dayasos.parameters import load_parameters
        >>> shipped = load_parameters()
        >>> u = unverified_only(shipped)
        >>> "kartu_sembako_2022.amount" in u, "sembako_kemensos_hadir.package_value" in u
        (False, True)
        >>> all(v.status != "verified" for p in u for v in p.values)
        True
    """
    kept: dict[str, Parameter] = {}
    for p in params:
        if at is not None:
            try:
                if p.at(at).status != "verified":
                    kept[p.name] = p
            except LookupError:
                continue
            continue
        values = tuple(v for v in p.values if v.status != "verified")
        if values:
            kept[p.name] = evolve(p, values=values)
    return ParameterSet(kept, name=params.name)


def differs_on(a: ParameterSet, b: ParameterSet, name: str, days: Iterable[date]) -> bool:
    """Whether parameter ``name`` has a different value in ``a`` and ``b`` on any of ``days``
    (a value missing or unknown in one set and known in the other differs; missing in both
    does not). What a reform changed, seen on the days a computation reads.

    Examples:
        >>> from dayasos.parameters import load_parameters
        >>> base = load_parameters()
        >>> sd = base.with_value("pkh.index.sd", 1_200_000, start=date(2021, 1, 1))
        >>> differs_on(base, sd, "pkh.index.sd", [date(2020, 7, 1)])
        False
        >>> differs_on(base, sd, "pkh.index.sd", [date(2020, 7, 1), date(2021, 7, 1)])
        True
    """
    for d in days:
        try:
            va: object = a.value(name, d).value
        except DayasosError:
            va = None
        try:
            vb: object = b.value(name, d).value
        except DayasosError:
            vb = None
        if va != vb:
            return True
    return False


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(params: ParameterSet, *, at: date | None = None) -> str:
    """The whole catalogue as Markdown: a summary table with the value in force on ``at``,
    then one section per parameter with every dated value, its confidence and its source.

    Args:
        params: the parameters to list.
        at: the date of the "in force" column; ``None`` reads the clock (today). Pass a fixed
            date for a reproducible page (the documentation build does).
    """
    today = date.today() if at is None else at
    lines = [
        f"| parameter | unit | in force on {today.isoformat()} | status |",
        "| --- | --- | --- | --- |",
    ]
    for p in params:
        try:
            current = format_value(p, p.at(today))
        except LookupError:
            current = "—"
        flags = sorted({v.status for v in p.values})
        lines.append(
            f"| [`{p.name}`](#{p.name.replace('.', '')}) | `{p.unit}` | {_cell(current)} | "
            f"{', '.join(flags)} |"
        )
    lines.append("")
    for p in params:
        lines += [
            f"### `{p.name}` {{ #{p.name.replace('.', '')} }}",
            "",
            f"**{_cell(p.label)}** — {_cell(p.label_en)}. Unit: `{p.unit}`. File: `{p.file}`.",
            "",
        ]
        if p.description:
            lines += [_cell(p.description), ""]
        lines += [
            "| from | until | value | confidence | source | note |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for v in p.values:
            src = v.source.cite()
            if v.source.url:
                src = f"[{src}]({v.source.url})"
            lines.append(
                f"| {v.start.isoformat()} | {v.end.isoformat() if v.end else 'open'} | "
                f"{_cell(format_value(p, v))} | {v.confidence.value} | {_cell(src)} | "
                f"{_cell(v.note or '')} |"
            )
        lines.append("")
    return "\n".join(lines)


def render_text(params: ParameterSet, *, at: date | None = None) -> str:
    """The catalogue as plain text: one line per parameter and value (or only the value in
    force ``at`` a date), with its confidence and source."""
    out: list[str] = []
    for p in params:
        out.append(f"{p.name}  [{p.unit}]  {p.label_en}")
        values: tuple[ParameterValue, ...]
        if at is None:
            values = p.values
        else:
            try:
                values = (p.at(at),)
            except LookupError:
                out.append(f"    (no value at {at.isoformat()})")
                continue
        for v in values:
            until = v.end.isoformat() if v.end else "open"
            out.append(
                f"    {v.start.isoformat()} .. {until:<10}  {format_value(p, v):>16}  "
                f"{v.confidence.value}  {v.source.cite()}"
            )
    return "\n".join(out)
