"""The other programmes: worked examples and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.categories import SembakoHadirTargetGroup
from dayasos.eligibility.decision import CriterionStatus
from dayasos.eligibility.lifecycle import KpmHistory, TransitionReason
from dayasos.eligibility.pkh import PkhStatus
from dayasos.eligibility.programmes import (
    ApdRecipient,
    ApdRecipientKind,
    HadirRecipient,
    KatCommunity,
    KubeGroup,
    PkatStage,
    ProgrammeEntitlement,
    ProgrammeKpm,
    ProkusApplicant,
    RutilahuHousehold,
    SustainmentApplicant,
    apd_entitlement,
    bst_eligibility,
    bst_entitlement,
    bst_sembako_non_pkh_entitlement,
    kube_eligibility,
    kube_entitlement,
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
from dayasos.money import Rupiah
from dayasos.parameters import load_parameters
from dayasos.testing import (
    apd_recipients,
    hadir_recipients,
    kat_communities,
    kube_groups,
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


def test_bst_2021_months_unknown() -> None:
    d = bst_eligibility(ProgrammeKpm("k"), date(2021, 3, 1))
    assert not d.outcome and d.criterion("months_known").status is CriterionStatus.FAILED
    reform = load_parameters().with_value(
        "bst.months", (1, 2, 3, 4), start=date(2021, 1, 1), end=date(2021, 12, 31)
    )
    e = bst_entitlement(ProgrammeKpm("k"), date(2021, 3, 1), reform)
    assert e.amount == Rupiah(4 * 300_000)


def test_bst_sembako_non_pkh() -> None:
    k = ProgrammeKpm("k", in_sembako=True)
    assert bst_sembako_non_pkh_entitlement(k, date(2020, 8, 10)).amount == Rupiah(500_000)
    pkh = ProgrammeKpm("k", in_sembako=True, in_pkh=True)
    e = bst_sembako_non_pkh_entitlement(pkh, date(2020, 8, 10))
    assert e.amount == Rupiah(0) and e.eligibility.criterion("not_in_pkh").status.value == "failed"


def test_sustainment_grant_for_graduated_kpm() -> None:
    a = SustainmentApplicant(_graduated(), runs_micro_business=True, affected_by_covid=True)
    e = sustainment_entitlement(a, date(2020, 8, 1))
    assert e.amount == Rupiah(3_500_000)
    assert e.lines[0].parameter.unverified  # commonly cited, U
    active = SustainmentApplicant(
        KpmHistory.start("kpm", PkhStatus.AKTIF, date(2019, 1, 1)), True, True
    )
    d = sustainment_eligibility(active, date(2020, 8, 1))
    assert not d.outcome and d.criterion("graduated_kpm_pkh").observed == "aktif"
    late = sustainment_eligibility(a, date(2021, 2, 1))
    assert late.criterion("in_force").status is CriterionStatus.FAILED
    assert "Rp3.500.000" in e.explain("en") or "3,500,000" in e.explain("en")


def test_kube_rutilahu_prokus() -> None:
    g = KubeGroup("g", 10, all_registered_poor=True)
    e = kube_entitlement(g, date(2020, 5, 1))
    assert e.amount == Rupiah(20_000_000)
    assert kube_eligibility(g, date(2020, 5, 1)).criterion("group_size_min").status.value == (
        "not_applicable"
    )
    h = RutilahuHousehold("h", registered=True, house_unfit=True)
    assert rutilahu_entitlement(h, date(2020, 5, 1)).amount == Rupiah(15_000_000)
    pr = prokus_entitlement(ProkusApplicant("p", True, True), date(2021, 5, 1))
    assert pr.amount is None and pr.eligibility.outcome
    assert pr.eligibility.criterion("amount_known").status is CriterionStatus.NOT_APPLICABLE


def test_pkat_stages() -> None:
    c = KatCommunity("kat", True, True, empowerment_start=date(2018, 7, 1))
    assert pkat_stage(c, date(2018, 6, 30)) is PkatStage.PERSIAPAN
    assert pkat_stage(c, date(2018, 7, 1)) is PkatStage.TAHUN_I
    assert pkat_stage(c, date(2019, 7, 1)) is PkatStage.TAHUN_II
    assert pkat_stage(c, date(2021, 6, 30)) is PkatStage.TAHUN_III
    assert pkat_stage(c, date(2021, 7, 1)) is PkatStage.TERMINASI
    e = pkat_entitlement(c, date(2019, 1, 1))
    assert e.eligibility.outcome and e.in_kind is not None and "jaminan hidup" in e.in_kind


def test_sembako_hadir_and_apd() -> None:
    r = HadirRecipient("p", SembakoHadirTargetGroup.PEMULUNG, affected_by_covid=True)
    e = sembako_hadir_entitlement(r, date(2020, 7, 21))
    assert e.eligibility.outcome and e.amount is None and e.in_kind == "1 paket sembako"
    assert e.lines[0].quantity == 1
    assert sembako_hadir_entitlement(r, date(2021, 1, 1)).amount == Rupiah(0)
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
        assert len(e.lines) <= 12
        assert e.amount == sum((ln.amount for ln in e.lines if ln.amount), Rupiah(0))
    assert s.amount is not None and s.amount <= Rupiah(12 * 200_000)
    assert b.amount is not None and b.amount <= Rupiah(3 * 600_000 + 9 * 300_000)
    if not kpm.enrolled:
        assert s.amount == Rupiah(0) and b.amount == Rupiah(0)


@settings(max_examples=60, deadline=None)
@given(sustainment_applicants(), DATES)
def test_sustainment_cap_and_reason(a: SustainmentApplicant, at: date) -> None:
    e = sustainment_entitlement(a, at)
    _zero_with_reason(e)
    assert e.amount is not None and e.amount in (Rupiah(0), Rupiah(3_500_000))
    status = a.history.status_on(at)
    if status not in (PkhStatus.GRADUASI_ALAMIAH, PkhStatus.GRADUASI_SEJAHTERA_MANDIRI):
        assert e.amount == Rupiah(0)


@settings(max_examples=40, deadline=None)
@given(kube_groups(), rutilahu_households(), prokus_applicants(), DATES)
def test_grants_caps(g: KubeGroup, h: RutilahuHousehold, p: ProkusApplicant, at: date) -> None:
    k, r, pr = kube_entitlement(g, at), rutilahu_entitlement(h, at), prokus_entitlement(p, at)
    for e in (k, r, pr):
        _zero_with_reason(e)
    assert k.amount in (Rupiah(0), Rupiah(20_000_000))
    assert r.amount in (Rupiah(0), Rupiah(15_000_000))
    assert pr.amount is None or pr.amount == Rupiah(0)
    assert (k.amount == Rupiah(0)) == (not k.eligibility.outcome)


@settings(max_examples=40, deadline=None)
@given(kat_communities(), hadir_recipients(), apd_recipients(), DATES)
def test_in_kind_programmes(c: KatCommunity, r: HadirRecipient, a: ApdRecipient, at: date) -> None:
    for e in (pkat_entitlement(c, at), sembako_hadir_entitlement(r, at), apd_entitlement(a, at)):
        _zero_with_reason(e)
        if e.eligibility.outcome:
            assert e.amount is None and e.in_kind
    stages = list(PkatStage)
    # stages never go back over time
    later = date(at.year + 1, at.month, min(at.day, 28))
    assert stages.index(pkat_stage(c, at)) <= stages.index(pkat_stage(c, later))
