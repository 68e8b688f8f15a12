"""The bulk export: any store exports to a file that imports back to the same records, the
parallel read writes the same bytes as the one-connection read, and the CSV text is the row
export's."""

from __future__ import annotations

import io
import tempfile
from datetime import date, timedelta
from pathlib import Path

import attrs
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dayasos.registry.sqlite_scan as sqlite_scan
from dayasos.categories import Relationship, Sex
from dayasos.errors import ValidationError
from dayasos.registry import (
    Family,
    Membership,
    Nik,
    Person,
    RegionCode,
    RegistryDocument,
    SQLiteStore,
)
from dayasos.registry.bulk import bulk_export, bulk_import
from dayasos.registry.io import to_csv_text
from dayasos.testing import no_kks, region_codes, registry_persons
from registry_helpers import kk

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
    for p in persons:
        kind = draw(st.sampled_from(["none", "open", "ended", "again"])) if families else "none"
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
    return families, persons, draw(st.permutations(memberships))


def _fill(store: SQLiteStore, content: tuple[list[Family], list[Person], list[Membership]]) -> None:
    families, persons, memberships = content
    store.add_families(families)
    store.add_persons(persons)
    for m in memberships:
        store.add_membership(m)


@settings(deadline=None)
@given(stores(), st.integers(1, 5), st.integers(1, 3), st.integers(1, 4))
def test_an_export_of_any_store_imports_back_to_the_same_records(
    content: tuple[list[Family], list[Person], list[Membership]],
    batch_rows: int,
    workers: int,
    chunk: int,
) -> None:
    saved = sqlite_scan.CHUNK_ROWS
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "r.db") as store:
        _fill(store, content)
        want = RegistryDocument.of(store)
        one = io.BytesIO()
        bulk_export(store, one, neutralise_formulas=False, workers=1)
        sqlite_scan.CHUNK_ROWS = chunk  # type: ignore[misc]
        try:
            many = io.BytesIO()
            bulk_export(
                store, many, neutralise_formulas=False, batch_rows=batch_rows, workers=workers
            )
            parquet = Path(tmp) / "r.parquet"
            rows = bulk_export(store, parquet, batch_rows=batch_rows, workers=workers)
        finally:
            sqlite_scan.CHUNK_ROWS = saved  # type: ignore[misc]
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
