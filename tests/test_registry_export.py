"""The bulk export: any store exports to a file that imports back to the same records, the
parallel read writes the same bytes as the one-connection read, the CSV text is the row
export's whatever the batch size, and the store is read in ranges bounded by the batch."""

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.categories import Relationship, Sex
from dayasos.errors import RegistryFileError, ValidationError
from dayasos.registry import (
    Family,
    Membership,
    Nik,
    Person,
    RegionCode,
    RegistryDocument,
    SQLiteStore,
)
from dayasos.registry.bulk import bulk_export, bulk_import, export_read
from dayasos.registry.bulk.export import _read_ahead
from dayasos.registry.bulk.export_read import PASSES, export_ranges
from dayasos.registry.io import to_csv_text
from dayasos.registry.sqlite_scan import TOP_KEY
from dayasos.testing import no_kks, region_codes, registry_persons
from registry_helpers import kk, person

# names a CSV must quote (comma, quote) and names beyond ASCII (a line break inside a value is
# quoted too, but the bulk import reads one row per line: see the example test below)
NAMES = st.text(alphabet="ab ,\"'é中😀", min_size=1, max_size=8).map(str.strip).filter(bool)
# no head: a family has at most one at a time, which the store checks
RELATIONSHIPS = st.sampled_from([r for r in Relationship if r is not Relationship.KEPALA_KELUARGA])


@st.composite
def stores(draw: st.DrawFn) -> tuple[list[Family], list[Person], list[Membership]]:
    """Families and persons, some without a membership; memberships open, ended, or ended and
    begun again in the same family, added in any order."""
    families = [
        Family(kk, draw(region_codes()))
        for kk in draw(st.lists(no_kks(), max_size=5, unique_by=lambda k: k.reveal()))
    ]
    persons = [
        attrs.evolve(p, name=draw(NAMES)) if draw(st.booleans()) else p
        for p in draw(st.lists(registry_persons(), max_size=10, unique_by=lambda p: p.nik.reveal()))
    ]
    memberships: list[Membership] = []
    kinds = ["none", "open", "ended", "again", "moved"]
    for p in persons:
        kind = draw(st.sampled_from(kinds)) if families else "none"
        if kind == "none":
            continue
        kk = draw(st.sampled_from(families)).no_kk
        rel = draw(RELATIONSHIPS)
        start = date(2001, 1, 1) + timedelta(days=draw(st.integers(0, 3000)))
        if kind == "open":
            memberships.append(Membership(kk, p.nik, rel, start))
        else:
            end = start + timedelta(days=draw(st.integers(1, 400)))
            memberships.append(Membership(kk, p.nik, rel, start, end))
            if kind == "again":
                memberships.append(Membership(kk, p.nik, rel, end + timedelta(days=1)))
            if kind == "moved":  # then a member of another family (or the same one)
                later = draw(st.sampled_from(families)).no_kk
                memberships.append(Membership(later, p.nik, rel, end + timedelta(days=1)))
    return families, persons, draw(st.permutations(memberships))


def _fill(store: SQLiteStore, content: tuple[list[Family], list[Person], list[Membership]]) -> None:
    families, persons, memberships = content
    store.add_families(families)
    store.add_persons(persons)
    for m in memberships:
        store.add_membership(m)


@settings(deadline=None)
@given(stores(), st.integers(1, 5), st.integers(1, 3))
def test_an_export_of_any_store_imports_back_to_the_same_records(
    content: tuple[list[Family], list[Person], list[Membership]],
    batch_rows: int,
    workers: int,
) -> None:
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "r.db") as store:
        _fill(store, content)
        want = RegistryDocument.of(store)
        one = io.BytesIO()
        bulk_export(store, one, neutralise_formulas=False, workers=1)
        many = io.BytesIO()
        bulk_export(store, many, neutralise_formulas=False, batch_rows=batch_rows, workers=workers)
        parquet = Path(tmp) / "r.parquet"
        rows = bulk_export(store, parquet, batch_rows=batch_rows, workers=workers)
        assert many.getvalue() == one.getvalue()
        assert one.getvalue().decode("utf-8") == to_csv_text(store)
        assert pq.read_table(parquet).num_rows == rows
        for source in (io.BytesIO(many.getvalue()), parquet):
            with SQLiteStore() as again:
                report = bulk_import(source, again)
                assert report.ok and report.rows == rows
                assert RegistryDocument.of(again) == want


def test_progress_counts_the_rows_written_after_each_batch() -> None:
    region = RegionCode.parse("31.71.01.1001")
    content = ([Family(kk(i), region) for i in (1, 2, 3)], [], [])
    seen: list[int] = []
    with SQLiteStore() as store:
        _fill(store, content)
        assert bulk_export(store, io.BytesIO(), batch_rows=2, progress=seen.append) == 3
    assert seen == [2, 3]


def test_an_empty_store_exports_the_header_only() -> None:
    out = io.BytesIO()
    with SQLiteStore() as store:
        assert bulk_export(store, out) == 0
    assert out.getvalue().decode() == to_csv_text(SQLiteStore())


@pytest.mark.parametrize("name", ["batch_rows", "workers"])
@pytest.mark.parametrize("bad", [0, -2, True, 1.5])
def test_batch_rows_and_workers_must_be_positive_integers(name: str, bad: object) -> None:
    with SQLiteStore() as store, pytest.raises(ValidationError, match=name):
        bulk_export(store, io.BytesIO(), **{name: bad})  # type: ignore[arg-type]


def test_a_name_with_a_line_break_is_quoted_as_the_row_export_does() -> None:
    """The text equals the row export's (the importers read one row per line and reject such
    a row: a line break in a name does not round-trip through CSV)."""
    with SQLiteStore() as store:
        store.add_person(
            Person(Nik.parse("3171014103150003"), 'Siti\n"Ani", B', date(2015, 3, 1), Sex.PEREMPUAN)
        )
        out = io.BytesIO()
        bulk_export(store, out)
        text = out.getvalue().decode("utf-8")
        assert text == to_csv_text(store)
        assert '"Siti\n""Ani"", B"' in text


BATCHES = (1, 2, 3, 7, 100_000)


@settings(deadline=None, max_examples=40)
@given(stores())
def test_every_batch_size_writes_the_row_exports_text_and_rows(
    content: tuple[list[Family], list[Person], list[Membership]],
) -> None:
    """The reference is the row export (records one at a time, :func:`to_csv_text`): the
    bulk export writes its text byte for byte whatever the batch size and number of
    connections, and Parquet holds its rows in row groups of ``batch_rows`` rows."""
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "r.db") as store:
        _fill(store, content)
        want = to_csv_text(store)
        header, *rows = list(csv.reader(io.StringIO(want)))
        for batch_rows in BATCHES:
            for workers in (1, 2):
                out = io.BytesIO()
                n = bulk_export(
                    store, out, neutralise_formulas=False, batch_rows=batch_rows, workers=workers
                )
                assert out.getvalue().decode("utf-8") == want
                assert n == len(rows)
            parquet = Path(tmp) / f"{batch_rows}.parquet"
            bulk_export(store, parquet, batch_rows=batch_rows)
            table = pq.read_table(parquet)
            assert table.column_names == header
            assert [list(r.values()) for r in table.to_pylist()] == rows
            meta = pq.ParquetFile(parquet).metadata
            groups = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
            assert groups == [
                min(batch_rows, len(rows) - lo) for lo in range(0, len(rows), batch_rows)
            ]


def _rows_in(db: Any, kind: str, low: int, high: int) -> int:
    """The rows a range of a pass of the export stands for (memberships, or lone persons
    or families, and every person or family in the range)."""
    sql = {
        "member": "SELECT count(*) FROM membership WHERE no_kk > ? AND no_kk <= ?",
        "person": "SELECT count(*) FROM person WHERE nik > ? AND nik <= ?",
        "family": "SELECT count(*) FROM family WHERE no_kk > ? AND no_kk <= ?",
    }[kind]
    return int(db.execute(sql, (low, high)).fetchone()[0])


@settings(deadline=None, max_examples=40)
@given(stores(), st.sampled_from(BATCHES))
def test_the_ranges_cover_every_key_and_hold_at_most_a_batch(
    content: tuple[list[Family], list[Person], list[Membership]], batch_rows: int
) -> None:
    """Persons and families: at most ``batch_rows`` a range; memberships: at most
    ``batch_rows - 1`` and those of the range's last family."""
    with SQLiteStore() as store:
        _fill(store, content)
        db = store.connection
        largest = db.execute(
            "SELECT ifnull(max(n), 0) FROM (SELECT count(*) AS n FROM membership GROUP BY no_kk)"
        ).fetchone()[0]
        for kind in PASSES:
            ranges = export_ranges(db, kind, batch_rows)
            assert ranges[0][0] == -1 and ranges[-1][1] == TOP_KEY
            assert all(a[1] == b[0] and a[0] < a[1] for a, b in itertools.pairwise(ranges))
            sizes = [_rows_in(db, kind, low, high) for low, high in ranges]
            bound = batch_rows - 1 + largest if kind == "member" else batch_rows
            assert max(sizes) <= max(bound, 0)
            assert len(ranges) <= sum(sizes) // batch_rows + 1


def test_no_query_of_the_export_reads_more_than_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """40 families of three members, 30 persons and 20 families without: with batches of 4
    rows, no query fetches more than 4 - 1 + 3 rows (persons and families of a range of
    memberships included), and every row is fetched."""
    region = RegionCode.parse("31.71.01.1001")
    born = date(1990, 5, 17)
    persons = [person(f"W{i}", born, Sex.LAKI_LAKI, serial=i + 1) for i in range(150)]
    families = [Family(kk(i + 1), region) for i in range(60)]
    members = [
        Membership(families[i // 3].no_kk, p.nik, Relationship.ANAK, date(2010, 1, 1))
        for i, p in enumerate(persons[:120])
    ]
    fetched: list[int] = []
    read = export_read._texts

    def counted(db: Any, sql: str, params: tuple[Any, ...]) -> tuple[str, ...]:
        got = read(db, sql, params)
        fetched.append(int(got[-1]))  # each query's last column is its count(*)
        return got

    monkeypatch.setattr(export_read, "_texts", counted)
    with SQLiteStore() as store:
        _fill(store, (families, persons, members))
        out = io.BytesIO()
        assert bulk_export(store, out, batch_rows=4, workers=1) == 120 + 30 + 20
        assert out.getvalue().decode("utf-8") == to_csv_text(store)
    assert max(fetched) <= 4 - 1 + 3
    assert (
        sum(fetched) == 120 + 120 + 40 + 30 + 20
    )  # memberships, their persons and families, lone ones


def test_a_membership_without_its_person_fails_naming_the_table_only(tmp_path: Path) -> None:
    """The message names the table, not the NIK; the file at the path is left as it was and
    no temporary file remains."""
    region = RegionCode.parse("31.71.01.1001")
    lost = "3171011705900002"
    with SQLiteStore(tmp_path / "r.db") as store:
        _fill(store, ([Family(kk(1), region)], [person("A", date(1990, 5, 17), Sex.LAKI_LAKI)], []))
        store.connection.execute("PRAGMA foreign_keys = OFF")
        store.connection.execute(
            "INSERT INTO membership (no_kk, nik, relationship, start_date) VALUES (?, ?, ?, ?)",
            (int(kk(1).reveal()), int(lost), Relationship.ANAK.code, "2010-01-01"),
        )
        store.connection.commit()
        for name in ("out.csv", "out.parquet"):
            (tmp_path / name).write_text("previous\n")
            with pytest.raises(RegistryFileError, match="membership") as caught:
                bulk_export(store, tmp_path / name, batch_rows=1)
            assert lost not in str(caught.value) and "person" not in str(caught.value)
            assert (tmp_path / name).read_text() == "previous\n"
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_the_read_runs_at_most_one_range_ahead_per_connection() -> None:
    """Ranges are read while earlier ones are written, but never all at once."""
    started: list[int] = []

    def job(i: int) -> Callable[[Any], pa.Table]:
        def run(db: Any) -> pa.Table:
            started.append(i)
            return pa.table({"i": [i]})

        return run

    readers = [object(), object()]
    taken = 0
    for table in _read_ahead(readers, [job(i) for i in range(10)]):
        assert table.column("i")[0].as_py() == taken  # in order
        taken += 1
        assert len(started) <= taken + len(readers)
    assert taken == 10 and sorted(started) == list(range(10))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_commit_during_the_export_is_not_seen(tmp_path: Path, workers: int) -> None:
    """Another connection adds a family after the first batch is written: the file is the
    store as it was when the export began."""
    region = RegionCode.parse("31.71.01.1001")
    with SQLiteStore(tmp_path / "r.db") as store:
        _fill(store, ([Family(kk(i + 1), region) for i in range(6)], [], []))
        before = to_csv_text(store)

        def add_one(rows: int) -> None:
            if rows == 2:
                with SQLiteStore(tmp_path / "r.db") as other:
                    other.add_family(Family(kk(99), region))

        out = io.BytesIO()
        assert bulk_export(store, out, batch_rows=2, workers=workers, progress=add_one) == 6
        assert out.getvalue().decode("utf-8") == before
        assert to_csv_text(store) != before  # the family was added
