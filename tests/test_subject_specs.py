"""The specs of the programmes whose subject is a group, an applicant or a recipient: checked
against the shipped parameters, and properties of the one interpreter over every such spec."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.categories import Programme
from dayasos.eligibility.decision import CriterionStatus
from dayasos.eligibility.programmes import (
    KUBE,
    PENA,
    SUBJECT_PROGRAMMES,
    KubeGroup,
    PenaApplicant,
    RutilahuHousehold,
    kube_eligibility,
    subject_entitlement,
)
from dayasos.eligibility.spec.household import InForce
from dayasos.eligibility.spec.subject import Bounds, Flag, Single, SubjectProgramme
from dayasos.errors import ValidationError
from dayasos.money import Rupiah
from dayasos.parameters import load_parameters
from dayasos.testing import (
    apd_recipients,
    hadir_recipients,
    jabodetabek_households,
    kat_communities,
    kube_groups,
    pena_applicants,
    prokus_applicants,
    rutilahu_households,
    sustainment_applicants,
)

PARAMS = load_parameters()
DATES = st.dates(date(2018, 1, 1), date(2024, 12, 31))
SUBJECTS = {
    "penguatan_modal_usaha_bsimu": sustainment_applicants(),
    "penguatan_modal_usaha": sustainment_applicants(),
    "kube": kube_groups(),
    "rs_rutilahu": rutilahu_households(),
    "prokus": prokus_applicants(),
    "pkat": kat_communities(),
    "sembako_kemensos_hadir": hadir_recipients(),
    "apd_pilar": apd_recipients(),
    "pena": pena_applicants(),
    "bansos_sembako_jabodetabek": jabodetabek_households(),
}
CAPS = {  # the highest amount of each programme over 2018-2024 in the shipped parameters
    "penguatan_modal_usaha_bsimu": Rupiah(500_000),
    "penguatan_modal_usaha": Rupiah(3_500_000),
    "kube": Rupiah(2_000_000) * 20,
    "rs_rutilahu": Rupiah(15_000_000),
    "prokus": Rupiah(3_500_000),
    "pkat": Rupiah(0),
    "sembako_kemensos_hadir": Rupiah(0),
    "apd_pilar": Rupiah(0),
    "pena": Rupiah(6_000_000),
    "bansos_sembako_jabodetabek": Rupiah(1_800_000),
}


def test_every_subject_spec_is_checked_and_has_a_strategy() -> None:
    assert set(SUBJECT_PROGRAMMES) == set(SUBJECTS) == set(CAPS)
    for spec in SUBJECT_PROGRAMMES.values():
        spec.check(PARAMS)
    typo = attrs.evolve(KUBE, amount=Single("kube.grant_per_famly", "x"))
    with pytest.raises(ValidationError, match=r"kube\.grant_per_famly"):
        typo.check(PARAMS)


def test_a_criterion_declared_twice_or_a_flag_without_attribute_is_rejected() -> None:
    with pytest.raises(ValidationError, match="declared twice"):
        attrs.evolve(KUBE, criteria=(KUBE.criteria[0], KUBE.criteria[0]))
    with pytest.raises(ValidationError, match="attributes"):
        Flag("x", (), "a", "b")


def test_a_small_programme_is_a_spec() -> None:
    spec = SubjectProgramme(
        Programme.RS_RUTILAHU,
        (InForce("rs_rutilahu.grant"), Flag("unfit", ("house_unfit",), "Tak layak.", "Unfit.")),
        Single("rs_rutilahu.grant", "Rehab"),
    )
    at = date(2021, 7, 1)
    yes = subject_entitlement(spec, RutilahuHousehold("h", False, True), at)
    no = subject_entitlement(spec, RutilahuHousehold("h", True, False), at)
    assert (yes.amount, no.amount) == (Rupiah(15_000_000), Rupiah(0))
    assert no.eligibility.criterion("unfit").message_en == "Not met: Unfit."


def test_kube_bound_follows_a_reform_and_pena_age_bounds() -> None:
    at = date(2020, 5, 1)
    p = PARAMS.with_value("kube.group_size.max", 8, start=date(2020, 1, 1))
    d = kube_eligibility(KubeGroup("g", 10, True), at, p)
    assert not d.outcome and d.criterion("group_size_max").status is CriterionStatus.FAILED
    assert d.criterion("group_size_max").threshold == "<= 8"
    assert kube_eligibility(KubeGroup("g", 10, True), at).outcome
    old = PenaApplicant("a", date(1960, 1, 1), graduated_kpm=False, entrepreneur=True)
    e = subject_entitlement(PENA, old, date(2022, 6, 1))
    assert e.amount == Rupiah(0)
    assert e.eligibility.criterion("age_max").observed == "62"
    with pytest.raises(ValidationError, match="birth_date"):
        subject_entitlement(PENA, old, date(1950, 1, 1))


@settings(max_examples=25, deadline=None)
@given(st.data(), DATES, st.sampled_from(sorted(SUBJECT_PROGRAMMES)))
def test_every_subject_programme_capped_and_zero_when_ineligible(
    data: st.DataObject, at: date, name: str
) -> None:
    spec = SUBJECT_PROGRAMMES[name]
    subject = data.draw(SUBJECTS[name])
    if name == "pena" and subject.birth_date > at:
        return
    e = subject_entitlement(spec, subject, at)
    declared = {"amount_known"}
    for c in spec.criteria:
        if isinstance(c, Bounds):
            declared |= {f"{c.prefix}_min", f"{c.prefix}_max"}
        else:
            declared.add(c.code)
    assert {c.code for c in e.eligibility.criteria} <= declared
    if not e.eligibility.outcome:
        assert e.amount == Rupiah(0) and e.lines == ()
        assert e.eligibility.failed
    else:
        assert e.amount is None or Rupiah(0) <= e.amount <= CAPS[name]
        assert e.amount is not None or e.in_kind or e.eligibility.criterion("amount_known")
