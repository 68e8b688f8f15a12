"""The HTTP plumbing of the service: JSON bodies and responses, problem responses (every
problem with its JSON path), the guard that turns every failure into one.

Examples:
    >>> dump({"total": 900000})
    b'{"total":900000}'
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any, Final, TypeVar

import orjson
from starlette.requests import Request
from starlette.responses import Response

from dayasos.eligibility.decision import Decision
from dayasos.errors import (
    BulkValidationError,
    DayasosError,
    ParameterDateError,
    ParameterError,
    RecordNotFoundError,
    RegistryConflictError,
    RequestError,
    StoreBusyError,
    ValidationError,
)
from dayasos.schemas.compact import (
    compact_decision,
)
from dayasos.serialization import structure, unstructure
from dayasos.service import contract as c

__all__ = [
    "JSON",
    "Handler",
    "body_json",
    "decision_body",
    "dump",
    "explain",
    "formed_body",
    "guard",
    "json_response",
    "log",
    "problem_response",
    "query_date",
    "read_request",
    "reject",
    "rule_error",
    "structure_body",
]


log = logging.getLogger("dayasos.service")


JSON: Final = "application/json"


def reject(status: int, title: str, problems: list[tuple[str, str]]) -> RequestError:
    """A request error of ``status`` listing ``problems`` (JSON path, problem)."""
    return RequestError(status, title, [ValidationError(path, what) for path, what in problems])


def dump(data: Any) -> bytes:
    """``data`` as compact JSON bytes (orjson; the standard encoder for integers beyond 64 bits)."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits: the standard encoder writes it
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(data: Any, status: int = 200) -> Response:
    """A JSON response of ``data``."""
    return Response(dump(data), status_code=status, media_type=JSON)


def problem_response(status: int, title: str, errors: Sequence[ValidationError] = ()) -> Response:
    """A problem response (``ProblemResponse``) listing ``errors``."""
    body = c.ProblemResponse(status, title, tuple(c.Problem(e.field, e.problem) for e in errors))
    return json_response(unstructure(body), status)


async def read_request(request: Request, cls: type[Any]) -> Any:
    """The request body structured as ``cls`` (a 422 listing every problem when malformed)."""
    return structure_body(await body_json(request), cls)


def structure_body(data: Any, cls: type[Any]) -> Any:
    """``data`` structured as ``cls``; a 422 listing every problem when malformed."""
    try:
        return structure(data, cls)
    except BulkValidationError as exc:
        problems = [(e.field, e.problem) for e in exc.errors]
        raise reject(422, f"the {cls.__name__} document is malformed", problems) from None


def rule_error(exc: DayasosError) -> RequestError:
    """A rule could not be applied to a valid document (no parameters for the date, an
    unknown parameter in a reform)."""
    where = "$.at" if isinstance(exc, ParameterDateError) else "$"
    return reject(422, "the request cannot be computed", [(where, str(exc))])


Handler = Callable[[Request], Awaitable[Response]]


def guard(handler: Handler) -> Handler:
    """Turn every failure into a JSON problem response: never a stack trace."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except RequestError as r:
            log.info(
                "%s %s: %d, %d problem(s)",
                request.method,
                request.url.path,
                r.status,
                len(r.errors),
            )
            return problem_response(r.status, r.title, r.errors)
        except RecordNotFoundError as exc:
            return problem_response(404, "not found", [ValidationError("$", str(exc))])
        except RegistryConflictError as exc:
            return problem_response(
                409, "conflict with the registry", [ValidationError("$", str(exc))]
            )
        except StoreBusyError as exc:  # the registry stayed locked past the busy timeout
            return problem_response(503, "registry busy, retry", [ValidationError("$", str(exc))])
        except (ParameterError, ValidationError) as exc:
            rule = rule_error(exc)
            return problem_response(rule.status, rule.title, rule.errors)
        except Exception as exc:  # the last guard: log the type only, answer without details
            log.error("%s %s: unexpected %s", request.method, request.url.path, type(exc).__name__)
            return problem_response(500, "internal error")

    return run


_V = TypeVar("_V")


def explain(lang: str | None, value: Any) -> str | None:
    """The explanation of ``value`` in ``lang``, or None when no language was asked."""
    return None if lang is None else str(value.explain(lang))


def formed_body(
    value: _V, form: str, lang: str | None, response: type, compact: Callable[[_V], Any]
) -> Any:
    """The JSON body of a ``response`` document (``compact`` / ``full`` / ``explanation``)
    for ``value`` in the ``form`` asked: ``compact(value)`` or ``value`` itself, with the
    explanation in ``lang`` when one was asked."""
    text = explain(lang, value)
    if form == "full":
        return unstructure(response(full=value, explanation=text))
    return unstructure(response(compact=compact(value), explanation=text))


def decision_body(d: Decision, form: str, lang: str | None) -> Any:
    """The JSON body of a decision in the ``form`` asked (``full`` or ``compact``)."""
    return formed_body(d, form, lang, c.DecisionResponse, compact_decision)


async def body_json(request: Request) -> Any:
    """The request body parsed as JSON; a 413 over the size limit, a 422 when not JSON."""
    limit: int = request.app.state.max_body
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise reject(413, "the body is too large", [("$", f"must be at most {limit} bytes")])
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise reject(413, "the body is too large", [("$", f"must be at most {limit} bytes")])
        chunks.append(chunk)
    body = b"".join(chunks)
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise reject(422, "the body is not a JSON document", [("$", "is not JSON")]) from None
    except RecursionError:
        raise reject(
            422, "the body is not a JSON document", [("$", "is nested too deeply")]
        ) from None


def query_date(raw: str) -> date:
    """A date of the query string; a 422 when it is not an ISO date."""
    try:
        return structure(raw, date)
    except BulkValidationError:
        raise reject(
            422, "the query is malformed", [("at", "must be an ISO date like 2021-07-01")]
        ) from None
