"""The dated parameter store: shipped data, lookups, reforms, validation of data files."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.errors import (
    BulkValidationError,
    ParameterDateError,
    ParameterError,
    ParameterFileError,
    ParameterNotFoundError,
    ParameterValueUnknownError,
    ValidationError,
)
from dayasos.law import Confidence
from dayasos.money import Rupiah
from dayasos.parameters import (
    BaseUnit,
    ParameterSet,
    ParameterValue,
    Unit,
    load_parameter_files,
    load_parameters,
    load_reform,
    parse_parameter_document,
    render_markdown,
    shipped_files,
)
from dayasos.testing import dates, parameter_values, reforms, units

PARAMS = load_parameters()
COMPONENTS = ("ibu_hamil", "anak_usia_dini", "sd", "smp", "sma", "disabilitas_berat", "lanjut_usia")


class TestShippedData:
    def test_files(self) -> None:
        assert {"pkh.toml", "sembako.toml", "dayasos.toml"} <= set(shipped_files())

    def test_every_value_is_sourced_and_typed(self) -> None:
        assert len(PARAMS) > 30
        for p in PARAMS:
            assert p.label.strip() and p.label_en.strip()
            for v in p.values:
                assert v.source.instrument.strip()
                if v.confidence is not Confidence.HIGH:
                    assert v.note, f"{p.name} {v.start}: M/U value without a note"
                    assert v.unverified and v.status in ("unverified", "unknown")
                if v.known:
                    assert isinstance(v.value, p.unit.base.python_type), p.name
                else:
                    assert v.status == "unknown"

    def test_histories_are_ordered_and_disjoint(self) -> None:
        for p in PARAMS:
            for a, b in zip(p.values, p.values[1:], strict=False):
                assert a.end is not None and a.end < b.start, p.name

    # The PKH annual indices as reported 2019-2025 (pkh.toml sources), row by row.
    @pytest.mark.parametrize(
        ("at", "expected"),
        [
            (
                date(2019, 6, 1),
                (2_400_000, 2_400_000, 900_000, 1_500_000, 2_000_000, 2_400_000, 2_400_000),
            ),
            (
                date(2020, 2, 1),
                (3_000_000, 3_000_000, 900_000, 1_500_000, 2_000_000, 2_400_000, 2_400_000),
            ),
            (
                date(2020, 4, 1),
                (3_000_000, 3_000_000, 900_000, 1_500_000, 2_000_000, 2_400_000, 2_400_000),
            ),
            (
                date(2021, 1, 1),
                (3_000_000, 3_000_000, 900_000, 1_500_000, 2_000_000, 2_400_000, 2_400_000),
            ),
            (
                date(2025, 7, 1),
                (3_000_000, 3_000_000, 900_000, 1_500_000, 2_000_000, 2_400_000, 2_400_000),
            ),
        ],
    )
    def test_pkh_index_table(self, at: date, expected: tuple[int, ...]) -> None:
        got = tuple(PARAMS.rupiah(f"pkh.index.{c}", at).amount for c in COMPONENTS)
        assert got == expected

    def test_pkh_2020_has_one_annual_index(self) -> None:
        # no COVID-19 index: April-December 2020 pays the 2020 annual index monthly
        for c in COMPONENTS:
            v = PARAMS.value(f"pkh.index.{c}", date(2020, 4, 1))
            assert (v.start, v.end) == (date(2020, 1, 1), date(2020, 12, 31))
            assert PARAMS.rupiah(f"pkh.index.{c}", date(2020, 3, 31)) == PARAMS.rupiah(
                f"pkh.index.{c}", date(2020, 12, 31)
            )

    def test_pkh_fixed_and_cap(self) -> None:
        assert PARAMS.rupiah("pkh.fixed.reguler", date(2019, 1, 1)) == Rupiah(550_000)
        assert PARAMS.rupiah("pkh.fixed.akses", date(2019, 12, 31)) == Rupiah(1_000_000)
        assert PARAMS.rupiah("pkh.fixed.reguler", date(2020, 1, 1)) == Rupiah(0)
        assert PARAMS.integer("pkh.cap.persons", date(2021, 1, 1)) == 4
        assert PARAMS.rupiah("pkh.flat_amount", date(2018, 5, 1)) == Rupiah(1_890_000)
        assert PARAMS.months("pkh.stages.months", date(2021, 1, 1)) == (1, 4, 7, 10)
        assert PARAMS.boolean("pkh.disbursement.monthly", date(2020, 5, 1)) is True
        assert PARAMS.boolean("pkh.disbursement.monthly", date(2021, 5, 1)) is False
        assert PARAMS.decimal("pkh.conditionality.school_attendance_min", date(2021, 1, 1)) == 85
        assert PARAMS.code("pkh.cap.selection", date(2021, 1, 1)) == "highest_amount_first"

    def test_unknown_values_raise(self) -> None:
        with pytest.raises(ParameterValueUnknownError, match="max_desil") as info:
            PARAMS.integer("pkh.eligibility.max_desil", date(2021, 1, 1))
        assert isinstance(info.value, LookupError)
        with pytest.raises(ParameterValueUnknownError):
            PARAMS.rupiah("sembako_kemensos_hadir.package_value", date(2020, 7, 1))

    def test_bst_2020_worked_example(self) -> None:
        # social-aid.md worked example 5: 3 x 600,000 + 6 x 300,000 = Rp3,600,000
        from dayasos.cli import monthly_payments
        from dayasos.periods import FiscalYear

        payments = monthly_payments(PARAMS, "bst.amount", FiscalYear(2020))
        assert len(payments) == 9
        assert Rupiah.total(a for _, a, _ in payments) == Rupiah(3_600_000)

    def test_sembako_2019_2020(self) -> None:
        assert PARAMS.rupiah("sembako.amount", date(2019, 7, 1)) == Rupiah(110_000)
        assert PARAMS.rupiah("sembako.amount", date(2020, 1, 15)) == Rupiah(150_000)
        assert PARAMS.rupiah("sembako.amount", date(2020, 3, 1)) == Rupiah(200_000)


class TestLookup:
    def test_before_first_value_names_dates(self) -> None:
        with pytest.raises(ParameterDateError) as info:
            PARAMS.rupiah("pkh.index.sd", date(2018, 12, 31))
        msg = str(info.value)
        assert "pkh.index.sd" in msg and "2018-12-31" in msg and "2019-01-01" in msg
        assert isinstance(info.value, LookupError) and isinstance(info.value, ParameterError)

    def test_after_end_date(self) -> None:
        with pytest.raises(ParameterDateError, match="2018-12-31"):
            PARAMS.value("pkh.flat_amount", date(2019, 1, 1))

    def test_unknown_name_suggests(self) -> None:
        with pytest.raises(ParameterNotFoundError, match=r"pkh\.index\.sd") as info:
            PARAMS.value("pkh.index.sdd", date(2021, 1, 1))
        assert isinstance(info.value, KeyError)
        assert str(info.value).startswith("no parameter named")

    def test_wrong_typed_accessor(self) -> None:
        with pytest.raises(ValidationError, match="not an integer unit"):
            PARAMS.integer("pkh.index.sd", date(2021, 1, 1))
        with pytest.raises(ValidationError, match="not rupiah"):
            PARAMS.rupiah("pkh.cap.persons", date(2021, 1, 1))
        with pytest.raises(ValidationError, match="not a decimal"):
            PARAMS.decimal("pkh.cap.persons", date(2021, 1, 1))

    @given(dates(date(2015, 1, 1), date(2030, 12, 31)))
    def test_at_matches_a_linear_scan(self, at: date) -> None:
        for p in PARAMS:
            covering = [v for v in p.values if v.covers(at)]
            assert len(covering) <= 1
            if covering:
                assert p.at(at) == covering[0]
            else:
                with pytest.raises(ParameterDateError):
                    p.at(at)


class TestReforms:
    def test_reform_changes_only_its_range(self) -> None:
        reform = PARAMS.with_value(
            "pkh.index.sd", Rupiah(1_200_000), start=date(2021, 1, 1), end=date(2021, 12, 31)
        )
        assert reform.rupiah("pkh.index.sd", date(2021, 6, 1)) == Rupiah(1_200_000)
        assert reform.rupiah("pkh.index.sd", date(2022, 6, 1)) == Rupiah(900_000)
        assert reform.rupiah("pkh.index.sd", date(2019, 6, 1)) == Rupiah(900_000)
        assert reform.rupiah("pkh.index.sd", date(2020, 6, 1)) == Rupiah(900_000)
        assert PARAMS.rupiah("pkh.index.sd", date(2021, 6, 1)) == Rupiah(900_000)
        v = reform.value("pkh.index.sd", date(2021, 6, 1))
        assert v.origin == "reform" and v.source.instrument.startswith("Reform")
        assert reform.name == "reform" and PARAMS.name == "shipped"

    def test_reform_can_supply_unknown_value(self) -> None:
        reform = PARAMS.with_value("pkh.eligibility.max_desil", 4, start=date(2021, 1, 1))
        assert reform.integer("pkh.eligibility.max_desil", date(2021, 1, 1)) == 4
        with pytest.raises(ParameterValueUnknownError):
            reform.integer("pkh.eligibility.max_desil", date(2020, 1, 1))

    def test_reform_validates_value(self) -> None:
        with pytest.raises(ValidationError, match="float"):
            PARAMS.with_value("pkh.index.sd", 1.5, start=date(2021, 1, 1))
        with pytest.raises(ValidationError, match="end"):
            PARAMS.with_value("pkh.index.sd", 1, start=date(2021, 1, 1), end=date(2020, 1, 1))
        with pytest.raises(ParameterNotFoundError):
            PARAMS.with_value("pkh.index.nope", 1, start=date(2021, 1, 1))

    @given(reforms(), dates(date(2015, 1, 1), date(2032, 12, 31)))
    def test_reform_property(self, reform: ParameterSet, at: date) -> None:
        changed = [p.name for p in reform if any(v.origin != "shipped" for v in p.values)]
        assert len(changed) == 1
        name = changed[0]
        new = next(v for v in reform.history(name) if v.origin != "shipped")
        got = reform.parameter(name)
        # still ordered and disjoint
        for a, b in zip(got.values, got.values[1:], strict=False):
            assert a.end is not None and a.end < b.start
        if new.covers(at):
            assert reform.value(name, at) == new
        else:
            try:
                expected = PARAMS.value(name, at)
            except ParameterDateError:
                with pytest.raises(ParameterDateError):
                    reform.value(name, at)
            else:
                assert reform.value(name, at).value == expected.value
        # the shipped set is untouched
        assert all(v.origin == "shipped" for p in PARAMS for v in p.values)

    def test_reform_file(self, tmp_path: Path) -> None:
        f = tmp_path / "reform.toml"
        f.write_text(
            '[reform]\nname = "SD naik"\ndescription = "SD Rp1.200.000"\n\n'
            '[[override]]\nparameter = "pkh.index.sd"\nfrom = 2021-01-01\nvalue = 1200000\n'
        )
        reform = load_reform(f)
        assert reform.name == "SD naik"
        assert reform.rupiah("pkh.index.sd", date(2021, 2, 1)) == Rupiah(1_200_000)

    @pytest.mark.parametrize(
        ("text", "where"),
        [
            ('[reform]\nname = ""\n', "reform.name"),
            ('[reform]\nname = "x"\n', "override"),
            ('[reform]\nname = "x"\n[[override]]\nparameter = "pkh.index.sd"\nvalue = 1\n', "from"),
            (
                '[reform]\nname = "x"\n[[override]]\nparameter = "a"\nfrom = 2021-01-01\nvalue = 1\nfoo = 2\n',
                "unknown fields",
            ),
            ("not toml ===", "TOML"),
        ],
    )
    def test_reform_file_errors(self, tmp_path: Path, text: str, where: str) -> None:
        f = tmp_path / "reform.toml"
        f.write_text(text)
        with pytest.raises(ParameterFileError, match=where):
            load_reform(f)


GOOD = """
[sources.s]
instrument = "Permensos No. 1 Tahun 2018"
article = "Pasal 5"

[parameters."x.amount"]
label = "Jumlah"
label_en = "Amount"
unit = "rupiah/person/year"
values = [
  { from = 2020-01-01, value = 100, source = "s", confidence = "H" },
  { from = 2021-01-01, until = 2021-12-31, value = 200, source = "s", confidence = "M", note = "press" },
]
"""


class TestFileValidation:
    def test_good_document(self) -> None:
        (p,) = parse_parameter_document(GOOD, file="good.toml")
        assert p.values[0].end == date(2020, 12, 31)  # closed by the next value
        assert p.values[1].end == date(2021, 12, 31)
        assert p.values[0].source.cite() == "Permensos No. 1 Tahun 2018, Pasal 5"

    @pytest.mark.parametrize(
        ("change", "where"),
        [
            (
                ('source = "s", confidence = "H" }', 'source = "nope", confidence = "H" }'),
                "values[0].source",
            ),
            (('unit = "rupiah/person/year"', 'unit = "dollar"'), "unit"),
            (('unit = "rupiah/person/year"', 'unit = "rupiah/planet"'), "unit"),
            (("value = 100,", "value = 100.5,"), "values[0].value"),
            (("from = 2021-01-01", "from = 2019-01-01"), "values[1].from"),
            ((', note = "press"', ""), "values[1].note"),
            (('confidence = "H" }', 'confidence = "X" }'), "values[0].confidence"),
            (('label = "Jumlah"', 'label = ""'), "label"),
            (("until = 2021-12-31", "until = 2020-12-31"), "values[1].until"),
            (("value = 100,", "value = 100, colour = 1,"), "unknown fields"),
            (("value = 100,", "unknown = true,"), "values[0].note"),
        ],
    )
    def test_bad_documents_name_the_field(self, change: tuple[str, str], where: str) -> None:
        bad = GOOD.replace(*change, 1)
        assert bad != GOOD
        with pytest.raises(BulkValidationError) as info:
            parse_parameter_document(bad, file="bad.toml")
        msg = str(info.value)
        assert "bad.toml" in msg and where in msg
        assert all(isinstance(e, ParameterFileError) for e in info.value.errors)

    def test_all_problems_reported_together(self) -> None:
        bad = GOOD.replace('source = "s"', 'source = "nope"')
        with pytest.raises(BulkValidationError) as info:
            parse_parameter_document(bad, file="bad.toml")
        assert len(info.value.errors) == 2

    def test_overlap(self) -> None:
        bad = GOOD.replace(
            "{ from = 2020-01-01, value = 100,",
            "{ from = 2020-01-01, until = 2021-06-30, value = 100,",
        )
        with pytest.raises(BulkValidationError, match="overlaps"):
            parse_parameter_document(bad)

    def test_duplicate_across_files(self, tmp_path: Path) -> None:
        for name in ("a.toml", "b.toml"):
            (tmp_path / name).write_text(GOOD)
        with pytest.raises(BulkValidationError, match="already defined"):
            load_parameter_files([tmp_path / "a.toml", tmp_path / "b.toml"])

    @given(
        st.lists(st.integers(1, 400), min_size=1, max_size=8),
        st.lists(st.integers(0, 10**9), min_size=8, max_size=8),
        dates(date(2015, 1, 1), date(2030, 1, 1)),
    )
    def test_random_histories_round_trip(
        self, gaps: list[int], values: list[int], probe: date
    ) -> None:
        start = date(2016, 1, 1)
        rows, model = [], []
        for gap, value in zip(gaps, values, strict=False):
            rows.append(
                f'  {{ from = {start.isoformat()}, value = {value}, source = "s", confidence = "H" }},'
            )
            model.append((start, value))
            start += timedelta(days=gap)
        text = (
            '[sources.s]\ninstrument = "X"\n[parameters."p"]\nlabel = "p"\nlabel_en = "p"\n'
            'unit = "rupiah"\nvalues = [\n' + "\n".join(rows) + "\n]\n"
        )
        (p,) = parse_parameter_document(text)
        expected = [v for s, v in model if s <= probe]
        if expected:
            assert p.at(probe).value == expected[-1]
        else:
            with pytest.raises(ParameterDateError):
                p.at(probe)


class TestUnits:
    @pytest.mark.parametrize("text", ["rupiah", "rupiah/person/year", "percent", "month_numbers"])
    def test_round_trip(self, text: str) -> None:
        assert str(Unit.parse(text)) == text

    def test_check(self) -> None:
        assert Unit(BaseUnit.PERCENT).check("2.5") == Decimal("2.5")
        assert Unit(BaseUnit.RUPIAH).check(Rupiah(5)) == 5
        with pytest.raises(ValidationError, match="negative"):
            Unit(BaseUnit.YEARS).check(-1)
        with pytest.raises(ValidationError, match="month numbers"):
            Unit(BaseUnit.MONTH_NUMBERS).check([0, 13])


def test_catalogue_markdown_lists_every_parameter() -> None:
    md = render_markdown(PARAMS)
    for p in PARAMS:
        assert f"`{p.name}`" in md
    assert "Permensos" in md or "Pedoman" in md


def test_catalogue_markdown_is_fixed_by_its_date() -> None:
    md = render_markdown(PARAMS, at=date(2021, 1, 4))
    assert md == render_markdown(PARAMS, at=date(2021, 1, 4))
    assert "| in force on 2021-01-04 |" in md
    assert md != render_markdown(PARAMS, at=date(2019, 1, 4))


def test_import_reads_no_file() -> None:
    code = (
        "import dayasos, dayasos.parameters, dayasos.money, dayasos.periods;"
        "from dayasos.parameters import load_parameters;"
        "assert load_parameters.cache_info().misses == 0, 'parameters loaded at import'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@given(units())
def test_unit_parse_round_trip(unit: Unit) -> None:
    assert Unit.parse(str(unit)) == unit


@given(parameter_values())
def test_generated_values_cover_their_range(v: ParameterValue) -> None:
    assert v.covers(v.start)
    if v.end is not None:
        assert v.covers(v.end)
        assert not v.covers(v.end + timedelta(days=1))
    assert v.status in ("verified", "unverified")
