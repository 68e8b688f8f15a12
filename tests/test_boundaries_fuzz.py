"""Fuzz tests of every reader of outside data, asserting the boundary contract:

* a reader returns a correct result or raises a ``dayasos.errors`` exception (a builtin
  exception escaping is a bug);
* a bulk import counts every record: ``rows == accepted + rejected``, and for a file without
  quotes the records are exactly its non-blank lines after the header;
* no message (exception, rejected row, report) holds a run of digits that could be a NIK or
  No. KK (``redact(message) == message``).

Inputs: valid files mutated byte by byte (quotes, separators, line ends, BOM, NUL, bytes that
are not UTF-8, NIKs in the wrong column, huge fields), random bytes, deep and mistyped JSON,
and wrong argument types for the public functions. ``FUZZED`` counts the inputs run; the
count is printed at the end of the module (``pytest -s``).
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.budget import AmountUnit
from dayasos.budget.csvio import DIPA_COLUMNS, read_budget_csv
from dayasos.categories import Programme, Relationship, Sex
from dayasos.eligibility.decision import Criterion, CriterionStatus, Decision
from dayasos.errors import DayasosError, SourceError, TextDecodeError, redact
from dayasos.parameters import load_parameter_files, load_reform, parse_parameter_document
from dayasos.registry import (
    Family,
    ImportReport,
    Membership,
    MemoryStore,
    Nik,
    NoKK,
    Person,
    RegionCode,
    SQLiteStore,
    WelfareRank,
    export_json,
    import_csv,
    import_json,
)

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_CSV = (ROOT / "docs" / "registry-example.csv").read_bytes()
DIPA_CSV = (ROOT / "docs" / "examples" / "dipa_dayasos_2024.csv").read_bytes()
REAL_CSV = (ROOT / "docs" / "examples" / "realisasi_dayasos_2024.csv").read_bytes()
PKH_TOML = (ROOT / "src" / "dayasos" / "parameters" / "data" / "pkh.toml").read_bytes()
REFORM_TOML = b"""[reform]
name = "SD index"
description = "Raise the SD component"

[[override]]
parameter = "pkh.index.sd"
from = 2021-01-01
value = 1200000
note = "proposal under study"
"""
NIK_TEXT = "3171010205800001"
LONG_DIGITS = re.compile(r"\d{12,}")

FUZZED: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Iterator[None]:
    yield
    total = sum(FUZZED.values())
    print(f"\nfuzzed inputs run: {total} ({dict(sorted(FUZZED.items()))})")


def _assert_safe(text: str) -> None:
    assert redact(text) == text, f"an identifier-like number in {text!r}"
    assert not LONG_DIGITS.search(text), text


def _assert_contract(call: Callable[[], Any]) -> Any:
    """Run ``call``: a result, or a DayasosError whose message is safe."""
    try:
        return call()
    except DayasosError as exc:
        _assert_safe(str(exc))
        _assert_safe(repr(exc))
        return exc


# -- mutations ---------------------------------------------------------------------------------

TOKENS = [
    b'"', b",", b"\r", b"\n", b"\r\n", b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc3", b"5.9",
    b"null", b"-", b"40,000,000", b'"40,000,000"', b"9" * 30, NIK_TEXT.encode(),
    b"2021-07-01T10:00:00", b"20210701", "\u0665".encode(), b" ", b"\t", b"=cmd",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "dup_line", "random"]))
        if kind == "insert":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 20))]
        elif kind == "replace" and pos < len(data):
            data[pos] = draw(st.integers(0, 255))
        elif kind == "dup_line":
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
        else:
            data[pos:pos] = draw(st.binary(max_size=12))
    out = bytes(data)
    ending = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    out = out.replace(b"\n", ending)
    if draw(st.booleans()):
        out = b"\xef\xbb\xbf" + out
    return out


def _records_without_quotes(data: bytes) -> int | None:
    """The records of a quote-free UTF-8 file: its non-blank lines after the header."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if '"' in text:
        return None
    text = text.removeprefix("\ufeff")
    lines = [ln for ln in re.split(r"\r\n|\r|\n", text) if ln.strip()]
    return max(len(lines) - 1, 0)


# -- registry CSV ------------------------------------------------------------------------------


def _check_csv_import(data: bytes, partial: bool, sqlite: bool = False) -> None:
    store: Any = SQLiteStore() if sqlite else MemoryStore()
    result = _assert_contract(lambda: import_csv(data, store, partial=partial))
    if isinstance(result, ImportReport):
        assert result.rows == len(result.accepted) + len(result.rejected)
        expected = _records_without_quotes(data)
        if expected is not None:
            assert result.rows == expected
        for text in (result.summary(), *map(str, result.rejected), *map(str, result.findings)):
            _assert_safe(text)
        if result.written and not partial:
            assert not result.rejected
        if not result.written:
            assert store.count_persons() == 0


@given(mutated(REGISTRY_CSV), st.booleans(), st.booleans())
def test_registry_csv_mutated(data: bytes, partial: bool, sqlite: bool) -> None:
    FUZZED["registry csv (mutated)"] += 1
    _check_csv_import(data, partial, sqlite)


@given(st.binary(max_size=400))
def test_registry_csv_random_bytes(data: bytes) -> None:
    FUZZED["registry csv (random bytes)"] += 1
    _check_csv_import(REGISTRY_CSV.split(b"\n", 1)[0] + b"\n" + data, True)
    _check_csv_import(data, True)


@given(st.sampled_from(["name", "no_kk", "region", "birth_date", "sex", "relationship"]))
def test_registry_csv_a_nik_in_the_wrong_column_is_never_shown(column: str) -> None:
    FUZZED["registry csv (NIK in a wrong column)"] += 1
    header, first = REGISTRY_CSV.decode().splitlines()[:2]
    names, values = header.split(","), first.split(",")
    values[names.index(column)] = NIK_TEXT[:-1] + "7"
    _check_csv_import(f"{header}\n{','.join(values)}\n".encode(), False)


def test_registry_csv_real_file_forms(tmp_path: Path) -> None:
    header, *rows = REGISTRY_CSV.decode().splitlines()
    base = MemoryStore()
    expected = import_csv(REGISTRY_CSV, base)
    assert expected.ok
    for form in (
        ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode(),  # Excel "CSV UTF-8"
        "\r".join([header, *rows]).encode(),  # bare CR
    ):
        store = MemoryStore()
        assert import_csv(form, store).accepted == expected.accepted
        assert list(store.persons()) == list(base.persons())
    # a field over 128 KiB is read (and rejected for what it is, not for its size)
    huge = rows[0].split(",")
    huge[3] = "A" * (200 * 1024)
    report = import_csv(f"{header}\n{','.join(huge)}\n".encode(), MemoryStore())
    assert report.ok
    # not UTF-8: an error naming the encoding and the line
    latin = f"{header}\n{rows[0]}\n{rows[1].replace('Siti', 'Sít')}\n".encode("latin-1")
    with pytest.raises(DayasosError, match=r"not UTF-8.*line 3"):
        import_csv(latin, MemoryStore())
    # an unbalanced quote rejects its own line only; the lines after it are read
    broken = [header, rows[0], rows[1].replace("Siti", '"Siti'), *rows[2:]]
    report = import_csv("\n".join(broken).encode(), MemoryStore(), partial=True)
    assert report.rows == len(rows)
    assert [r.line for r in report.rejected][:1] == [3]
    assert "quote" in report.rejected[0].reason
    # an extra or repeated column is refused
    with pytest.raises(DayasosError, match="repeated"):
        import_csv(f"{header},nik\n".encode(), MemoryStore())
    with pytest.raises(DayasosError, match="unknown"):
        import_csv(f"{header},extra\n".encode(), MemoryStore())
    # one rule for str: a path
    path = tmp_path / "r.csv"
    path.write_bytes(REGISTRY_CSV)
    assert import_csv(str(path), MemoryStore()).ok
    with pytest.raises(DayasosError, match="StringIO"):
        import_csv(REGISTRY_CSV.decode(), MemoryStore())


# -- registry JSON -----------------------------------------------------------------------------


def _document() -> dict[str, Any]:
    store = MemoryStore()
    import_csv(REGISTRY_CSV, store)
    kk = next(store.families()).no_kk
    store.record_rank(WelfareRank(kk, 3, date(2020, 1, 1)))
    data: dict[str, Any] = json.loads(export_json(store))
    return data


DOCUMENT = _document()
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.just(NIK_TEXT)
    | st.just("2021-07-01T10:00:00"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


PATHS = [p for p in _paths(DOCUMENT) if p]


@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON_VALUES), min_size=1, max_size=3))
def test_registry_json_with_mistyped_fields(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    FUZZED["registry json (mistyped fields)"] += 1
    doc = json.loads(json.dumps(DOCUMENT))
    for path, value in changes:
        target = doc
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    text = json.dumps(doc)
    store: Any = SQLiteStore() if len(text) % 2 else MemoryStore()
    result = _assert_contract(lambda: import_json(text.encode(), store))
    if isinstance(result, DayasosError):
        assert store.count_persons() == 0  # all or nothing


@given(mutated(json.dumps(DOCUMENT).encode()))
def test_registry_json_mutated_bytes(data: bytes) -> None:
    FUZZED["registry json (mutated bytes)"] += 1
    _assert_contract(lambda: import_json(data, MemoryStore()))


def test_registry_json_no_coercion_and_deep_nesting() -> None:
    for path, bad in (
        (("ranks", 0, "desil"), 5.9),
        (("ranks", 0, "desil"), "5"),
        (("persons", 0, "name"), None),
        (("persons", 0, "birth_date"), "20200101"),
    ):
        doc = json.loads(json.dumps(DOCUMENT))
        doc[path[0]][path[1]][path[2]] = bad
        with pytest.raises(DayasosError, match=path[2]):
            import_json(json.dumps(doc).encode(), MemoryStore())
    FUZZED["registry json (deep)"] += 2
    for deep in ("[" * 100_000, '{"persons": ' + "[" * 5000 + "]" * 5000 + "}"):
        _assert_contract(lambda d=deep: import_json(d.encode(), MemoryStore()))  # type: ignore[misc]


# -- budget CSV --------------------------------------------------------------------------------


def _check_budget(dipa: bytes, realization: bytes | None) -> None:
    result = _assert_contract(
        lambda: read_budget_csv(dipa, realization, unit=AmountUnit.RIBU_RUPIAH)
    )
    if isinstance(result, DayasosError):
        return
    assert result.rows_read == result.accepted + len(result.rejected)
    expected = _records_without_quotes(dipa)
    real = 0 if realization is None else _records_without_quotes(realization)
    if expected is not None and real is not None:
        assert result.rows_read == expected + real
    for r in result.rejected:
        _assert_safe(str(r))
        for problem in r.problems:  # a builtin exception caught and reported is a bug too
            assert not re.match(r"[A-Z]\w*(Error|Exception): ", problem), problem


@given(mutated(DIPA_CSV), st.booleans())
def test_budget_csv_mutated(dipa: bytes, with_realization: bool) -> None:
    FUZZED["budget csv (mutated)"] += 1
    _check_budget(dipa, REAL_CSV if with_realization else None)


@given(mutated(REAL_CSV))
def test_budget_realization_csv_mutated(real: bytes) -> None:
    FUZZED["budget csv (mutated realization)"] += 1
    _check_budget(DIPA_CSV, real)


@given(st.binary(max_size=300))
def test_budget_csv_random_bytes(data: bytes) -> None:
    FUZZED["budget csv (random bytes)"] += 1
    _check_budget(data, None)
    _check_budget(DIPA_CSV.split(b"\n", 1)[0] + b"\n" + data, None)


def test_budget_csv_no_silent_amounts() -> None:
    head = ",".join(DIPA_COLUMNS)
    key = "2024,027,DAYASOS,999001,PS,6308,QDB,001,051,573111,KP,A"
    for row, problem in (
        (f"{key},PAGU,2024-01-02,,awal,40,000,000", "fields"),
        (f'{key},PAGU,2024-01-02,,awal,"40,000,000"', "thousands separator"),
        (f"{key},PAGU,2024-01-02,,awal,40.000.000", "thousands separator"),
        (f"{key},PAGU,2024-01-02,,awal,-5", "negative"),
        (f"{key},PAGU,2024-01-02T00:00:00,,awal,5", "YYYY-MM-DD"),
    ):
        result = read_budget_csv(f"{head}\n{row}\n".encode(), unit=AmountUnit.RUPIAH)
        assert result.rows_read == 1 and not result.lines
        assert problem in str(result.rejected[0])
    with pytest.raises(DayasosError, match="repeats"):
        read_budget_csv(f"{head},jumlah\n".encode(), unit=AmountUnit.RUPIAH)
    with pytest.raises(DayasosError, match="unknown"):
        read_budget_csv(f"{head},extra\n".encode(), unit=AmountUnit.RUPIAH)


# -- parameter and reform files ----------------------------------------------------------------


@given(mutated(PKH_TOML))
def test_parameter_file_mutated(data: bytes) -> None:
    FUZZED["parameter toml (mutated)"] += 1
    _assert_contract(lambda: load_parameter_files([data]))


@given(mutated(REFORM_TOML))
def test_reform_file_mutated(data: bytes) -> None:
    FUZZED["reform toml (mutated)"] += 1
    _assert_contract(lambda: load_reform(data))


@given(st.text(max_size=200))
def test_parameter_document_random_text(text: str) -> None:
    FUZZED["parameter toml (random text)"] += 1
    _assert_contract(lambda: parse_parameter_document(text))


def test_deep_toml_and_wrong_types() -> None:
    FUZZED["parameter toml (deep)"] += 2
    _assert_contract(lambda: parse_parameter_document("x = " + "[" * 100_000))
    _assert_contract(lambda: load_reform(b"x = " + b"[" * 100_000))
    with pytest.raises(DayasosError, match="date"):
        load_reform(REFORM_TOML.replace(b"2021-01-01", b"2021-01-01T00:00:00"))
    with pytest.raises(DayasosError, match="date"):
        load_reform(REFORM_TOML.replace(b"2021-01-01", b'"2021-01-01"'))


# -- wrong argument types ----------------------------------------------------------------------

WRONG = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.text(max_size=10).filter(lambda t: "\n" not in t),
    st.binary(max_size=10),
    st.just(datetime(2021, 7, 1, 10, 0)),
    st.just("2021-07-01"),
    st.just(NIK_TEXT),
    st.lists(st.integers(), max_size=2),
    st.just(object()),
)


def _store() -> MemoryStore:
    store = MemoryStore()
    import_csv(REGISTRY_CSV, store)
    return store


STORE_CALLS: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("get_person", lambda s, x: s.get_person(x)),
    ("find_person", lambda s, x: s.find_person(x)),
    ("get_family", lambda s, x: s.get_family(x)),
    ("members_on", lambda s, x: s.members_on(next(s.families()).no_kk, x)),
    ("members_on key", lambda s, x: s.members_on(x, date(2020, 1, 1))),
    ("head_on", lambda s, x: s.head_on(next(s.families()).no_kk, x)),
    ("rank_on", lambda s, x: s.rank_on(next(s.families()).no_kk, x)),
    ("status_on", lambda s, x: s.status_on(Programme.PKH, next(s.families()).no_kk, x)),
    ("status_on programme", lambda s, x: s.status_on(x, next(s.families()).no_kk, date.today())),
    ("history", lambda s, x: s.history(Programme.PKH, x)),
    ("families_with_status", lambda s, x: s.families_with_status(Programme.PKH, x)),
    ("end_membership", lambda s, x: s.end_membership(next(s.families()).no_kk, x, date.today())),
    ("add_person", lambda s, x: s.add_person(x)),
    ("add_persons", lambda s, x: s.add_persons([x])),
    ("add_family", lambda s, x: s.add_family(x)),
    ("add_memberships", lambda s, x: s.add_memberships([x])),
    ("add_families", lambda s, x: s.add_families(x if x else None)),
    ("record_rank", lambda s, x: s.record_rank(x)),
    ("record_status", lambda s, x: s.record_status(x)),
]


@given(st.sampled_from(STORE_CALLS), WRONG, st.booleans())
def test_store_methods_given_wrong_types(
    call: tuple[str, Callable[[Any, Any], Any]], value: Any, sqlite: bool
) -> None:
    FUZZED["store methods (wrong types)"] += 1
    if sqlite:
        store: Any = SQLiteStore()
        import_csv(REGISTRY_CSV, store)
    else:
        store = _store()
    result = _assert_contract(lambda: call[1](store, value))
    assert isinstance(result, DayasosError), (call[0], value, result)


READER_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("import_csv", lambda x: import_csv(x, MemoryStore())),
    ("import_csv store", lambda x: import_csv(REGISTRY_CSV, x)),
    ("import_json", lambda x: import_json(x, MemoryStore())),
    ("read_budget_csv", lambda x: read_budget_csv(x, unit=AmountUnit.RUPIAH)),
    ("read_budget_csv unit", lambda x: read_budget_csv(DIPA_CSV, unit=x)),
    ("load_reform", lambda x: load_reform(x)),
    ("load_parameter_files", lambda x: load_parameter_files(x)),
    ("parse_parameter_document", lambda x: parse_parameter_document(x)),
    ("SQLiteStore", lambda x: SQLiteStore(x, mode="ro")),
    ("SQLiteStore timeout", lambda x: SQLiteStore(":memory:", timeout=x)),
]


@given(st.sampled_from(READER_CALLS), WRONG)
def test_readers_given_wrong_types(call: tuple[str, Callable[[Any], Any]], value: Any) -> None:
    FUZZED["readers (wrong types)"] += 1
    _assert_contract(lambda: call[1](value))


# -- records: no identifier in any message -----------------------------------------------------

DIGITS16 = st.from_regex(r"[1-9][0-9]{15}", fullmatch=True)


@given(
    DIGITS16,
    st.sampled_from(["nik", "name", "birth_date", "sex", "pregnancy_due", "no_kk", "region"]),
    st.sampled_from(["raw", "int", "dashed"]),
)
def test_no_record_error_shows_an_identifier(digits: str, where: str, form: str) -> None:
    FUZZED["records (identifier in a wrong field)"] += 1
    value: Any = {
        "raw": digits,
        "int": int(digits),
        "dashed": "-".join(re.findall("....", digits)),
    }[form]
    nik, kk = Nik.parse("3171010205800001"), NoKK.parse("3171012009000001")
    person_args: dict[str, Any] = {
        "nik": nik,
        "name": "Budi",
        "birth_date": date(1980, 5, 2),
        "sex": Sex.LAKI_LAKI,
    }
    family_args: dict[str, Any] = {"no_kk": kk, "region": RegionCode.parse("31.71.01.1001")}
    calls: list[Callable[[], Any]] = []
    if where in person_args or where == "pregnancy_due":
        calls.append(lambda: Person(**{**person_args, where: value}))
        calls.append(lambda: Nik.parse(value))
    else:
        calls.append(lambda: Family(**{**family_args, where: value}))
        calls.append(lambda: NoKK.parse(value))
        calls.append(lambda: RegionCode.parse(value))
    calls.append(lambda: Membership(kk, nik, value, date(2020, 1, 1)))
    calls.append(lambda: Relationship.parse(value))
    calls.append(lambda: MemoryStore().get_person(value))
    calls.append(
        lambda: Decision(
            programme="PKH", subject=value, at=date(2021, 1, 1), outcome=True, criteria=()
        )
    )
    calls.append(
        lambda: Decision(
            programme="PKH", subject="eligibility", at=date(2021, 1, 1), outcome=True, criteria=()
        ).criterion(str(value))
    )
    calls.append(
        lambda: Criterion(code=value, status=CriterionStatus.PASSED, message_id="x", message_en="x")
    )
    calls.append(lambda: MemoryStore().get_family(value))
    for call in calls:
        _assert_contract(call)


def test_decode_errors_name_the_line_and_the_byte(tmp_path: Path) -> None:
    data = b"no_kk,region\r\n1,2\r\n3,\xe94\r\n"
    path = tmp_path / "latin.csv"
    path.write_bytes(data)
    for source in (data, path, str(path), io.BytesIO(data)):
        with pytest.raises(TextDecodeError) as caught:
            import_csv(source, MemoryStore())
        assert (caught.value.line, caught.value.offset) == (3, 21)
        assert "line 3" in str(caught.value) and "UTF-8" in str(caught.value)
    with open(path, encoding="utf-8") as text_file, pytest.raises(TextDecodeError) as caught:
        import_csv(text_file, MemoryStore())
    assert caught.value.line == 0 and "pass its path or bytes" in str(caught.value)
    with pytest.raises(SourceError, match="cannot read"):
        import_csv(tmp_path / "missing.csv", MemoryStore())
    with pytest.raises(SourceError, match="cannot read"):
        import_csv(tmp_path, MemoryStore())


def test_redact_masks_identifiers_and_keeps_amounts_and_dates() -> None:
    assert redact("3171010205800001") == "3171********0001"
    assert redact("NIK 3171-0102-0580-0001 in 31.71.01") == "NIK 3171********0001 in 31.71.01"
    assert redact("Rp40.000.000 on 2021-07-01, line 12") == "Rp40.000.000 on 2021-07-01, line 12"
    assert redact("317101020580") == "3171****0580"  # 12 digits: masked
    assert redact("31710102058") == "31710102058"  # 11 digits: kept


@given(
    digits=st.text(alphabet="0123456789", min_size=16, max_size=16),
    before=st.text(max_size=20),
    after=st.text(max_size=20),
)
def test_a_rejected_row_never_shows_an_identifier(digits: str, before: str, after: str) -> None:
    """Whoever writes a rejection reason (the row import, the bulk import), the report masks
    a NIK or No. KK in it."""
    from dayasos.registry.io_common import RejectedRow

    row = RejectedRow(7, f"nik {digits}", f"{before} {digits} {after}")
    assert digits not in str(row) and digits not in repr(row)
    assert "*" in row.reason and "*" in row.field
