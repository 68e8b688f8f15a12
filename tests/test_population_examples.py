"""The PKH examples of docs/pkh.md (2019, 2020 monthly, 2021 cap, no component, elderly under
70), computed column-wise, to the rupiah, equal to the per-family API."""

from __future__ import annotations

from datetime import date

from dayasos.categories import SchoolLevel, Sex
from dayasos.eligibility.pkh import LineReason, PkhComponent, PkhFamily, PkhMember, entitlement
from dayasos.population import COMPONENT_CODES, NO_COMPONENT, Population, evaluate

F, L = Sex.PEREMPUAN, Sex.LAKI_LAKI
SD, SMP, SMA = SchoolLevel.SD, SchoolLevel.SMP, SchoolLevel.SMA


def _fam(fid: str, *members: PkhMember) -> PkhFamily:
    return PkhFamily(fid, members)


EX1 = _fam(  # 2019, regular area: Rp7,150,000
    "ex1",
    PkhMember("m0", date(1990, 5, 1), F, pregnant_or_postpartum=True),
    PkhMember("m1", date(2010, 8, 1), L, school_level=SD),
    PkhMember("m2", date(2012, 8, 1), F, school_level=SD),
    PkhMember("m3", date(1951, 6, 1), L),  # 67 on 2019-01-02
)
EX2 = _fam(  # 2021: Rp6,500,000 in four stages of Rp1,625,000
    "ex2",
    PkhMember("m0", date(2016, 9, 1), L),
    PkhMember("m1", date(2008, 3, 1), L, school_level=SMP),
    PkhMember("m2", date(2005, 3, 1), F, school_level=SMA),
)
EX3 = _fam(  # 2021, six eligible members, the cap of four: Rp10,400,000
    "ex3",
    PkhMember("m0", date(2012, 2, 1), L, school_level=SD),
    PkhMember("m1", date(1988, 2, 1), F, pregnant_or_postpartum=True),
    PkhMember("m2", date(2008, 2, 1), F, school_level=SMP),
    PkhMember("m3", date(2019, 3, 1), L),
    PkhMember("m4", date(2005, 2, 1), L, school_level=SMA),
    PkhMember("m5", date(1950, 2, 1), F),
)
EX4 = _fam(  # 2021, a 19-year-old who finished SMA: Rp0, graduasi alamiah
    "ex4", PkhMember("m0", date(2002, 3, 1), L), PkhMember("m1", date(1975, 3, 1), F)
)


def test_example_1_2019() -> None:
    r = evaluate(Population.from_families([EX1]), date(2019, 1, 2))
    assert int(r.total[0]) == 7_150_000
    assert int(r.fixed[0]) == 550_000


def test_example_2_and_4_2021() -> None:
    r = evaluate(Population.from_families([EX2, EX4]), date(2021, 1, 4))
    assert int(r.total[0]) == 6_500_000
    assert r.stages[0].tolist() == [1_625_000] * 4
    assert not r.eligible[1] and int(r.total[1]) == 0 and int(r.n_components[1]) == 0


def test_example_3_cap_highest_first() -> None:
    r = evaluate(Population.from_families([EX3]), date(2021, 7, 1))
    assert int(r.total[0]) == 10_400_000
    comp = [None if c == NO_COMPONENT else COMPONENT_CODES[c] for c in r.component().tolist()]
    counted = r.counted().tolist()
    excluded = {c for c, k in zip(comp, counted, strict=True) if not k}
    assert excluded == {PkhComponent.SD, PkhComponent.SMP}


EX7 = _fam(  # 2020: stage I then nine monthly payments of the 2020 index / 12: Rp3,900,000
    "ex7",
    PkhMember("m0", date(2016, 1, 1), F),  # 4 on 2020-01-06
    PkhMember("m1", date(2012, 3, 1), L, school_level=SD),
)
EX8 = _fam(  # 2021, a grandparent aged 65 and an SD child: Rp900,000
    "ex8",
    PkhMember("m0", date(1956, 3, 1), L),
    PkhMember("m1", date(2013, 3, 1), F, school_level=SD),
)
AUD3 = _fam(  # 2021, three early-childhood children and an SD child: two counted
    "aud3",
    PkhMember("m0", date(2016, 9, 1), F),
    PkhMember("m1", date(2018, 9, 1), L),
    PkhMember("m2", date(2020, 9, 1), F),
    PkhMember("m3", date(2013, 3, 1), L, school_level=SD),
)


def test_example_7_2020_monthly() -> None:
    at = date(2020, 1, 6)
    r = evaluate(Population.from_families([EX7]), at)
    assert int(r.total[0]) == 3_900_000
    assert r.stages[0].tolist() == [975_000] + [325_000] * 9
    assert r.stage_starts == (date(2020, 1, 1), *(date(2020, mo, 1) for mo in range(4, 13)))
    assert int(r.total[0]) == entitlement(EX7, at).total.amount


def test_example_8_elderly_under_70_from_2020() -> None:
    r = evaluate(Population.from_families([EX8]), date(2021, 7, 1))
    assert int(r.total[0]) == 900_000
    assert r.component().tolist()[0] == NO_COMPONENT
    # 2019: 60 or over counted (plus bantuan tetap reguler)
    r2019 = evaluate(Population.from_families([EX8]), date(2019, 7, 1))
    assert int(r2019.total[0]) == 2_400_000 + 900_000 + 550_000


def test_early_childhood_limit_column_wise() -> None:
    at = date(2021, 7, 1)
    r = evaluate(Population.from_families([AUD3]), at)
    assert int(r.total[0]) == 2 * 3_000_000 + 900_000
    assert r.counted().tolist() == [True, True, False, True]
    e = entitlement(AUD3, at)
    assert [ln.reason for ln in e.members][2] is LineReason.EXCLUDED_BY_LIMIT
