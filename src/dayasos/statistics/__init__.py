"""Public statistics that dayasos uses as weights and for calibration, never as rules: each
comes from a data file with its source and says which figures are estimated.

Examples:
    >>> table = poor_population_2020()
    >>> len(table), sum(p.thousands for p in table)
    (34, Fraction(660241, 25))
    >>> jatim = next(p for p in table if p.code == "35")
    >>> (jatim.name, jatim.thousands, jatim.estimated)
    ('Jawa Timur', Fraction(4420, 1), False)
"""

from __future__ import annotations

import tomllib
from fractions import Fraction
from functools import cache
from importlib import resources

from attrs import define

from dayasos.errors import ParameterFileError
from dayasos.law import Confidence, LegalBasis

__all__ = ["ProvinceFigure", "poor_population_2020", "poor_population_2020_source"]


@define(frozen=True, slots=True)
class ProvinceFigure:
    """A province's figure: Kemendagri code (of the figure's year), name, island group,
    value, and whether the value is an estimate rather than a reported figure."""

    code: str
    name: str
    island: str
    thousands: Fraction
    estimated: bool


@cache
def _load() -> tuple[LegalBasis, Confidence, tuple[ProvinceFigure, ...]]:
    name = "poor_population_2020.toml"
    text = resources.files("dayasos.statistics").joinpath("data", name).read_text("utf-8")
    try:
        doc = tomllib.loads(text)
        src = doc["source"]
        basis = LegalBasis(src["document"], url=src.get("url"), note=src.get("note"))
        confidence = Confidence.parse(src["confidence"])
        islands = {k: Fraction(v) for k, v in doc["islands"].items()}
        rows = doc["provinces"]
        known: dict[str, Fraction] = {}
        unknown: dict[str, int] = {}
        for row in rows:
            if row["island"] not in islands:
                raise ValueError(f"province {row['code']}: unknown island {row['island']!r}")
            if "thousands" in row:
                known[row["island"]] = known.get(row["island"], Fraction(0)) + Fraction(
                    row["thousands"]
                )
            else:
                unknown[row["island"]] = unknown.get(row["island"], 0) + 1
        out = []
        for row in rows:
            island = row["island"]
            if "thousands" in row:
                value, estimated = Fraction(row["thousands"]), False
            else:
                rest = islands[island] - known.get(island, Fraction(0))
                value, estimated = rest / unknown[island], True
            out.append(ProvinceFigure(row["code"], row["name"], island, value, estimated))
    except (KeyError, ValueError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise ParameterFileError(name, "statistics", str(exc)) from exc
    return basis, confidence, tuple(out)


def poor_population_2020() -> tuple[ProvinceFigure, ...]:
    """Poor population by province, March 2020 (thousands; 34 provinces of 2020).

    Ten provinces are reported figures; the other 24 share the rest of their island group's
    reported total equally (``estimated``). Source: :func:`poor_population_2020_source`.
    """
    return _load()[2]


def poor_population_2020_source() -> tuple[LegalBasis, Confidence]:
    """Where :func:`poor_population_2020` comes from, and how sure it is (M)."""
    basis, confidence, _ = _load()
    return basis, confidence
