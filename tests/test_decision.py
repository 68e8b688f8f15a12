"""The general decision type: criteria, explanations, JSON."""

from __future__ import annotations

from datetime import date

import pytest

from dayasos.eligibility import Criterion, CriterionStatus, Decision, ParameterUse
from dayasos.errors import ValidationError
from dayasos.parameters import load_parameters
from dayasos.serialization import from_json, to_json


def _decision() -> Decision:
    use = ParameterUse.of(
        "pkh.cap.persons", load_parameters().value("pkh.cap.persons", date(2021, 1, 1))
    )
    return Decision(
        "PKH",
        "eligibility",
        date(2021, 1, 1),
        False,
        (
            Criterion("registered", CriterionStatus.PASSED, "Terdaftar.", "Registered."),
            Criterion(
                "cap",
                CriterionStatus.FAILED,
                "Melebihi batas.",
                "Over the cap.",
                observed="5",
                threshold="<= 4",
                parameter=use,
            ),
        ),
    )


def test_explain_both_languages() -> None:
    d = _decision()
    en = d.explain("en")
    assert en.splitlines()[0] == "PKH eligibility on 2021-01-01: no"
    assert "[failed] cap: Over the cap." in en
    assert "observed: 5; threshold: <= 4" in en
    assert "pkh.cap.persons = 4 (2019-01-01–…;" in en
    assert "; M)" in en
    idn = d.explain("id")
    assert idn.splitlines()[0] == "PKH eligibility pada 2021-01-01: tidak"
    assert "[tidak terpenuhi] cap: Melebihi batas." in idn
    assert "nilai: 5; batas: <= 4" in idn


def test_failed_and_lookup() -> None:
    d = _decision()
    assert [c.code for c in d.failed] == ["cap"]
    assert d.criterion("registered").passed
    with pytest.raises(ValidationError, match="no criterion 'x'; known: registered, cap"):
        d.criterion("x")


def test_json_round_trip() -> None:
    d = _decision()
    assert from_json(to_json(d), Decision) == d


def test_criterion_needs_messages() -> None:
    with pytest.raises(ValidationError, match="message_en"):
        Criterion("x", CriterionStatus.PASSED, "ada", " ")
