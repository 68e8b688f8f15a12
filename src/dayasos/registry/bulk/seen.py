"""A fixed-size set of hashed keys: which NIKs and No. KKs a bulk import may have written.

A bulk import into a store that held no person and no family when it started only needs to
look up, in the store, the keys it may have written itself: the others cannot be stored.
:class:`KeySeen` answers "may hold" with no false negatives (every added key is reported) and
a few false positives (looked up for nothing), in a bit array of :data:`SEEN_BITS` bits
whatever the size of the file. Internal to :mod:`dayasos.registry.bulk`.

Examples:
    >>> import numpy as np
    >>> seen = KeySeen()
    >>> seen.add(np.array([3171010205800001], dtype=np.int64))
    >>> seen.may_hold(np.array([3171010205800001], dtype=np.int64)).tolist()
    [True]
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from dayasos.errors import ValidationError

__all__ = ["SEEN_BITS", "KeySeen"]

SEEN_BITS: Final = 2**28
"""Bits of one :class:`KeySeen` (32 MiB): at one million keys about 0.4 % of the keys not
added are reported as possibly held, at ten million about 3.7 % (each looked up in the store
for nothing; with 16 MiB it was 7 % at ten million)."""

_GOLDEN: Final = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: 2**64 / golden ratio


class KeySeen:
    """Keys added so far, as a bit array of ``bits`` bits (a power of two, at least 8)."""

    __slots__ = ("_bits", "_shift")

    def __init__(self, bits: int | None = None) -> None:
        size = SEEN_BITS if bits is None else bits
        if size < 8 or size & (size - 1):
            raise ValidationError("bits", "must be a power of two of at least 8", shown=str(size))
        self._bits = np.zeros(size // 8, dtype=np.uint8)
        self._shift = np.uint64(64 - size.bit_length() + 1)

    def _slots(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
        with np.errstate(over="ignore"):
            return (keys.astype(np.uint64) * _GOLDEN) >> self._shift

    def add(self, keys: npt.NDArray[np.int64]) -> None:
        """Add the keys."""
        if len(keys) == 0:
            return
        h = np.sort(self._slots(keys))
        byte = h >> np.uint64(3)
        masks = np.left_shift(np.uint8(1), (h & np.uint64(7)).astype(np.uint8))
        starts = np.flatnonzero(np.r_[True, byte[1:] != byte[:-1]])
        self._bits[byte[starts]] |= np.bitwise_or.reduceat(masks, starts)

    def may_hold(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Per key: ``False`` when it was certainly never added, ``True`` when it may have been."""
        if len(keys) == 0:
            return np.zeros(0, dtype=np.bool_)
        h = self._slots(keys)
        got = (self._bits[h >> np.uint64(3)] >> (h & np.uint64(7)).astype(np.uint8)) & 1
        return np.asarray(got == 1)
