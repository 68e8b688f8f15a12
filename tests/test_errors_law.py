"""The exception hierarchy and legal bases."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos import errors
from dayasos.errors import (
    BulkValidationError,
    CategoryNotFoundError,
    DayasosError,
    InvalidTransitionError,
    ParameterDateError,
    ParameterNotFoundError,
    ValidationError,
)
from dayasos.law import Confidence, LegalBasis
from dayasos.testing import legal_bases


def test_every_error_is_a_dayasos_error_and_a_builtin() -> None:
    builtins = (ValueError, KeyError, LookupError, OSError, RuntimeError)
    for name in errors.__all__:
        cls = getattr(errors, name)
        if not isinstance(cls, type):
            continue  # redact()
        if issubclass(cls, Warning):  # the warnings have their own root
            assert issubclass(cls, errors.DayasosWarning) and issubclass(cls, UserWarning)
            continue
        assert issubclass(cls, DayasosError)
        if cls not in (DayasosError, *errors.AREA_BASES):
            assert issubclass(cls, builtins), name


def test_every_public_error_has_an_area_base() -> None:
    concrete = [
        getattr(errors, name)
        for name in errors.__all__
        if isinstance(getattr(errors, name), type)
        and issubclass(getattr(errors, name), DayasosError)
        and getattr(errors, name) not in (DayasosError, *errors.AREA_BASES)
    ]
    assert len(concrete) >= 15
    for cls in concrete:
        areas = [base for base in errors.AREA_BASES if issubclass(cls, base)]
        assert areas, f"{cls.__name__} has no area base"
        # only a parameter file is in two areas: a malformed input of the parameter store
        assert len(areas) == 1 or cls is errors.ParameterFileError, (cls.__name__, areas)
    for base in errors.AREA_BASES:
        assert base.__bases__ == (DayasosError,), base.__name__


def test_errors_raised_elsewhere_are_defined_in_errors() -> None:
    from dayasos.eligibility.allocation import AllocationInfeasibleError

    assert AllocationInfeasibleError is errors.AllocationInfeasibleError
    assert issubclass(AllocationInfeasibleError, errors.AllocationError)
    assert issubclass(AllocationInfeasibleError, ValueError)


def test_validation_error_message_names_field_index_and_value() -> None:
    e = ValidationError("members.birth_date", "is in the future", index=2, shown="2030-01-01")
    assert str(e) == "members.birth_date (item 2): is in the future (got 2030-01-01)"
    assert e.at(5).index == 5 and e.at(5).field == e.field
    assert isinstance(e, ValueError)


def test_bulk_error_lists_every_problem() -> None:
    es = [ValidationError("nik", "bad check", index=i) for i in range(3)]
    bulk = BulkValidationError("import", es)
    assert bulk.errors == tuple(es)
    assert str(bulk).count("nik (item") == 3


def test_lookup_errors() -> None:
    e = ParameterNotFoundError("x", ["y"])
    assert str(e) == "no parameter named 'x'; did you mean y?"
    d = ParameterDateError("p", date(2018, 1, 1), [(date(2019, 1, 1), None)])
    assert "2019-01-01 to open end" in str(d)
    c = CategoryNotFoundError("Programme", "pkx", ["pkh", "bst"])
    assert isinstance(c, LookupError) and "pkx" in str(c)


def test_every_error_reports_its_public_path_and_lives_in_its_area_module() -> None:
    area_module = {
        errors.InputError: "dayasos.errors.input",
        errors.ParameterError: "dayasos.errors.parameters",
        errors.RegistryError: "dayasos.errors.registry",
        errors.LifecycleError: "dayasos.errors.rules",
        errors.AllocationError: "dayasos.errors.rules",
        errors.ServiceError: "dayasos.errors.service",
    }
    import importlib

    for name in errors.__all__:
        cls = getattr(errors, name)
        if not isinstance(cls, type):
            continue
        assert cls.__module__ == "dayasos.errors", name
        if cls in (DayasosError, errors.DayasosWarning, *errors.AREA_BASES):
            assert getattr(importlib.import_module("dayasos.errors.base"), name) is cls
            continue
        # the first area base in the MRO names the module (a parameter file is a parameter error)
        area = (
            next(b for b in cls.__mro__ if b in area_module)
            if issubclass(cls, DayasosError)
            else errors.ParameterError
        )
        assert getattr(importlib.import_module(area_module[area]), name) is cls, name


@given(st.integers(min_value=0, max_value=10**6))
def test_a_located_copy_of_any_validation_error_is_a_plain_one(index: int) -> None:
    made = [
        ValidationError("nik", "bad", shown="3171********0001"),
        errors.ParameterFileError("pkh.toml", "pkh.index.sd", "has no source"),
        errors.CaseFileError("case.toml", "members[0].age", "must be a number", shown="x"),
        errors.TextDecodeError("a.csv", 3, 17, "invalid start byte"),
    ]
    for e in made:
        located = e.at(index)
        assert type(located) is ValidationError
        assert (located.field, located.problem, located.shown) == (e.field, e.problem, e.shown)
        assert located.index == index and f"(item {index})" in str(located)


def test_invalid_transition_names_both_statuses() -> None:
    e = InvalidTransitionError("KPM PKH", "graduated", "active", "graduation is final")
    assert "'graduated'" in str(e) and "'active'" in str(e) and isinstance(e, ValueError)


class TestLegalBasis:
    def test_cite(self) -> None:
        assert LegalBasis("Permensos No. 1 Tahun 2018").cite() == "Permensos No. 1 Tahun 2018"
        b = LegalBasis("UU No. 17 Tahun 2003", article="Pasal 4", url="https://example.org")
        assert str(b) == "UU No. 17 Tahun 2003, Pasal 4"

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"instrument": " "}, "instrument"),
            ({"instrument": "x", "article": ""}, "article"),
            ({"instrument": "x", "url": "ftp://x"}, "url"),
        ],
    )
    def test_rejects(self, kwargs: dict[str, str], field: str) -> None:
        with pytest.raises(ValidationError) as info:
            LegalBasis(**kwargs)
        assert info.value.field == field

    @given(legal_bases())
    def test_cite_starts_with_instrument(self, b: LegalBasis) -> None:
        assert b.cite().startswith(b.instrument)
        assert (b.article is None) == (b.cite() == b.instrument)

    def test_confidence_parse(self) -> None:
        assert Confidence.parse("h") is Confidence.HIGH
        assert Confidence.parse("L") is Confidence.UNVERIFIED
        with pytest.raises(ValidationError):
            Confidence.parse("Z")
