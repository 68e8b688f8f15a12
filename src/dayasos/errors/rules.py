"""Errors of the rule areas: a status change the lifecycle does not allow (lifecycle), a split
that cannot be made as asked (allocation)."""

from __future__ import annotations

from dayasos.errors.base import AllocationError, LifecycleError

__all__ = ["AllocationInfeasibleError", "InvalidTransitionError"]


class InvalidTransitionError(LifecycleError, ValueError):
    """A status change that the lifecycle does not allow, e.g. graduated -> active."""

    def __init__(self, machine: str, source: str, target: str, reason: str = "") -> None:
        self.machine = machine
        self.source = source
        self.target = target
        extra = f": {reason}" if reason else ""
        super().__init__(
            f"{machine}: transition from {source!r} to {target!r} is not allowed{extra}"
        )


class AllocationInfeasibleError(AllocationError, ValueError):
    """The bounds cannot all be met for this total (the message names the constraint)."""
