"""``dayasos registry``: import, dedup, review, export, stats and their exit statuses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dayasos.cli import main
from dayasos.cli.registry import EXIT_REJECTED, KEY_ENV

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "registry-example.csv"
HEADER = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]


def test_import_export_and_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "r.db")
    assert main(["registry", "import", str(EXAMPLE), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "0 rejected; written" in out
    assert main(["registry", "export", "--db", db, "--out", str(tmp_path / "out.csv")]) == 0
    exported = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert ",Kepala Keluarga," in exported
    assert main(["registry", "stats", "--db", db, "--at", "2020-07-01", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert figures["persons"] > 0 and "31" in figures["by_province"]
    assert main(["registry", "stats", "--db", db, "--at", "2020-07-01"]) == 0
    assert "DKI Jakarta" in capsys.readouterr().out


def test_rejected_rows_exit_3_and_name_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n,,123,Budi,1980-05-02,L,,,,,,\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert main(["registry", "import", str(bad), "--db", db]) == EXIT_REJECTED
    out = capsys.readouterr().out
    assert "rejected line 2: nik: must be 16 digits" in out and "nothing written" in out


def test_errors_exit_1_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["registry", "import", str(tmp_path / "missing.csv")]) == 1
    assert "file: does not exist" in capsys.readouterr().err
    assert main(["registry", "stats", "--db", str(tmp_path / "none.db")]) == 1
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("nik,name\n", encoding="utf-8")
    assert main(["registry", "import", str(wrong), "--db", str(tmp_path / "r.db")]) == 1
    assert "header" in capsys.readouterr().err


def test_pseudonymised_export_needs_a_key_and_hides_identities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "r.db")
    assert main(["registry", "import", str(EXAMPLE), "--db", db]) == 0
    out = str(tmp_path / "p.csv")
    monkeypatch.delenv(KEY_ENV, raising=False)
    assert main(["registry", "export", "--db", db, "--out", out, "--pseudonymised"]) == 1
    monkeypatch.setenv(KEY_ENV, "kunci-rahasia")
    assert main(["registry", "export", "--db", db, "--out", out, "--pseudonymised"]) == 0
    first = (tmp_path / "p.csv").read_text(encoding="utf-8")
    assert "3171010205800001" not in first and "Budi" not in first
    assert main(["registry", "export", "--db", db, "--out", out, "--pseudonymised"]) == 0
    assert (tmp_path / "p.csv").read_text(encoding="utf-8") == first  # stable
    rows = list(csv.DictReader(first.splitlines()))
    assert all(r["nik"].startswith("p") or not r["nik"] for r in rows)
    assert all(r["name"] == "" for r in rows)


def test_dedup_writes_a_sheet_and_review_records_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "dups.csv"
    lines = [
        HEADER,
        "3171012009000001,31.71.01.1001,3171010205800001,Joko Susilo,1980-05-02,L,Kepala Keluarga,2009-01-05,,,,",
        "3171012009000002,31.71.01.1001,3171010205800002,Joko,1980-05-02,L,Kepala Keluarga,2012-01-05,,,,",
    ]
    lines += [
        f"32730120090{i:05d},32.73.01.2001,32730141{(i % 12) + 1:02d}7{i % 10}{i:04d},"
        f"Warga{chr(97 + i % 26)}{chr(97 + i // 26 % 26)} Lain,197{i % 10}-{(i % 12) + 1:02d}-01,P,Kepala Keluarga,2009-01-05,,,,"
        for i in range(3, 200)
    ]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert main(["registry", "import", str(data), "--db", db]) == 0
    sheet = tmp_path / "review.csv"
    # a small, uniform registry: the default threshold is set for national-size data
    dedup = ["registry", "dedup", "--db", db, "--out", str(sheet), "--threshold", "10"]
    assert main(dedup) == 0
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8").splitlines()))
    joko = [r for r in rows if r["first"] == "NIK 3171…0001" and r["second"] == "NIK 3171…0002"]
    assert len(joko) == 1 and joko[0]["first_name"] == "J*** S***"
    joko[0]["decision"], joko[0]["reviewer"] = "different", "petugas-1"
    with open(sheet, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["registry", "review", str(sheet), "--db", db]) == 0
    assert "recorded 1 decisions" in capsys.readouterr().out
    assert main(dedup) == 0
    again = list(csv.DictReader(sheet.read_text(encoding="utf-8").splitlines()))
    assert not [
        r for r in again if r["first"] == "NIK 3171…0001" and r["second"] == "NIK 3171…0002"
    ]


def test_reimport_is_idempotent_and_correct_applies_changes_with_progress_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "r.db")
    assert main(["registry", "import", str(EXAMPLE), "--db", db]) == 0
    capsys.readouterr()
    assert main(["registry", "import", str(EXAMPLE), "--db", db]) == 0
    assert "added 0 persons, 0 families, 0 memberships; 6 rows unchanged" in capsys.readouterr().out
    changed = tmp_path / "changed.csv"
    changed.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("Ani Lestari", "Ani Lestary"), encoding="utf-8"
    )
    assert main(["registry", "import", str(changed), "--db", db]) == EXIT_REJECTED
    assert "nik: appears earlier with different person data" in capsys.readouterr().out
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    command = ["registry", "import", str(changed), "--db", db, "--correct", "--who", "petugas-3"]
    assert main(command) == 0
    captured = capsys.readouterr()
    assert "1 corrected" in captured.out and "import: 6 rows" in captured.err
    assert main(["registry", "export", "--db", db, "--out", str(tmp_path / "o.csv")]) == 0
    assert "export: 6 rows" in capsys.readouterr().err
