"""CSV and JSON import and export: reports, all-or-nothing, lossless round-trips, fuzzed rows."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import Programme, Relationship, Sex
from dayasos.errors import BulkValidationError, ValidationError
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    Nik,
    Person,
    RegistryStore,
    SQLiteStore,
    StatusChange,
    WelfareRank,
)
from dayasos.registry.io import (
    CSV_COLUMNS,
    RegistryDocument,
    export_json,
    import_csv,
    import_json,
    to_csv_text,
)
from dayasos.testing import niks, no_kks, region_codes, registry_persons

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "registry-example.csv"
HEADER = ",".join(CSV_COLUMNS)


def _stores() -> list[RegistryStore]:
    return [MemoryStore(), SQLiteStore()]


def test_example_file_imports_into_both_stores() -> None:
    for store in _stores():
        report = import_csv(EXAMPLE, store)
        assert report.ok and report.rows == 6 and report.rejected == ()
        assert report.accepted == (2, 3, 4, 5, 6, 7)
        assert store.count_persons() == 6
        assert len(list(store.families())) == 2


def _bad_file() -> str:
    rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace("1984-11-23", "1984-13-23")  # line 3: bad birth date
    rows[4] = rows[4].replace(",L,", ",X,")  # line 5: unknown sex
    return "\n".join(rows) + "\n"


def test_rejected_rows_name_line_field_and_reason() -> None:
    store = SQLiteStore()
    report = import_csv(io.StringIO(_bad_file()), store)
    assert [(r.line, r.field) for r in report.rejected] == [(3, "birth_date"), (5, "sex")]
    assert report.accepted == (2, 4, 6, 7)
    assert not report.written and "nothing written" in report.summary()
    assert store.count_persons() == 0  # all or nothing


def test_partial_loading_writes_the_accepted_rows() -> None:
    for store in _stores():
        report = import_csv(io.StringIO(_bad_file()), store, partial=True)
        assert report.written and len(report.rejected) == 2
        assert store.count_persons() == 4


def test_rows_conflicting_with_each_other_or_the_store() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines()
    second_head = lines[2].replace("Istri", "Kepala Keluarga")
    other_region = lines[5].replace("32.73.01.2001", "32.73.01.2002")
    store = MemoryStore()
    report = import_csv(
        io.StringIO(
            "\n".join([lines[0], lines[1], second_head, lines[5], other_region, lines[1]]) + "\n"
        ),
        store,
    )
    assert [(r.line, r.field) for r in report.rejected] == [
        (3, "relationship"),
        (5, "region"),
        (6, "relationship"),
    ]
    # importing the same file twice: every row is recognised, nothing is added
    store2 = SQLiteStore()
    assert import_csv(EXAMPLE, store2).ok
    before = RegistryDocument.of(store2)
    again = import_csv(EXAMPLE, store2)
    assert again.ok and len(again.accepted) == 6
    assert RegistryDocument.of(store2) == before


def test_findings_report_nik_disagreements() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("1980-05-02", "1980-05-03")
    report = import_csv(io.StringIO("\n".join(lines) + "\n"), MemoryStore())
    assert report.ok
    assert [(f.line, f.finding.field) for f in report.findings] == [(2, "birth_date")]
    assert "3171010205800001" not in str(report.findings[0])


def test_bad_header_rejected() -> None:
    with pytest.raises(ValidationError, match="header"):
        import_csv(io.StringIO("nik,name\n1,2\n"), MemoryStore())


# -- round trips ------------------------------------------------------------------------------

_names = st.text("abcdefghij ,'\"-", min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and s != ""
)


@st.composite
def populated_stores(draw: st.DrawFn) -> RegistryDocument:
    persons = draw(st.lists(registry_persons(), max_size=6, unique_by=lambda p: p.nik))
    persons = [
        Person(
            p.nik, draw(_names), p.birth_date, p.sex, p.disability, p.pregnancy_due, p.school_level
        )
        for p in persons
    ]
    kks = draw(st.lists(no_kks(), max_size=3, unique=True))
    families = [Family(k, draw(region_codes())) for k in kks]
    memberships: list[Membership] = []
    if families:
        for i, p in enumerate(persons):
            if draw(st.booleans()):
                f = families[i % len(families)]
                start = draw(st.dates(date(2000, 1, 1), date(2020, 1, 1)))
                end = draw(st.none() | st.dates(date(2020, 1, 2), date(2030, 1, 1)))
                rel = (
                    Relationship.KEPALA_KELUARGA
                    if i < len(families)
                    else draw(st.sampled_from([r for r in Relationship if not r.is_head]))
                )
                memberships.append(Membership(f.no_kk, p.nik, rel, start, end))
    ranks = [
        WelfareRank(
            f.no_kk, draw(st.integers(1, 10)), draw(st.dates(date(2015, 1, 1), date(2025, 1, 1)))
        )
        for f in families
        if draw(st.booleans())
    ]
    changes = [
        StatusChange(
            draw(st.sampled_from(list(Programme))),
            f.no_kk,
            draw(st.sampled_from(list(EnrolmentStatus))),
            date(2020, 1, 1),
            date(2020, 2, 1),
            draw(_names),
        )
        for f in families
    ]
    return RegistryDocument(
        tuple(persons), tuple(families), tuple(memberships), tuple(ranks), tuple(changes)
    )


def _load(doc: RegistryDocument, store: RegistryStore) -> RegistryStore:
    store.add_persons(doc.persons)
    store.add_families(doc.families)
    store.add_memberships(doc.memberships)
    for r in doc.ranks:
        store.record_rank(r)
    for c in doc.status_changes:
        store.record_status(c)
    return store


@given(populated_stores())
def test_json_round_trip_is_lossless(doc: RegistryDocument) -> None:
    source = _load(doc, MemoryStore())
    for target in _stores():
        import_json(io.StringIO(export_json(source)), target)
        assert RegistryDocument.of(target) == RegistryDocument.of(source)


@given(populated_stores())
def test_csv_round_trip_is_lossless(doc: RegistryDocument) -> None:
    source = _load(doc, SQLiteStore())
    for target in _stores():
        report = import_csv(io.StringIO(to_csv_text(source)), target)
        assert report.rejected == ()
        assert list(target.persons()) == list(source.persons())
        assert list(target.families()) == list(source.families())
        assert list(target.memberships()) == list(source.memberships())


def test_json_errors_name_their_paths() -> None:
    text = '{"persons": [{"nik": "3171010205800001", "name": "A", "birth_date": "1980-02-30", "sex": "m"}]}'
    with pytest.raises(BulkValidationError) as info:
        import_json(io.StringIO(text), MemoryStore())
    assert "persons" in str(info.value) and "3171010205800001" not in str(info.value)


# -- fuzzed CSV rows --------------------------------------------------------------------------

_CORRUPTIONS = {
    "nik": "12345",
    "birth_date": "2020-13-45",
    "sex": "x",
    "relationship": "tetangga",
    "region": "99.01",
    "no_kk": "abc",
    "member_from": "kemarin",
    "school_level": "s9",
}


@st.composite
def fuzzed_rows(draw: st.DrawFn) -> tuple[list[dict[str, str]], set[int]]:
    n = draw(st.integers(1, 8))
    rows: list[dict[str, str]] = []
    bad: set[int] = set()
    persons = draw(st.lists(registry_persons(), min_size=n, max_size=n, unique_by=lambda p: p.nik))
    kks = draw(st.lists(no_kks(), min_size=n, max_size=n, unique=True))
    for i, (p, k) in enumerate(zip(persons, kks, strict=True)):
        row = {
            "no_kk": k.reveal(),
            "region": str(draw(region_codes())),
            "nik": p.nik.reveal(),
            "name": p.name,
            "birth_date": p.birth_date.isoformat(),
            "sex": p.sex.name_id,
            "relationship": "Kepala Keluarga",
            "member_from": "2020-01-01",
            "member_until": "",
            "disability": "",
            "pregnancy_due": "",
            "school_level": "",
        }
        corrupt = draw(st.none() | st.sampled_from(sorted(_CORRUPTIONS)))
        if corrupt is not None:
            row[corrupt] = _CORRUPTIONS[corrupt]
            bad.add(i + 2)
        rows.append(row)
    return rows, bad


@given(fuzzed_rows())
def test_fuzzed_csv_rejects_exactly_the_invalid_rows(
    case: tuple[list[dict[str, str]], set[int]],
) -> None:
    rows, bad = case
    buf = io.StringIO()
    buf.write(HEADER + "\n")
    for r in rows:
        buf.write(",".join(r[c] for c in CSV_COLUMNS) + "\n")
    store = SQLiteStore()
    report = import_csv(io.StringIO(buf.getvalue()), store, partial=True)
    assert {r.line for r in report.rejected} == bad
    assert set(report.accepted) == set(range(2, len(rows) + 2)) - bad
    assert store.count_persons() == len(rows) - len(bad)
    for r in report.rejected:
        assert not re.search(r"\d{9,}", str(r))


@given(niks())
def test_reports_never_show_full_numbers(nik: Nik) -> None:
    row = f"3171012009000001,31.71.01.1001,{nik.reveal()},A,1900-01-01,L,Anak,2020-01-01,,,,\n"
    store = MemoryStore()
    store.add_person(Person(nik, "B", date(1901, 1, 1), Sex.LAKI_LAKI))
    report = import_csv(io.StringIO(HEADER + "\n" + row), store)
    assert nik.reveal() not in repr(report) + str(report.rejected)
