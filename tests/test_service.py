"""``dayasos serve`` end to end: a real server process on a free port, a real HTTP client.

Every endpoint is called; the answers equal the in-process functions; malformed documents get
a 422 listing every problem; identifiers stay masked unless the request asks and the server
allows it; the registry takes concurrent reads and writes; and schemathesis fuzzes every
operation of the published OpenAPI document without a server error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dayasos.cli import main
from dayasos.cli import serve as serve_cli
from dayasos.eligibility import programmes as prog
from dayasos.eligibility.lifecycle import KpmHistory, TransitionReason
from dayasos.eligibility.pkh import PkhFamily, PkhStatus, eligibility, entitlement
from dayasos.parameters import load_parameters
from dayasos.schemas import component_schemas, shipped_schema
from dayasos.schemas.compact import compact_pkh_entitlement
from dayasos.serialization import structure, unstructure
from dayasos.service import SERVICE_SCHEMA_TYPES
from dayasos.service.app import MAX_BATCH, MAX_BODY, PROGRAMMES, Settings
from dayasos.service.contract import ProgrammeRequest
from dayasos.service.openapi import openapi_document
from dayasos.testing import dates, pkh_families
from dayasos.testing import programmes as tp
from service_helpers import documented_examples, running_server, shown

FAMILY: dict[str, Any] = {
    "family_id": "kpm-1",
    "members": [
        {
            "member_id": "ibu",
            "birth_date": "1990-01-01",
            "sex": "f",
            "pregnant_or_postpartum": True,
        },
        {"member_id": "anak", "birth_date": "2012-01-01", "sex": "m", "school_level": "sd"},
    ],
}
NIK = "3171011708450001"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with a registry that allows revealing on request."""
    tmp = tmp_path_factory.mktemp("serve")
    with running_server(
        "--registry", str(tmp / "registry.sqlite"), "--allow-reveal", log=tmp / "server.log"
    ) as url:
        yield url
    log = (tmp / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
    assert NIK not in log and "Budi" not in log


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with a registry that does not allow revealing."""
    tmp = tmp_path_factory.mktemp("serve-plain")
    with running_server("--registry", str(tmp / "registry.sqlite"), "--workers", "1") as url:
        yield url


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


def _ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def test_health(client: httpx.Client) -> None:
    assert _ok(client.get("/health")) == {"status": "ok", "version": "0.1.0", "registry": True}


def test_openapi_matches_the_shipped_schemas(client: httpx.Client) -> None:
    doc = _ok(client.get("/openapi.json"))
    assert doc["openapi"] == "3.1.0"
    components = doc["components"]["schemas"]
    assert components == json.loads(json.dumps(component_schemas(_types(components))))
    for stem, cls in SERVICE_SCHEMA_TYPES.items():
        shipped = shipped_schema(stem)
        for name, schema in shipped["$defs"].items():
            rewritten = json.loads(
                json.dumps(schema).replace('"#/$defs/', '"#/components/schemas/')
            )
            assert components[name] == rewritten, (stem, cls.__name__, name)
    ops = {(path, m) for path, item in doc["paths"].items() for m in item}
    assert ("/v1/pkh/entitlement", "post") in ops
    assert len(ops) == 7 + 2 * len(PROGRAMMES) + 2  # health, PKH 4, parameters, reforms; registry 2


def _types(components: dict[str, Any]) -> list[type]:
    from dayasos.registry.model import Person
    from dayasos.schemas import SCHEMA_TYPES

    known = {
        t.__name__: t for t in (*SCHEMA_TYPES.values(), *SERVICE_SCHEMA_TYPES.values(), Person)
    }
    return [known[n] for n in components if n in known]


def test_pkh_entitlement_compact_with_explanation(client: httpx.Client) -> None:
    body = _ok(
        client.post(
            "/v1/pkh/entitlement", json={"family": FAMILY, "at": "2021-01-04", "lang": "en"}
        )
    )
    family = structure(FAMILY, PkhFamily)
    e = entitlement(family, date(2021, 1, 4))
    assert body["compact"] == unstructure(compact_pkh_entitlement(e))
    assert body["full"] is None
    assert body["explanation"] == e.explain("en")
    assert body["compact"]["total"] == 3_900_000


def test_pkh_entitlement_full_in_indonesian(client: httpx.Client) -> None:
    body = _ok(
        client.post(
            "/v1/pkh/entitlement",
            json={"family": FAMILY, "at": "2020-07-01", "lang": "id", "form": "full"},
        )
    )
    e = entitlement(structure(FAMILY, PkhFamily), date(2020, 7, 1))
    assert body["full"] == unstructure(e)
    assert body["compact"] is None
    assert body["explanation"].startswith("Hak bantuan PKH tahun 2020")


def test_pkh_eligibility(client: httpx.Client) -> None:
    doc = {**FAMILY, "status": "ditangguhkan"}
    body = _ok(client.post("/v1/pkh/eligibility", json={"family": doc, "at": "2021-01-04"}))
    d = eligibility(structure(doc, PkhFamily), date(2021, 1, 4))
    assert body["compact"]["outcome"] is False
    assert [c["code"] for c in body["compact"]["criteria"]] == [c.code for c in d.criteria]
    assert body["explanation"] is None


def _families(n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        members = [
            {
                "member_id": f"m{j}",
                "birth_date": f"{1950 + (i * 7 + j * 13) % 70}-03-01",
                "sex": "mf"[j % 2],
            }
            for j in range(i % 5)
        ]
        out.append({"family_id": f"k{i}", "members": members, "remote_area": i % 3 == 0})
    return out


def test_pkh_batches_equal_the_per_family_rules(client: httpx.Client) -> None:
    docs = _families(40)
    at = date(2021, 7, 1)
    ent = _ok(client.post("/v1/pkh/entitlement/batch", json={"families": docs, "at": "2021-07-01"}))
    eli = _ok(client.post("/v1/pkh/eligibility/batch", json={"families": docs, "at": "2021-07-01"}))
    families = [structure(d, PkhFamily) for d in docs]
    expected = [entitlement(f, at) for f in families]
    assert [r["total"] for r in ent["families"]] == [e.total.amount for e in expected]
    assert ent["total"] == sum(e.total.amount for e in expected)
    assert ent["eligible"] == eli["eligible"] == sum(e.eligible for e in expected)
    assert [r["failed"] for r in eli["families"]] == [
        [c.code for c in eligibility(f, at).failed] for f in families
    ]


@given(
    st.lists(pkh_families(max_members=6), max_size=30), dates(date(2017, 1, 1), date(2021, 12, 31))
)
@settings(max_examples=15)
def test_batch_totals_equal_entitlement_for_any_families(
    client: httpx.Client, families: list[PkhFamily], at: date
) -> None:
    docs = [{**unstructure(f), "family_id": f"{i}-{f.family_id}"} for i, f in enumerate(families)]
    body = _ok(
        client.post("/v1/pkh/entitlement/batch", json={"families": docs, "at": at.isoformat()})
    )
    expected = [entitlement(structure(d, PkhFamily), at) for d in docs]
    assert [(r["eligible"], r["total"]) for r in body["families"]] == [
        (e.eligible, e.total.amount) for e in expected
    ]


def _history() -> dict[str, Any]:
    h = KpmHistory.start("kpm-9", PkhStatus.AKTIF, date(2016, 1, 1)).transition(
        PkhStatus.GRADUASI_SEJAHTERA_MANDIRI,
        date(2019, 12, 1),
        TransitionReason.parse("mengundurkan_diri"),
    )
    data: dict[str, Any] = unstructure(h)
    return data


SUBJECTS: dict[str, dict[str, Any]] = {
    "sembako": {"family_id": "kpm-1"},
    "bst": {"family_id": "kpm-1", "in_sembako": True},
    "bst-sembako-non-pkh": {"family_id": "kpm-1", "in_sembako": True},
    "kube": {"group_id": "g1", "member_families": 10, "all_registered_poor": True},
    "rutilahu": {"household_id": "h1", "registered": True, "house_unfit": True},
    "prokus": {"applicant_id": "a1", "registered": True, "business_plan": True},
    "pkat": {
        "community_id": "c1",
        "recognised_kat": True,
        "preparation_done": True,
        "empowerment_start": "2019-01-01",
    },
    "sembako-hadir": {"person_id": "p1", "group": "pemulung", "affected_by_covid": True},
    "apd": {"recipient_id": "r1", "kind": "tksk"},
    "blt-bbm": {"family_id": "kpm-1"},
    "pena": {
        "applicant_id": "a1",
        "birth_date": "1990-05-01",
        "graduated_kpm": True,
        "entrepreneur": True,
    },
    "jabodetabek": {"household_id": "h1", "in_jabodetabek": True},
}


@pytest.mark.parametrize("name", sorted(PROGRAMMES))
def test_programmes(client: httpx.Client, name: str) -> None:
    subject = (
        {"history": _history(), "runs_micro_business": True, "affected_by_covid": True}
        if name == "sustainment"
        else SUBJECTS[name]
    )
    p = PROGRAMMES[name]
    request = structure({"subject": subject, "at": "2020-08-01"}, p.request)
    decided = _ok(
        client.post(
            f"/v1/programmes/{name}/eligibility",
            json={"subject": subject, "at": "2020-08-01", "lang": "en"},
        )
    )
    d = p.eligibility(request.subject, request.at, None)
    assert decided["compact"]["outcome"] == d.outcome
    assert decided["explanation"] == d.explain("en")
    entitled = _ok(
        client.post(
            f"/v1/programmes/{name}/entitlement",
            json={"subject": subject, "at": "2020-08-01", "form": "full"},
        )
    )
    assert entitled["full"] == unstructure(p.entitlement(request.subject, request.at, None))


_SUBJECT_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "sembako": tp.programme_kpms(),
    "bst": tp.programme_kpms(),
    "bst-sembako-non-pkh": tp.programme_kpms(),
    "blt-bbm": tp.programme_kpms(),
    "sustainment": tp.sustainment_applicants(),
    "kube": tp.kube_groups(),
    "rutilahu": tp.rutilahu_households(),
    "prokus": tp.prokus_applicants(),
    "pkat": tp.kat_communities(),
    "sembako-hadir": tp.hadir_recipients(),
    "apd": tp.apd_recipients(),
    "pena": tp.pena_applicants(),
    "jabodetabek": tp.jabodetabek_households(),
}


def test_every_programme_request_is_the_one_shape() -> None:
    shape = [a.name for a in attrs.fields(ProgrammeRequest)]
    assert sorted(_SUBJECT_STRATEGIES) == sorted(PROGRAMMES)
    for name, p in PROGRAMMES.items():
        assert issubclass(p.request, ProgrammeRequest)
        assert [a.name for a in attrs.fields(p.request)] == shape
        assert SERVICE_SCHEMA_TYPES[f"{name}-request"] is p.request
        schema = shipped_schema(f"{name}-request")["$defs"][p.request.__name__]
        assert schema["required"] == ["subject", "at"]


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_programme_requests_round_trip(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(PROGRAMMES)))
    request_type = PROGRAMMES[name].request
    subject = data.draw(_SUBJECT_STRATEGIES[name])
    lang = data.draw(st.sampled_from([None, "id", "en"]))
    request = request_type(
        subject, data.draw(dates()), lang, data.draw(st.sampled_from(["compact", "full"]))
    )
    assert structure(unstructure(request), request_type) == request


def test_programme_amount_example(client: httpx.Client) -> None:
    body = _ok(
        client.post(
            "/v1/programmes/bst/entitlement",
            json={"subject": {"family_id": "k"}, "at": "2020-04-01"},
        )
    )
    assert (
        body["compact"]["amount"]
        == prog.bst_entitlement(prog.ProgrammeKpm("k"), date(2020, 4, 1)).amount.amount
    )  # type: ignore[union-attr]


def test_parameter_catalogue(client: httpx.Client) -> None:
    body = _ok(client.get("/v1/parameters", params={"at": "2021-07-01", "prefix": "pkh.index."}))
    names = [p["name"] for p in body["parameters"]]
    assert names == list(load_parameters().names("pkh.index."))
    sd = next(p for p in body["parameters"] if p["name"] == "pkh.index.sd")
    assert sd["value"] == "Rp900.000"
    assert _ok(client.get("/v1/parameters", params={"at": "1999-01-01"}))["parameters"] == []
    bad = client.get("/v1/parameters", params={"at": "July"})
    assert bad.status_code == 422
    assert bad.json()["problems"] == [
        {"path": "at", "problem": "must be an ISO date like 2021-07-01"}
    ]


def test_reform_comparison(client: httpx.Client) -> None:
    docs = _families(30)
    request = {
        "name": "cap3",
        "overrides": [{"parameter": "pkh.cap.persons", "value": 3, "start": "2021-01-01"}],
        "families": docs,
        "at": "2021-07-01",
    }
    body = _ok(client.post("/v1/reforms/compare", json=request))
    base = load_parameters()
    reform = base.with_value("pkh.cap.persons", 3, start=date(2021, 1, 1), reform="cap3")
    at = date(2021, 7, 1)
    families = [structure(d, PkhFamily) for d in docs]
    changes = [
        entitlement(f, at, reform).total.amount - entitlement(f, at, base).total.amount
        for f in families
    ]
    assert [r["change"] for r in body["families"]] == changes
    assert body["change"] == sum(changes)
    assert body["changed_parameters"] == ["pkh.cap.persons"]
    assert body["losers"] == sum(1 for c in changes if c < 0) and body["winners"] == 0
    unknown = client.post(
        "/v1/reforms/compare",
        json={
            **request,
            "overrides": [{"parameter": "pkh.cap.person", "value": 3, "start": "2021-01-01"}],
        },
    )
    assert unknown.status_code == 422
    assert "pkh.cap.persons" in unknown.json()["problems"][0]["problem"]


# ---------------------------------------------------------------- bad requests


def test_a_malformed_document_gets_422_listing_every_problem(client: httpx.Client) -> None:
    doc = {
        "family": {
            "family_id": "",
            "welfare_decile": 2.7,
            "remote_area": 1,
            "members": [
                {"member_id": "a", "birth_date": "1990-02-30", "sex": "x"},
                {
                    "member_id": "b",
                    "birth_date": "2000-01-01",
                    "sex": "m",
                    "pregnant_or_postpartum": True,
                },
            ],
        },
        "at": "2021-01-04",
        "lang": "fr",
        "colour": "red",
    }
    r = client.post("/v1/pkh/entitlement", json=doc)
    body = _ok(r, 422)
    assert body["status"] == 422
    paths = {p["path"] for p in body["problems"]}
    assert paths == {
        "$.family.family_id",
        "$.family.welfare_decile",
        "$.family.remote_area",
        "$.family.members[0].birth_date",
        "$.family.members[0].sex",
        "$.family.members[1].pregnant_or_postpartum",
        "$.lang",
        "$",
    }
    sex = next(p for p in body["problems"] if p["path"] == "$.family.members[0].sex")
    assert sex["problem"] == "must be one of: m (Laki-laki), f (Perempuan)"


@pytest.mark.parametrize(
    ("content", "path"),
    [
        (b"[1,2]", "$"),
        (b"{", "$"),
        (b"\xff", "$"),
        (b"", "$"),
        (b"null", "$"),
        (b"[" * 100_000 + b"]" * 100_000, "$"),
        (b'{"family": NaN, "at": "2021-01-01"}', "$.family"),
    ],
)
def test_not_a_document_is_a_422(client: httpx.Client, content: bytes, path: str) -> None:
    body = _ok(client.post("/v1/pkh/entitlement", content=content), 422)
    assert [p["path"] for p in body["problems"]] == [path]


def test_a_date_without_parameters_is_a_422_at_the_date(client: httpx.Client) -> None:
    body = _ok(client.post("/v1/pkh/entitlement", json={"family": FAMILY, "at": "2001-01-01"}), 422)
    assert body["problems"][0]["path"] == "$.at"


def test_unknown_path_and_method_are_json_problems(client: httpx.Client) -> None:
    assert _ok(client.get("/v1/nope"), 404)["status"] == 404
    assert _ok(client.get("/v1/pkh/entitlement"), 405)["status"] == 405


def test_a_batch_or_body_over_the_limit_is_refused(tmp_path: Path) -> None:
    with running_server("--max-batch", "3", "--max-body", "3000") as url:
        r = httpx.post(
            f"{url}/v1/pkh/entitlement/batch", json={"families": _families(4), "at": "2021-07-01"}
        )
        big = httpx.post(
            f"{url}/v1/pkh/entitlement/batch", json={"families": _families(40), "at": "2021-07-01"}
        )
        assert big.status_code == 413
        assert big.json()["problems"] == [{"path": "$", "problem": "must be at most 3000 bytes"}]
    assert r.status_code == 422
    assert r.json()["problems"] == [
        {"path": "$.families", "problem": "must have at most 3 families"}
    ]


# ---------------------------------------------------------------- registry and masking

PERSON = {"nik": NIK, "name": "Budi Santoso", "birth_date": "1945-08-17", "sex": "L"}


def test_registry_masks_unless_revealed_and_allowed(
    client: httpx.Client, plain_server: str
) -> None:
    stored = _ok(client.post("/v1/registry/persons", json=PERSON), 201)
    assert stored == {"nik": "3171********0001"}
    masked = _ok(client.post("/v1/registry/persons/lookup", json={"nik": NIK}))
    assert masked["nik"] == "3171********0001" and masked["name"] == "B*** S***"
    full = _ok(client.post("/v1/registry/persons/lookup", json={"nik": NIK, "reveal": True}))
    assert full["nik"] == NIK and full["name"] == "Budi Santoso"
    again = client.post("/v1/registry/persons", json=PERSON)
    assert again.status_code == 409 and NIK not in again.text
    missing = client.post("/v1/registry/persons/lookup", json={"nik": "3171011708450002"})
    assert missing.status_code == 404 and "3171011708450002" not in missing.text
    bad = client.post("/v1/registry/persons", json={**PERSON, "nik": "12"})
    assert bad.status_code == 422 and bad.json()["problems"][0]["path"] == "$.nik"
    with httpx.Client(base_url=plain_server) as other:
        _ok(other.post("/v1/registry/persons", json=PERSON), 201)
        refused = _ok(
            other.post("/v1/registry/persons/lookup", json={"nik": NIK, "reveal": True}), 403
        )
        assert refused["problems"][0]["path"] == "$.reveal"
        assert "Budi" not in json.dumps(refused)


def test_no_registry_configured_is_a_404(tmp_path: Path) -> None:
    with running_server() as url:
        r = httpx.post(f"{url}/v1/registry/persons/lookup", json={"nik": NIK})
        assert r.status_code == 404
        assert "/v1/registry/persons" not in httpx.get(f"{url}/openapi.json").json()["paths"]


def _nik(i: int) -> str:
    # 31.71.01, born 1980-01-01 (male), serial 1..9999
    return f"317101010180{i:04d}"


def test_concurrent_requests_read_and_write_the_registry(client: httpx.Client, server: str) -> None:
    n = 120

    def work(i: int) -> tuple[int, int]:
        with httpx.Client(base_url=server, timeout=60) as c:
            person = {
                "nik": _nik(i + 1),
                "name": f"Warga {i}",
                "birth_date": "1980-01-01",
                "sex": "m",
            }
            added = c.post("/v1/registry/persons", json=person).status_code
            read = c.post("/v1/registry/persons/lookup", json={"nik": _nik(i + 1)}).status_code
            return added, read

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(n)))
    assert results == [(201, 200)] * n
    for i in range(n):
        body = _ok(
            client.post("/v1/registry/persons/lookup", json={"nik": _nik(i + 1), "reveal": True})
        )
        assert body["name"] == f"Warga {i}"


# ---------------------------------------------------------------- the documented examples

DOCS = Path(__file__).resolve().parent.parent / "docs" / "service.md"


def test_every_documented_example_is_what_the_server_answers(
    tmp_path: Path,
) -> None:
    """docs/service.md shows a request and the full answer for each endpoint; replayed in
    order against a fresh server configured as the page says (regenerate the page with
    ``python tests/service_helpers.py``)."""
    examples = documented_examples(DOCS.read_text(encoding="utf-8"))
    paths = {ex["path"].split("?")[0] for ex in examples}
    assert paths == set(openapi_document(PROGRAMMES, registry=True)["paths"]) - {
        f"/v1/programmes/{n}/{kind}" for n in PROGRAMMES for kind in ("eligibility", "entitlement")
    } | {"/v1/programmes/bst/entitlement", "/v1/programmes/kube/eligibility"}
    with running_server("--registry", str(tmp_path / "registry.sqlite"), "--allow-reveal") as url:
        for ex in examples:
            r = httpx.request(ex["method"], url + ex["path"], json=ex["body"], timeout=30)
            assert r.status_code == ex["status"], ex["path"]
            assert json.loads(shown(r.json())) == ex["response"], ex["path"]


# ---------------------------------------------------------------- fuzzing from OpenAPI


OPERATIONS = sorted(
    (path, method.upper(), mode)
    for path, item in openapi_document(PROGRAMMES, registry=True)["paths"].items()
    for method, op in item.items()
    # an operation without a body or parameters has no invalid request to generate
    for mode in (
        [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
        if "requestBody" in op or "parameters" in op
        else [GenerationMode.POSITIVE]
    )
)


@pytest.fixture(scope="module")
def api_schema(server: str) -> Any:
    """The OpenAPI document as the server publishes it, loaded by schemathesis."""
    return schemathesis.openapi.from_url(f"{server}/openapi.json")


@pytest.mark.parametrize(("path", "method", "mode"), OPERATIONS)
def test_api_fuzzing_finds_no_server_error(
    api_schema: Any, server: str, path: str, method: str, mode: GenerationMode
) -> None:
    """Property-based API fuzzing (schemathesis) of every operation: valid and invalid
    documents; never a 5xx, responses as the OpenAPI document says."""
    operation = api_schema[path][method]

    @given(operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Any) -> None:
        case.call_and_validate(
            base_url=server,
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )

    call()


# ---------------------------------------------------------------- settings and command line


def test_settings_from_the_environment() -> None:
    assert Settings.from_env({}) == Settings(None, False, MAX_BATCH, MAX_BODY)
    env = {
        "DAYASOS_REGISTRY": "/tmp/r.sqlite",
        "DAYASOS_ALLOW_REVEAL": "true",
        "DAYASOS_MAX_BATCH": "10",
        "DAYASOS_MAX_BODY": "2048",
    }
    assert Settings.from_env(env) == Settings("/tmp/r.sqlite", True, 10, 2048)
    assert Settings.from_env({"DAYASOS_ALLOW_REVEAL": "0", "DAYASOS_MAX_BATCH": "x"}) == (
        Settings(None, False, MAX_BATCH, MAX_BODY)
    )


@pytest.mark.parametrize(
    "args", [["--workers", "0"], ["--port", "70000"], ["--max-batch", "0"], ["--max-body", "0"]]
)
def test_serve_rejects_bad_options(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", *args]) == 1
    assert "must be >= 1" in capsys.readouterr().err


def test_serve_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(serve_cli.importlib.util, "find_spec", lambda name: None)
    assert main(["serve"]) == 1
    assert "pip install 'dayasos[service]'" in capsys.readouterr().err
