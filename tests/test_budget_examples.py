"""Worked examples of shared/domain/budget.md (section 9) and the Kemensos figures of section 4,
to the rupiah and the stated decimals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from dayasos.budget import (
    Akun,
    AmountUnit,
    Base,
    Blokir,
    BudgetLineKey,
    Commitment,
    DipaLine,
    DipaRevision,
    JenisBelanja,
    Kewenangan,
    Level,
    Output,
    PaguEvent,
    Realization,
    RincianOutput,
    SumberDana,
    absorption,
    absorption_by,
    roll_up,
    sisa_pagu,
)
from dayasos.budget.eka import (
    capaian_output_program,
    eka_efisiensi,
    eka_penyerapan,
    nilai_efisiensi,
)
from dayasos.budget.ikpa import (
    count_revisions,
    ikpa_rules,
    penyerapan_quarter,
)
from dayasos.budget.organisation import compare, kemensos_organisation
from dayasos.budget.press import StatedAmount, check_stated_percentage, implied_whole
from dayasos.errors import ValidationError
from dayasos.money import Percentage, Rupiah
from dayasos.periods import Semester, Triwulan

AKUN = {
    JenisBelanja.PEGAWAI: "511111",
    JenisBelanja.BARANG: "521111",
    JenisBelanja.MODAL: "532111",
    JenisBelanja.BANSOS: "573111",
}


def key(
    year: int, jenis: JenisBelanja, *, eselon1: str = "KEMENSOS", program: str = "P"
) -> BudgetLineKey:
    output = Output("001") if year < 2021 else RincianOutput("QAA", "001")
    return BudgetLineKey(
        year, "027", eselon1, "000001", program, "K1", output, "001",
        Akun(AKUN[jenis]), Kewenangan.KANTOR_PUSAT, SumberDana.RM,
    )  # fmt: skip


def line(year: int, jenis: JenisBelanja, pagu: int, real: int, **kw: str) -> DipaLine:
    return DipaLine(
        key(year, jenis, **kw),
        pagu_events=[PaguEvent(date(year, 1, 1), Rupiah(pagu), "awal")],
        realizations=[Realization(date(year, 12, 31), Rupiah(real))],
    )


# ----------------------------------------------------------------- section 4: Kemensos


def kemensos_2022() -> list[DipaLine]:
    return [
        line(2022, JenisBelanja.PEGAWAI, 468_493_079_000, 428_746_038_370),
        line(2022, JenisBelanja.BARANG, 4_207_499_366_000, 4_062_376_304_851),
        line(2022, JenisBelanja.BANSOS, 93_086_716_563_000, 91_884_679_114_935),
        line(2022, JenisBelanja.MODAL, 165_352_408_000, 158_596_129_105),
    ]


def test_kemensos_2022_final_from_lines() -> None:
    lines = kemensos_2022()
    total = absorption(lines, date(2022, 12, 31))
    assert total.base_amount == Rupiah(97_928_061_416_000)
    assert total.realized == Rupiah(96_534_397_587_261)
    assert total.percentage is not None and total.percentage.rounded(2) == Decimal("98.58")
    by_jenis = absorption_by(lines, (Level.JENIS_BELANJA,), date(2022, 12, 31))
    stated = {
        JenisBelanja.PEGAWAI: "91.52",
        JenisBelanja.BARANG: "96.55",
        JenisBelanja.BANSOS: "98.71",
        JenisBelanja.MODAL: "95.91",  # stated 99,93 % in the release; recomputed 95,91 %
    }
    for jenis, pct in stated.items():
        p = by_jenis[(jenis,)].percentage
        assert p is not None and p.rounded(2) == Decimal(pct)


def test_kemensos_2022_modal_press_figure_is_inconsistent() -> None:
    check = check_stated_percentage(
        "99,93", StatedAmount.parse("Rp158.596.129.105"), StatedAmount.parse("Rp165.352.408.000")
    )
    assert not check.consistent


def test_kemensos_2020_10_oct_from_lines() -> None:
    lines = [
        line(2020, JenisBelanja.PEGAWAI, 510_231_340_000, 355_173_385_757),
        line(2020, JenisBelanja.BARANG, 5_288_809_012_520, 2_716_290_737_723),
        line(2020, JenisBelanja.MODAL, 243_405_689_000, 88_015_221_112),
        line(2020, JenisBelanja.BANSOS, 127_966_473_064_480, 105_691_763_555_996),
    ]
    total = absorption(lines, date(2020, 12, 31))
    assert total.base_amount == Rupiah(134_008_919_106_000)
    assert total.realized == Rupiah(108_851_242_900_588)
    assert total.percentage is not None
    assert total.percentage.rounded(3) == Decimal("81.227")
    assert total.percentage.rounded(2) == Decimal("81.23")
    expected = {
        JenisBelanja.PEGAWAI: "69.61",
        JenisBelanja.BARANG: "51.36",
        JenisBelanja.MODAL: "36.16",
        JenisBelanja.BANSOS: "82.59",
    }
    by_jenis = absorption_by(lines, (Level.JENIS_BELANJA,), date(2020, 12, 31))
    for jenis, pct in expected.items():
        p = by_jenis[(jenis,)].percentage
        assert p is not None and p.rounded(2) == Decimal(pct)


def test_W1_kemensos_2020_final() -> None:
    # W1 and W2: pegawai is the one jenis belanja published to the rupiah; the rest is one line.
    pegawai = line(2020, JenisBelanja.PEGAWAI, 503_160_462_000, 445_436_309_885)
    rest = line(
        2020,
        JenisBelanja.BANSOS,
        134_171_839_274_000 - 503_160_462_000,
        130_300_865_759_231 - 445_436_309_885,
    )
    total = absorption([pegawai, rest], date(2020, 12, 31))
    assert total.base_amount == Rupiah(134_171_839_274_000)
    assert total.realized == Rupiah(130_300_865_759_231)
    assert total.percentage is not None
    assert total.percentage.rounded(4) == Decimal("97.1149")
    assert total.percentage.rounded(2) == Decimal("97.11")


def test_W2_pegawai_2020_and_sisa() -> None:
    pegawai = line(2020, JenisBelanja.PEGAWAI, 503_160_462_000, 445_436_309_885)
    a = absorption([pegawai], date(2020, 12, 31))
    assert a.percentage is not None and a.percentage.rounded(4) == Decimal("88.5277")
    assert a.percentage.rounded(2) == Decimal("88.53")
    assert sisa_pagu([pegawai], date(2020, 12, 31)) == Rupiah(57_724_152_115)


def test_W5_program_pemberdayaan_sosial_14_jul_2020() -> None:
    # amounts as published: Rp274,7 M and Rp100,88 M
    ps = DipaLine(
        key(2020, JenisBelanja.BANSOS, eselon1="DAYASOS", program="PS"),
        pagu_events=[PaguEvent(date(2020, 1, 1), Rupiah(274_700_000_000), "awal")],
        realizations=[
            Realization(date(2020, 7, 14), Rupiah(100_880_000_000)),
            Realization(date(2020, 7, 15), Rupiah(1_000_000)),  # after the date: not counted
        ],
    )
    a = absorption([ps], date(2020, 7, 14))
    assert a.realized == Rupiah(100_880_000_000)
    assert a.percentage is not None and a.percentage.rounded(4) == Decimal("36.7237")
    assert a.percentage.rounded(2) == Decimal("36.72")
    assert a.remaining == Rupiah(173_820_000_000)


PFM_LEDGER = [  # (date of the step: order of the slide; amounts in ribu rupiah)
    (date(2020, 1, 1), "awal", 28_975_250_028),
    (date(2020, 4, 1), "BA BUN I", 61_027_650_028),
    (date(2020, 5, 1), "Optimalisasi I", 59_993_150_028),
    (date(2020, 6, 1), "BA BUN II", 76_881_638_294),
    (date(2020, 8, 1), "BA BUN III", 81_506_288_294),
    (date(2020, 10, 1), "Optimalisasi II", 80_813_440_002),
    (date(2020, 11, 1), "Optimalisasi III", 80_552_566_002),
]


def pfm_events() -> list[PaguEvent]:
    events, previous = [], 0
    for on, code, pagu in PFM_LEDGER:
        events.append(PaguEvent(on, AmountUnit.RIBU_RUPIAH.to_rupiah(pagu - previous), code))
        previous = pagu
    return events


def test_W6_pfm_revision_ledger() -> None:
    events = pfm_events()
    deltas = [e.change for e in events[1:]]
    assert Rupiah.total(deltas) == Rupiah(51_577_315_974_000)
    assert [e.change for e in events[1:]] == [
        Rupiah(32_052_400_000_000),
        Rupiah(-1_034_500_000_000),
        Rupiah(16_888_488_266_000),
        Rupiah(4_624_650_000_000),
        Rupiah(-692_848_292_000),
        Rupiah(-260_874_000_000),
    ]
    pfm = DipaLine(key(2020, JenisBelanja.BANSOS, eselon1="PFM"), pagu_events=reversed(events))
    for on, _code, pagu in PFM_LEDGER:
        assert pfm.pagu(on) == Rupiah(pagu * 1000)
    assert pfm.pagu(date(2020, 12, 31)) == Rupiah(80_552_566_002_000)
    # W6 calls the gap between 95,38 % (stated) and 95,37 % (recomputed) rounding of the
    # published "Rp76,82 T"; the interval check shows it falls just outside: "Rp76,82 T" stands
    # for at most Rp76,825 T, i.e. at most 95,3729 %, below the 95,375 % a "95,38 %" needs.
    check = check_stated_percentage(
        "95,38", StatedAmount.parse("Rp76,82 T"), StatedAmount.parse("Rp80.552.566.002.000")
    )
    assert not check.consistent
    assert Fraction("95.372") < check.implied_interval[1] < Fraction("95.373")
    reported = DipaLine(
        pfm.key,
        pagu_events=events,
        realizations=[Realization(date(2020, 12, 31), Rupiah(76_820_000_000_000))],
    )
    p = absorption([reported], date(2020, 12, 31)).percentage
    assert p is not None and p.rounded(2) == Decimal("95.37")
    # against the pagu of July (before BA BUN III) the same realization would read differently
    assert pfm.pagu(date(2020, 7, 1)) == Rupiah(76_881_638_294_000)


def test_W7_dayasos_2020_reconstruction() -> None:
    lo, hi = implied_whole(StatedAmount.parse("Rp5,68 T"), "99,79")
    assert lo < Fraction("5.69195") * 10**12 < hi
    assert hi - lo < Fraction(11, 1000) * 10**12  # the rounding of "Rp5,68 T" dominates
    check = check_stated_percentage(
        "99,79", StatedAmount.parse("Rp5,68 T"), StatedAmount.parse("Rp5.691.950.000.000")
    )
    assert check.consistent
    assert Rupiah(274_700_000_000) + Rupiah(5_410_000_000_000) == Rupiah(5_684_700_000_000)


def test_W8_ikpa_penyerapan_golden() -> None:
    rules = ikpa_rules(2024)
    q = penyerapan_quarter(
        rules,
        1,
        {
            JenisBelanja.PEGAWAI: (Rupiah(100_000), Rupiah(20_000)),
            JenisBelanja.BARANG: (Rupiah(100_000), Rupiah(12_801)),
        },
    )
    assert q == Fraction("92.67")
    contribution = q * rules.weights["penyerapan"] / 100
    assert contribution == Fraction("18.534")
    assert Percentage(contribution).rounded(2) == Decimal("18.53")


def test_W10_capaian_output_program() -> None:
    p1 = [[(5, 5), (10, 9)], [(3, 2), (6, 4), (5, 5)]]
    p2 = [[(4, 4)]]
    assert capaian_output_program([[p1[0]]]).rounded(2) == Decimal("94.87")
    assert capaian_output_program([[p1[1]]]).rounded(2) == Decimal("76.31")
    assert capaian_output_program([p1]).rounded(2) == Decimal("85.09")
    assert capaian_output_program([p2]).rounded(2) == Decimal("100.00")
    assert capaian_output_program([p1, p2]).rounded(2) == Decimal("92.24")


def test_W11_eka_penyerapan_and_efisiensi() -> None:
    p = eka_penyerapan(Rupiah(734_881_464_333), Rupiah(855_830_897_000))
    assert p.rounded(4) == Decimal("85.8676")
    m = 1_000_000_000
    items = [
        (Rupiah(4 * m), Decimal("1.22"), Rupiah(3_800_000_000)),
        (Rupiah(1 * m), Decimal("0.80"), Rupiah(975_000_000)),
        (Rupiah(5 * m), Decimal("1.42"), Rupiah(4_725_000_000)),
    ]
    e = eka_efisiensi(items)
    assert e.value == Fraction(3_280_000_000, 12_780_000_000) * 100
    assert e.rounded(2) == Decimal("25.67")
    assert nilai_efisiensi(e).rounded(2) == Decimal("114.16")
    assert nilai_efisiensi(e, cap=20).rounded(2) == Decimal("100.00")


def test_W12_revisi_dipa_two_regimes() -> None:
    from dayasos.budget.ikpa import score_revisi

    r2020 = ikpa_rules(2020)
    assert score_revisi(r2020, {Triwulan(2020, 1): 2}) == 50
    assert score_revisi(r2020, {Triwulan(2020, 1): 1}) == 100
    r2024 = ikpa_rules(2024)
    revisions = [
        DipaRevision(date(2024, 3, 1), "221"),
        DipaRevision(date(2024, 8, 1), "221"),
        DipaRevision(date(2024, 9, 1), "236"),
        DipaRevision(date(2024, 10, 1), "239"),
        DipaRevision(date(2024, 11, 1), "999"),  # not an eligible code
    ]
    counts = count_revisions(r2024, revisions, 2024)
    assert counts == {Semester(2024, 1): 1, Semester(2024, 2): 3}
    assert score_revisi(r2024, counts) == 80


def test_W13_allocation_arithmetic() -> None:
    assert Rupiah(200_000) * 12 * 5_900_000 == Rupiah(14_160_000_000_000)
    # BSB 2020: 10 juta KPM x 15 kg x 3 months = 450.000 ton
    assert 10_000_000 * 15 * 3 == 450_000 * 1000


@pytest.mark.parametrize(
    ("stated", "part", "whole", "consistent"),
    [
        ("48,86", "Rp26,7 T", "Rp54,35 T", False),  # 2019 bansos
        ("27,87", "Rp1,06 T", "Rp3,9 T", False),  # 2019 barang
        ("39,24", "Rp189,52 M", "Rp483,02 M", True),  # 2019 pegawai
        ("51,84", "Rp2,17 T", "Rp4,18 T", True),  # Oct 2021 barang, within rounding
        ("97,83", "Rp100,2 T", "Rp101,4 T", False),  # PEN 2021 bansos
        ("98,80", "Rp100,2 T", "Rp101,4 T", True),
        ("5,66", "Rp12,31 M", "Rp217,83 M", False),  # 2019 modal: amounts give 5,65 %
        ("47,47", "Rp27,99 T", "Rp58,96 T", True),  # 27 May 2019 total
        # 14 Jul 2020 by programme [F5]
        ("39,21", "Rp133,53 M", "Rp340,58 M", True),
        ("46,31", "Rp15,07 M", "Rp33,55 M", False),  # Pengawasan: amounts give 44,90-44,94 %
        ("36,72", "Rp100,88 M", "Rp274,7 M", True),
        ("44,26", "Rp395,59 M", "Rp893,76 M", True),
        ("62,66", "Rp26,65 T", "Rp42,54 T", True),
        ("64,7", "Rp38,81 T", "Rp59,99 T", True),
        ("34,47", "Rp129,94 M", "Rp377,02 M", True),
        ("63,42", "Rp66,24 T", "Rp104,45 T", True),
        ("54,84", "Rp68,416 T", "Rp124,765 T", True),  # 27 Jul 2020
        # 3 Oct 2021 [F15]
        ("64,76", "Rp69,21 T", "Rp106,88 T", True),
        ("72,51", "Rp343,18 M", "Rp473,31 M", True),
        ("65,43", "Rp66,6 T", "Rp101,79 T", True),
        ("22,25", "Rp95,98 M", "Rp431,4 M", True),
        # Setjen 4 Oct 2021 [F18]
        ("17,50", "Rp185 M", "Rp1,060 T", True),
        ("3,72", "Rp25,94 M", "Rp697,40 M", True),
        ("43,99", "Rp159,6 M", "Rp362,8 M", True),
    ],
)
def test_press_figures(stated: str, part: str, whole: str, consistent: bool) -> None:
    check = check_stated_percentage(stated, StatedAmount.parse(part), StatedAmount.parse(whole))
    assert check.consistent is consistent


def test_pen_2021_interval_matches_facts() -> None:
    check = check_stated_percentage(
        "97,83", StatedAmount.parse("Rp100,2 T"), StatedAmount.parse("Rp101,4 T")
    )
    lo, hi = check.implied_interval
    assert round(float(lo), 2) == 98.72 and round(float(hi), 2) == 98.91


# ----------------------------------------------------------------- model behaviour


def test_blokir_commitments_and_bases() -> None:
    ln = DipaLine(
        key(2024, JenisBelanja.BARANG),
        pagu_events=[PaguEvent(date(2024, 1, 1), Rupiah(1_000), "awal")],
        blokir=[Blokir(date(2024, 1, 1), Rupiah(200)), Blokir(date(2024, 5, 1), Rupiah(-100))],
        commitments=[Commitment(date(2024, 2, 1), Rupiah(300))],
        realizations=[
            Realization(date(2024, 3, 1), Rupiah(400)),
            Realization(date(2024, 4, 1), Rupiah(-50)),
        ],
    )
    at = date(2024, 4, 30)
    assert ln.pagu_efektif(at) == Rupiah(800)
    a = absorption([ln], at, base=Base.PAGU_EFEKTIF)
    assert a.base is Base.PAGU_EFEKTIF and a.realized == Rupiah(350)
    assert a.percentage is not None and a.percentage.value == Fraction(350 * 100, 800)
    assert "pagu_efektif" in a.describe()
    assert sisa_pagu([ln], at) == Rupiah(650)
    assert sisa_pagu([ln], at, with_commitments=True) == Rupiah(350)
    april = absorption([ln], at, Triwulan(2024, 2).months().__next__())
    assert april.negative and "NEGATIVE" in april.describe()
    assert ln.pagu_efektif(date(2024, 6, 1)) == Rupiah(900)


def test_over_pagu_reported() -> None:
    ln = line(2022, JenisBelanja.BANSOS, 100, 150)
    a = absorption([ln], date(2022, 12, 31))
    assert a.over_base and a.remaining == Rupiah(-50) and "ABOVE" in a.describe()


def test_lines_and_dates_of_one_fiscal_year() -> None:
    with pytest.raises(ValidationError, match="TA 2021"):
        absorption([line(2021, JenisBelanja.BANSOS, 1, 1)], date(2022, 1, 1))
    with pytest.raises(ValidationError, match="SP2D date must fall in TA 2022"):
        DipaLine(
            key(2022, JenisBelanja.BANSOS), realizations=[Realization(date(2023, 1, 2), Rupiah(1))]
        )


def test_zero_base_has_no_percentage() -> None:
    a = absorption([line(2022, JenisBelanja.BANSOS, 0, 0)], date(2022, 12, 31))
    assert a.percentage is None and "n/a" in a.describe()


def test_output_era_is_checked() -> None:
    with pytest.raises(ValidationError, match="output"):
        BudgetLineKey(2021, "027", "X", "000001", "P", "K", Output("001"), "001",
                      Akun("511111"), Kewenangan.KANTOR_PUSAT, SumberDana.RM)  # fmt: skip
    with pytest.raises(ValidationError, match="akun"):
        Akun("541111")
    with pytest.raises(ValidationError, match="satker"):
        BudgetLineKey(2020, "027", "X", "12345", "P", "K", Output("001"), "001",
                      Akun("511111"), Kewenangan.KANTOR_PUSAT, SumberDana.RM)  # fmt: skip


def test_roll_up_by_eselon1_and_reorganisation_flag() -> None:
    lines = [
        line(2021, JenisBelanja.BANSOS, 100, 90, eselon1="PFM"),
        line(2021, JenisBelanja.BANSOS, 50, 40, eselon1="DAYASOS"),
        line(2021, JenisBelanja.BARANG, 10, 5, eselon1="DAYASOS"),
    ]
    r = roll_up(lines, (Level.ESELON1,), date(2021, 12, 31))
    assert r[("DAYASOS",)] == (Rupiah(60), Rupiah(45))
    org = kemensos_organisation()
    assert not org.unit("BADIKLIT").active_on(date(2021, 12, 14))
    assert org.unit("BADIKLIT").active_on(date(2021, 12, 13))
    assert org.ba.unverified
    d21 = absorption(lines[1:], date(2021, 12, 31))
    d22 = absorption(
        [line(2022, JenisBelanja.BANSOS, 1000, 900, eselon1="DAYASOS")], date(2022, 12, 31)
    )
    cmp = compare(d21, d22)
    assert cmp.crosses_reorganisation and "Perpres No. 110 Tahun 2021" in cmp.describe()
    same_year = compare(absorption(lines, date(2021, 6, 30)), absorption(lines, date(2021, 12, 13)))
    assert not same_year.crosses_reorganisation


def test_kemensos_14_jul_2020_programmes_roll_up_to_the_published_total() -> None:
    # [F5]: the seven programmes with their published (rounded) amounts, in juta rupiah
    programmes = {
        "DUKMAN": (340_580, 133_530),
        "PENGAWASAN": (33_550, 15_070),
        "DAYASOS": (274_700, 100_880),
        "REHSOS": (893_760, 395_590),
        "LINJAMSOS": (42_540_000, 26_650_000),
        "PFM": (59_990_000, 38_810_000),
        "DIKLIT": (377_020, 129_940),
    }
    lines = [
        DipaLine(
            key(2020, JenisBelanja.BANSOS, program=code),
            pagu_events=[PaguEvent(date(2020, 1, 1), Rupiah(p * 10**6), "awal")],
            realizations=[Realization(date(2020, 7, 14), Rupiah(r * 10**6))],
        )
        for code, (p, r) in programmes.items()
    ]
    by_program = roll_up(lines, (Level.PROGRAM,), date(2020, 7, 14))
    assert by_program[("DAYASOS",)] == (Rupiah(274_700_000_000), Rupiah(100_880_000_000))
    total = absorption(lines, date(2020, 7, 14))
    assert total.base_amount == Rupiah(104_449_610_000_000)  # published Rp104,45 T
    assert total.realized == Rupiah(66_235_010_000_000)  # published Rp66,24 T
    assert total.percentage is not None and total.percentage.rounded(2) == Decimal("63.41")
    # the published 63,42 % is within the rounding of the published totals
    assert check_stated_percentage(
        "63,42", StatedAmount.parse("Rp66,24 T"), StatedAmount.parse("Rp104,45 T")
    ).consistent
