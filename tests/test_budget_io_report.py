"""CSV import with rejection report, the semester report, IKPA deviasi/penyerapan from lines."""

from __future__ import annotations

import io
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from dayasos.budget import AmountUnit, Base, JenisBelanja, absorption
from dayasos.budget.csvio import DIPA_COLUMNS, REALIZATION_COLUMNS, read_budget_csv
from dayasos.budget.ikpa import (
    deviation,
    ikpa_rules,
    ikpa_score,
    load_ikpa_rules,
    penyerapan_inputs,
    penyerapan_quarter,
    plan_vs_realization,
    score_deviasi,
)
from dayasos.budget.report import semester_report
from dayasos.errors import ParameterFileError, ParameterValueUnknownError, ValidationError
from dayasos.money import Rupiah
from dayasos.periods import Month, Semester, Triwulan

DOCS = Path(__file__).resolve().parent.parent / "docs" / "examples"
KEY = "2024,027,DAYASOS,999001,PS,6308,QDB,001,051,573111,KP,A"


def test_example_files_import_without_rejections() -> None:
    result = read_budget_csv(
        DOCS / "dipa_dayasos_2024.csv",
        DOCS / "realisasi_dayasos_2024.csv",
        unit=AmountUnit.RIBU_RUPIAH,
    )
    assert result.rejected == () and result.rows_read == 56 + 23
    assert len(result.lines) == 4
    total = absorption(result.lines, date(2024, 12, 31))
    # pagu in ribu: 40.000.000 + 2.400.000 + 1.200.000 + 600.000 (a revision moves 100.000)
    assert total.base_amount == Rupiah(44_200_000 * 1000)


def test_every_bad_row_is_reported() -> None:
    header = ",".join(DIPA_COLUMNS)
    text = "\n".join(
        [
            header,
            f"{KEY},PAGU,2024-01-02,,awal,1000",
            f"{KEY},PAGU,2024-01-02,,awal,1.5",  # not an integer
            f"{KEY},REVISI,2024-02-01,,,10",  # no revision code
            f"{KEY},RPD,,13,,10",  # month 13
            f"{KEY},RPD,,1,,-10",  # negative plan
            f"{KEY},BLOKIR,2023-12-01,,,10",  # outside the fiscal year
            f"{KEY},HUTANG,2024-01-02,,,10",  # unknown kind
            f"{KEY},PAGU,2024-01-05,,awal,1000",  # a second initial pagu
            "2024,027,DAYASOS,99901,PS,6308,QDB,001,051,541111,XX,A,PAGU,2024-01-02,,awal,5",
        ]
    )
    rheader = ",".join(REALIZATION_COLUMNS)
    rtext = "\n".join(
        [
            rheader,
            f"{KEY},2024-03-01,1,400",
            "2024,027,DAYASOS,999009,PS,6308,QDB,001,051,573111,KP,A,2024-03-01,2,5",  # no line
            f"{KEY},2024-02-30,3,5",  # bad date
        ]
    )
    result = read_budget_csv(
        io.StringIO(text + "\n"), io.StringIO(rtext + "\n"), unit=AmountUnit.RUPIAH
    )
    assert result.rows_read == 12 and result.accepted == 2
    assert [r.row for r in result.rejected] == [3, 4, 5, 6, 7, 8, 9, 10, 3, 4]
    bad_key = result.rejected[7]
    assert "second PAGU" in result.rejected[6].problems[0]
    assert len(bad_key.problems) == 3
    assert [p.split(":")[0] for p in bad_key.problems] == ["akun", "kewenangan", "satker"]
    report = result.report()
    assert "12 rows read, 2 accepted, 10 rejected" in report
    assert "no DIPA line" in report and "revision code" in report
    (line,) = result.lines
    assert line.pagu(date(2024, 12, 31)) == Rupiah(1000)
    assert line.realized(date(2024, 12, 31)) == Rupiah(400)


def test_every_dated_row_must_fall_in_its_fiscal_year() -> None:
    text = "\n".join(
        [
            ",".join(DIPA_COLUMNS),
            f"{KEY},PAGU,2024-01-02,,awal,1000",
            f"{KEY},RPD,2023-12-30,3,,10",  # a plan update dated in TA 2023
            f"{KEY},KOMITMEN,2025-01-02,,,10",  # a commitment in TA 2025
        ]
    )
    rtext = "\n".join([",".join(REALIZATION_COLUMNS), f"{KEY},2025-01-03,9,5"])
    result = read_budget_csv(
        io.StringIO(text + "\n"), io.StringIO(rtext + "\n"), unit=AmountUnit.RUPIAH
    )
    assert [r.row for r in result.rejected] == [3, 4, 2]
    assert [r.problems for r in result.rejected] == [
        ("tanggal: must fall in TA 2024 (got 2023-12-30)",),
        ("tanggal: must fall in TA 2024 (got 2025-01-02)",),
        ("tanggal_sp2d: must fall in TA 2024 (got 2025-01-03)",),
    ]


def test_missing_columns_and_unit_required() -> None:
    with pytest.raises(ValidationError, match="misses the columns"):
        read_budget_csv(io.StringIO("tahun,ba\n2024,027\n"), unit=AmountUnit.RUPIAH)
    with pytest.raises(ValidationError, match="unit"):
        read_budget_csv(io.StringIO("x\n"), unit="rupiah")  # type: ignore[arg-type]


def test_semester_report_text() -> None:
    result = read_budget_csv(
        DOCS / "dipa_dayasos_2024.csv",
        DOCS / "realisasi_dayasos_2024.csv",
        unit=AmountUnit.RIBU_RUPIAH,
    )
    report = semester_report(result.lines, Semester(2024, 1))
    assert report.base is Base.PAGU_EFEKTIF
    row = next(r for r in report.rows if r.jenis_belanja is JenisBelanja.BANSOS)
    # bansos: pagu 40.000.000 minus blokir 2.000.000 (ribu); realized 19.500.000 (ribu)
    assert row.absorption.base_amount == Rupiah(38_000_000_000)
    assert row.absorption.realized == Rupiah(19_500_000_000)
    assert row.target is not None and row.target.value == 50
    assert row.gap_points == Fraction(19_500, 38_000) * 100 - 50
    assert row.gap_rupiah == Rupiah(19_000_000_000 - 19_500_000_000)
    assert [r.jenis_belanja.value for r in report.rows] == ["51", "52", "53", "57"]
    text = report.render()
    assert "base pagu_efektif" in text and "57" in text
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pandas"):
            report.to_dataframe()
    else:
        frame = report.to_dataframe()
        assert list(frame["jenis_belanja"]) == ["51", "52", "53", "57"]
        bansos = frame[frame["jenis_belanja"] == "57"].iloc[0]
        assert (bansos["pagu"], bansos["realisasi"]) == (38_000_000_000, 19_500_000_000)
        assert bansos["base"] == "pagu_efektif" and bansos["target"] == 50


def test_semester_report_before_2022_has_no_target() -> None:
    report = semester_report([], Semester(2020, 1))
    assert report.rows == ()
    with pytest.raises(ParameterValueUnknownError):
        ikpa_rules(2021).get("penyerapan_targets")


def test_deviation_zero_plan_and_cap() -> None:
    rules = ikpa_rules(2022)
    assert deviation(rules, Rupiah(0), Rupiah(0)) == 0
    assert deviation(rules, Rupiah(0), Rupiah(5)) == 100
    assert deviation(rules, Rupiah(100), Rupiah(350)) == 100
    assert deviation(rules, Rupiah(100), Rupiah(90)) == 10


def test_deviasi_simple_and_weighted() -> None:
    monthly = {
        Month(2024, 1): {
            JenisBelanja.PEGAWAI: (Rupiah(100), Rupiah(100)),  # 0 %
            JenisBelanja.BARANG: (Rupiah(100), Rupiah(70)),  # 30 %
        },
        Month(2024, 12): {JenisBelanja.PEGAWAI: (Rupiah(100), Rupiah(0))},  # December not assessed
    }
    assert score_deviasi(ikpa_rules(2022), monthly) == 85  # 100 - mean(0, 30)
    pagu = {JenisBelanja.PEGAWAI: Rupiah(300), JenisBelanja.BARANG: Rupiah(100)}
    assert score_deviasi(ikpa_rules(2024), monthly, pagu) == Fraction(185, 2)  # 100 - 7.5
    with pytest.raises(ValidationError, match="pagu"):
        score_deviasi(ikpa_rules(2024), monthly)
    small = {Month(2024, 2): {JenisBelanja.BARANG: (Rupiah(100), Rupiah(96))}}
    assert score_deviasi(ikpa_rules(2022), small) == 100


def test_ikpa_from_lines_and_final_category() -> None:
    result = read_budget_csv(
        DOCS / "dipa_dayasos_2024.csv",
        DOCS / "realisasi_dayasos_2024.csv",
        unit=AmountUnit.RIBU_RUPIAH,
    )
    rules = ikpa_rules(2024)
    monthly = plan_vs_realization(result.lines, 2024, date(2024, 6, 30))
    assert set(monthly) == {Month(2024, m) for m in range(1, 7)}
    pagu = {j: p for j, (p, _) in penyerapan_inputs(result.lines, Triwulan(2024, 2)).items()}
    dev = score_deviasi(rules, monthly, pagu)
    assert 0 <= dev <= 100
    q = [
        penyerapan_quarter(rules, t.number, penyerapan_inputs(result.lines, t))
        for t in Semester(2024, 1).triwulans()
    ]
    values = {
        "revisi_dipa": 100, "deviasi_halaman_iii": dev, "penyerapan": sum(q) / 2, "kontraktual": 100,
        "tagihan": 100, "up_tup": 100, "capaian_output": 100,
    }  # fmt: skip
    r = ikpa_score(rules, values)
    assert r.category.value in {"sangat baik", "baik", "cukup", "kurang"}
    assert "unverified" in r.explain()
    with pytest.raises(ValidationError, match="missing"):
        ikpa_score(rules, {"revisi_dipa": 100})
    with pytest.raises(ValidationError, match="never float"):
        ikpa_score(rules, {**values, "tagihan": 99.5})
    with pytest.raises(ValidationError, match="quarter"):
        penyerapan_quarter(rules, 5, {})
    with pytest.raises(ValidationError, match="dispensasi is weighted"):
        ikpa_score(
            ikpa_rules(2022), dict.fromkeys(ikpa_rules(2022).weights, 100), deduction=Fraction(1, 4)
        )


@pytest.mark.parametrize(
    ("score", "category"),
    [
        (95, "sangat baik"),
        (Fraction(9499, 100), "baik"),
        (89, "baik"),
        (Fraction(8899, 100), "cukup"),
        (70, "cukup"),
        (Fraction(6999, 100), "kurang"),
    ],
)
def test_categories(score: Fraction, category: str) -> None:
    assert ikpa_rules(2024).category(Fraction(score)).value == category


def test_dispensasi_deduction_table() -> None:
    from dayasos.budget.ikpa import dispensasi_deduction

    rules = ikpa_rules(2024)
    assert dispensasi_deduction(rules, 0, 1000) == 0
    assert dispensasi_deduction(rules, 1, 0) == 0
    assert dispensasi_deduction(rules, 1, 100_000) == Fraction(1, 4)  # 0.01 permille
    assert dispensasi_deduction(rules, 1, 10_000) == Fraction(1, 2)  # 0.1 permille
    assert dispensasi_deduction(rules, 1, 1000) == Fraction(3, 4)  # 1 permille
    assert dispensasi_deduction(rules, 5, 1000) == 1  # 5 permille


def test_rule_file_validation(tmp_path: Path) -> None:
    good = (
        Path(__file__).resolve().parent.parent / "src/dayasos/budget/data/ikpa.toml"
    ).read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(
        good.replace(
            "revisi_dipa = 5, deviasi_halaman_iii = 5, penyerapan = 15, kontraktual = 15",
            "revisi_dipa = 6, deviasi_halaman_iii = 5, penyerapan = 15, kontraktual = 15",
            1,
        )
    )
    with pytest.raises(ParameterFileError, match="not 100"):
        load_ikpa_rules(bad)
    bad.write_text(good.replace('confidence = "L", unverified = true', 'confidence = "L"', 1))
    with pytest.raises(ParameterFileError, match="unverified"):
        load_ikpa_rules(bad)
    ok = tmp_path / "ok.toml"
    ok.write_text(good)
    assert len(load_ikpa_rules(ok)) == 4


def test_plan_updates_by_date_and_quarter_locks() -> None:
    from dayasos.budget import DipaLine, PlanUpdate, Realization

    result = read_budget_csv(
        io.StringIO(
            "\n".join(
                [
                    ",".join(DIPA_COLUMNS),
                    f"{KEY},PAGU,2024-01-02,,awal,1200",
                    *(f"{KEY},RPD,,{m},,100" for m in range(1, 13)),
                    f"{KEY},RPD,2024-04-20,5,,300",  # update of May in the TW II window
                    f"{KEY},RPD,2024-08-01,5,,999",  # after the TW II lock: ignored for May
                    f"{KEY},RPD,,6,,100",  # a second plain RPD row for June: rejected
                ]
            )
            + "\n"
        ),
        unit=AmountUnit.RUPIAH,
    )
    assert [r.row for r in result.rejected] == [17]
    (line,) = result.lines
    assert line.plan_at(date(2024, 4, 1))[Month(2024, 5)] == Rupiah(100)
    assert line.plan_at(date(2024, 4, 20))[Month(2024, 5)] == Rupiah(300)
    assert line.planned(Triwulan(2024, 2), date(2024, 12, 31)) == Rupiah(100 + 999 + 100)
    locks = {2: date(2024, 4, 30)}
    line = DipaLine(line.key, line.pagu_events, plan=line.plan, plan_updates=line.plan_updates,
                    realizations=[Realization(date(2024, 5, 10), Rupiah(300))])  # fmt: skip
    locked = plan_vs_realization([line], 2024, date(2024, 6, 30), plan_locks=locks)
    assert locked[Month(2024, 5)][JenisBelanja.BANSOS] == (Rupiah(300), Rupiah(300))
    latest = plan_vs_realization([line], 2024, date(2024, 12, 31))
    assert latest[Month(2024, 5)][JenisBelanja.BANSOS] == (Rupiah(999), Rupiah(300))
    with pytest.raises(ValidationError, match="order of recording"):
        DipaLine(line.key, plan_updates=[PlanUpdate(date(2024, 4, 1), Month(2024, 5), Rupiah(1)),
                                         PlanUpdate(date(2024, 4, 1), Month(2024, 5), Rupiah(2))])  # fmt: skip
