"""Errors of the service area: a request to ``dayasos serve`` that was refused."""

from __future__ import annotations

from collections.abc import Sequence

from dayasos.errors.base import ServiceError
from dayasos.errors.input import ValidationError

__all__ = ["RequestError"]


class RequestError(ServiceError, ValueError):
    """A request to ``dayasos serve`` was refused: the HTTP status, a title and every problem
    (each a :class:`ValidationError` whose ``field`` is the JSON path, ``$.members[0].sex``)."""

    def __init__(self, status: int, title: str, errors: Sequence[ValidationError] = ()) -> None:
        self.status = status
        self.title = title
        self.errors: tuple[ValidationError, ...] = tuple(errors)
        lines = "".join(f"\n  - {e}" for e in self.errors)
        super().__init__(f"{status} {title}{lines}")
