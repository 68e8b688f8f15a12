"""PKH from the registry: the adapter, the status mapping, and no NIK in the output."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.categories import Programme, Relationship, SchoolLevel, Sex
from dayasos.eligibility.pkh import (
    ENROLMENT_TO_PKH,
    PKH_TO_ENROLMENT,
    PkhEntitlement,
    PkhFamily,
    PkhMember,
    PkhStatus,
    enrolment_status_of,
    entitlement,
    entitlement_from_registry,
    pkh_family_from_registry,
    pkh_status_of,
)
from dayasos.errors import RecordNotFoundError, ValidationError
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    NoKK,
    Person,
    RegionCode,
    RegistryStore,
    SQLiteStore,
    StatusChange,
    WelfareRank,
)
from dayasos.testing import no_kks, registry_persons
from registry_helpers import kk, person

REGION = RegionCode.parse("31.71.01.1001")
STORES: dict[str, Callable[[], RegistryStore]] = {"memory": MemoryStore, "sqlite": SQLiteStore}


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest) -> RegistryStore:
    return STORES[request.param]()


def _example_1(store: RegistryStore) -> tuple[list[Person], Person]:
    """Worked example 1 (PKH 2019, regular area) as registry records; returns the members and
    a member who moved out before 2019."""
    father = person("Budi Santoso", date(1980, 5, 1), Sex.LAKI_LAKI, 1)
    mother = Person(
        person("Siti Aminah", date(1985, 6, 2), Sex.PEREMPUAN, 2).nik,
        "Siti Aminah",
        date(1985, 6, 2),
        Sex.PEREMPUAN,
        pregnancy_due=date(2019, 4, 20),
    )
    sd1 = Person(
        person("Adi", date(2010, 2, 3), Sex.LAKI_LAKI, 3).nik,
        "Adi Santoso",
        date(2010, 2, 3),
        Sex.LAKI_LAKI,
        school_level=SchoolLevel.SD,
    )
    sd2 = Person(
        person("Ani", date(2012, 7, 4), Sex.PEREMPUAN, 4).nik,
        "Ani Santoso",
        date(2012, 7, 4),
        Sex.PEREMPUAN,
        school_level=SchoolLevel.SD,
    )
    grandparent = person("Sumini", date(1951, 9, 5), Sex.PEREMPUAN, 5)  # 67 in January 2019
    left = Person(
        person("Joko", date(2000, 1, 6), Sex.LAKI_LAKI, 6).nik,
        "Joko Santoso",
        date(2000, 1, 6),
        Sex.LAKI_LAKI,
        school_level=SchoolLevel.SMA,
    )
    no_kk = kk(1)
    store.add_family(Family(no_kk, REGION))
    store.add_persons([father, mother, sd1, sd2, grandparent, left])
    start = date(2009, 1, 5)
    store.add_memberships(
        [
            Membership(no_kk, father.nik, Relationship.KEPALA_KELUARGA, start),
            Membership(no_kk, mother.nik, Relationship.ISTRI, start),
            Membership(no_kk, sd1.nik, Relationship.ANAK, date(2010, 2, 3)),
            Membership(no_kk, sd2.nik, Relationship.ANAK, date(2012, 7, 4)),
            Membership(no_kk, grandparent.nik, Relationship.ORANG_TUA, start),
            Membership(no_kk, left.nik, Relationship.ANAK, start, date(2018, 8, 1)),
        ]
    )
    store.record_rank(WelfareRank(no_kk, 1, date(2018, 6, 1)))
    store.record_status(
        StatusChange(
            Programme.PKH,
            no_kk,
            EnrolmentStatus.ACTIVE,
            date(2018, 1, 1),
            date(2018, 1, 1),
            "penetapan",
        )
    )
    return [father, mother, sd1, sd2, grandparent], left


def test_worked_example_1_from_the_registry(store: RegistryStore) -> None:
    members, left = _example_1(store)
    on = date(2019, 1, 2)
    family, niks = pkh_family_from_registry(store, kk(1), on)
    assert family.status is PkhStatus.AKTIF
    assert family.desil == 1
    assert family.registered and not family.remote_area
    assert sorted(niks) == ["child-1", "child-2", "head-1", "parent-1", "wife-1"]
    assert left.nik not in niks.values()  # moved out before the reference date
    assert niks["child-1"] == members[2].nik  # the elder child comes first
    by_id = {m.member_id: m for m in family.members}
    assert by_id["wife-1"].pregnant_or_postpartum
    assert by_id["child-2"].school_level is SchoolLevel.SD
    e = entitlement_from_registry(store, kk(1), on)
    # 2,400,000 + 900,000 + 900,000 + 2,400,000 + bantuan tetap reguler 550,000
    assert e.total.amount == 7_150_000
    assert entitlement(family, on).total == e.total


def test_remote_area_and_status_override(store: RegistryStore) -> None:
    _example_1(store)
    on = date(2019, 1, 2)
    # PKH akses 2019: the fixed component is 1,000,000 instead of 550,000
    assert entitlement_from_registry(store, kk(1), on, remote_area=True).total.amount == 7_600_000
    suspended = entitlement_from_registry(store, kk(1), on, status=PkhStatus.DITANGGUHKAN)
    assert suspended.total.amount == 0


def test_no_enrolment_is_a_candidate_and_no_rank_is_none(store: RegistryStore) -> None:
    p = person("Sri Wahyuni", date(1950, 3, 1), Sex.PEREMPUAN, 7)
    store.add_family(Family(kk(2), REGION))
    store.add_person(p)
    store.add_membership(Membership(kk(2), p.nik, Relationship.KEPALA_KELUARGA, date(2000, 1, 1)))
    family, _ = pkh_family_from_registry(store, kk(2), date(2021, 1, 4))
    assert family.status is PkhStatus.KANDIDAT
    assert family.desil is None
    assert entitlement(family, date(2021, 1, 4)).total.amount == 0  # a candidate is not paid


def test_status_in_force_follows_the_registry(store: RegistryStore) -> None:
    _example_1(store)
    store.record_status(
        StatusChange(
            Programme.PKH,
            kk(1),
            EnrolmentStatus.CANCELLED,
            date(2019, 6, 1),
            date(2019, 6, 1),
            "komitmen_tidak_dipenuhi",
        )
    )
    assert pkh_family_from_registry(store, kk(1), date(2019, 5, 31))[0].status is PkhStatus.AKTIF
    after, _ = pkh_family_from_registry(store, kk(1), date(2019, 6, 1))
    assert after.status is PkhStatus.DIBATALKAN


def test_unknown_family_and_bad_arguments(store: RegistryStore) -> None:
    with pytest.raises(RecordNotFoundError):
        pkh_family_from_registry(store, kk(9), date(2021, 1, 4))
    with pytest.raises(ValidationError, match="no_kk"):
        pkh_family_from_registry(store, "3171010000000009", date(2021, 1, 4))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="status"):
        pkh_family_from_registry(store, kk(1), date(2021, 1, 4), status="aktif")  # type: ignore[arg-type]


def test_no_nik_or_name_in_explanations_or_repr(store: RegistryStore) -> None:
    members, _ = _example_1(store)
    on = date(2019, 1, 2)
    family, niks = pkh_family_from_registry(store, kk(1), on)
    e = entitlement(family, on)
    shown = " ".join([e.explain("id"), e.explain("en"), repr(e), repr(family), repr(niks)])
    for p in members:
        assert p.nik.reveal() not in shown
        assert p.name not in shown
    assert kk(1).reveal() not in shown


def test_mapping_is_one_to_one_and_total_on_enrolment_statuses() -> None:
    assert set(ENROLMENT_TO_PKH) == set(EnrolmentStatus)
    assert len(set(ENROLMENT_TO_PKH.values())) == len(EnrolmentStatus)
    for e, s in ENROLMENT_TO_PKH.items():
        assert PKH_TO_ENROLMENT[s] is e
        assert pkh_status_of(e) is s and enrolment_status_of(s) is e
    assert set(PkhStatus) - set(PKH_TO_ENROLMENT) == {PkhStatus.GRADUASI}
    with pytest.raises(ValidationError, match="graduasi_alamiah"):
        enrolment_status_of(PkhStatus.GRADUASI)
    with pytest.raises(ValidationError, match="status"):
        pkh_status_of("active")  # type: ignore[arg-type]


_RELS = [Relationship.ISTRI, Relationship.ANAK, Relationship.CUCU, Relationship.ORANG_TUA]


@settings(max_examples=30, deadline=None)
@given(
    head=registry_persons(),
    others=st.lists(st.tuples(registry_persons(), st.sampled_from(_RELS)), max_size=6),
    no_kk=no_kks(),
    desil=st.none() | st.integers(1, 10),
    on=st.dates(date(2019, 1, 1), date(2023, 12, 31)),
    remote=st.booleans(),
    kind=st.sampled_from(sorted(STORES)),
)
def test_adapter_equals_the_plain_family(
    head: Person,
    others: list[tuple[Person, Relationship]],
    no_kk: NoKK,
    desil: int | None,
    on: date,
    remote: bool,
    kind: str,
) -> None:
    seen = {head.nik}
    rows = [(head, Relationship.KEPALA_KELUARGA)]
    for p, rel in others:
        if p.nik not in seen:
            seen.add(p.nik)
            rows.append((p, rel))
    store = STORES[kind]()
    store.add_family(Family(no_kk, REGION))
    store.add_persons(p for p, _ in rows)
    store.add_memberships(Membership(no_kk, p.nik, rel, date(1900, 1, 1)) for p, rel in rows)
    if desil is not None:
        store.record_rank(WelfareRank(no_kk, desil, date(1900, 1, 1)))
    store.record_status(
        StatusChange(
            Programme.PKH, no_kk, EnrolmentStatus.ACTIVE, date(1900, 1, 1), date(1900, 1, 1)
        )
    )
    plain = PkhFamily(
        "plain",
        [
            PkhMember(
                f"p{i}",
                p.birth_date,
                p.sex,
                pregnant_or_postpartum=p.pregnancy_due is not None and on <= p.pregnancy_due,
                school_level=p.school_level,
                disability=p.disability,
                relationship=rel,
            )
            for i, (p, rel) in enumerate(rows)
        ],
        desil=desil,
        remote_area=remote,
    )
    got = entitlement_from_registry(store, no_kk, on, remote_area=remote)
    want = entitlement(plain, on)
    assert got.total == want.total
    assert [s.amount for s in got.stages] == [s.amount for s in want.stages]

    def lines(e: PkhEntitlement) -> list[tuple[str, int, bool]]:
        return sorted(
            (ln.component.code if ln.component else "", ln.amount.amount, ln.counted)
            for ln in e.members
        )

    assert lines(got) == lines(want)
    _, niks = pkh_family_from_registry(store, no_kk, on)
    assert len(niks) == len(rows) and set(niks.values()) == seen
    for mid in niks:
        assert not any(ch.isdigit() for ch in mid.rsplit("-", 1)[0])


def test_reform_parameters_pass_through(store: RegistryStore) -> None:
    from dayasos.parameters import load_parameters

    _example_1(store)  # welfare decile 1 recorded in 2018
    store.record_rank(WelfareRank(kk(1), 5, date(2019, 6, 1)))
    reform = load_parameters().with_value(
        "pkh.eligibility.max_desil", 4, start=date(2019, 1, 1), reform="desil-4"
    )
    assert entitlement_from_registry(store, kk(1), date(2019, 1, 2), reform).total.amount == (
        7_150_000
    )
    # the rank in force on 1 July 2019 is decile 5, above the reform's threshold
    assert entitlement_from_registry(store, kk(1), date(2019, 7, 1), reform).total.amount == 0
    assert entitlement_from_registry(store, kk(1), date(2019, 7, 1)).total.amount > 0
