"""The OpenAPI 3.1 document of ``dayasos serve``, built from the generated JSON Schemas.

Its ``components.schemas`` are :func:`dayasos.schemas.component_schemas` of the request and
response classes of :mod:`dayasos.service.contract`: the same generator, the same classes as
the shipped schema files, so the two cannot disagree.

Examples:
    >>> doc = openapi_document({}, registry=False)
    >>> doc["openapi"], "/v1/pkh/entitlement" in doc["paths"]
    ('3.1.0', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dayasos._version import __version__
from dayasos.registry.model import Person
from dayasos.schemas import component_schemas
from dayasos.service import contract as c

__all__ = ["openapi_document"]


_STATUS = {
    "403": "The request asks for personal data in full and the server does not allow it.",
    "404": "No such record.",
    "409": "The record contradicts the registry.",
    "413": "The body is larger than the server accepts.",
}


class _Spec:
    """The paths of the document and every class their bodies and answers refer to."""

    def __init__(self) -> None:
        self.paths: dict[str, Any] = {}
        self.types: list[type] = [c.ProblemResponse]

    def ref(self, cls: type) -> dict[str, Any]:
        if cls not in self.types:
            self.types.append(cls)
        return {"$ref": f"#/components/schemas/{cls.__name__}"}

    def content(self, cls: type) -> dict[str, Any]:
        return {"application/json": {"schema": self.ref(cls)}}

    def responses(self, ok: type, status: str, extra: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {status: {"description": "OK", "content": self.content(ok)}}
        out["422"] = {
            "description": "The document is malformed (every problem with its JSON path) or "
            "cannot be computed (no parameters for the date).",
            "content": self.content(c.ProblemResponse),
        }
        for code in extra:
            out[code] = {"description": _STATUS[code], "content": self.content(c.ProblemResponse)}
        return out

    def post(
        self,
        path: str,
        summary: str,
        request: type,
        response: type,
        tag: str,
        *extra: str,
        status: str = "200",
    ) -> None:
        self.paths[path] = {
            "post": {
                "summary": summary,
                "tags": [tag],
                "requestBody": {"required": True, "content": self.content(request)},
                "responses": self.responses(response, status, ("413", *extra)),
            }
        }

    def get(
        self, path: str, summary: str, response: type, tag: str, params: list[dict[str, Any]]
    ) -> None:
        op: dict[str, Any] = {"summary": summary, "tags": [tag]}
        if params:
            op["parameters"] = params
            op["responses"] = self.responses(response, "200", ())
        else:
            op["responses"] = {"200": {"description": "OK", "content": self.content(response)}}
        self.paths[path] = {"get": op}


def openapi_document(programmes: Mapping[str, Any], *, registry: bool) -> dict[str, Any]:
    """The OpenAPI document: every endpoint, its request and response schemas.

    Args:
        programmes: the other programmes by path name, each with a ``request`` class.
        registry: include the registry endpoints.
    """
    s = _Spec()
    s.get("/health", "The server is up", c.Health, "service", [])
    s.post(
        "/v1/pkh/entitlement",
        "PKH entitlement of one family for the year of a date, explained",
        c.PkhRequest,
        c.PkhEntitlementResponse,
        "pkh",
    )
    s.post(
        "/v1/pkh/eligibility",
        "PKH eligibility of one family on a date",
        c.PkhRequest,
        c.DecisionResponse,
        "pkh",
    )
    s.post(
        "/v1/pkh/entitlement/batch",
        "PKH entitlement totals of many families",
        c.PkhBatchRequest,
        c.PkhBatchEntitlementResponse,
        "pkh",
    )
    s.post(
        "/v1/pkh/eligibility/batch",
        "PKH eligibility of many families",
        c.PkhBatchRequest,
        c.PkhBatchEligibilityResponse,
        "pkh",
    )
    s.get(
        "/v1/parameters",
        "The parameter catalogue: every value in force on a date",
        c.ParameterCatalogue,
        "parameters",
        [
            {
                "name": "at",
                "in": "query",
                "required": True,
                "schema": {"type": "string", "format": "date"},
            },
            {"name": "prefix", "in": "query", "required": False, "schema": {"type": "string"}},
        ],
    )
    s.post(
        "/v1/reforms/compare",
        "PKH under the shipped parameters and under a reform, for many families",
        c.ReformRequest,
        c.ReformResponse,
        "reforms",
    )
    for name, p in programmes.items():
        s.post(
            f"/v1/programmes/{name}/eligibility",
            f"{name}: eligibility on a date",
            p.request,
            c.DecisionResponse,
            "programmes",
        )
        s.post(
            f"/v1/programmes/{name}/entitlement",
            f"{name}: entitlement, explained",
            p.request,
            c.ProgrammeEntitlementResponse,
            "programmes",
        )
    if registry:
        s.post(
            "/v1/registry/persons",
            "Add a person to the registry",
            Person,
            c.PersonStored,
            "registry",
            "409",
            status="201",
        )
        s.post(
            "/v1/registry/persons/lookup",
            "Read a person (masked unless revealed and allowed)",
            c.PersonLookup,
            Person,
            "registry",
            "403",
            "404",
        )
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "dayasos",
            "version": __version__,
            "description": "Rules of Indonesia's social-assistance programmes (Kemensos) "
            "over HTTP: PKH and the other programmes, explained, with the parameter "
            "catalogue and reform comparisons.",
        },
        "paths": s.paths,
        "components": {"schemas": component_schemas(s.types)},
    }
