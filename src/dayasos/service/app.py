"""The ASGI application of ``dayasos serve`` (Starlette; needs the ``service`` extra).

Every endpoint reads a document of :mod:`dayasos.service.contract` with the shared converter
and calls the same functions a notebook calls. A malformed document gets a 422 whose body (a
:class:`~dayasos.service.contract.ProblemResponse`) lists every problem with its JSON path;
a rule that cannot be applied (no parameters for the date) is a 422 at ``$.at``; an unknown
registry record a 404, a conflicting one a 409. An unexpected failure is logged by type only
and answered with a 500 without a stack trace.

NIK, No. KK and names are masked in every response and log line; a registry lookup may ask
``"reveal": true``, granted only when the server is started with ``--allow-reveal``
(``Settings.allow_reveal``).

Examples:
    >>> app = create_app(Settings())
    >>> sorted(route.path for route in app.routes)[:3]
    ['/health', '/openapi.json', '/v1/parameters']
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from attrs import define
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dayasos._version import __version__
from dayasos.eligibility.pkh import eligibility, entitlement
from dayasos.errors import (
    DayasosError,
    ParameterDateError,
)
from dayasos.money import Rupiah
from dayasos.parameters import differs_on, load_parameters
from dayasos.parameters.catalogue import format_value
from dayasos.parameters.model import Override
from dayasos.population import Population, evaluate
from dayasos.registry import SQLiteStore
from dayasos.registry.model import Person
from dayasos.schemas.compact import (
    compact_pkh_entitlement_data,
    compact_programme_entitlement,
)
from dayasos.serialization import unstructure
from dayasos.service import contract as c
from dayasos.service.http import (
    JSON,
    body_json,
    decision_body,
    dump,
    explain,
    formed_body,
    guard,
    json_response,
    problem_response,
    query_date,
    read_request,
    reject,
    structure_body,
)
from dayasos.service.openapi import openapi_document

__all__ = ["MAX_BATCH", "MAX_BODY", "PROGRAMMES", "Settings", "create_app"]


MAX_BATCH: Final = 100_000
"""Default most families in one batch request."""
MAX_BODY: Final = 64 * 1024 * 1024
"""Default largest request body, bytes."""


@define(frozen=True, slots=True)
class Settings:
    """How the server runs.

    Attributes:
        registry: a SQLite registry file for the ``/v1/registry`` endpoints (None: disabled).
        allow_reveal: let a request ask for NIK and names in full (``"reveal": true``).
        max_batch: the most families a batch request may carry.
        max_body: the largest request body, bytes.
    """

    registry: str | None = None
    allow_reveal: bool = False
    max_batch: int = MAX_BATCH
    max_body: int = MAX_BODY
    """The largest request body accepted, in bytes (a larger one gets a 413)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``DAYASOS_REGISTRY``, ``DAYASOS_ALLOW_REVEAL`` (``1``/``true``),
        ``DAYASOS_MAX_BATCH`` and ``DAYASOS_MAX_BODY``: how ``dayasos serve`` passes them to
        every worker process."""
        e = os.environ if env is None else env
        flag = e.get("DAYASOS_ALLOW_REVEAL", "").strip().lower() in ("1", "true", "yes")
        batch = e.get("DAYASOS_MAX_BATCH", "").strip()
        body = e.get("DAYASOS_MAX_BODY", "").strip()
        return cls(
            registry=e.get("DAYASOS_REGISTRY") or None,
            allow_reveal=flag,
            max_batch=int(batch) if batch.isdigit() else MAX_BATCH,
            max_body=int(body) if body.isdigit() else MAX_BODY,
        )


# ---------------------------------------------------------------------------- programmes


PROGRAMMES: Final[Mapping[str, c.ProgrammeEndpoint]] = c.ENDPOINTS
"""The other programmes by the path segment of their endpoints
(``/v1/programmes/{name}/eligibility`` and ``/entitlement``): the table
:data:`dayasos.service.contract.ENDPOINTS`."""


def create_app(settings: Settings | None = None) -> Starlette:
    """The application; ``settings`` default to :meth:`Settings.from_env`."""
    s = settings if settings is not None else Settings.from_env()
    params = load_parameters()
    spec = dump(openapi_document(PROGRAMMES, registry=s.registry is not None))

    def batch_size(n: int) -> None:
        if n > s.max_batch:
            raise reject(
                422,
                "the batch is too large",
                [("$.families", f"must have at most {s.max_batch} families")],
            )

    async def health(_: Request) -> Response:
        return json_response(unstructure(c.Health("ok", __version__, s.registry is not None)))

    async def openapi(_: Request) -> Response:
        return Response(spec, media_type=JSON)

    async def pkh_entitlement(request: Request) -> Response:
        r: c.PkhRequest = await read_request(request, c.PkhRequest)
        e = entitlement(r.family, r.at, params)
        text = explain(r.lang, e)
        if r.form == "full":
            return json_response(unstructure(c.PkhEntitlementResponse(full=e, explanation=text)))
        # the compact form written directly as JSON data: equal to unstructuring a
        # PkhEntitlementResponse (a property test holds them equal), twice as fast
        return json_response(
            {"compact": compact_pkh_entitlement_data(e), "full": None, "explanation": text}
        )

    async def pkh_eligibility(request: Request) -> Response:
        r: c.PkhRequest = await read_request(request, c.PkhRequest)
        return json_response(decision_body(eligibility(r.family, r.at, params), r.form, r.lang))

    async def pkh_entitlement_batch(request: Request) -> Response:
        r: c.PkhBatchRequest = await read_request(request, c.PkhBatchRequest)
        batch_size(len(r.families))
        if not r.families:
            return json_response(
                {"at": r.at.isoformat(), "families": [], "total": 0, "eligible": 0}
            )
        # the column-wise kernel computes the same totals as entitlement() per family (a
        # property test holds them equal), about ten times faster on a batch
        result = evaluate(Population.from_families(r.families), r.at, params)
        totals = result.total.tolist()
        eligible = result.eligible.tolist()
        rows = [
            {"family_id": f.family_id, "eligible": ok, "total": t}
            for f, ok, t in zip(r.families, eligible, totals, strict=True)
        ]
        body = {"at": r.at.isoformat(), "families": rows, "total": sum(totals)}
        body["eligible"] = sum(eligible)
        return json_response(body)

    async def pkh_eligibility_batch(request: Request) -> Response:
        r: c.PkhBatchRequest = await read_request(request, c.PkhBatchRequest)
        batch_size(len(r.families))
        rows = []
        for f in r.families:
            d = eligibility(f, r.at, params)
            failed = [x.code for x in d.failed]
            rows.append({"family_id": f.family_id, "eligible": d.outcome, "failed": failed})
        n = sum(1 for row in rows if row["eligible"])
        return json_response({"at": r.at.isoformat(), "families": rows, "eligible": n})

    def programme_routes(name: str, p: c.ProgrammeEndpoint) -> list[Route]:
        async def decide(request: Request) -> Response:
            r = await read_request(request, p.request)
            return json_response(
                decision_body(p.eligibility(r.subject, r.at, params), r.form, r.lang)
            )

        async def entitle(request: Request) -> Response:
            r = await read_request(request, p.request)
            e = p.entitlement(r.subject, r.at, params)
            return json_response(
                formed_body(
                    e, r.form, r.lang, c.ProgrammeEntitlementResponse, compact_programme_entitlement
                )
            )

        base = f"/v1/programmes/{name}"
        return [
            Route(f"{base}/eligibility", guard(decide), methods=["POST"]),
            Route(f"{base}/entitlement", guard(entitle), methods=["POST"]),
        ]

    async def catalogue(request: Request) -> Response:
        raw = request.query_params.get("at")
        if raw is None:
            raise reject(422, "the query is malformed", [("at", "is required")])
        at = query_date(raw)
        prefix = request.query_params.get("prefix", "")
        entries = []
        for name in params.names(prefix):
            p = params.parameter(name)
            try:
                v = p.at(at)
            except ParameterDateError:
                continue
            entries.append(
                c.CatalogueEntry(
                    name,
                    p.label,
                    p.label_en,
                    str(p.unit),
                    None if v.value is None else format_value(p, v),
                    v.start,
                    v.end,
                    v.status,
                    v.confidence,
                    v.source,
                    v.note,
                )
            )
        return json_response(unstructure(c.ParameterCatalogue(at, tuple(entries))))

    async def reform(request: Request) -> Response:
        r: c.ReformRequest = await read_request(request, c.ReformRequest)
        batch_size(len(r.families))
        problems = [
            (f"$.overrides[{i}].value", "is required (null is not a value)")
            for i, o in enumerate(r.overrides)
            if o.value is None
        ]
        if not r.name.strip():
            problems.append(("$.name", "must be a non-empty text"))
        if problems:
            raise reject(422, "the ReformRequest document is malformed", problems)
        try:
            reformed = params.with_overrides(
                [Override(o.parameter, o.value, o.start, o.end, note=o.note) for o in r.overrides],
                reform=r.name,
            )
        except DayasosError as exc:
            raise reject(422, "the reform cannot be applied", [("$.overrides", str(exc))]) from None
        rows = []
        for f in r.families:
            a = entitlement(f, r.at, params)
            b = entitlement(f, r.at, reformed)
            rows.append(
                c.FamilyChange(
                    f.family_id, a.total, b.total, b.total - a.total, a.eligible, b.eligible
                )
            )
        changed = sorted(
            o
            for o in {o.parameter for o in r.overrides}
            if differs_on(params, reformed, o, _reform_days(r.at))
        )
        base_cost = Rupiah.total(x.baseline for x in rows)
        new_cost = Rupiah.total(x.reform for x in rows)
        body = c.ReformResponse(
            r.name,
            r.at,
            tuple(changed),
            tuple(rows),
            base_cost,
            new_cost,
            new_cost - base_cost,
            sum(1 for x in rows if x.change.amount > 0),
            sum(1 for x in rows if x.change.amount < 0),
        )
        return json_response(unstructure(body))

    def store() -> SQLiteStore:
        if s.registry is None:
            raise reject(404, "no registry is configured (dayasos serve --registry FILE)", [])
        return SQLiteStore(s.registry)

    def add_person_sync(data: Any) -> Response:
        person: Person = structure_body(data, Person)
        with store() as st:
            st.add_person(person)
        return json_response(unstructure(c.PersonStored(person.nik)), 201)

    def lookup_person_sync(data: Any) -> Response:
        q: c.PersonLookup = structure_body(data, c.PersonLookup)
        if q.reveal and not s.allow_reveal:
            raise reject(
                403,
                "revealing personal data is not allowed on this server",
                [("$.reveal", "the server was not started with --allow-reveal")],
            )
        with store() as st:
            person = st.get_person(q.nik)
        return json_response(unstructure(person, reveal=q.reveal))

    async def add_person(request: Request) -> Response:
        data = await body_json(request)
        # one SQLiteStore per request, on a worker thread: the store's connection stays
        # on the thread that opened it
        resp: Response = await run_in_threadpool(add_person_sync, data)
        return resp

    async def lookup_person(request: Request) -> Response:
        data = await body_json(request)
        resp: Response = await run_in_threadpool(lookup_person_sync, data)
        return resp

    routes = [
        Route("/health", guard(health), methods=["GET"]),
        Route("/openapi.json", guard(openapi), methods=["GET"]),
        Route("/v1/pkh/entitlement", guard(pkh_entitlement), methods=["POST"]),
        Route("/v1/pkh/eligibility", guard(pkh_eligibility), methods=["POST"]),
        Route("/v1/pkh/entitlement/batch", guard(pkh_entitlement_batch), methods=["POST"]),
        Route("/v1/pkh/eligibility/batch", guard(pkh_eligibility_batch), methods=["POST"]),
        Route("/v1/parameters", guard(catalogue), methods=["GET"]),
        Route("/v1/reforms/compare", guard(reform), methods=["POST"]),
        Route("/v1/registry/persons", guard(add_person), methods=["POST"]),
        Route("/v1/registry/persons/lookup", guard(lookup_person), methods=["POST"]),
    ]
    for name, p in PROGRAMMES.items():
        routes.extend(programme_routes(name, p))

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
        return problem_response(status, str(detail))

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, Exception: http_error},
    )
    app.state.max_body = s.max_body
    return app


def _reform_days(at: date) -> list[date]:
    """The days a reform comparison reads: the assessment date and each month's first day."""
    return [at, *(date(at.year, m, 1) for m in range(1, 13))]
