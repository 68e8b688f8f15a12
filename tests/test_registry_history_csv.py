"""Welfare ranks and enrolments in CSV files of their own: validated, round-tripped."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import Programme, Sex
from dayasos.cli import main
from dayasos.cli.registry import EXIT_REJECTED
from dayasos.errors import TextDecodeError, ValidationError
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    RegionCode,
    SQLiteStore,
    StatusChange,
    WelfareRank,
)
from dayasos.registry.history_csv import (
    export_enrolments_csv,
    export_ranks_csv,
    import_enrolments_csv,
    import_ranks_csv,
)
from registry_helpers import kk, person

ON = date(2021, 1, 1)


def _store() -> SQLiteStore:
    store = SQLiteStore()
    for i in (1, 2):
        store.add_family(Family(kk(i), RegionCode.parse("31.71.01.1001")))
    store.add_person(person("Budi", date(1980, 5, 2), Sex.LAKI_LAKI))
    return store


@given(
    st.lists(
        st.tuples(st.sampled_from([1, 2]), st.integers(1, 10), st.integers(0, 30)), max_size=6
    ),
    st.lists(
        st.tuples(
            st.sampled_from([1, 2]), st.sampled_from(list(EnrolmentStatus)), st.integers(0, 30)
        ),
        max_size=6,
    ),
    st.sampled_from(["", "Permensos No. 1 Tahun 2018, Pasal 9"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=8),
)
def test_ranks_and_enrolments_round_trip(
    ranks: list[tuple[int, int, int]],
    changes: list[tuple[int, EnrolmentStatus, int]],
    basis: str,
    note: str,
) -> None:
    with _store() as a, _store() as b:
        for f, desil, d in ranks:
            a.record_rank(WelfareRank(kk(f), desil, ON + timedelta(days=d)))
        for f, status, d in changes:
            day = ON + timedelta(days=d)
            a.record_status(
                StatusChange(
                    Programme.PKH, kk(f), status, day, day, "alasan, dengan koma", basis, note
                )
            )
        a.record_status(
            StatusChange(
                Programme.PKH,
                person("Budi", date(1980, 5, 2), Sex.LAKI_LAKI).nik,
                EnrolmentStatus.ACTIVE,
                ON,
                ON,
            )
        )
        rank_text, change_text = io.StringIO(), io.StringIO()
        assert export_ranks_csv(a, rank_text) == len(ranks)
        export_enrolments_csv(a, change_text)
        assert import_ranks_csv(io.StringIO(rank_text.getvalue()), b).ok
        assert import_enrolments_csv(io.StringIO(change_text.getvalue()), b).ok
        assert tuple(b.ranks()) == tuple(a.ranks())
        assert tuple(b.status_changes()) == tuple(a.status_changes())


def test_rejections_name_line_and_field_and_nothing_is_written_by_default() -> None:
    text = (
        "programme,subject,status,effective,recorded,reason\n"
        "PKH,3171010000000001,active,2021-01-01,2021-01-02,penetapan\n"
        "PKH,3171010000000009,active,2021-01-01,2021-01-02,\n"
        "XYZ,3171010000000001,active,2021-01-01,2021-01-02,\n"
        "PKH,3171010000000001,aktif,2021-01-01,2021-01-02,\n"
        "PKH,3171010000000001,active,2021-13-01,2021-01-02,\n"
    )
    with _store() as store:
        report = import_enrolments_csv(io.StringIO(text), store)
        assert [(r.line, r.field) for r in report.rejected] == [
            (3, "family"),
            (4, "programme"),
            (5, "status"),
            (6, "effective"),
        ]
        assert not report.written and tuple(store.status_changes()) == ()
        assert import_enrolments_csv(io.StringIO(text), store, partial=True).written
        assert len(tuple(store.status_changes())) == 1
        with pytest.raises(ValidationError, match="header"):
            import_ranks_csv(io.StringIO("no_kk,desil\n"), store)


def test_the_cli_imports_and_exports_ranks_and_enrolments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = Path(__file__).resolve().parent.parent / "docs" / "registry-example.csv"
    db = str(tmp_path / "r.db")
    assert main(["registry", "import", str(example), "--db", db]) == 0
    ranks = tmp_path / "ranks.csv"
    ranks.write_text("no_kk,desil,recorded\n3171012009000001,2,2021-01-15\n", encoding="utf-8")
    assert main(["registry", "import", str(ranks), "--db", db]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("no_kk,desil,recorded\n3171012009000001,0,2021-01-15\n", encoding="utf-8")
    assert main(["registry", "import", str(bad), "--db", db]) == EXIT_REJECTED
    out = tmp_path / "out"
    assert (
        main(
            [
                "registry",
                "export",
                "--db",
                db,
                "--out",
                f"{out}.csv",
                "--ranks",
                f"{out}-ranks.csv",
                "--enrolments",
                f"{out}-enrolments.csv",
            ]
        )
        == 0
    )
    assert Path(f"{out}-ranks.csv").read_text(encoding="utf-8").splitlines() == [
        "no_kk,desil,recorded",
        "3171012009000001,2,2021-01-15",
    ]
    capsys.readouterr()
    assert main(["registry", "stats", "--db", db, "--json", "--at", "2021-06-01"]) == 0
    assert '"by_desil": {"unranked": 1, "2": 1}' in capsys.readouterr().out


def test_a_status_change_has_one_field_list_for_csv_and_json() -> None:
    from dayasos.registry.history_csv import ENROLMENT_COLUMNS
    from dayasos.registry.io import registry_converter
    from dayasos.registry.status_change_fields import STATUS_CHANGE_FIELDS, change_fields

    change = StatusChange(
        Programme.PKH, kk(1), EnrolmentStatus.ACTIVE, ON, ON, "penetapan", "Pasal 9", "catatan"
    )
    assert ENROLMENT_COLUMNS == STATUS_CHANGE_FIELDS == tuple(change_fields(change))
    assert registry_converter().unstructure(change) == change_fields(change)
    with _store() as store:
        store.record_status(change)
        text = io.StringIO()
        export_enrolments_csv(store, text)
        assert text.getvalue().splitlines()[1].split(",") == list(change_fields(change).values())


def test_history_files_follow_the_one_source_rule(tmp_path: Path) -> None:
    text = "no_kk,desil,recorded\r\n3171010000000001,3,2021-01-15\r\n"
    with _store() as store:
        # bytes with a byte-order mark and CRLF, as Excel writes "CSV UTF-8"
        assert import_ranks_csv(("\ufeff" + text).encode(), store).ok
        path = tmp_path / "ranks.csv"
        path.write_bytes(
            "no_kk,desil,recorded\n3171010000000001,4,2021-02-0\xe9\n".encode("latin-1")
        )
        with pytest.raises(TextDecodeError, match="line 2"):
            import_ranks_csv(path, store)
        with pytest.raises(ValidationError, match="repeated"):
            import_ranks_csv(b"no_kk,desil,recorded,desil\n", store)
        with pytest.raises(ValidationError, match="partial"):
            import_ranks_csv(text.encode(), store, partial="yes")  # type: ignore[arg-type]
        assert [r.desil for r in store.ranks()] == [3]
