"""Record linkage (Fellegi-Sunter over blocked pairs) and the review workflow."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.errors import RecordNotFoundError, ValidationError
from dayasos.registry import SQLiteStore
from dayasos.registry.linkage import (
    FIELD_LEVELS,
    LinkageRecord,
    compare,
    estimate_u,
    link,
    pair_key,
    phonetic_key,
)
from dayasos.registry.planted import DUPLICATE_KINDS, planted_registry
from dayasos.registry.review import (
    REVIEW_COLUMNS,
    ReviewDecision,
    decide,
    decided_pairs,
    propose,
    read_decisions,
    record_decisions,
    write_sheet,
)

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_recall_and_precision_on_a_planted_registry_are_at_least_95_percent() -> None:
    records, planted = planted_registry(4000, seed=7)
    result = link(records)
    found = {(c.first.reveal(), c.second.reveal()) for c in result.candidates}
    true = found & planted
    assert len(planted) >= 3 * len(DUPLICATE_KINDS)
    assert len(true) / len(planted) >= 0.95
    assert len(true) / len(found) >= 0.95


def _person(
    nik: str, name: str, born: date, region: str = "3171011001", kk: str = ""
) -> LinkageRecord:
    return LinkageRecord(nik, name, born, "m", kk or f"{nik[:6]}2009{nik[-6:]}", region)


def test_the_three_misses_of_exact_matching_are_found() -> None:
    background, _ = planted_registry(2000, seed=3, duplicate_share=0.0)
    cases = [
        (
            _person("3171010205800001", "Joko Susilo", date(1980, 5, 2)),
            _person("3171010205800002", "Joko", date(1980, 5, 2)),
        ),
        (
            _person("3171011407650001", "Siti Aminah", date(1965, 7, 14)),
            _person("3171011507650001", "Siti Aminah", date(1965, 7, 15)),
        ),
        (
            _person("3273015507700005", "WATI", date(1970, 7, 15), region="3273012001"),
            _person("3171015507700009", "Wati", date(1970, 7, 15), region="3171011001"),
        ),
    ]
    people = background + [r for pair in cases for r in pair]
    found = {(c.first.reveal(), c.second.reveal()): c for c in link(people).candidates}
    for a, b in cases:
        assert pair_key(a.nik, b.nik) in found, (a, b)
    joko = found[pair_key(cases[0][0].nik, cases[0][1].nik)]
    assert joko.comparisons[0].level == "part"
    assert "name: part" in joko.explain()


def test_old_spellings_and_case_share_a_phonetic_key() -> None:
    assert phonetic_key("Djoko Soesilo") == phonetic_key("Joko Susilo")
    assert phonetic_key("Tjipto") == phonetic_key("Cipto")
    assert phonetic_key("WATI") == phonetic_key("wati") == phonetic_key(" Wati ")
    assert phonetic_key("Budi") != phonetic_key("Rudi")


NAMES = st.text(alphabet="abcdeghijknorstuwyz ", min_size=1, max_size=12)
RECORDS = st.builds(
    LinkageRecord,
    st.sampled_from(["3171010205800001", "3171010205800002", "3273015507700005"]),
    NAMES,
    st.dates(date(1940, 1, 1), date(2020, 12, 31)),
    st.sampled_from(["m", "f"]),
    st.sampled_from(["", "3171012009000001", "3171012009000002"]),
    st.sampled_from(["", "3171011001", "3171012001", "3273011001", "31"]),
)


@given(RECORDS, RECORDS)
def test_comparison_is_symmetric_and_its_levels_are_known(
    a: LinkageRecord, b: LinkageRecord
) -> None:
    ab, ba = compare(a, b), compare(b, a)
    assert [c.level for c in ab] == [c.level for c in ba]
    for c in ab:
        assert c.level in FIELD_LEVELS[c.field]
    own = {c.field: c.level for c in compare(a, a)}
    assert own["name"] == own["birth_date"] == own["nik"] == "exact" and own["sex"] == "same"
    assert own["region"] in ("desa", "kecamatan", "kabupaten_kota", "province", "missing")


@given(NAMES, st.sampled_from(["", " ", "  "]))
def test_phonetic_key_ignores_case_and_spacing(name: str, pad: str) -> None:
    assert phonetic_key(pad + name.upper().replace(" ", "  ") + pad) == phonetic_key(name)


@given(st.lists(RECORDS, max_size=8, unique_by=lambda r: r.nik))
def test_a_candidate_score_is_the_sum_of_its_weights_and_excluded_pairs_never_return(
    records: list[LinkageRecord],
) -> None:
    u = estimate_u(records, pairs=200)
    result = link(records, u=u, threshold=-1000)
    for c in result.candidates:
        assert c.score == pytest.approx(sum(x.weight for x in c.comparisons))
        assert c.first.reveal() < c.second.reveal()
        assert 0.0 <= c.probability <= 1.0
    excluded = frozenset((c.first.reveal(), c.second.reveal()) for c in result.candidates)
    assert link(records, u=u, threshold=-1000, exclude=excluded).candidates == ()


def test_repr_of_records_and_candidates_masks_numbers_and_names() -> None:
    people = [
        _person("3171010205800001", "Joko Susilo", date(1980, 5, 2)),
        _person("3171010205800002", "Joko Susilo", date(1980, 5, 2)),
    ]
    text = repr(people[0]) + repr(link(people, threshold=-100).candidates)
    assert "3171010205800001" not in text and "Joko" not in text


def _store_with(people: list[LinkageRecord]) -> SQLiteStore:
    from dayasos.categories import Relationship, Sex
    from dayasos.registry import Family, Membership, Nik, NoKK, Person, RegionCode

    store = SQLiteStore()
    for i, r in enumerate(people):
        nik = Nik.parse(r.nik)
        store.add_person(Person(nik, r.name, r.birth_date, Sex.parse(r.sex)))
        kk = NoKK.parse(f"{r.nik[:6]}20090000{i:02d}")
        store.add_family(Family(kk, RegionCode.parse(r.region)))
        store.add_membership(Membership(kk, nik, Relationship.KEPALA_KELUARGA, date(2009, 1, 1)))
    return store


def test_review_sheet_decisions_and_never_proposing_a_decided_pair_again() -> None:
    background, _ = planted_registry(300, seed=5, duplicate_share=0.0)
    people = [
        _person("3171010205800001", "Joko Susilo", date(1980, 5, 2)),
        _person("3171010205800002", "Joko", date(1980, 5, 2)),
    ]
    u = estimate_u(background, pairs=5000)
    with _store_with(people) as store:
        first = link(store, u=u)
        assert len(first.candidates) == 1
        rows = propose(store, first.candidates, at=AT)
        row = rows[0]
        assert list(row) == list(REVIEW_COLUMNS)
        assert row["first"] == "NIK 3171…0001" and row["second"] == "NIK 3171…0002"
        assert row["first_family"].startswith("No. KK 3171…")
        assert row["first_name"] == "J*** S***"  # masked unless revealed
        assert propose(store, first.candidates, reveal_names=True)[0]["first_name"] == "Joko Susilo"
        assert propose(store, first.candidates)[0]["pair"] == row["pair"]  # same number

        sheet = io.StringIO()
        write_sheet(rows, sheet)
        filled = sheet.getvalue().replace(",,,\n", ",unsure,petugas-1,cek KK\n", 1)
        assert record_decisions(store, io.StringIO(filled), at=AT) == 1
        assert decided_pairs(store) == frozenset()  # unsure: proposed again
        assert len(link(store, u=u, exclude=decided_pairs(store)).candidates) == 1

        decide(store, row["pair"], ReviewDecision.DIFFERENT, "petugas-2", note="kembar", at=AT)
        assert decided_pairs(store) == {("3171010205800001", "3171010205800002")}
        assert link(store, u=u, exclude=decided_pairs(store)).candidates == ()
        history = store.connection.execute(
            "SELECT decision, reviewer, decided_at, note FROM review_decision ORDER BY seq"
        ).fetchall()
        assert history == [
            ("unsure", "petugas-1", AT.isoformat(), "cek KK"),
            ("different", "petugas-2", AT.isoformat(), "kembar"),
        ]
        with pytest.raises(RecordNotFoundError):
            decide(store, 999, ReviewDecision.SAME, "petugas-1")
        with pytest.raises(ValidationError, match="reviewer"):
            decide(store, row["pair"], ReviewDecision.SAME, " ")


def test_sheet_neutralises_formulas_and_bad_decisions_are_named() -> None:
    out = io.StringIO()
    write_sheet([{"pair": 1, "note": "=HYPERLINK(1)", "decision": "", "reviewer": ""}], out)
    assert "'=HYPERLINK(1)" in out.getvalue()
    header = ",".join(REVIEW_COLUMNS)
    bad = header + "\n" + ",".join(["1"] + [""] * (len(REVIEW_COLUMNS) - 4) + ["maybe", "x", ""])
    with pytest.raises(ValidationError, match="line 2"):
        read_decisions(io.StringIO(bad))
    nobody = bad.replace("maybe,x,", "same,,")
    with pytest.raises(ValidationError, match="reviewer"):
        read_decisions(io.StringIO(nobody))


def test_one_digit_off_identifiers_and_swapped_dates_are_levels_of_their_own() -> None:
    a = _person("3171010205800001", "Budi", date(1980, 5, 2), kk="3171012009000001")
    b = _person("3171010205800007", "Budi", date(1980, 2, 5), kk="3171012009000010")
    levels = {c.field: c.level for c in compare(a, b)}
    assert levels["birth_date"] == "swapped"
    assert levels["nik"] == "different"  # one serial apart: persons of one kecamatan are
    assert levels["no_kk"] == "one_digit"  # neighbouring digits swapped
    typo = _person("3171010206800001", "Budi", date(1980, 5, 2))  # date part mistyped
    assert {c.field: c.level for c in compare(a, typo)}["nik"] == "one_digit"
    other_day = _person("3171010206800001", "Budi", date(1980, 6, 2))  # explained by the date
    assert {c.field: c.level for c in compare(a, other_day)}["nik"] == "different"
    c = _person("3171010205800001", "Budi", date(1980, 5, 2) + timedelta(days=2))
    assert {x.field: x.level for x in compare(a, c)}["birth_date"] == "near"
    with pytest.raises(ValidationError, match="max_block"):
        link([a, b], max_block=1)


def test_linkage_on_a_local_dask_cluster_equals_the_in_process_result() -> None:
    import distributed

    from dayasos.registry.linkage import link_dask

    records, _ = planted_registry(1500, seed=11)
    u = estimate_u(records, pairs=3000)
    expected = link(records, u=u)
    cluster = distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    )
    with cluster, distributed.Client(cluster):
        got = link_dask(records, u=u, npartitions=4)
    assert got.candidates == expected.candidates
    assert got.pairs_compared == expected.pairs_compared
    assert len(got.candidates) > 0
    with pytest.raises(ValidationError, match="npartitions"):
        link_dask(records, u=u, npartitions=0)
