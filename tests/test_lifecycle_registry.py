"""The KPM PKH lifecycle in the registry: round trip, refusal before writing, batch graduation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.categories import Programme, Relationship, SchoolLevel, Sex
from dayasos.eligibility.lifecycle import (
    TRANSITIONS,
    GraduationSituation,
    KpmHistory,
    KpmTransition,
    TransitionReason,
)
from dayasos.eligibility.lifecycle.registry import (
    apply_graduations_in_registry,
    history_from_registry,
    propose_graduations_in_registry,
    record_transitions,
)
from dayasos.eligibility.pkh import PKH_TO_ENROLMENT, PkhStatus, entitlement_from_registry
from dayasos.errors import InvalidTransitionError, RecordNotFoundError, ValidationError
from dayasos.law import LegalBasis
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    Person,
    RegionCode,
    RegistryStore,
    SQLiteStore,
    StatusChange,
)
from dayasos.testing import kpm_histories
from registry_helpers import kk, person

REGION = RegionCode.parse("31.71.01.1001")
OTHER_REGION = RegionCode.parse("32.73.01.1001")
STORES: dict[str, Callable[[], RegistryStore]] = {"memory": MemoryStore, "sqlite": SQLiteStore}
S, R = PkhStatus, TransitionReason


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest) -> RegistryStore:
    return STORES[request.param]()


def test_every_reachable_status_maps_to_the_registry() -> None:
    reachable = {dst for (_, dst) in TRANSITIONS}
    assert reachable <= set(PKH_TO_ENROLMENT)
    # no two lifecycle statuses share a registry status (dibatalkan vs dihentikan)
    assert len({PKH_TO_ENROLMENT[s] for s in reachable}) == len(reachable)


@settings(max_examples=40, deadline=None)
@given(history=kpm_histories(), kind=st.sampled_from(sorted(STORES)))
def test_round_trip(history: KpmHistory, kind: str) -> None:
    store = STORES[kind]()
    store.add_family(Family(kk(1), REGION))
    written = record_transitions(store, kk(1), history.transitions)
    back = history_from_registry(store, kk(1), family_id=history.family_id)
    assert back == history
    assert written.transitions == history.transitions
    for t in history.transitions:
        assert (
            store.status_on(Programme.PKH, kk(1), t.effective)
            is PKH_TO_ENROLMENT[history.status_on(t.effective) or S.KANDIDAT]
        )


def test_round_trip_keeps_basis_and_note(store: RegistryStore) -> None:
    store.add_family(Family(kk(1), REGION))
    basis = LegalBasis("Keputusan Dirjen Linjamsos (contoh)")
    h = KpmHistory.start("x", S.AKTIF, date(2019, 1, 1)).transition(
        S.GRADUASI_SEJAHTERA_MANDIRI,
        date(2021, 3, 1),
        R.MENGUNDURKAN_DIRI,
        basis=basis,
        note="BA-2021/17",
    )
    record_transitions(store, kk(1), h.transitions)
    back = history_from_registry(store, kk(1), family_id="x")
    assert back.transitions[-1].note == "BA-2021/17"
    assert back.transitions[-1].legal_basis.cite() == basis.cite()
    assert (
        store.history(Programme.PKH, kk(1))[-1].status
        is EnrolmentStatus.GRADUATED_SEJAHTERA_MANDIRI
    )


def test_cancelled_and_terminated_stay_distinct(store: RegistryStore) -> None:
    store.add_family(Family(kk(1), REGION))
    store.add_family(Family(kk(2), REGION))
    a = KpmHistory.start("a", S.AKTIF, date(2019, 1, 1))
    a = a.transition(S.DITANGGUHKAN, date(2019, 6, 1), R.KOMITMEN_TIDAK_DIPENUHI)
    a = a.transition(S.DIBATALKAN, date(2019, 9, 1), R.KOMITMEN_TIDAK_DIPENUHI)
    b = KpmHistory.start("b", S.AKTIF, date(2019, 1, 1)).transition(
        S.DIHENTIKAN, date(2019, 9, 1), R.PINDAH
    )
    record_transitions(store, kk(1), a.transitions)
    record_transitions(store, kk(2), b.transitions)
    on = date(2019, 9, 1)
    assert store.status_on(Programme.PKH, kk(1), on) is EnrolmentStatus.CANCELLED
    assert store.status_on(Programme.PKH, kk(2), on) is EnrolmentStatus.TERMINATED
    assert history_from_registry(store, kk(1)).current is S.DIBATALKAN
    assert history_from_registry(store, kk(2)).current is S.DIHENTIKAN


def test_invalid_transition_writes_nothing(store: RegistryStore) -> None:
    store.add_family(Family(kk(1), REGION))
    h = KpmHistory.start("x", S.AKTIF, date(2019, 1, 1))
    record_transitions(store, kk(1), h.transitions)
    ok = KpmTransition(
        S.AKTIF, S.DITANGGUHKAN, date(2020, 1, 1), date(2020, 1, 1), R.KOMITMEN_TIDAK_DIPENUHI
    )
    # the second one leaves 'aktif' but the status would then be 'ditangguhkan'
    bad = KpmTransition(
        S.AKTIF, S.GRADUASI_ALAMIAH, date(2020, 2, 1), date(2020, 2, 1), R.TIDAK_ADA_KOMPONEN
    )
    with pytest.raises(InvalidTransitionError, match="ditangguhkan"):
        record_transitions(store, kk(1), [ok, bad])
    assert len(store.history(Programme.PKH, kk(1))) == 1
    # a date before the registry's last change is refused as well
    late = KpmTransition(
        S.AKTIF, S.DITANGGUHKAN, date(2018, 1, 1), date(2018, 1, 1), R.KOMITMEN_TIDAK_DIPENUHI
    )
    with pytest.raises(InvalidTransitionError, match="before"):
        record_transitions(store, kk(1), [late])
    assert len(store.history(Programme.PKH, kk(1))) == 1


def test_unknown_family_and_foreign_reason(store: RegistryStore) -> None:
    with pytest.raises(RecordNotFoundError):
        history_from_registry(store, kk(7))
    store.add_family(Family(kk(1), REGION))
    store.record_status(
        StatusChange(
            Programme.PKH, kk(1), EnrolmentStatus.ACTIVE, date(2019, 1, 1), date(2019, 1, 1), ""
        )
    )
    with pytest.raises(ValidationError, match="reason"):
        history_from_registry(store, kk(1))


# -- batch graduation ----------------------------------------------------------------------


def _family(
    store: RegistryStore,
    n: int,
    members: list[tuple[Person, Relationship]],
    region: RegionCode = REGION,
) -> None:
    store.add_family(Family(kk(n), region))
    store.add_persons(p for p, _ in members)
    store.add_memberships(Membership(kk(n), p.nik, rel, date(2000, 1, 1)) for p, rel in members)
    record_transitions(store, kk(n), KpmHistory.start("x", S.AKTIF, date(2019, 1, 1)).transitions)


def _small_registry(store: RegistryStore) -> None:
    # worked example 4: the only member with a component is a 19-year-old who finished SMA
    head1 = person("Bambang", date(1970, 2, 1), Sex.LAKI_LAKI, 1)
    grown = person("Rina", date(2002, 3, 1), Sex.PEREMPUAN, 2)  # 19 in July 2021, not in school
    _family(store, 1, [(head1, Relationship.KEPALA_KELUARGA), (grown, Relationship.ANAK)])
    # still qualifies: an SMP child
    head2 = person("Dewi", date(1980, 4, 1), Sex.PEREMPUAN, 3)
    smp = Person(
        person("Eko", date(2008, 5, 1), Sex.LAKI_LAKI, 4).nik,
        "Eko",
        date(2008, 5, 1),
        Sex.LAKI_LAKI,
        school_level=SchoolLevel.SMP,
    )
    _family(store, 2, [(head2, Relationship.KEPALA_KELUARGA), (smp, Relationship.ANAK)])
    # no component either, but in another region
    head3 = person("Hadi", date(1975, 6, 1), Sex.LAKI_LAKI, 5, prefix="327301")
    _family(store, 3, [(head3, Relationship.KEPALA_KELUARGA)], OTHER_REGION)


def test_batch_graduation_proposes_then_applies(store: RegistryStore) -> None:
    _small_registry(store)
    on = date(2021, 7, 1)
    proposals = propose_graduations_in_registry(store, on, region=REGION)
    assert [p.no_kk for p in proposals] == [kk(1)]
    t = proposals[0].proposal.transition
    assert (t.source, t.target, t.reason) == (S.AKTIF, S.GRADUASI_ALAMIAH, R.TIDAK_ADA_KOMPONEN)
    assert t.effective == on
    # nothing written yet
    assert store.status_on(Programme.PKH, kk(1), on) is EnrolmentStatus.ACTIVE
    assert kk(1).reveal() not in repr(proposals)
    assert apply_graduations_in_registry(store, proposals) == 1
    assert store.status_on(Programme.PKH, kk(1), on) is EnrolmentStatus.GRADUATED_ALAMIAH
    assert store.status_on(Programme.PKH, kk(2), on) is EnrolmentStatus.ACTIVE
    assert entitlement_from_registry(store, kk(1), on).total.amount == 0
    assert entitlement_from_registry(store, kk(2), on).total.amount == 1_500_000  # SMP 2021
    # applying the same proposals again no longer fits the history: refused, nothing written
    with pytest.raises(InvalidTransitionError):
        apply_graduations_in_registry(store, proposals)
    assert len(store.history(Programme.PKH, kk(1))) == 2
    # all regions: the family of the other region is proposed too
    everywhere = propose_graduations_in_registry(store, on)
    assert [p.no_kk for p in everywhere] == [kk(3)]


def test_batch_uses_situations_and_suspended_families(store: RegistryStore) -> None:
    _small_registry(store)
    on = date(2021, 7, 1)
    sit = {kk(2): GraduationSituation(withdrawal_declared=True, facilitator_assessed=True)}
    proposed = propose_graduations_in_registry(store, on, region=REGION, situations=sit)
    targets = {p.no_kk: p.proposal.transition.target for p in proposed}
    assert targets == {kk(1): S.GRADUASI_ALAMIAH, kk(2): S.GRADUASI_SEJAHTERA_MANDIRI}
    suspend = KpmTransition(
        S.AKTIF, S.DITANGGUHKAN, date(2021, 2, 1), date(2021, 2, 1), R.KOMITMEN_TIDAK_DIPENUHI
    )
    record_transitions(store, kk(2), [suspend])
    # a suspended family is assessed; it cannot leave as sejahtera mandiri from ditangguhkan
    # and still has a component, so nothing is proposed for it
    proposed = propose_graduations_in_registry(store, on, region=REGION, situations=sit)
    assert [p.no_kk for p in proposed] == [kk(1)]
    # a suspended family with no component left is proposed for graduasi alamiah
    record_transitions(
        store,
        kk(1),
        [
            KpmTransition(
                S.AKTIF,
                S.DITANGGUHKAN,
                date(2021, 2, 1),
                date(2021, 2, 1),
                R.KOMITMEN_TIDAK_DIPENUHI,
            )
        ],
    )
    again = propose_graduations_in_registry(store, on, region=REGION)
    assert [(p.no_kk, p.proposal.transition.source) for p in again] == [(kk(1), S.DITANGGUHKAN)]
    with pytest.raises(ValidationError, match="RegistryProposal"):
        apply_graduations_in_registry(store, ["x"])  # type: ignore[list-item]
    assert len(store.history(Programme.PKH, kk(1))) == 2
