"""The IKPA rule-set model: the rule sets versioned by fiscal year and their loader.

The rule sets live in ``dayasos/budget/data/ikpa.toml``: weights, periods, scoring tables,
penyerapan targets and the dispensasi deduction of each regime (PER-4/PB/2020,
PER-4/PB/2021, PER-5/PB/2022 for TA 2022-2023, PER-5/PB/2024 for TA 2024-2026), each value
with its public source and an ``unverified`` flag where that source is secondary (M), weak
(L), or no source gives the value. The scoring is :mod:`dayasos.budget.ikpa`.

Examples:
    >>> rules = ikpa_rules(2024)
    >>> rules.name, rules.weights["deviasi_halaman_iii"]
    ('PER-5/PB/2024', 15)
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from attrs import define, field

from dayasos._data import parse_sources, parse_toml, read_data_text
from dayasos.errors import ParameterFileError, ParameterValueUnknownError, ValidationError
from dayasos.law import Confidence, LegalBasis
from dayasos.parameters.sources import SourceUse

__all__ = [
    "IkpaCategory",
    "IkpaRuleSet",
    "RuleValue",
    "ikpa_rules",
    "ikpa_source_uses",
    "load_ikpa_rules",
]


class IkpaCategory(enum.Enum):
    """IKPA category of a final score."""

    SANGAT_BAIK = "sangat baik"
    BAIK = "baik"
    CUKUP = "cukup"
    KURANG = "kurang"


@define(frozen=True, slots=True)
class RuleValue:
    """One rule-set parameter with its source and whether it is verified."""

    value: Any
    source: LegalBasis
    confidence: Confidence
    unverified: bool
    note: str | None = None


@define(frozen=True, slots=True)
class IkpaRuleSet:
    """The IKPA rules of a range of fiscal years."""

    name: str
    from_year: int
    until_year: int
    params: Mapping[str, RuleValue] = field(repr=False)

    def get(self, name: str) -> Any:
        """The value of a parameter; unknown ones raise ``ParameterValueUnknownError``."""
        if name not in self.params:
            raise ParameterValueUnknownError(
                f"ikpa.{name}",
                date(self.from_year, 1, 1),
                f"not given for {self.name} in the sources read",
            )
        return self.params[name].value

    @property
    def weights(self) -> dict[str, int]:
        """Indicator weights (they sum to 100)."""
        return dict(self.get("weights"))

    @property
    def unverified(self) -> tuple[str, ...]:
        """Names of the parameters flagged unverified."""
        return tuple(sorted(k for k, v in self.params.items() if v.unverified))

    def category(self, score: Fraction) -> IkpaCategory:
        """Category of a final score (thresholds are lower bounds, inclusive)."""
        c = self.get("categories")
        if score >= c["sangat_baik"]:
            return IkpaCategory.SANGAT_BAIK
        if score >= c["baik"]:
            return IkpaCategory.BAIK
        if score >= c["cukup"]:
            return IkpaCategory.CUKUP
        return IkpaCategory.KURANG


_ALLOWED = frozenset({"value", "source", "confidence", "unverified", "note"})


def ikpa_source_uses(
    rule_sets: Iterable[IkpaRuleSet] | None = None,
) -> tuple[SourceUse, ...]:
    """Every value of the IKPA rule sets (default: the shipped ones) with its source, as
    :class:`~dayasos.parameters.sources.SourceUse` for the *Sources and confidence* page.

    Examples:
        >>> uses = ikpa_source_uses()
        >>> u = next(u for u in uses if u.name == "ikpa PER-4/PB/2020: revisi_zero_score")
        >>> u.status, u.source.is_regulation
        ('unverified', True)
    """
    out: list[SourceUse] = []
    for rs in _shipped() if rule_sets is None else rule_sets:
        start, end = date(rs.from_year, 1, 1), date(rs.until_year, 12, 31)
        for name in sorted(rs.params):
            rv = rs.params[name]
            status = (
                "unverified"
                if rv.unverified or rv.confidence is not Confidence.HIGH
                else ("verified")
            )
            out.append(
                SourceUse(
                    f"ikpa {rs.name}: {name}",
                    start,
                    end,
                    _show(rv.value),
                    rv.confidence,
                    status,
                    rv.source,
                    rv.note,
                    "ikpa.toml",
                )
            )
    return tuple(out)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _parse(text: str, file: str) -> tuple[IkpaRuleSet, ...]:
    doc = parse_toml(text, file)
    sources = parse_sources(doc.get("sources", {}), file)
    out = []
    for i, rs in enumerate(doc.get("rulesets", [])):
        where = f"rulesets[{i}]"
        params: dict[str, RuleValue] = {}
        for name, entry in rs.items():
            if name in ("name", "from_year", "until_year"):
                continue
            if not isinstance(entry, dict) or "value" not in entry or not set(entry) <= _ALLOWED:
                raise ParameterFileError(
                    file, f"{where}.{name}", "must be a table with value, source, confidence"
                )
            if entry.get("source") not in sources:
                raise ParameterFileError(file, f"{where}.{name}", "names an unknown source")
            conf = Confidence.parse(str(entry.get("confidence", "")))
            unverified = bool(entry.get("unverified", False))
            if conf is not Confidence.HIGH and not unverified:
                raise ParameterFileError(
                    file,
                    f"{where}.{name}",
                    "is rated below H and must be flagged unverified = true",
                )
            params[name] = RuleValue(
                entry["value"], sources[entry["source"]], conf, unverified, entry.get("note")
            )
        rule = IkpaRuleSet(rs["name"], rs["from_year"], rs["until_year"], params)
        weights = rule.weights
        if sum(weights.values()) != 100:
            raise ParameterFileError(
                file, f"{where}.weights", f"sum to {sum(weights.values())}, not 100"
            )
        out.append(rule)
    return tuple(out)


def load_ikpa_rules(path: str | Path | None = None) -> tuple[IkpaRuleSet, ...]:
    """The IKPA rule sets of the shipped data file, or of your own file in the same format."""
    if path is None:
        return _shipped()
    p = Path(path)
    return _parse(p.read_text(encoding="utf-8"), p.name)


@functools.cache
def _shipped() -> tuple[IkpaRuleSet, ...]:
    return _parse(read_data_text("dayasos.budget", "ikpa.toml"), "ikpa.toml")


def ikpa_rules(fiscal_year: int) -> IkpaRuleSet:
    """The shipped rule set in force for ``fiscal_year`` (2020-2026)."""
    for rule in _shipped():
        if rule.from_year <= fiscal_year <= rule.until_year:
            return rule
    raise ValidationError(
        "fiscal_year", "has no IKPA rule set (known: 2020-2026)", shown=str(fiscal_year)
    )
