"""The bulk path (columnar CSV/Parquet import, set-based export) equals the row path."""

from __future__ import annotations

import io
import itertools
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.errors import DayasosError, TextDecodeError, ValidationError
from dayasos.registry import CSV_COLUMNS, RegistryDocument, SQLiteStore, import_csv
from dayasos.registry.bulk import bulk_export, bulk_import

HEADER = ",".join(CSV_COLUMNS)

# well-formed values and near misses, so that rows cross every branch of the validation
NIKS = st.sampled_from(
    [
        "3171010205800001",
        "3171014103150003",
        "3171016311840002",
        "3171010901400004",
        "3171-0102-0580-0005",  # separators: the row parser's job
        "317101020580000",  # 15 digits
        "3171013202800001",  # 32 February
        "9971010205800001",  # unknown region
        "6501010205800001",  # a province stdnum does not know
        "",
    ]
)
KKS = st.sampled_from(
    ["3171012009000001", "3171012009000002", "3273012009000003", "9912009000000001", "317101", ""]
)
REGIONS = st.sampled_from(
    ["31.71.01.1001", "3171011001", "32.73.01.2001", "31.71.01.0001", "99.01", "31", " 31.71 ", ""]
)
NAMES = st.sampled_from(["Budi", "Siti Aminah", "  Ani ", "=HYPERLINK()", "", "\x1c", "Joko\xa0"])
DATES = st.sampled_from(
    [
        "1980-05-02",
        "2015-03-01",
        "1984-11-23",
        "2020-02-30",
        "20200101",
        "1980-5-2",
        "",
        "0999-01-01",
    ]
)
SEXES = st.sampled_from(["L", "P", "m", "f", "Laki-laki", "perempuan", "X", ""])
RELS = st.sampled_from(["Kepala Keluarga", "Istri", "Anak", "head", "child", "kk", "bos", ""])
MEMBER_DATES = st.sampled_from(["2009-01-05", "2015-03-01", "2019-05-10", "2021-13-01", ""])
DISABILITIES = st.sampled_from(["", "berat", "Ringan", "parah"])
DUES = st.sampled_from(["", "", "2026-02-01", "soon"])
SCHOOLS = st.sampled_from(["", "SD", "smp", "PT", "kuliah", "TK"])


@st.composite
def rows(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["full", "full", "full", "person", "family", "any"]))
    values = {
        "no_kk": draw(KKS),
        "region": draw(REGIONS),
        "nik": draw(NIKS),
        "name": draw(NAMES),
        "birth_date": draw(DATES),
        "sex": draw(SEXES),
        "relationship": draw(RELS),
        "member_from": draw(MEMBER_DATES),
        "member_until": draw(st.sampled_from(["", "", "2019-05-10", "2009-01-05"])),
        "disability": draw(DISABILITIES),
        "pregnancy_due": draw(DUES),
        "school_level": draw(SCHOOLS),
    }
    if kind == "person":
        for k in ("no_kk", "region", "relationship", "member_from", "member_until"):
            values[k] = ""
    elif kind == "family":
        for k in ("nik", "name", "birth_date", "sex", "relationship", "member_from"):
            values[k] = ""
        values["member_until"] = ""
    return [values[c] for c in CSV_COLUMNS]


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    body = draw(st.lists(rows(), max_size=14))
    lines = [HEADER]
    for values in body:
        shape = draw(
            st.sampled_from(["plain", "plain", "plain", "blank", "short", "long", "quoted"])
        )
        if shape == "blank":
            lines.append(draw(st.sampled_from(["", " ", "\t ", "\x1c", " , ,", ",,,,,,,,,,,"])))
        if shape == "short":
            lines.append(",".join(values[:5]))
        elif shape == "long":
            lines.append(",".join([*values, "x"]))
        elif shape == "quoted":
            lines.append(",".join(f'"{v}"' for v in values))
        else:
            lines.append(",".join(values))
    end = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return end.join(lines) + draw(st.sampled_from([end, ""]))


def row_path(text: str, partial: bool) -> tuple[object, RegistryDocument]:
    with SQLiteStore() as store:
        report = import_csv(io.StringIO(text, newline=""), store, partial=partial)
        doc = RegistryDocument.of(store)
    summary = (
        report.rows,
        len(report.accepted),
        report.rejected,
        report.findings,
        report.written,
    )
    return summary, doc


def bulk_path(text: str, partial: bool, batch_rows: int) -> tuple[object, RegistryDocument]:
    with SQLiteStore() as store:
        report = bulk_import(
            io.BytesIO(text.encode()), store, partial=partial, batch_rows=batch_rows
        )
        doc = RegistryDocument.of(store)
    summary = (report.rows, report.accepted, report.rejected, report.findings, report.written)
    return summary, doc


@given(csv_texts(), st.booleans(), st.integers(1, 6))
def test_bulk_import_equals_the_row_import(text: str, partial: bool, batch_rows: int) -> None:
    assert bulk_path(text, partial, batch_rows) == row_path(text, partial)


@given(st.lists(rows(), max_size=10), st.booleans())
def test_parquet_import_equals_the_csv_import(body: list[list[str]], partial: bool) -> None:
    table = pa.table({c: [r[i] for r in body] for i, c in enumerate(CSV_COLUMNS)})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    text = "\n".join([HEADER, *(",".join(r) for r in body)]) + "\n"
    with SQLiteStore() as store:
        sink.seek(0)
        path_free = pq.read_table(sink)
        assert path_free.num_rows == len(body)
    expected = bulk_path(text, partial, 4)
    with SQLiteStore() as store:
        sink.seek(0)
        report = bulk_import(sink, store, partial=partial, batch_rows=4, file_format="parquet")
        doc = RegistryDocument.of(store)
    got = ((report.rows, report.accepted, report.rejected, report.findings, report.written), doc)
    assert got == expected


EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "registry-example.csv"


def test_example_file_loads_and_exports_back_to_its_spellings(tmp_path: Path) -> None:
    with SQLiteStore() as store:
        report = bulk_import(EXAMPLE, store)
        assert report.ok and report.persons_added > 0
        out = tmp_path / "out.csv"
        n = bulk_export(store, out)
        assert n == report.rows
        again = SQLiteStore()
        assert bulk_import(out, again).ok
        assert RegistryDocument.of(again) == RegistryDocument.of(store)
    text = out.read_text(encoding="utf-8")
    assert ",L,Kepala Keluarga," in text and ",P,Istri," in text and ",SD\n" in text
    assert ",m," not in text and ",head," not in text


def test_parquet_export_round_trips(tmp_path: Path) -> None:
    with SQLiteStore() as store:
        assert bulk_import(EXAMPLE, store).ok
        n = bulk_export(store, tmp_path / "r.parquet", batch_rows=3)
        again = SQLiteStore()
        report = bulk_import(tmp_path / "r.parquet", again)
        assert report.ok and report.rows == n
        assert RegistryDocument.of(again) == RegistryDocument.of(store)


def test_csv_export_neutralises_formulas_by_default(tmp_path: Path) -> None:
    text = HEADER + "\n,,3171010205800001,=SUM(A1),1980-05-02,L,,,,,,\n"
    with SQLiteStore() as store:
        assert bulk_import(io.BytesIO(text.encode()), store).ok
        bulk_export(store, tmp_path / "safe.csv")
        bulk_export(store, tmp_path / "raw.csv", neutralise_formulas=False)
    assert "'=SUM(A1)" in (tmp_path / "safe.csv").read_text()
    assert ",=SUM(A1)," in (tmp_path / "raw.csv").read_text()


def test_all_or_nothing_rolls_back_every_batch() -> None:
    good = "3171012009000001,31.71.01.1001,3171010205800001,Budi,1980-05-02,L,Kepala Keluarga,2009-01-05,,,,"
    text = "\n".join([HEADER, good, *(["bad"] * 3)]) + "\n"
    with SQLiteStore() as store:
        report = bulk_import(io.BytesIO(text.encode()), store, batch_rows=1)
        assert not report.written and report.accepted == 1 and len(report.rejected) == 3
        assert store.count_persons() == 0
        assert report.persons_added == 0


def test_wrong_header_and_bad_arguments_are_named() -> None:
    with SQLiteStore() as store:
        with pytest.raises(ValidationError, match="header"):
            bulk_import(io.BytesIO(b"nik,name\n1,2\n"), store)
        with pytest.raises(ValidationError, match="batch_rows"):
            bulk_import(io.BytesIO(HEADER.encode()), store, batch_rows=0)
        with pytest.raises(ValidationError, match="UTF-8"):
            bulk_import(io.BytesIO(HEADER.encode() + b"\n\xff\xfe,\n"), store)


_DATE_LIKE = st.one_of(
    st.dates(date(1000, 1, 1)).map(date.isoformat),
    st.dates(max_value=date(1999, 12, 31)).map(date.isoformat),  # years 1-999 too: "0999-..."
    st.text(st.sampled_from("0123456789-/ x\u0660\u0661\u00e9"), min_size=0, max_size=12),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)
    ),
)


@given(st.lists(_DATE_LIKE, max_size=30))
def test_column_wise_dates_are_the_iso_dates_python_reads(values: list[str]) -> None:
    """A value the column-wise check takes is a ``yyyy-mm-dd`` date that
    ``date.fromisoformat`` reads as the same day; every such date from year 1000 is taken
    (any other value goes to the row parser)."""
    from dayasos.registry.bulk.parse import _dates

    present = np.array([v != "" for v in values], dtype=np.bool_)
    ymd, ok = _dates(pa.array(values, pa.string()), present)
    for v, n, good in zip(values, ymd.tolist(), ok.tolist(), strict=True):
        try:
            day = date.fromisoformat(v) if len(v) == 10 and v.isascii() else None
        except ValueError:
            day = None
        plain = day is not None and v[:1] != "0" and v[4] == v[7] == "-"
        assert n == (day.year * 10000 + day.month * 100 + day.day if plain and day else 0)
        assert good == (plain or v == "")


@given(st.lists(st.text(st.sampled_from("0123456789 x\u0660\u00b2"), max_size=18), max_size=20))
def test_sixteen_digits_are_sixteen_ascii_digits(values: list[str]) -> None:
    from dayasos.registry.bulk.parse import _sixteen_digits

    got = _sixteen_digits(pa.array(values, pa.string())).tolist()
    assert got == [len(v) == 16 and v.isascii() and v.isdigit() for v in values]


@pytest.mark.parametrize("yy", [0, 1, 4, 23, 96, 99])
def test_column_wise_birth_check_equals_python_stdnum(yy: int) -> None:
    import numpy as np
    import stdnum.exceptions
    from stdnum.id import nik as stdnum_nik

    from dayasos.registry.bulk.parse import nik_birth_ok

    niks = np.array(
        [
            3171010000000001 + dd * 10**8 + mm * 10**6 + yy * 10**4
            for dd in range(100)
            for mm in range(100)
        ],
        dtype=np.int64,
    )
    got = nik_birth_ok(niks).tolist()
    want = []
    for n in niks.tolist():
        try:
            stdnum_nik.get_birth_date(str(n))
            want.append(True)
        except stdnum.exceptions.ValidationError:
            want.append(False)
    assert got == want


def test_bulk_export_writes_the_same_text_as_the_row_export() -> None:
    from dayasos.registry.io import to_csv_text

    with SQLiteStore() as store:
        assert bulk_import(EXAMPLE, store).ok
        out = io.BytesIO()
        bulk_export(store, out, neutralise_formulas=False, batch_rows=2)
        assert out.getvalue().decode("utf-8") == to_csv_text(store)


def _both_twice(first: str, second: str, partial: bool, batch_rows: int) -> tuple[object, object]:
    def summary(r: object) -> object:
        accepted = r.accepted if isinstance(r.accepted, int) else len(r.accepted)  # type: ignore[attr-defined]
        return (r.rows, accepted, r.rejected, r.findings, r.written)  # type: ignore[attr-defined]

    with SQLiteStore() as a, SQLiteStore() as b:
        import_csv(io.StringIO(first, newline=""), a, partial=True)
        bulk_import(io.BytesIO(first.encode()), b, partial=True, batch_rows=batch_rows)
        ra = import_csv(io.StringIO(second, newline=""), a, partial=partial)
        rb = bulk_import(io.BytesIO(second.encode()), b, partial=partial, batch_rows=batch_rows)
        return (summary(ra), RegistryDocument.of(a)), (summary(rb), RegistryDocument.of(b))


@given(csv_texts(), csv_texts(), st.booleans(), st.integers(1, 6))
def test_importing_into_a_loaded_store_equals_the_row_import(
    first: str, second: str, partial: bool, batch_rows: int
) -> None:
    row, bulk = _both_twice(first, second, partial, batch_rows)
    assert bulk == row


@given(csv_texts(), st.integers(1, 6))
def test_importing_the_same_file_again_changes_nothing(text: str, batch_rows: int) -> None:
    with SQLiteStore() as store:
        first = bulk_import(io.BytesIO(text.encode()), store, partial=True, batch_rows=batch_rows)
        before = RegistryDocument.of(store)
        again = bulk_import(io.BytesIO(text.encode()), store, partial=True, batch_rows=batch_rows)
        assert RegistryDocument.of(store) == before
        assert again.persons_added == again.families_added == again.memberships_added == 0
        assert again.accepted >= first.accepted - len(first.rejected)
        if first.ok:
            assert again.ok and again.unchanged == first.memberships_added


def test_a_changed_row_is_rejected_by_default_and_a_correction_when_asked() -> None:
    from dayasos.registry import Nik
    from dayasos.registry.corrections import audit_trail

    text = EXAMPLE.read_text(encoding="utf-8")
    changed = text.replace("Ani Lestari", "Ani Lestary").replace(
        ",Anak,2015-03-01,,,,SD", ",Anak,2015-03-01,,,,SMP"
    )
    assert changed != text
    with SQLiteStore() as store:
        assert bulk_import(EXAMPLE, store).ok
        report = bulk_import(io.BytesIO(changed.encode()), store)
        assert not report.written and report.rejected[0].field == "nik"
        fixed = bulk_import(
            io.BytesIO(changed.encode()),
            store,
            on_change="correct",
            who="petugas-1",
            why="data 2022",
        )
        assert fixed.ok and fixed.corrected == 1 and fixed.persons_added == 0
        nik = Nik.parse("3171014103150003")
        assert store.get_person(nik).name == "Ani Lestary"
        trail = audit_trail(store, nik)
        assert [e.field for e in trail] == ["name", "school_level"]
        assert trail[0].who == "petugas-1" and trail[0].why == "data 2022"
        again = bulk_import(io.BytesIO(changed.encode()), store, on_change="correct")
        assert again.ok and again.corrected == 0
        with pytest.raises(ValidationError, match="on_change"):
            bulk_import(EXAMPLE, store, on_change="merge")


@given(csv_texts(), st.data(), st.sampled_from([b"\xff", b"\xc3(", b"\xe2\x82"]), st.integers(1, 6))
def test_a_file_that_is_not_utf8_names_the_line_and_byte_the_row_import_names(
    text: str, data: st.DataObject, bad: bytes, batch_rows: int
) -> None:
    raw = text.encode()
    at = data.draw(st.integers(0, len(raw)))
    if raw[at : at + 1] and 0x80 <= raw[at] < 0xC0:  # not inside a character of the text
        return
    broken = raw[:at] + bad + raw[at:]
    with SQLiteStore() as store, pytest.raises(TextDecodeError) as row:
        import_csv(broken, store)
    with SQLiteStore() as store:
        with pytest.raises(TextDecodeError) as bulk:
            bulk_import(io.BytesIO(broken), store, batch_rows=batch_rows)
        assert store.connection.execute("SELECT count(*) FROM person").fetchone() == (0,)
    assert (bulk.value.line, bulk.value.offset) == (row.value.line, row.value.offset)


@given(csv_texts(), st.booleans())
def test_a_chunk_pyarrow_splits_into_other_records_takes_the_row_reader(
    text: str, partial: bool
) -> None:
    """Should pyarrow's CSV reader ever give another number of records than the lines it did
    not hand back, the chunk is read by the row import's reader: the result is the same."""
    import pyarrow.csv as pcsv

    real = pcsv.read_csv

    def one_record_short(*args: object, **kwargs: object) -> pa.Table:
        table = real(*args, **kwargs)
        return table.slice(0, max(0, table.num_rows - 1))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pcsv, "read_csv", one_record_short)
        got = bulk_path(text, partial, 4)
    assert got == row_path(text, partial)


def test_a_batch_column_beyond_two_gib_of_text_is_a_clear_error() -> None:
    from dayasos.registry.bulk.read import _one_array

    class Huge:  # a column of several chunks that pyarrow cannot join into one array
        num_chunks = 2

        def combine_chunks(self) -> pa.Array:
            raise pa.ArrowInvalid("offset overflow while concatenating arrays")

    with pytest.raises(ValidationError, match="batch_rows") as err:
        _one_array(Huge())  # type: ignore[arg-type]
    assert "2 GiB" in str(err.value)
    column = pa.chunked_array([["a", "b"], ["c"]])
    assert _one_array(column).to_pylist() == ["a", "b", "c"]


_EXAMPLE = (Path(__file__).resolve().parent.parent / "docs" / "registry-example.csv").read_bytes()


@given(
    cut=st.integers(0, len(_EXAMPLE)),
    junk=st.binary(max_size=40),
    ending=st.sampled_from([b"\n", b"\r\n", b"\r"]),
    bom=st.booleans(),
)
def test_fuzzed_files_give_a_counted_report_or_a_dayasos_error(
    cut: int, junk: bytes, ending: bytes, bom: bool
) -> None:
    """Mutated files (bytes spliced in, any line ending, a byte-order mark): the bulk import
    returns a report whose every row is accepted or rejected, or raises a dayasos error; no
    builtin exception escapes."""
    data = _EXAMPLE[:cut] + junk + _EXAMPLE[cut:]
    data = (b"\xef\xbb\xbf" if bom else b"") + data.replace(b"\n", ending)
    store = SQLiteStore(":memory:")
    try:
        report = bulk_import(io.BytesIO(data), store, partial=True)
    except DayasosError:
        return
    assert report.rows == report.accepted + len(report.rejected) + report.unchanged


def test_a_bare_cr_file_reads_as_the_row_import_reads_it(tmp_path: Path) -> None:
    f = tmp_path / "mac.csv"
    f.write_bytes(_EXAMPLE.replace(b"\n", b"\r"))
    bulk = bulk_import(f, SQLiteStore(":memory:"))
    row = import_csv(f, SQLiteStore(":memory:"))
    assert bulk.rows == row.rows == 6 and bulk.accepted == len(row.accepted)


def _bulk_summary(text: str, batch_rows: int, on_change: str) -> tuple[object, RegistryDocument]:
    with SQLiteStore() as store:
        r = bulk_import(
            io.BytesIO(text.encode()),
            store,
            partial=True,
            batch_rows=batch_rows,
            on_change=on_change,
        )
        summary = (
            r.rows,
            r.accepted,
            r.rejected,
            r.findings,
            r.written,
            r.persons_added,
            r.families_added,
            r.memberships_added,
            r.unchanged,
            r.corrected,
        )
        return summary, RegistryDocument.of(store)


@given(csv_texts(), st.integers(1, 6), st.sampled_from(["reject", "correct"]))
def test_the_empty_store_fast_path_equals_looking_every_key_up(
    text: str, batch_rows: int, on_change: str
) -> None:
    """Into an empty store only the keys the import may have written are looked up; with a
    filter of 8 bits (every key "may" have been written once a few are) every key is: the
    reports and stores are the same."""
    from unittest import mock

    fast = _bulk_summary(text, batch_rows, on_change)
    with mock.patch("dayasos.registry.bulk.seen.SEEN_BITS", 8):
        slow = _bulk_summary(text, batch_rows, on_change)
    assert fast == slow


@given(
    st.lists(st.integers(0, 10**16 - 1), max_size=50),
    st.lists(st.integers(0, 10**16 - 1), max_size=50),
    st.sampled_from([8, 64, 2**12, 2**27]),
)
def test_key_seen_never_forgets_a_key(added: list[int], others: list[int], bits: int) -> None:
    import numpy as np

    from dayasos.registry.bulk.seen import KeySeen

    seen = KeySeen(bits)
    seen.add(np.array(added, dtype=np.int64))
    assert seen.may_hold(np.array(added, dtype=np.int64)).all()
    fresh = KeySeen(bits)
    assert not fresh.may_hold(np.array(others, dtype=np.int64)).any()


def test_key_seen_rejects_a_size_that_is_not_a_power_of_two() -> None:
    from dayasos.registry.bulk.seen import KeySeen

    with pytest.raises(ValidationError, match="bits: must be a power of two"):
        KeySeen(100)
    with pytest.raises(ValidationError, match="power of two"):
        KeySeen(4)


def test_a_multi_batch_import_into_an_empty_store_writes_every_row() -> None:
    lines = [HEADER]
    for i in range(2000):
        nik = f"317101020580{i:04d}"
        lines.append(
            f"3171012009{i:06d},31.71.01.1001,{nik},Warga,1980-05-02,L,Anak,2009-01-05,,,,"
        )
    lines.append(lines[1])  # the first row again, three batches later: found in the store
    with SQLiteStore() as store:
        text = "\n".join(lines).encode()
        report = bulk_import(io.BytesIO(text), store, batch_rows=500, partial=True)
        assert report.persons_added == report.families_added == 2000
        assert report.accepted == 2000 and store.count_persons() == 2000
        assert [(r.line, r.field) for r in report.rejected] == [(2002, "relationship")]


def test_key_seen_reports_few_keys_it_never_saw() -> None:
    import numpy as np

    from dayasos.registry.bulk.seen import KeySeen

    seen = KeySeen()
    first = np.arange(3171010205800000, 3171010205900000, dtype=np.int64)
    seen.add(first)
    assert seen.may_hold(first + 100_000).mean() < 0.01


def test_the_load_cache_is_set_for_the_load_and_restored_after_it(tmp_path: Path) -> None:
    from dayasos.registry.sqlite_load import LOAD_CACHE_KIB, load_cache

    with SQLiteStore(tmp_path / "r.db") as store:
        db = store.connection
        before = db.execute("PRAGMA cache_size").fetchone()[0]
        seen: list[int] = []

        def load() -> None:
            with load_cache(db):
                seen.append(db.execute("PRAGMA cache_size").fetchone()[0])
                raise RuntimeError

        with pytest.raises(RuntimeError):
            load()
        assert seen == [-LOAD_CACHE_KIB]
        assert db.execute("PRAGMA cache_size").fetchone()[0] == before
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@given(
    st.lists(
        st.tuples(
            st.integers(3171010101000001, 3171019999999999),
            st.text(min_size=1, max_size=8),
            st.sampled_from(["1980-05-02", "2015-03-01"]),
            st.sampled_from(["m", "f"]),
            st.sampled_from(["none", "berat"]),
            st.none() | st.just("2026-02-01"),
            st.sampled_from(["none", "sd"]),
        ),
        max_size=20,
        unique_by=lambda p: p[0],
    ),
    st.integers(1, 7),
)
def test_column_wise_inserts_write_what_row_inserts_write(
    persons: list[tuple[object, ...]], per_statement: int
) -> None:
    from dayasos.registry.sqlite_load import PERSON_INSERT, insert_columns, insert_rows

    with SQLiteStore() as a, SQLiteStore() as b:
        with a.transaction():
            insert_rows(a.connection, list(persons), [], [])
        with b.transaction():
            columns = [[p[j] for p in persons] for j in range(7)]
            insert_columns(b.connection, PERSON_INSERT, columns, per_statement)
        query = "SELECT * FROM person ORDER BY nik"
        assert a.connection.execute(query).fetchall() == b.connection.execute(query).fetchall()


@given(st.permutations(list(range(7))), st.integers(1, 4), st.booleans())
def test_ordered_inserts_write_the_rows_in_the_order_given(
    order: list[int], per_statement: int, ended: bool
) -> None:
    """insert_ordered writes rows[order], in that order (a membership's id is its place), as
    insert_flat writes the rows so reordered; the caller's values are left as they were."""
    from dayasos.registry.sqlite_load import MEMBERSHIP_INSERT, insert_flat, insert_ordered

    end = "2026-01-01" if ended else None
    rows = [(3171010000000001, 3171010101800000 + i, "child", "2000-01-01", end) for i in range(7)]
    table = np.array(rows, dtype=object)
    query = "SELECT no_kk, nik, relationship, start_date, end_date FROM membership ORDER BY id"
    with SQLiteStore() as a, SQLiteStore() as b:
        with a.unchecked_transaction():
            insert_ordered(a.connection, MEMBERSHIP_INSERT, table, np.array(order), per_statement)
        with b.unchecked_transaction():
            flat = [v for i in order for v in rows[i]]
            insert_flat(b.connection, MEMBERSHIP_INSERT, flat, per_statement)
        got = a.connection.execute(query).fetchall()
        assert got == b.connection.execute(query).fetchall() == [rows[i] for i in order]
    assert table.tolist() == [list(r) for r in rows]


def test_indexes_are_built_with_the_small_cache_and_the_cache_is_set_back() -> None:
    from dayasos.registry.sqlite_load import (
        INDEX_BUILD_CACHE_KIB,
        build_indexes,
        drop_membership_indexes,
    )

    with SQLiteStore() as store, store.unchecked_transaction():
        db = store.connection
        db.execute("PRAGMA cache_size = -4096")
        statements = drop_membership_indexes(db)
        seen: list[int] = []
        db.set_trace_callback(
            lambda sql: (
                seen.append(db.execute("PRAGMA cache_size").fetchone()[0])
                if sql.startswith("CREATE INDEX")
                else None
            )
        )
        build_indexes(db, statements)
        db.set_trace_callback(None)
        assert statements and seen == [-INDEX_BUILD_CACHE_KIB] * len(statements)
        assert db.execute("PRAGMA cache_size").fetchone() == (-4096,)
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "membership_person" in names


def test_insert_flat_binds_no_more_values_per_statement_than_the_connection_allows() -> None:
    """A connection whose limit of bound values is below a full statement's gets statements
    of fewer rows (SQLite before 3.32 allowed 999)."""
    import sqlite3

    from dayasos.registry.sqlite_load import PERSON_INSERT, insert_flat

    rows = [
        (3171010101800000 + i, f"W{i}", "1980-01-01", "m", "none", None, "sd") for i in range(9)
    ]
    with SQLiteStore() as store, store.unchecked_transaction():
        db = store.connection
        db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 20)  # two person rows a statement
        insert_flat(db, PERSON_INSERT, [v for r in rows for v in r])
        assert db.execute("SELECT * FROM person ORDER BY nik").fetchall() == rows


def test_insert_flat_stores_none_and_blank_of_nullable_columns_as_null() -> None:
    """A nullable column (a membership's end) is bound as '' in place of None and stored as
    NULL either way; the caller's values are left as they were; a non-nullable '' stays."""
    from dayasos.registry.sqlite_load import FAMILY_INSERT, MEMBERSHIP_INSERT, insert_flat

    kk, nik = 3171010000000001, 3171010101800001
    flat = [kk, nik, "head", "2020-01-01", None, kk, nik + 1, "child", "2020-01-01", ""]
    flat += [kk, nik + 2, "child", "2020-01-01", "2021-01-01"]
    before = list(flat)
    with SQLiteStore() as store, store.unchecked_transaction():
        db = store.connection
        insert_flat(db, FAMILY_INSERT, [kk, ""], 1)
        insert_flat(db, MEMBERSHIP_INSERT, flat, 2)
        ends = db.execute("SELECT end_date FROM membership ORDER BY nik").fetchall()
        assert ends == [(None,), (None,), ("2021-01-01",)]
        assert db.execute("SELECT region FROM family").fetchall() == [("",)]
    assert flat == before


_LITERAL_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))


@given(
    st.lists(st.tuples(st.integers(0, 2**63 - 1), st.booleans()), max_size=12),
    _LITERAL_TEXT,
    _LITERAL_TEXT,
    st.integers(1, 10),
    st.integers(1, 5),
)
def test_constants_written_in_the_statement_store_what_bound_values_store(
    rows: list[tuple[int, bool]], programme: str, reason: str, desil: int, per_statement: int
) -> None:
    """Columns given once as SQL literals (quotes, any text, integers, NULL) store the same
    rows, in the same order, as the same values bound in every row."""
    from dayasos.registry.sqlite_load import (
        STATUS_CHANGE_INSERT,
        WELFARE_RANK_INSERT,
        insert_columns,
    )

    n = len(rows)
    subjects = [s for s, _ in rows]
    statuses = ["active" if a else "terminated" for _, a in rows]
    day = "2021-07-01"
    status_insert = STATUS_CHANGE_INSERT.with_constants(
        programme=programme, subject_kind="family", recorded=day, reason=reason
    )
    rank_insert = WELFARE_RANK_INSERT.with_constants(desil=desil, recorded=None)
    assert status_insert.columns == ("subject", "status", "effective")
    with SQLiteStore() as a, SQLiteStore() as b:
        for db in (a.connection, b.connection):
            db.execute("CREATE TEMP TABLE welfare_rank (no_kk INTEGER, desil INTEGER, recorded)")
        with a.unchecked_transaction():
            bound = [[programme] * n, ["family"] * n, subjects, statuses, [day] * n]
            insert_columns(a.connection, STATUS_CHANGE_INSERT, [*bound, [day] * n, [reason] * n])
            ranks = [subjects, [desil] * n, [None] * n]
            insert_columns(a.connection, WELFARE_RANK_INSERT, ranks, per_statement)
        with b.unchecked_transaction():
            insert_columns(b.connection, status_insert, [subjects, statuses, [day] * n])
            insert_columns(b.connection, rank_insert, [subjects], per_statement)
        for query in ("SELECT * FROM status_change", "SELECT * FROM temp.welfare_rank"):
            got = b.connection.execute(query + " ORDER BY rowid").fetchall()
            assert got == a.connection.execute(query + " ORDER BY rowid").fetchall()
            assert len(got) == n


def test_constants_are_columns_of_the_insert_and_have_sql_literals() -> None:
    from dayasos.registry.sqlite_load import MEMBERSHIP_INSERT, PERSON_INSERT

    with pytest.raises(ValueError, match="nickname"):
        PERSON_INSERT.with_constants(nickname="x")
    with pytest.raises(ValueError, match="NUL"):
        PERSON_INSERT.with_constants(name="a\x00b")
    for value in (True, 1.5, b"x"):
        with pytest.raises(TypeError, match=type(value).__name__):
            PERSON_INSERT.with_constants(name=value)  # type: ignore[arg-type]
    open_ended = MEMBERSHIP_INSERT.with_constants(end_date=None)
    assert open_ended.nullable == () and open_ended.columns == MEMBERSHIP_INSERT.columns[:4]
    assert open_ended.sql.endswith("VALUES (?, ?, ?, ?, NULL)")


@given(csv_texts(), st.data())
def test_prepared_rows_are_the_rows_taken_from_the_columns(text: str, data: st.DataObject) -> None:
    """The rows prepared in the reading thread equal the rows taken from the parsed columns
    as they are bound (a nullable column's None as ''), for the prepared row sets and for any
    other (a batch with row-by-row checks)."""
    from dayasos.registry.bulk.parse import parse_batch
    from dayasos.registry.bulk.parsed import prepare
    from dayasos.registry.bulk.read import csv_batches
    from dayasos.registry.sqlite_load import (
        FAMILY_INSERT,
        MEMBERSHIP_INSERT,
        PERSON_INSERT,
        flat_values,
    )

    inserts = (PERSON_INSERT, FAMILY_INSERT, MEMBERSHIP_INSERT)
    for batch in csv_batches(io.BytesIO(text.encode()), 100):
        parsed, _ = parse_batch(batch)
        n = len(parsed.lines)
        subset = np.array(data.draw(st.lists(st.integers(0, max(0, n - 1)), max_size=n)))
        rows = subset.astype(np.intp) if n else np.zeros(0, np.intp)
        columns = (parsed.person_columns, parsed.family_columns, parsed.membership_columns)
        expected = [
            ins.blank_nulls(flat_values(c(rows))) for ins, c in zip(inserts, columns, strict=True)
        ]
        prepare(parsed)
        assert parsed.prepared is not None
        got = [parsed.person_values(rows), parsed.family_values(rows), parsed.member_values(rows)]
        assert [ins.blank_nulls(list(g)) for ins, g in zip(inserts, got, strict=True)] == expected
        p = parsed.prepared
        for ins, values, rows_, column in zip(
            inserts,
            (p.person, p.family, p.member),
            (p.person_rows, p.family_rows, p.member_rows),
            columns,
            strict=True,
        ):
            assert values == ins.blank_nulls(flat_values(column(rows_)))
        assert sorted(parsed.nik[p.person_rows].tolist()) == parsed.nik[p.person_rows].tolist()


@st.composite
def valid_texts(draw: st.DrawFn) -> str:
    """Files of well-formed rows over a few NIKs and No. KKs: the same person is often
    stated again, the same or differently, in a later batch."""
    lines = [HEADER]
    for _ in range(draw(st.integers(0, 12))):
        nik = draw(st.sampled_from(["3171010205800001", "3171014103150003", "3171016311840002"]))
        kk = draw(st.sampled_from(["3171012009000001", "3171012009000002"]))
        name = draw(st.sampled_from(["Budi", "Budi", "Ani"]))
        rel = draw(st.sampled_from(["Kepala Keluarga", "Anak", "Anak"]))
        start = draw(st.sampled_from(["2009-01-05", "2015-03-01"]))
        lines.append(f"{kk},31.71.01.1001,{nik},{name},{_born(nik)},{_sex(nik)},{rel},{start},,,,")
    return "\n".join(lines) + "\n"


def _born(nik: str) -> str:
    day, month, yy = int(nik[6:8]) % 40, nik[8:10], int(nik[10:12])
    return f"{1900 + yy if yy > 30 else 2000 + yy}-{month}-{day:02d}"


def _sex(nik: str) -> str:
    return "P" if int(nik[6:8]) > 40 else "L"


@given(
    csv_texts() | valid_texts(),
    csv_texts() | valid_texts(),
    st.booleans(),
    st.integers(1, 6),
)
def test_persons_held_until_the_end_of_the_import_equal_the_row_import(
    first: str, second: str, partial: bool, batch_rows: int
) -> None:
    """Persons held back (written together at the end) are looked up as stored ones: a NIK
    stated again in a later batch, or in a second import, is found."""
    from unittest import mock

    from dayasos.registry.bulk.pending import PendingPersons

    with mock.patch.object(PendingPersons, "due", return_value=False):
        assert bulk_path(first, partial, batch_rows) == row_path(first, partial)
        with SQLiteStore() as a, SQLiteStore() as b:
            for text in (first, second):
                rb = bulk_import(
                    io.BytesIO(text.encode()), a, partial=partial, batch_rows=batch_rows
                )
                rr = import_csv(io.StringIO(text, newline=""), b, partial=partial)
                assert (rb.rows, rb.accepted, rb.rejected) == (
                    rr.rows,
                    len(rr.accepted),
                    rr.rejected,
                )
            assert RegistryDocument.of(a) == RegistryDocument.of(b)


@given(
    st.lists(st.integers(3171010101000001, 3171010101999999), max_size=20, unique=True),
    st.lists(st.integers(0, 20), max_size=4),
    st.lists(st.integers(3171010101000001, 3171010101999999), max_size=8),
)
def test_pending_persons_find_what_they_hold_and_write_it_in_nik_order(
    niks: list[int], cuts: list[int], keys: list[int]
) -> None:
    from dayasos.registry.bulk.pending import PendingPersons

    bounds = [0, *sorted(cuts), len(niks)]
    chunks = [niks[a:b] for a, b in itertools.pairwise(bounds)]
    pending = PendingPersons(100)
    for i, c in enumerate(chunks):  # the NIKs given with the rows, or read from them
        flat = [v for k in c for v in (k, f"W{k}", "1980-05-02", "m", "none", None, "sd")]
        pending.add(flat, np.array(c, dtype=np.int64) if i % 2 else None)
        if c:
            with pytest.raises(ValueError, match="NIKs for"):
                pending.add(flat, np.array(c[1:], dtype=np.int64))
    held = {k for c in chunks for k in c}
    found = pending.find(np.array(sorted(set(keys)), dtype=np.int64))
    assert sorted(r[0] for r in found) == sorted(held & set(keys))
    assert all(r == (r[0], f"W{r[0]}", "1980-05-02", "m", "none", None, "sd") for r in found)
    assert pending.count == len(held)
    with SQLiteStore() as store:
        db = _Recording(store.connection)
        with store.unchecked_transaction():
            pending.flush(db)
        rows = store.connection.execute("SELECT nik FROM person").fetchall()
    assert sorted(r[0] for r in rows) == sorted(held)
    # the rowid is the NIK, so the table cannot show the order: the values bound do
    assert db.bound[::7] == sorted(held)
    assert pending.count == 0 and not pending.find(np.array(sorted(held), dtype=np.int64))


class _Recording:
    """A connection that records the values bound to it, in order (the insert order)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.bound: list[object] = []

    def getlimit(self, category: int) -> int:
        return self.db.getlimit(category)

    def execute(self, sql: str, values: list[object] | tuple[object, ...] = ()) -> object:
        self.bound.extend(values)
        return self.db.execute(sql, values)

    def executemany(self, sql: str, many: Iterable[list[object]]) -> object:
        listed = [list(v) for v in many]
        for v in listed:
            self.bound.extend(v)
        return self.db.executemany(sql, listed)


def test_the_import_internals_show_no_personal_data_in_their_repr() -> None:
    from dayasos.registry.bulk.check import Context, check_batch
    from dayasos.registry.bulk.parse import parse_batch
    from dayasos.registry.bulk.parsed import prepare
    from dayasos.registry.bulk.read import csv_batches

    text = (
        HEADER + "\n3171012009000001,31.71.01.1001,3171010205800001,Budi Santoso,1980-05-02,L,"
        "Kepala Keluarga,2009-01-05,,,,\n"
    )
    batch = next(csv_batches(io.BytesIO(text.encode()), 10))
    parsed, _ = parse_batch(batch)
    prepare(parsed)
    with SQLiteStore() as store:
        out = check_batch(
            parsed, store.connection, Context(store, 0, "reject", "t", "t", date(2026, 1, 1))
        )
    for obj in (batch, parsed, parsed.prepared, parsed.keys, out):
        shown = repr(obj)
        assert "0205800001" not in shown and "2009000001" not in shown and "Budi" not in shown
