"""Public statistics that dayasos uses as weights and for calibration, never as rules: each
comes from a data file with its source and says which figures are estimated.

Statistics number provinces in the **BPS** system (Papua 94, Papua Barat 91), the registry in
the **Kemendagri** system (Papua 91, Papua Barat 92): every figure carries both codes, mapped
by :mod:`dayasos.registry.regions` on the figures' date.

Examples:
    >>> table = poor_population_2020()
    >>> len(table), sum(p.thousands for p in table)
    (34, Fraction(660241, 25))
    >>> jatim = next(p for p in table if p.code == "35")
    >>> (jatim.name, jatim.thousands, jatim.estimated)
    ('Jawa Timur', Fraction(4420, 1), False)
    >>> papua = next(p for p in table if p.name == "Papua")
    >>> papua.code, papua.kemendagri_code, papua.thousands, papua.source.publisher
    ('94', '91', Fraction(91137, 100), 'Pasific Pos')
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from functools import cache

from attrs import define, field

from dayasos._data import parse_sources, read_toml
from dayasos.errors import ParameterFileError, ValidationError
from dayasos.law import Confidence, LegalBasis
from dayasos.registry.regions import CodeSystem, ProvinceCode, convert_province_code, province

__all__ = [
    "ProvinceFigure",
    "poor_population_2020",
    "poor_population_2020_date",
    "poor_population_2020_source",
]


@define(frozen=True, slots=True)
class ProvinceFigure:
    """A province's figure.

    Attributes:
        code: the province's **BPS** code (the system of the statistics; :attr:`system`).
        name: the province's name.
        island: the island group (``"jawa"``, ``"maluku_papua"``, ...).
        thousands: the value, in thousands.
        estimated: whether the value is an estimate of dayasos rather than a reported figure.
        kemendagri_code: the same province's Kemendagri code on the figure's date (the code
            of NIK, No. KK and the registry).
        source: the report of this figure when it is not the table's source
            (:func:`poor_population_2020_source`), else ``None``.
    """

    code: str
    name: str
    island: str
    thousands: Fraction
    estimated: bool
    kemendagri_code: str
    source: LegalBasis | None = field(default=None, repr=False, eq=False)

    @property
    def system(self) -> CodeSystem:
        """The numbering system of :attr:`code`: always :attr:`CodeSystem.BPS`."""
        return CodeSystem.BPS

    @property
    def province_code(self) -> ProvinceCode:
        """:attr:`code` with its system."""
        return ProvinceCode(self.code, CodeSystem.BPS)


@cache
def _load() -> tuple[LegalBasis, Confidence, date, tuple[ProvinceFigure, ...]]:
    name = "poor_population_2020.toml"
    doc = read_toml("dayasos.statistics", name)
    sources = parse_sources(doc.get("sources", {}), name)
    try:
        if CodeSystem.parse(doc["code_system"]) is not CodeSystem.BPS:
            raise ValueError("code_system must be 'bps'")
        year, month = (int(x) for x in doc["month"].split("-"))
        on = date(year, month, 1)
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
            if province(row["code"], on, CodeSystem.BPS).name != row["name"]:
                raise ValueError(f"BPS province {row['code']} is not named {row['name']!r}")
            if "thousands" in row:
                known[row["island"]] = known.get(row["island"], Fraction(0)) + Fraction(
                    row["thousands"]
                )
            else:
                unknown[row["island"]] = unknown.get(row["island"], 0) + 1
        for island, total in known.items():
            if total > islands[island]:
                raise ValueError(f"island {island}: the reported provinces exceed its total")
        out = []
        for row in rows:
            island = row["island"]
            if "thousands" in row:
                value, estimated = Fraction(row["thousands"]), False
            else:
                rest = islands[island] - known.get(island, Fraction(0))
                value, estimated = rest / unknown[island], True
            kemendagri = convert_province_code(
                row["code"], source=CodeSystem.BPS, target=CodeSystem.KEMENDAGRI, on=on
            )
            figure_source = sources[row["source"]] if "source" in row else None
            out.append(
                ProvinceFigure(
                    row["code"], row["name"], island, value, estimated, kemendagri, figure_source
                )
            )
    except (KeyError, ValueError, TypeError, ValidationError) as exc:
        raise ParameterFileError(name, "statistics", str(exc)) from exc
    return basis, confidence, on, tuple(out)


def poor_population_2020() -> tuple[ProvinceFigure, ...]:
    """Poor population by province, March 2020 (thousands; 34 provinces of 2020, BPS codes).

    Thirteen provinces are reported figures (DKI Jakarta, Papua and Papua Barat each with
    their own report in :attr:`ProvinceFigure.source`); the other 21 share the rest of their
    island group's reported total equally (``estimated``). Source:
    :func:`poor_population_2020_source`.
    """
    return _load()[3]


def poor_population_2020_source() -> tuple[LegalBasis, Confidence]:
    """Where :func:`poor_population_2020` comes from, and how sure it is (M)."""
    basis, confidence, _, _ = _load()
    return basis, confidence


def poor_population_2020_date() -> date:
    """The day the codes of :func:`poor_population_2020` are read on: 1 March 2020 (the
    figures describe March 2020, before the 2022 creation of the new Papuan provinces).

    Examples:
        >>> poor_population_2020_date()
        datetime.date(2020, 3, 1)
    """
    return _load()[2]
