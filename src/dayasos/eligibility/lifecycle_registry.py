"""The old import path of :mod:`dayasos.eligibility.lifecycle.registry`.

The registry adapters live in their programme's package, each as a ``registry`` module:
:mod:`dayasos.eligibility.pkh.registry` (a PKH family and its entitlement from the registry)
and :mod:`dayasos.eligibility.lifecycle.registry` (the KPM lifecycle in the registry's
enrolment history). This module re-exports the latter's names.
"""

from dayasos.eligibility.lifecycle.registry import (
    IN_PROGRAMME_STATUSES,
    RegistryProposal,
    apply_graduations_in_registry,
    history_from_registry,
    propose_graduations_in_registry,
    record_transitions,
)

__all__ = [
    "IN_PROGRAMME_STATUSES",
    "RegistryProposal",
    "apply_graduations_in_registry",
    "history_from_registry",
    "propose_graduations_in_registry",
    "record_transitions",
]
