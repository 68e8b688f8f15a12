"""``dayasos serve``: an HTTP API over the rules (the ``service`` extra).

The request and response documents are the attrs classes of :mod:`dayasos.service.contract`;
their JSON Schemas ship in :mod:`dayasos.schemas` and make up the OpenAPI document the server
publishes at ``/openapi.json``. The application itself (:func:`dayasos.service.app.create_app`)
needs Starlette and uvicorn: ``pip install 'dayasos[service]'``. This package imports no web
framework, so the contract can be used by clients without the extra.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from dayasos.service import contract as _c

__all__ = ["SERVICE_SCHEMA_TYPES"]

SERVICE_SCHEMA_TYPES: Final[Mapping[str, type]] = {
    "pkh-request": _c.PkhRequest,
    "pkh-entitlement-response": _c.PkhEntitlementResponse,
    "decision-response": _c.DecisionResponse,
    "pkh-batch-request": _c.PkhBatchRequest,
    "pkh-batch-entitlement-response": _c.PkhBatchEntitlementResponse,
    "pkh-batch-eligibility-response": _c.PkhBatchEligibilityResponse,
    "programme-entitlement-response": _c.ProgrammeEntitlementResponse,
    "parameter-catalogue": _c.ParameterCatalogue,
    "reform-request": _c.ReformRequest,
    "reform-response": _c.ReformResponse,
    "person-lookup": _c.PersonLookup,
    "person-stored": _c.PersonStored,
    "health": _c.Health,
    "problem-response": _c.ProblemResponse,
    **{
        re.sub(r"(?<!^)(?=[A-Z])", "-", e.request.__name__).lower(): e.request
        for e in _c.ENDPOINTS.values()
    },
}
"""The request and response documents of ``dayasos serve`` with a shipped schema."""
