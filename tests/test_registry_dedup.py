"""Duplicate candidates: same NIK in two families, same name and birth date in one region,
No. KK in two regions. Nothing is merged."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import Relationship, Sex
from dayasos.registry import (
    DuplicateKind,
    Family,
    Membership,
    MemoryStore,
    Person,
    RegionCode,
    RegistryDocument,
    SQLiteStore,
    find_duplicates,
)
from dayasos.testing import registry_persons
from registry_helpers import kk, person

R = Relationship
JKT = RegionCode.parse("31.71.01.1001")
JKT2 = RegionCode.parse("31.71.02.1001")
BDG = RegionCode.parse("32.73.01.1001")


def test_same_nik_in_two_families() -> None:
    a = person("Ani", date(2000, 1, 1), Sex.PEREMPUAN, 1)
    h1 = person("Budi", date(1970, 1, 1), Sex.LAKI_LAKI, 2)
    h2 = person("Cahyo", date(1971, 1, 1), Sex.LAKI_LAKI, 3)
    for store in (MemoryStore(), SQLiteStore()):
        store.add_persons([a, h1, h2])
        store.add_families([Family(kk(1), JKT), Family(kk(2), JKT)])
        store.add_memberships(
            [
                Membership(kk(1), h1.nik, R.KEPALA_KELUARGA, date(2000, 1, 1)),
                Membership(kk(2), h2.nik, R.KEPALA_KELUARGA, date(2000, 1, 1)),
                Membership(kk(1), a.nik, R.ANAK, date(2000, 1, 1)),
                Membership(kk(2), a.nik, R.CUCU, date(2010, 1, 1)),
            ]
        )
        before = RegistryDocument.of(store)
        (c,) = find_duplicates(store)
        assert c.kind is DuplicateKind.SAME_NIK_IN_TWO_FAMILIES
        assert (c.first, c.second, c.shared, c.matched, c.score) == (
            kk(1),
            kk(2),
            a.nik,
            ("nik",),
            100,
        )
        assert RegistryDocument.of(store) == before  # never merges
        # a move (the first membership ended before the second began) is not a duplicate
        store.end_membership(kk(1), a.nik, date(2010, 1, 1))
        assert find_duplicates(store) == ()


def test_same_name_and_birth_date_only_within_one_kabupaten_kota() -> None:
    a = Person(
        person("x", date(1980, 5, 2), Sex.LAKI_LAKI, 1).nik,
        "Budi Santoso",
        date(1980, 5, 2),
        Sex.LAKI_LAKI,
    )
    b = Person(
        person("x", date(1980, 5, 2), Sex.LAKI_LAKI, 2, "317102").nik,
        " budi   SANTOSO",
        date(1980, 5, 2),
        Sex.LAKI_LAKI,
    )
    c = Person(
        person("x", date(1980, 5, 2), Sex.LAKI_LAKI, 3, "327301").nik,
        "Budi Santoso",
        date(1980, 5, 2),
        Sex.LAKI_LAKI,
    )
    store = MemoryStore()
    store.add_persons([a, b, c])
    store.add_families([Family(kk(1), JKT), Family(kk(2), JKT2), Family(kk(3), BDG)])
    store.add_memberships(
        [
            Membership(kk(1), a.nik, R.KEPALA_KELUARGA, date(2009, 1, 1)),
            Membership(kk(2), b.nik, R.KEPALA_KELUARGA, date(2009, 1, 1)),
            Membership(kk(3), c.nik, R.KEPALA_KELUARGA, date(2009, 1, 1)),
        ]
    )
    (cand,) = find_duplicates(store)
    assert cand.kind is DuplicateKind.SAME_NAME_AND_BIRTH_DATE
    assert {cand.first, cand.second} == {a.nik, b.nik}
    assert cand.matched == ("name", "birth_date", "region", "sex")  # other issuing kecamatan
    assert cand.score == 85


def test_no_kk_in_two_regions_across_sources() -> None:
    one, two = MemoryStore(), SQLiteStore()
    one.add_family(Family(kk(7), JKT))
    two.add_family(Family(kk(7), BDG))
    (c,) = find_duplicates(one, two)
    assert c.kind is DuplicateKind.NO_KK_IN_TWO_REGIONS
    assert c.shared == kk(7) and c.score == 100 and set(c.regions) == {JKT, BDG}
    two2 = MemoryStore()
    two2.add_family(Family(kk(7), JKT2))
    assert find_duplicates(one, two2)[0].score == 60
    assert find_duplicates(one, one) == ()


@given(st.lists(registry_persons(), max_size=8, unique_by=lambda p: p.nik))
def test_distinct_people_without_families_are_paired_only_on_name_and_date(
    persons: list[Person],
) -> None:
    store = MemoryStore()
    store.add_persons(persons)
    for c in find_duplicates(store):
        assert c.kind is DuplicateKind.SAME_NAME_AND_BIRTH_DATE
        a, b = store.get_person(c.first), store.get_person(c.second)  # type: ignore[arg-type]
        assert a.birth_date == b.birth_date and a.name.casefold() == b.name.casefold()
        assert 70 <= c.score <= 100
    # a person never pairs with itself, and each pair appears once
    pairs = [(c.first, c.second) for c in find_duplicates(store)]
    assert len(pairs) == len(set(pairs)) and all(x != y for x, y in pairs)


def test_a_candidate_labels_each_identifier_by_its_kind() -> None:
    from dayasos.registry import DuplicateCandidate, DuplicateKind, Nik, NoKK, RegionCode

    pair = DuplicateCandidate(
        DuplicateKind.SAME_NAME_AND_BIRTH_DATE,
        Nik.parse("3171010205800001"),
        Nik.parse("3171010205800009"),
        None,
        ("name", "birth_date"),
        85,
    )
    assert str(pair) == "same_name_and_birth_date (85): NIK 3171…0001 and NIK 3171…0009"
    kk = NoKK.parse("3171012009000001")
    moved = DuplicateCandidate(
        DuplicateKind.NO_KK_IN_TWO_REGIONS,
        kk,
        kk,
        kk,
        ("no_kk",),
        100,
        (RegionCode.parse("31.71.01.1001"), RegionCode.parse("32.73.01.2001")),
    )
    assert "No. KK 3171…0001 and No. KK 3171…0001 in regions 31.71.01.1001 and 32.73" in str(moved)
    assert "3171012009000001" not in str(moved)
