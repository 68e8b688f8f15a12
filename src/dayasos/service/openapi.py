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
from dayasos.schemas import component_schemas
from dayasos.service import contract as c

__all__ = ["openapi_document"]


def _ref(cls: type) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{cls.__name__}"}


def _body(cls: type) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(cls)}}}


def _responses(ok: type, status: str = "200", *extra: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        status: {"description": "OK", "content": {"application/json": {"schema": _ref(ok)}}},
        "422": {
            "description": "The document is malformed (every problem with its JSON path) or "
            "cannot be computed (no parameters for the date).",
            "content": {"application/json": {"schema": _ref(c.ProblemResponse)}},
        },
    }
    for code in extra:
        out[code] = {
            "description": {"403": "Forbidden", "404": "Not found", "409": "Conflict"}[code],
            "content": {"application/json": {"schema": _ref(c.ProblemResponse)}},
        }
    return out


def _post(summary: str, request: type, response: type, tag: str, *extra: str) -> dict[str, Any]:
    status = "201" if response is c.PersonStored else "200"
    return {
        "post": {
            "summary": summary,
            "tags": [tag],
            "requestBody": _body(request),
            "responses": _responses(response, status, *extra),
        }
    }


def openapi_document(programmes: Mapping[str, Any], *, registry: bool) -> dict[str, Any]:
    """The OpenAPI document: every endpoint, its request and response schemas.

    Args:
        programmes: the other programmes by path name, each with a ``request`` class.
        registry: include the registry endpoints.
    """
    paths: dict[str, Any] = {
        "/health": {
            "get": {
                "summary": "The server is up",
                "tags": ["service"],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": _ref(c.Health)}},
                    }
                },
            }
        },
        "/v1/pkh/entitlement": _post(
            "PKH entitlement of one family for the year of a date, explained",
            c.PkhRequest,
            c.PkhEntitlementResponse,
            "pkh",
        ),
        "/v1/pkh/eligibility": _post(
            "PKH eligibility of one family on a date", c.PkhRequest, c.DecisionResponse, "pkh"
        ),
        "/v1/pkh/entitlement/batch": _post(
            "PKH entitlement totals of many families",
            c.PkhBatchRequest,
            c.PkhBatchEntitlementResponse,
            "pkh",
        ),
        "/v1/pkh/eligibility/batch": _post(
            "PKH eligibility of many families",
            c.PkhBatchRequest,
            c.PkhBatchEligibilityResponse,
            "pkh",
        ),
        "/v1/parameters": {
            "get": {
                "summary": "The parameter catalogue: every value in force on a date",
                "tags": ["parameters"],
                "parameters": [
                    {
                        "name": "at",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "format": "date"},
                    },
                    {
                        "name": "prefix",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string"},
                    },
                ],
                "responses": _responses(c.ParameterCatalogue),
            }
        },
        "/v1/reforms/compare": _post(
            "PKH under the shipped parameters and under a reform, for many families",
            c.ReformRequest,
            c.ReformResponse,
            "reforms",
        ),
    }
    for name, p in programmes.items():
        paths[f"/v1/programmes/{name}/eligibility"] = _post(
            f"{name}: eligibility on a date", p.request, c.DecisionResponse, "programmes"
        )
        paths[f"/v1/programmes/{name}/entitlement"] = _post(
            f"{name}: entitlement, explained",
            p.request,
            c.ProgrammeEntitlementResponse,
            "programmes",
        )
    if registry:
        paths["/v1/registry/persons"] = _post(
            "Add a person to the registry", _person(), c.PersonStored, "registry", "409"
        )
        paths["/v1/registry/persons/lookup"] = _post(
            "Read a person (masked unless revealed and allowed)",
            c.PersonLookup,
            _person(),
            "registry",
            "403",
            "404",
        )
    types: list[type] = [c.Health, c.ProblemResponse, c.ParameterCatalogue]
    for item in paths.values():
        for op in item.values():
            for t in _classes(op):
                if t not in types:
                    types.append(t)
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
        "paths": paths,
        "components": {"schemas": component_schemas(types)},
    }


def _person() -> type:
    from dayasos.registry.model import Person

    return Person


_BY_NAME: dict[str, type] = {}


def _classes(op: Mapping[str, Any]) -> list[type]:
    """The classes an operation's body and responses refer to."""
    from dayasos.registry.model import Person
    from dayasos.schemas import SCHEMA_TYPES
    from dayasos.service import SERVICE_SCHEMA_TYPES

    if not _BY_NAME:
        for t in (*SCHEMA_TYPES.values(), *SERVICE_SCHEMA_TYPES.values(), Person):
            _BY_NAME[t.__name__] = t
    out = []
    refs: list[str] = []
    body = op.get("requestBody")
    if body:
        refs.append(body["content"]["application/json"]["schema"]["$ref"])
    for r in op.get("responses", {}).values():
        refs.append(r["content"]["application/json"]["schema"]["$ref"])
    for ref in refs:
        out.append(_BY_NAME[ref.rsplit("/", 1)[1]])
    return out
