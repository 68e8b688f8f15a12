"""The generated JSON Schemas: shipped files equal the generator, every documented example
and every generated value validates, values round-trip through JSON, compact forms."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from dayasos.budget.dipa import DipaLine, MonthlyPlan
from dayasos.eligibility import programmes as prog
from dayasos.eligibility.decision import Decision
from dayasos.eligibility.pkh import PkhEntitlement, PkhFamily, eligibility, entitlement
from dayasos.errors import BulkValidationError
from dayasos.money import Rupiah
from dayasos.parameters import load_parameters
from dayasos.parameters.model import Parameter
from dayasos.periods import Month
from dayasos.registry.model import Person, WelfareRank
from dayasos.schemas import SCHEMA_TYPES, generate_schemas, json_schema, shipped_schema
from dayasos.schemas.compact import (
    CompactDecision,
    CompactPkhEntitlement,
    CompactProgrammeEntitlement,
    compact_decision,
    compact_pkh_entitlement,
    compact_pkh_entitlement_data,
    compact_programme_entitlement,
)
from dayasos.serialization import from_json, structure, to_json, unstructure
from dayasos.service import SERVICE_SCHEMA_TYPES
from dayasos.service.contract import PkhBatchRequest, PkhRequest
from dayasos.testing import (
    apd_recipients,
    dates,
    dipa_lines,
    hadir_recipients,
    kat_communities,
    kube_groups,
    pkh_families,
    programme_kpms,
    prokus_applicants,
    registry_persons,
    rutilahu_households,
)
from service_helpers import documented_examples

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "src" / "dayasos" / "schemas"
YEARS = dates(date(2017, 1, 1), date(2021, 12, 31))


def _validator(stem: str) -> Draft202012Validator:
    return Draft202012Validator(shipped_schema(stem), format_checker=FormatChecker())


def _valid(stem: str, data: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(stem).iter_errors(data)]
    assert errors == []


def test_shipped_files_equal_the_generated_schemas() -> None:
    generated = generate_schemas()
    shipped = {p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json")}
    assert shipped == set(generated)
    for stem, schema in generated.items():
        assert shipped_schema(stem) == json.loads(json.dumps(schema)), stem


@pytest.mark.parametrize("stem", sorted({**SCHEMA_TYPES, **SERVICE_SCHEMA_TYPES}))
def test_each_schema_is_a_valid_2020_12_schema(stem: str) -> None:
    Draft202012Validator.check_schema(shipped_schema(stem))


def test_unknown_schema_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="pkh-family"):
        shipped_schema("nope")


def test_schema_reflects_the_class() -> None:
    member = json_schema(PkhFamily)["$defs"]["PkhMember"]
    assert member["required"] == ["member_id", "birth_date", "sex"]
    assert member["additionalProperties"] is False
    assert {"f", "Perempuan", "P"} <= set(member["properties"]["sex"]["enum"])
    assert member["properties"]["pregnancy_order"] == {
        "anyOf": [{"type": "integer"}, {"type": "null"}]
    }
    rank = json_schema(WelfareRank)["$defs"]["WelfareRank"]["properties"]["desil"]
    assert (rank["minimum"], rank["maximum"]) == (1, 10)


def test_schema_rejects_what_the_converter_rejects() -> None:
    v = _validator("pkh-family")
    good = {
        "family_id": "k",
        "members": [{"member_id": "a", "birth_date": "2000-01-01", "sex": "f"}],
    }
    assert v.is_valid(good)
    assert not v.is_valid({**good, "desil": 2.7})
    assert not v.is_valid({**good, "desil": True})
    assert v.is_valid({**good, "welfare_decile": 2})  # the deprecated name, until 0.2.0
    assert not v.is_valid({**good, "welfare_decile": 2.7})
    assert not v.is_valid({**good, "extra": 1})
    assert not v.is_valid([1, 2])


# ---------------------------------------------------------------- documented examples


def _documented() -> list[tuple[str, str, Any]]:
    """Every JSON document the docs show with its schema: the requests and responses of the
    service page."""
    out = []
    for page in sorted((ROOT / "docs").glob("*.md")):
        for i, ex in enumerate(documented_examples(page.read_text(encoding="utf-8"))):
            if ex["request_schema"] is not None:
                out.append((f"{page.stem}[{i}].request", ex["request_schema"], ex["body"]))
            out.append((f"{page.stem}[{i}].response", ex["response_schema"], ex["response"]))
    return out


def test_the_docs_have_schema_examples() -> None:
    stems = {stem for _, stem, _ in _documented()}
    assert {"pkh-request", "pkh-entitlement-response", "problem-response"} <= stems
    assert len(_documented()) >= 20


@pytest.mark.parametrize(("where", "stem", "data"), _documented(), ids=lambda x: str(x)[:40])
def test_every_documented_example_validates(where: str, stem: str, data: Any) -> None:
    _valid(stem, data)


# ---------------------------------------------------------------- generated values


@given(pkh_families())
def test_families_validate(family: PkhFamily) -> None:
    _valid("pkh-family", unstructure(family))


@given(pkh_families(max_members=4), YEARS)
def test_entitlements_both_forms_validate_and_round_trip(family: PkhFamily, at: date) -> None:
    e = entitlement(family, at)
    full = json.loads(to_json(e))
    _valid("pkh-entitlement", full)
    assert from_json(to_json(e), PkhEntitlement) == e
    c = compact_pkh_entitlement(e)
    _valid("compact-pkh-entitlement", unstructure(c))
    assert from_json(to_json(c), CompactPkhEntitlement) == c
    assert compact_pkh_entitlement_data(e) == unstructure(c)


@given(pkh_families(max_members=4), YEARS)
def test_decisions_validate_and_round_trip(family: PkhFamily, at: date) -> None:
    d = eligibility(family, at)
    _valid("decision", unstructure(d))
    assert from_json(to_json(d), Decision) == d
    c = compact_decision(d)
    _valid("compact-decision", unstructure(c))
    assert from_json(to_json(c), CompactDecision) == c


PROGRAMME_CASES: list[tuple[st.SearchStrategy[Any], Callable[..., prog.ProgrammeEntitlement]]] = [
    (programme_kpms(), prog.sembako_entitlement),
    (programme_kpms(), prog.bst_entitlement),
    (programme_kpms(), prog.bst_sembako_non_pkh_entitlement),
    (kube_groups(), prog.kube_entitlement),
    (rutilahu_households(), prog.rutilahu_entitlement),
    (prokus_applicants(), prog.prokus_entitlement),
    (kat_communities(), prog.pkat_entitlement),
    (hadir_recipients(), prog.sembako_hadir_entitlement),
    (apd_recipients(), prog.apd_entitlement),
]


@given(st.sampled_from(PROGRAMME_CASES).flatmap(lambda c: st.tuples(c[0], st.just(c[1]))), YEARS)
def test_programme_entitlements_validate_and_round_trip(
    case: tuple[Any, Callable[..., prog.ProgrammeEntitlement]], at: date
) -> None:
    subject, rule = case
    e = rule(subject, at)
    _valid("programme-entitlement", unstructure(e))
    assert from_json(to_json(e), prog.ProgrammeEntitlement) == e
    c = compact_programme_entitlement(e)
    _valid("compact-programme-entitlement", unstructure(c))
    assert from_json(to_json(c), CompactProgrammeEntitlement) == c


@given(registry_persons())
def test_persons_validate_masked_and_revealed(person: Person) -> None:
    _valid("person", unstructure(person))
    _valid("person", unstructure(person, reveal=True))


def test_every_shipped_parameter_validates_and_round_trips() -> None:
    for p in load_parameters():
        _valid("parameter", unstructure(p))
        assert from_json(to_json(p), Parameter) == p


# ---------------------------------------------------------------- compact form


@given(pkh_families(max_members=6), YEARS)
def test_compact_cites_each_parameter_once_and_keeps_every_ref(family: PkhFamily, at: date) -> None:
    e = entitlement(family, at)
    c = compact_pkh_entitlement(e)
    refs = [p.ref for p in c.parameters]
    assert len(refs) == len(set(refs))
    used = {r for s in c.stages for r in s.parameters} | {
        r for m in c.members for r in m.parameters
    }
    used |= {x.parameter for x in c.criteria if x.parameter is not None}
    assert used <= set(refs)
    assert {f"{u.name}@{u.start.isoformat()}" for u in e.parameters} <= set(refs)
    assert all(0 <= p.source < len(c.sources) for p in c.parameters)
    assert len(set(c.sources)) == len(c.sources)
    assert (c.total, c.eligible, [s.amount for s in c.stages]) == (
        e.total,
        e.eligible,
        [s.amount for s in e.stages],
    )


def test_compact_is_much_smaller_for_a_two_member_family() -> None:
    family = from_json(
        json.dumps(
            {
                "family_id": "kpm-1",
                "members": [
                    {"member_id": "ibu", "birth_date": "1990-01-01", "sex": "f"},
                    {
                        "member_id": "anak",
                        "birth_date": "2012-01-01",
                        "sex": "m",
                        "school_level": "sd",
                    },
                ],
            }
        ),
        PkhFamily,
    )
    e = entitlement(family, date(2020, 7, 1))
    full = len(to_json(e).encode())
    compact = len(to_json(compact_pkh_entitlement(e)).encode())
    assert compact * 3 < full


# ---------------------------------------------------------------- budget values


@given(
    dipa_lines(),
    st.dictionaries(st.integers(1, 12), st.integers(0, 10**12), max_size=4),
)
def test_budget_values_validate_and_round_trip(line: DipaLine, plan: dict[int, int]) -> None:
    line = attrs.evolve(
        line,
        plan=MonthlyPlan({Month(line.key.fiscal_year, m): Rupiah(a) for m, a in plan.items()}),
    )
    _valid("dipa-line", unstructure(line))
    assert from_json(to_json(line), DipaLine) == line
    for e in line.pagu_events:
        _valid("pagu-event", unstructure(e))
    for r in line.realizations:
        _valid("realization", unstructure(r))
    _valid("budget-line-key", unstructure(line.key))


def test_a_bad_plan_month_is_reported_at_its_key() -> None:
    with pytest.raises(BulkValidationError) as info:
        structure({"2022-13": 5, "2022-02": 1.5}, MonthlyPlan)
    assert [e.field for e in info.value.errors] == ["$.2022-13", "$.2022-02"]


@given(pkh_families(max_members=4), YEARS, st.sampled_from([None, "id", "en"]))
def test_service_requests_validate_and_round_trip(
    family: PkhFamily, at: date, lang: str | None
) -> None:
    request = PkhRequest(family, at, lang)
    _valid("pkh-request", unstructure(request))
    assert from_json(to_json(request), PkhRequest) == request
    batch = PkhBatchRequest((family,), at)
    _valid("pkh-batch-request", unstructure(batch))
    assert from_json(to_json(batch), PkhBatchRequest) == batch
