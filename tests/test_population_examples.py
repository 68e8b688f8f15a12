"""Worked examples of shared/domain/social-aid.md, computed column-wise, to the rupiah."""

from __future__ import annotations

from datetime import date

from dayasos.categories import SchoolLevel, Sex
from dayasos.eligibility.pkh import PkhComponent, PkhFamily, PkhMember
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
