"""Provenance a reader can follow: every source, what uses it, and what is still uncertain.

:func:`source_uses` lists every dated parameter value of a set as a :class:`SourceUse` (the
parameter, its dates, the value as text, the confidence and status, the source);
:func:`render_sources_markdown` groups such uses by source for the documentation page
*Sources and confidence* and lists the values still unverified or unknown. Other rule data
(the IKPA rule sets of :mod:`dayasos.budget`) contribute their own uses. Nothing here reads the
clock: the page is the same on every build of the same data.

Examples:
    >>> from dayasos.parameters import load_parameters
    >>> uses = source_uses(load_parameters())
    >>> u = next(u for u in uses if u.name == "kartu_sembako_2022.amount")
    >>> u.value, u.status, u.source.publisher
    ('Rp200.000', 'verified', 'Kementerian Sosial')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from attrs import define

from dayasos.law import Confidence, LegalBasis
from dayasos.parameters.catalogue import format_value
from dayasos.parameters.model import ParameterSet

__all__ = ["SourceUse", "render_sources_markdown", "source_uses", "unverified_uses"]

_STATUSES = ("verified", "unverified", "unknown")


@define(frozen=True, slots=True)
class SourceUse:
    """One value that rests on a source: a parameter value, or a value of other rule data."""

    name: str
    """The parameter (``sembako.amount``) or rule (``ikpa PER-5/PB/2024: deviasi_free``)."""
    start: date | None
    """First day the value is in force (None: not dated, e.g. a rule set's years)."""
    end: date | None
    """Last day it is in force, or None when open-ended or not dated."""
    value: str
    """The value as a reader expects it (``Rp200.000``, ``unknown``)."""
    confidence: Confidence
    status: str
    """``"verified"``, ``"unverified"`` or ``"unknown"``."""
    source: LegalBasis
    note: str | None = None
    file: str = ""
    """The data file the value was read from."""

    @property
    def period(self) -> str:
        """The dates as text: ``2020-03-01..2020-12-31``, ``2021-01-01..`` or ``-``."""
        if self.start is None:
            return "-"
        return f"{self.start.isoformat()}..{self.end.isoformat() if self.end else ''}"


def source_uses(params: ParameterSet) -> tuple[SourceUse, ...]:
    """Every dated value of ``params`` with its source, by parameter name then date."""
    out: list[SourceUse] = []
    for p in params:
        for v in p.values:
            out.append(
                SourceUse(
                    p.name,
                    v.start,
                    v.end,
                    format_value(p, v),
                    v.confidence,
                    v.status,
                    v.source,
                    v.note,
                    p.file,
                )
            )
    return tuple(out)


def unverified_uses(uses: Iterable[SourceUse]) -> tuple[SourceUse, ...]:
    """The uses whose value is unverified (confidence M or U) or unknown, in the given order."""
    return tuple(u for u in uses if u.status != "verified")


def _cell(text: str | None) -> str:
    out = (text or "").replace("|", "\\|").replace("\n", " ")
    return out.replace("[", "\\[").replace("]", "\\]")


def _key(source: LegalBasis) -> tuple[str, str, str]:
    return (source.publisher or "", source.instrument, source.article or "")


def _kind(source: LegalBasis) -> str:
    if source.is_regulation:
        return "regulation" + (", public copy" if source.url else "")
    return "public page" if source.url else "not public (no address, not a regulation)"


def render_sources_markdown(uses: Iterable[SourceUse]) -> str:
    """The *Sources and confidence* page body: a summary, one section per source with the
    values that use it, and the table of values still unverified or unknown.

    Sources are ordered by publisher and title, values by name and date, so the same data
    always renders the same text.
    """
    items = sorted(uses, key=lambda u: (u.name, u.start or date.min))
    # one section per document: the same page or regulation cited from several data files
    # (with notes of their own) is listed once, with each distinct note
    by_doc: dict[tuple[str, str | None, str | None], list[SourceUse]] = {}
    for u in items:
        by_doc.setdefault((u.source.instrument, u.source.article, u.source.url), []).append(u)
    by_source: dict[LegalBasis, list[SourceUse]] = {
        group[0].source: group for group in by_doc.values()
    }
    notes: dict[LegalBasis, list[str]] = {
        group[0].source: sorted({u.source.note for u in group if u.source.note})
        for group in by_doc.values()
    }
    counts = {s: sum(1 for u in items if u.status == s) for s in _STATUSES}
    conf = {c: sum(1 for u in items if u.confidence is c) for c in Confidence}
    lines = [
        f"{len(by_source)} sources support {len(items)} values: "
        f"{conf[Confidence.HIGH]} of confidence H, {conf[Confidence.MEDIUM]} M and "
        f"{conf[Confidence.UNVERIFIED]} U; {counts['verified']} verified, "
        f"{counts['unverified']} unverified, {counts['unknown']} unknown.",
        "",
        "## Sources",
        "",
    ]
    for n, source in enumerate(sorted(by_source, key=_key), start=1):
        lines += [f"### {n}. {_cell(source.instrument)}", ""]
        lines.append(f"- Reference: {_cell(source.reference())}")
        lines.append(f"- Kind: {_kind(source)}")
        if source.quote:
            lines.append(f'- Quote: "{_cell(source.quote)}"')
        for note in notes[source]:
            lines.append(f"- Note: {_cell(note)}")
        lines += [
            "",
            "| value of | in force | value | confidence |",
            "| --- | --- | --- | --- |",
        ]
        for u in by_source[source]:
            lines.append(f"| `{u.name}` | {u.period} | {_cell(u.value)} | {u.confidence.value} |")
        lines.append("")
    lines += [
        "## Values still unverified or unknown",
        "",
        "Confidence M rests on one secondary source, U on none that confirms it; *unknown* "
        "values were not found in any source read and make a rule report `None` until a "
        "reform supplies them.",
        "",
        "| value of | in force | value | confidence | status | note |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for u in unverified_uses(items):
        lines.append(
            f"| `{u.name}` | {u.period} | {_cell(u.value)} | {u.confidence.value} | "
            f"{u.status} | {_cell(u.note)} |"
        )
    lines.append("")
    return "\n".join(lines)
