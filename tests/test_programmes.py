"""The other programmes: worked examples and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.categories import Programme, SembakoHadirTargetGroup
from dayasos.eligibility.decision import CriterionStatus
from dayasos.eligibility.lifecycle import KpmHistory, TransitionReason
from dayasos.eligibility.pkh import PkhStatus
from dayasos.eligibility.programmes import (
    ApdRecipient,
    ApdRecipientKind,
    HadirRecipient,
    JabodetabekHousehold,
    KatCommunity,
    KubeGroup,
    PenaApplicant,
    PkatStage,
    ProgrammeEntitlement,
    ProgrammeKpm,
    ProkusApplicant,
    RutilahuHousehold,
    SustainmentApplicant,
    SustainmentTier,
    apd_entitlement,
    blt_bbm_entitlement,
    bst_eligibility,
    bst_entitlement,
    bst_sembako_non_pkh_entitlement,
    jabodetabek_entitlement,
    kube_eligibility,
    kube_entitlement,
    pena_eligibility,
    pena_entitlement,
    pkat_entitlement,
    pkat_stage,
    programme_cost,
    prokus_entitlement,
    rutilahu_entitlement,
    sembako_2022_proposal_cost,
    sembako_entitlement,
    sembako_hadir_entitlement,
    sustainment_eligibility,
    sustainment_entitlement,
)
from dayasos.errors import ValidationError
from dayasos.legal import JUKNIS_KAT_2017
from dayasos.money import Rupiah
from dayasos.parameters import load_parameters
from dayasos.periods import age
from dayasos.testing import (
    apd_recipients,
    hadir_recipients,
    jabodetabek_households,
    kat_communities,
    kube_groups,
    pena_applicants,
    programme_kpms,
    prokus_applicants,
    rutilahu_households,
    sustainment_applicants,
)

DATES = st.dates(date(2018, 1, 1), date(2024, 12, 31))


def _graduated(fid: str = "kpm") -> KpmHistory:
    return KpmHistory.start(fid, PkhStatus.AKTIF, date(2019, 1, 1)).transition(
        PkhStatus.GRADUASI_ALAMIAH, date(2020, 2, 1), TransitionReason.TIDAK_ADA_KOMPONEN
    )


# ------------------------------------------------------------------ worked examples


def test_example_5_bst_2020() -> None:
    e = bst_entitlement(ProgrammeKpm("k"), date(2020, 6, 15))
    assert e.amount == Rupiah(3_600_000)  # 3 x 600,000 + 6 x 300,000
    assert [ln.amount for ln in e.lines[:4]] == [Rupiah(600_000)] * 3 + [Rupiah(300_000)]
    assert e.lines[0].start == date(2020, 4, 1) and e.lines[-1].end == date(2020, 12, 31)


def test_example_6_sembako_2022_proposal() -> None:
    assert sembako_2022_proposal_cost() == Rupiah(14_160_000_000_000)
    assert programme_cost(5_900_000, 12, Rupiah(200_000)) == Rupiah(14_160_000_000_000)
    with pytest.raises(ValidationError, match="months"):
        programme_cost(1, -1, Rupiah(1))


def test_sembako_2019_and_2020() -> None:
    assert sembako_entitlement(ProgrammeKpm("k"), date(2019, 3, 1)).amount == Rupiah(1_320_000)
    e = sembako_entitlement(ProgrammeKpm("k"), date(2020, 3, 1))
    assert e.amount == Rupiah(2 * 150_000 + 10 * 200_000)
    assert e.lines[2].parameter.value == "200000"


def test_bst_2021_january_to_june_may_june_paid_in_july() -> None:
    e = bst_entitlement(ProgrammeKpm("k"), date(2021, 3, 1))
    assert e.amount == Rupiah(6 * 300_000)
    assert [ln.start.month for ln in e.lines] == [1, 2, 3, 4, 5, 6]
    assert [ln.paid_in for ln in e.lines] == [None] * 4 + [date(2021, 7, 1)] * 2
    assert "2021-07" in e.explain("en")
    d = bst_eligibility(ProgrammeKpm("k"), date(2021, 8, 1))
    assert not d.outcome and d.criterion("in_force").status is CriterionStatus.FAILED
    assert bst_entitlement(ProgrammeKpm("k"), date(2022, 3, 1)).amount == Rupiah(0)


def test_sembako_2017_to_2024_by_month() -> None:
    assert sembako_entitlement(ProgrammeKpm("k"), date(2017, 5, 1)).amount == Rupiah(1_320_000)
    e21 = sembako_entitlement(ProgrammeKpm("k"), date(2021, 1, 1))
    assert e21.amount == Rupiah(14 * 200_000)  # two extra months July-August 2021
    extra = [ln for ln in e21.lines if "tambahan" in ln.label]
    assert [ln.start.month for ln in extra] == [7, 8]
    assert sembako_entitlement(ProgrammeKpm("k"), date(2022, 1, 1)).amount == Rupiah(2_400_000)
    assert sembako_entitlement(ProgrammeKpm("k"), date(2016, 6, 1)).amount == Rupiah(0)
    p = load_parameters()
    assert p.integer("sembako.target_kpm", date(2021, 6, 1)) == 18_800_000
    assert not p.value("sembako.target_kpm", date(2023, 1, 1)).known


def test_blt_bbm_pena_jabodetabek() -> None:
    assert blt_bbm_entitlement(ProgrammeKpm("k"), date(2022, 9, 1)).amount == Rupiah(600_000)
    assert blt_bbm_entitlement(ProgrammeKpm("k", enrolled=False), date(2022, 9, 1)).amount == (
        Rupiah(0)
    )
    assert blt_bbm_entitlement(ProgrammeKpm("k"), date(2021, 9, 1)).amount == Rupiah(0)
    at = date(2022, 6, 1)
    ok = PenaApplicant("a", date(1977, 6, 1), graduated_kpm=False, entrepreneur=True)  # 45
    assert pena_entitlement(ok, at).amount == Rupiah(6_000_000)
    old = PenaApplicant("b", date(1976, 6, 1), graduated_kpm=True, entrepreneur=False)  # 46
    d = pena_eligibility(old, at)
    assert not d.outcome and d.criterion("age_max").observed == "46"
    young = PenaApplicant("c", date(1997, 6, 2), graduated_kpm=True, entrepreneur=True)  # 24
    assert pena_eligibility(young, at).criterion("age_min").status is CriterionStatus.FAILED
    neither = PenaApplicant("d", date(1990, 1, 1), graduated_kpm=False, entrepreneur=False)
    assert pena_entitlement(neither, at).amount == Rupiah(0)
    with pytest.raises(ValidationError, match="birth_date"):
        pena_eligibility(PenaApplicant("e", date(2023, 1, 1), True, True), at)
    h = JabodetabekHousehold("h", in_jabodetabek=True)
    e = jabodetabek_entitlement(h, date(2020, 5, 1))
    assert e.amount == Rupiah(1_800_000) and [ln.amount for ln in e.lines] == [Rupiah(600_000)] * 3
    assert all(ln.quantity == 2 and ln.unit_amount == Rupiah(300_000) for ln in e.lines)
    outside = jabodetabek_entitlement(JabodetabekHousehold("o", False), date(2020, 5, 1))
    assert outside.amount == Rupiah(0)
    assert jabodetabek_entitlement(h, date(2020, 7, 1)).amount == Rupiah(0)


def test_bst_sembako_non_pkh() -> None:
    k = ProgrammeKpm("k", in_sembako=True)
    assert bst_sembako_non_pkh_entitlement(k, date(2020, 8, 10)).amount == Rupiah(500_000)
    pkh = ProgrammeKpm("k", in_sembako=True, in_pkh=True)
    e = bst_sembako_non_pkh_entitlement(pkh, date(2020, 8, 10))
    assert e.amount == Rupiah(0) and e.eligibility.criterion("not_in_pkh").status.value == "failed"


def test_sustainment_grant_two_tiers() -> None:
    stimulus = SustainmentApplicant(_graduated(), runs_micro_business=True, affected_by_covid=True)
    e = sustainment_entitlement(stimulus, date(2020, 8, 1))
    assert e.amount == Rupiah(500_000)
    assert not e.lines[0].parameter.unverified  # official release, H
    capital = SustainmentApplicant(_graduated(), True, True, SustainmentTier.MODAL_USAHA)
    d = sustainment_eligibility(capital, date(2020, 8, 1))
    assert not d.outcome and d.criterion("selected").status is CriterionStatus.FAILED
    chosen = SustainmentApplicant(_graduated(), True, True, SustainmentTier.MODAL_USAHA, True)
    e2 = sustainment_entitlement(chosen, date(2020, 8, 1))
    assert e2.amount == Rupiah(3_500_000) and not e2.lines[0].parameter.unverified
    active = SustainmentApplicant(
        KpmHistory.start("kpm", PkhStatus.AKTIF, date(2019, 1, 1)), True, True
    )
    d = sustainment_eligibility(active, date(2020, 8, 1))
    assert not d.outcome and d.criterion("graduated_kpm_pkh").observed == "aktif"
    late = sustainment_eligibility(stimulus, date(2021, 2, 1))
    assert late.criterion("in_force").status is CriterionStatus.FAILED
    assert "3.500.000" in e2.explain("en")
    p = load_parameters()
    assert p.integer("penguatan_modal_usaha.bsimu.target_kpm", date(2020, 8, 1)) == 10_000
    assert p.integer("penguatan_modal_usaha.target_kpm", date(2020, 8, 1)) == 1_000


def test_kube_rutilahu_prokus() -> None:
    g = KubeGroup("g", 10, all_registered_poor=True)
    e = kube_entitlement(g, date(2020, 5, 1))
    assert e.amount == Rupiah(20_000_000) and e.lines[0].quantity == 10
    assert kube_entitlement(KubeGroup("g", 5, True), date(2020, 5, 1)).amount == Rupiah(10_000_000)
    too_big = kube_eligibility(KubeGroup("g", 21, True), date(2020, 5, 1))
    assert not too_big.outcome and too_big.criterion("group_size_max").threshold == "<= 20"
    assert not kube_eligibility(KubeGroup("g", 4, True), date(2020, 5, 1)).outcome
    h = RutilahuHousehold("h", registered=True, house_unfit=True)
    r21 = rutilahu_entitlement(h, date(2021, 5, 1))
    assert r21.amount == Rupiah(15_000_000)
    assert r21.lines[0].parameter.confidence.value == "M"
    assert rutilahu_entitlement(h, date(2020, 5, 1)).lines[0].parameter.confidence.value == "U"
    pr = prokus_entitlement(ProkusApplicant("p", True, True), date(2021, 5, 1))
    assert pr.amount == Rupiah(3_500_000) and pr.eligibility.outcome
    later = prokus_entitlement(ProkusApplicant("p", True, True), date(2022, 5, 1))
    assert later.amount is None
    assert later.eligibility.criterion("amount_known").status is CriterionStatus.NOT_APPLICABLE


def test_pkat_stages() -> None:
    c = KatCommunity("kat", True, True, empowerment_start=date(2018, 7, 1))
    assert pkat_stage(c, date(2018, 6, 30)) is PkatStage.PERSIAPAN
    assert pkat_stage(c, date(2018, 7, 1)) is PkatStage.TAHUN_I
    assert pkat_stage(c, date(2019, 7, 1)) is PkatStage.TAHUN_II
    assert pkat_stage(c, date(2021, 6, 30)) is PkatStage.TAHUN_III
    assert pkat_stage(c, date(2021, 7, 1)) is PkatStage.TERMINASI
    e = pkat_entitlement(c, date(2019, 1, 1))
    assert e.eligibility.outcome and e.in_kind is not None and "jaminan hidup" in e.in_kind


def test_sembako_hadir_no_other_aid_and_apd() -> None:
    r = HadirRecipient("p", SembakoHadirTargetGroup.PEMULUNG, affected_by_covid=True)
    e = sembako_hadir_entitlement(r, date(2020, 7, 21))
    assert e.eligibility.outcome and e.amount is None and e.in_kind == "1 paket sembako"
    assert e.eligibility.criterion("no_other_aid").status is CriterionStatus.PASSED
    assert e.lines[0].quantity == 1
    assert sembako_hadir_entitlement(r, date(2021, 1, 1)).amount == Rupiah(0)
    with_pkh = HadirRecipient(
        "q", SembakoHadirTargetGroup.PEDAGANG, True, (Programme.SEMBAKO, Programme.PKH)
    )
    d = sembako_hadir_entitlement(with_pkh, date(2020, 7, 21)).eligibility
    assert not d.outcome and d.criterion("no_other_aid").observed == "pkh,sembako"
    relaxed = load_parameters().with_value(
        "sembako_kemensos_hadir.requires_no_other_aid", False, start=date(2020, 1, 1)
    )
    assert sembako_hadir_entitlement(with_pkh, date(2020, 7, 21), relaxed).eligibility.outcome
    with pytest.raises(ValidationError, match=r"other_enrolments\[0\]"):
        HadirRecipient("x", SembakoHadirTargetGroup.PEDAGANG, True, ("pkh",))
    a = apd_entitlement(ApdRecipient("t", ApdRecipientKind.TKSK), date(2020, 7, 1))
    assert a.eligibility.outcome and a.amount is None
    other = apd_entitlement(ApdRecipient("x", ApdRecipientKind.LAINNYA), date(2020, 7, 1))
    assert other.amount == Rupiah(0) and not other.eligibility.outcome


# ------------------------------------------------------------------ properties


def _zero_with_reason(e: ProgrammeEntitlement) -> None:
    if not e.eligibility.outcome:
        assert e.amount == Rupiah(0) and e.lines == ()
        assert e.eligibility.failed, "an ineligible result names a failed criterion"
    else:
        assert not e.eligibility.failed


@settings(max_examples=60, deadline=None)
@given(programme_kpms(), DATES)
def test_sembako_and_bst_caps(kpm: ProgrammeKpm, at: date) -> None:
    s = sembako_entitlement(kpm, at)
    b = bst_entitlement(kpm, at)
    for e in (s, b):
        _zero_with_reason(e)
        assert e.amount is not None and e.amount >= Rupiah(0)
        assert len(e.lines) <= 14
        assert e.amount == sum((ln.amount for ln in e.lines if ln.amount), Rupiah(0))
    assert s.amount is not None and s.amount <= Rupiah(14 * 200_000)
    assert b.amount is not None and b.amount <= Rupiah(3 * 600_000 + 6 * 300_000)
    assert all(ln.paid_in is None or ln.paid_in > ln.end for ln in b.lines)
    if not kpm.enrolled:
        assert s.amount == Rupiah(0) and b.amount == Rupiah(0)


@settings(max_examples=60, deadline=None)
@given(sustainment_applicants(), DATES)
def test_sustainment_cap_and_reason(a: SustainmentApplicant, at: date) -> None:
    e = sustainment_entitlement(a, at)
    _zero_with_reason(e)
    tier_amount = {SustainmentTier.BSIMU: 500_000, SustainmentTier.MODAL_USAHA: 3_500_000}
    assert e.amount in (Rupiah(0), Rupiah(tier_amount[a.tier]))
    status = a.history.status_on(at)
    if status not in (PkhStatus.GRADUASI_ALAMIAH, PkhStatus.GRADUASI_SEJAHTERA_MANDIRI):
        assert e.amount == Rupiah(0)
    if a.tier is SustainmentTier.MODAL_USAHA and not a.selected:
        assert e.amount == Rupiah(0)


@settings(max_examples=60, deadline=None)
@given(programme_kpms(), pena_applicants(), jabodetabek_households(), DATES)
def test_new_programmes_caps(
    kpm: ProgrammeKpm, a: PenaApplicant, h: JabodetabekHousehold, at: date
) -> None:
    blt = blt_bbm_entitlement(kpm, at)
    _zero_with_reason(blt)
    assert blt.amount in (Rupiah(0), Rupiah(600_000))
    assert (blt.amount == Rupiah(600_000)) == (kpm.enrolled and at.year == 2022)
    if a.birth_date <= at:
        pena = pena_entitlement(a, at)
        _zero_with_reason(pena)
        assert pena.amount in (Rupiah(0), Rupiah(6_000_000))
        if pena.amount == Rupiah(6_000_000):
            assert 25 <= age(a.birth_date, at) <= 45 and at.year >= 2022
            assert a.graduated_kpm or a.entrepreneur
    jab = jabodetabek_entitlement(h, at)
    _zero_with_reason(jab)
    assert jab.amount in (Rupiah(0), Rupiah(1_800_000))
    assert jab.amount == sum((ln.amount for ln in jab.lines if ln.amount), Rupiah(0))


@settings(max_examples=40, deadline=None)
@given(kube_groups(), rutilahu_households(), prokus_applicants(), DATES)
def test_grants_caps(g: KubeGroup, h: RutilahuHousehold, p: ProkusApplicant, at: date) -> None:
    k, r, pr = kube_entitlement(g, at), rutilahu_entitlement(h, at), prokus_entitlement(p, at)
    for e in (k, r, pr):
        _zero_with_reason(e)
    assert k.amount is not None and k.amount == Rupiah(2_000_000) * (
        g.member_families if k.eligibility.outcome else 0
    )
    if k.eligibility.outcome:
        assert 5 <= g.member_families <= 20
    assert r.amount in (Rupiah(0), Rupiah(15_000_000), None)
    assert pr.amount in (None, Rupiah(0), Rupiah(3_500_000))
    assert (k.amount == Rupiah(0)) == (not k.eligibility.outcome)


@settings(max_examples=40, deadline=None)
@given(kat_communities(), hadir_recipients(), apd_recipients(), DATES)
def test_in_kind_programmes(c: KatCommunity, r: HadirRecipient, a: ApdRecipient, at: date) -> None:
    for e in (pkat_entitlement(c, at), sembako_hadir_entitlement(r, at), apd_entitlement(a, at)):
        _zero_with_reason(e)
        if e.eligibility.outcome:
            assert e.amount is None and e.in_kind
    pkat = pkat_entitlement(c, at)
    if pkat.in_kind is not None and pkat.eligibility.outcome:
        # what a stage brings is given with the public source that says so
        assert pkat.in_kind.endswith(f"[{JUKNIS_KAT_2017.reference()}]")
    if set(r.other_enrolments) - {Programme.SEMBAKO_KEMENSOS_HADIR}:
        assert not sembako_hadir_entitlement(r, at).eligibility.outcome
    stages = list(PkatStage)
    # stages never go back over time
    later = date(at.year + 1, at.month, min(at.day, 28))
    assert stages.index(pkat_stage(c, at)) <= stages.index(pkat_stage(c, later))
