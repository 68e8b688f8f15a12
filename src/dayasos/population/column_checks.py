"""Checks of the columns a :class:`~dayasos.population.Population` is built from: each
column's presence, type, codes and range, the first bad row named."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from dayasos.errors import ValidationError

__all__ = [
    "DAY_LIMIT",
    "F64",
    "I32",
    "U8",
    "B",
    "birth_days",
    "checked_weights",
    "code_column",
    "column",
    "first_bad",
    "flag_column",
]


DAY_LIMIT = 1 << 30  # days either side of 1970: int32 arithmetic never overflows


U8 = npt.NDArray[np.uint8]


I32 = npt.NDArray[np.int32]


B = npt.NDArray[np.bool_]


F64 = npt.NDArray[np.float64]


def first_bad(name: str, bad: npt.NDArray[np.bool_], problem: str) -> None:
    """Raise a ValidationError naming column ``name`` and its first row where ``bad`` holds."""
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValidationError(name, problem, index=row)


def column(cols: Mapping[str, Any] | Any, name: str) -> npt.NDArray[Any] | None:
    """Column ``name`` of ``cols`` (a mapping or a DataFrame) as an array, or None when absent."""
    try:
        value = cols[name]
    except (KeyError, IndexError):  # dict, pandas and pyarrow raise KeyError
        return None
    if hasattr(value, "to_numpy") and not isinstance(value, np.ndarray):
        try:
            value = value.to_numpy()
        except TypeError:  # pyarrow ChunkedArray with chunks
            value = np.asarray(value)
    return np.asarray(value)


def code_column(cols: Any, name: str, n: int, size: int, default: int | None, what: str) -> U8:
    """Column ``name`` as uint8 codes below ``size`` (``default`` when absent; required when None)."""
    raw = column(cols, name)
    if raw is None:
        if default is None:
            raise ValidationError(name, "required column is missing")
        return np.full(n, default, dtype=np.uint8)
    if raw.shape != (n,):
        raise ValidationError(name, f"must be a 1-d column of {n} rows, not shape {raw.shape}")
    if raw.dtype == np.bool_:
        raw = raw.view(np.uint8)
    if raw.dtype.kind not in "iu":
        raise ValidationError(name, f"must hold integer codes, not {raw.dtype}")
    if n and (int(raw.max()) >= size or int(raw.min()) < 0):
        first_bad(name, (raw < 0) | (raw >= size), f"must be a code of {what} (0-{size - 1})")
    return raw.astype(np.uint8, copy=False)


def flag_column(cols: Any, name: str, n: int, default: bool | None) -> B:
    """Column ``name`` as booleans (``default`` when absent; required when None)."""
    raw = column(cols, name)
    if raw is None:
        if default is None:
            raise ValidationError(name, "required column is missing")
        return np.full(n, default, dtype=np.bool_)
    if raw.shape != (n,):
        raise ValidationError(name, f"must be a 1-d column of {n} rows, not shape {raw.shape}")
    if raw.dtype == np.bool_:
        return raw
    if raw.dtype.kind not in "iu":
        raise ValidationError(name, f"must be true/false (bool or 0/1), not {raw.dtype}")
    if (n and int(raw.max()) > 1) or (n and int(raw.min()) < 0):
        first_bad(name, (raw < 0) | (raw > 1), "must be 0 or 1")
    return raw.astype(np.bool_)


def birth_days(cols: Any, n: int) -> I32:
    """The ``birth`` column as int32 days since 1970-01-01, each within the representable range."""
    raw = column(cols, "birth")
    if raw is None:
        raise ValidationError("birth", "required column is missing")
    if raw.shape != (n,):
        raise ValidationError("birth", f"must be a 1-d column of {n} rows, not shape {raw.shape}")
    if raw.dtype.kind == "M":
        if raw.dtype != np.dtype("datetime64[D]"):
            raw = raw.astype("datetime64[D]")
        if n and np.isnat(raw).any():
            first_bad("birth", np.isnat(raw), "must be a date (missing)")
        raw = raw.view(np.int64)
    elif raw.dtype.kind not in "iu":
        raise ValidationError("birth", f"must be datetime64[D] or integer days, not {raw.dtype}")
    if n and (int(raw.min()) < -DAY_LIMIT or int(raw.max()) > DAY_LIMIT):
        first_bad("birth", (raw < -DAY_LIMIT) | (raw > DAY_LIMIT), "date out of range")
    out: I32 = raw.astype(np.int32, copy=False)
    return out


def checked_weights(raw: npt.NDArray[Any] | None, n: int) -> F64:
    """The family weights: ones when absent, else finite and non-negative floats."""
    if raw is None:
        return np.ones(n, dtype=np.float64)
    if raw.shape != (n,):
        raise ValidationError("weight", f"must be a 1-d column of {n} rows, not shape {raw.shape}")
    if raw.dtype.kind not in "iuf":
        raise ValidationError("weight", f"must hold numbers, not {raw.dtype}")
    w = raw.astype(np.float64, copy=False)
    if n:
        first_bad("weight", ~np.isfinite(w) | (w < 0), "must be a finite number >= 0")
    return w
