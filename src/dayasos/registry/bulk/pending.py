"""Person rows a bulk import has accepted but not yet written (:class:`PendingPersons`).

The NIKs of a national file arrive in no order, so every batch of persons inserts all over
the person table: once the database outgrows the load's page cache, each batch reads and
writes back most of the table's pages. From then on, the accepted persons of several batches
are held and inserted together, in NIK order, touching each page once for all of them. The rows held are bounded
(:data:`PENDING_BATCHES` batches), and they are looked up as the stored ones are (a NIK
stated again in a later batch is found here). Internal to :mod:`dayasos.registry.bulk`.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt

from dayasos.registry.sqlite_load import (
    LOAD_CACHE_KIB,
    PERSON_INSERT,
    insert_flat,
    insert_ordered,
)

__all__ = ["PENDING_BATCHES", "PendingPersons"]

PENDING_BATCHES: Final = 8
"""The most batches of persons held before they are written."""

_WIDTH: Final = len(PERSON_INSERT.columns)
_SIZE: Final = ("page_count", "page_size")


def _identity(order: npt.NDArray[np.intp]) -> bool:
    return bool(np.all(order == np.arange(len(order))))


class PendingPersons:
    """Accepted person rows (flat values, NIK first) not yet in the person table."""

    __slots__ = ("_flats", "_orders", "_sorted", "count", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit  # the most rows held
        self.count = 0
        self._orders: list[npt.NDArray[np.intp]] = []  # per batch held: the order of its NIKs
        self._sorted: list[npt.NDArray[np.int64]] = []  # and its NIKs in that order
        self._flats: list[list[Any]] = []

    def add(self, flat: list[Any], niks: npt.NDArray[np.int64] | None = None) -> None:
        """Hold the rows ``flat`` (values of person rows, as
        :func:`~dayasos.registry.sqlite_load.flat_values` makes them), whose NIKs are
        ``niks`` when given (read from ``flat`` otherwise)."""
        if not flat:
            return
        if niks is None:
            niks = np.array(flat[::_WIDTH], dtype=np.int64)
        elif len(niks) * _WIDTH != len(flat):
            raise ValueError(f"{len(niks)} NIKs for {len(flat)} values of rows of {_WIDTH}")
        order = np.argsort(niks, kind="stable")
        self._orders.append(order)
        self._sorted.append(niks[order])
        self._flats.append(flat)
        self.count += len(flat) // _WIDTH

    def find(self, keys: npt.NDArray[np.int64]) -> list[tuple[Any, ...]]:
        """The rows held whose NIK is one of ``keys``, as the store reads them (``None`` for
        a missing value held as ``''``)."""
        found: list[tuple[Any, ...]] = []
        if len(keys) == 0:
            return found
        for ordered, order, flat in zip(self._sorted, self._orders, self._flats, strict=True):
            at = np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)
            for i in order[at[ordered[at] == keys]].tolist():
                found.append(PERSON_INSERT.as_stored(flat[i * _WIDTH : (i + 1) * _WIDTH]))
        return found

    def due(self, db: Any) -> bool:
        """Whether the rows held should be written now: while the database fits in the load
        page cache (:data:`~dayasos.registry.sqlite_load.LOAD_CACHE_KIB`: a batch's inserts
        find their pages in memory), or once :attr:`limit` rows are held."""
        if self.count >= self.limit:
            return True
        pages, size = (int(db.execute(f"PRAGMA {p}").fetchone()[0]) for p in _SIZE)
        return pages * size <= LOAD_CACHE_KIB * 1024

    def flush(self, db: Any) -> None:
        """Insert the rows held, in NIK order, and let them go."""
        if not self.count:
            return
        if len(self._flats) == 1 and _identity(self._orders[0]):
            insert_flat(db, PERSON_INSERT, self._flats[0])
        else:
            values = np.empty(self.count * _WIDTH, dtype=object)
            rows: list[npt.NDArray[np.intp]] = []
            at = 0
            for flat, order in zip(self._flats, self._orders, strict=True):
                values[at * _WIDTH : at * _WIDTH + len(flat)] = flat
                rows.append(order + at)
                at += len(order)
            # merging the sorted runs of the batches (a stable sort finds the runs)
            merged = np.argsort(np.concatenate(self._sorted), kind="stable")
            insert_ordered(
                db, PERSON_INSERT, values.reshape(-1, _WIDTH), np.concatenate(rows)[merged]
            )
        self.count = 0
        self._orders.clear()
        self._sorted.clear()
        self._flats.clear()
