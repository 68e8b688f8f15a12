"""Hypothesis strategies for the registry's value types."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from dayasos.categories import DisabilitySeverity, SchoolLevel, Sex
from dayasos.registry import CodeSystem, Nik, NoKK, Person, ProvinceCode, RegionCode, provinces
from dayasos.registry.regions import province_changes, province_table_start

__all__ = [
    "niks",
    "no_kks",
    "province_codes",
    "province_days",
    "region_codes",
    "registry_persons",
]


def province_days(max_value: date = date(2035, 12, 31)) -> st.SearchStrategy[date]:
    """Days the province table covers, the days around each change of it drawn often."""
    start = province_table_start()
    edges = [d + timedelta(days=k) for d in province_changes() for k in (-1, 0, 1)]
    return st.one_of(
        st.sampled_from([d for d in edges if start <= d <= max_value]),
        st.dates(min_value=start, max_value=max_value),
    )


def province_codes(
    system: CodeSystem | None = None, on: date | None = None
) -> st.SearchStrategy[ProvinceCode]:
    """Province codes with their system that denote a province on ``on`` (``None``: the
    current table), in ``system`` or in either system."""
    systems = list(CodeSystem) if system is None else [system]
    return st.sampled_from([ProvinceCode(p.code, s) for s in systems for p in provinces(on, s)])


# Kabupaten/kota prefixes known to python-stdnum's region table (and 65.01, 95.01, which
# are accepted through the official province table).
_PREFIXES = ("1101", "1171", "3171", "3174", "3201", "3273", "3578", "5171", "7371", "6501", "9501")


@st.composite
def region_codes(draw: st.DrawFn) -> RegionCode:
    """Region codes of every level under a province of the official table."""
    prov = draw(st.sampled_from([p.code for p in provinces()]))
    level = draw(st.integers(0, 3))
    digits = prov
    if level >= 1:
        kk = draw(st.one_of(st.integers(1, 69), st.integers(71, 99)))
        digits += f"{kk:02d}"
    if level >= 2:
        digits += f"{draw(st.integers(1, 99)):02d}"
    if level >= 3:
        digits += f"{draw(st.sampled_from('12'))}{draw(st.integers(1, 999)):03d}"
    return RegionCode(digits)


def _nik_digits(prefix: str, kec: int, born: date, sex: Sex, serial: int) -> str:
    day = born.day + (40 if sex is Sex.PEREMPUAN else 0)
    return f"{prefix}{kec:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


@st.composite
def niks(draw: st.DrawFn, birth_date: date | None = None, sex: Sex | None = None) -> Nik:
    """Valid NIKs; with ``birth_date`` and ``sex`` given, NIKs that encode them."""
    born = birth_date or draw(st.dates(date(1925, 1, 1), date(2024, 12, 31)))
    s = sex or draw(st.sampled_from(list(Sex)))
    prefix = draw(st.sampled_from(_PREFIXES))
    return Nik(_nik_digits(prefix, draw(st.integers(1, 99)), born, s, draw(st.integers(1, 9999))))


@st.composite
def no_kks(draw: st.DrawFn) -> NoKK:
    """Valid No. KK numbers."""
    prefix = draw(st.sampled_from(_PREFIXES))
    return NoKK(prefix + draw(st.text("0123456789", min_size=12, max_size=12)))


@st.composite
def registry_persons(draw: st.DrawFn) -> Person:
    """Persons whose NIK agrees with their birth date and sex."""
    born = draw(st.dates(date(1925, 1, 1), date(2024, 12, 31)))
    sex = draw(st.sampled_from(list(Sex)))
    name = draw(
        st.lists(
            st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8), min_size=1, max_size=3
        )
    )
    due = (
        draw(st.none() | st.dates(date(2015, 1, 1), date(2030, 12, 31)))
        if sex is Sex.PEREMPUAN
        else None
    )
    return Person(
        draw(niks(born, sex)),
        " ".join(w.capitalize() for w in name),
        born,
        sex,
        draw(st.sampled_from(list(DisabilitySeverity))),
        due,
        draw(st.sampled_from(list(SchoolLevel))),
    )
