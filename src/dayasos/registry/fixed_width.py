"""Numbers written back to back in fixed widths, decoded with numpy: how the column read and
the bulk export take a whole column from SQLite in one text (``group_concat``) without a
Python object per row, and dates as days since 1970-01-01."""

from __future__ import annotations

import functools
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from dayasos.errors import RegistryFileError

__all__ = ["days_since_epoch", "fixed_columns", "fixed_width_numbers", "text_numbers"]

_ISO_DIGITS: Final = (0, 1, 2, 3, 5, 6, 8, 9)  # the digits of yyyy-mm-dd


def _words(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """64-bit words each holding 8 ASCII digits (the first digit in the lowest byte) as the
    numbers they write: the digits are combined in pairs, fours and eights inside the word."""
    w = words - np.uint64(0x3030303030303030)
    t = np.empty_like(w)
    for shift, scale, mask in (
        (8, 10, 0x00FF00FF00FF00FF),
        (16, 100, 0x0000FFFF0000FFFF),
        (32, 10000, 0xFFFFFFFF),
    ):  # in place: no temporary arrays
        np.right_shift(w, np.uint64(shift), out=t)
        np.multiply(w, np.uint64(scale), out=w)
        np.add(w, t, out=w)
        np.bitwise_and(w, np.uint64(mask), out=w)
    return w.astype(np.int64)


def text_numbers(text: str, width: int) -> npt.NDArray[np.int64] | None:
    """Numbers written back to back in ``width`` digits each (``None`` when the text is not
    such: a number of another width, or a code SQLite gave as NULL). Width 10 is an ISO date
    ``yyyy-mm-dd``, decoded as the number ``yyyymmdd``."""
    try:
        raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    except UnicodeEncodeError:
        return None
    return fixed_width_numbers(raw, width)


def fixed_width_numbers(raw: npt.NDArray[np.uint8], width: int) -> npt.NDArray[np.int64] | None:
    """ASCII numbers written back to back in ``width`` digits each, as int64 (``None`` when
    ``raw`` is not such: its length is not a multiple of ``width`` or it holds a byte that is
    not a digit). Width 10 is an ISO date ``yyyy-mm-dd``, decoded as the number ``yyyymmdd``.

    Examples:
        >>> import numpy as np
        >>> raw = np.frombuffer(b"31710120090000012020-07-01", dtype=np.uint8)
        >>> fixed_width_numbers(raw[:16], 16).tolist(), fixed_width_numbers(raw[16:], 10).tolist()
        ([3171012009000001], [20200701])
    """
    if width < 1 or len(raw) % width:
        return None
    grid = raw.reshape(-1, width)
    if width == 10:  # an ISO date: its eight digits, as one word
        grid = np.ascontiguousarray(grid[:, _ISO_DIGITS])
        width = 8
    if len(grid) and not (int(grid.min()) >= 48 and int(grid.max()) <= 57):
        return None
    head = width - width % 8
    out = np.zeros(len(grid), dtype=np.int64)
    if head:
        words = np.ascontiguousarray(grid[:, :head]).view("<u8")  # no copy when width is 8k
        for j in range(head // 8):
            out = out * 10**8 + _words(words[:, j])
    for j in range(head, width):
        out = out * 10 + (grid[:, j] - np.uint8(48))
    return out


def fixed_columns(
    db: Any, sql: str, exprs: tuple[tuple[str, int], ...], params: tuple[Any, ...]
) -> list[npt.NDArray[np.int64]]:
    """The columns ``exprs`` (SQL expression, digits per value) of the rows of ``sql`` (whose
    ``{}`` takes the select list), in one scan: each column is aggregated into one text of
    fixed-width values and decoded with numpy. A width-10 column is an ISO date, decoded as
    ``yyyymmdd``. Falls back to zero-padded values (``printf``) when a column does not have
    the width (a number with fewer digits) and fails loudly when a value is NULL."""

    def run(padded: bool) -> list[npt.NDArray[np.int64]] | None:
        select = ", ".join(
            "group_concat("
            + (
                f"CASE WHEN ({e}) IS NULL THEN 'x' ELSE printf('%0{w}d', {e}) END"
                if padded and w != 10
                else f"ifnull({e}, 'x')"
            )
            + ", '')"
            for e, w in exprs
        )
        row = db.execute(sql.format(select), params).fetchone()
        cols: list[npt.NDArray[np.int64]] = []
        for text, (_, width) in zip(row, exprs, strict=True):
            got = np.zeros(0, dtype=np.int64) if not text else text_numbers(text, width)
            if got is None:
                return None
            cols.append(got)
        if len({len(c) for c in cols}) != 1:
            return None
        return cols

    cols = run(False) or run(True)
    if cols is None:
        raise RegistryFileError(
            "registry", "holds a value the column read cannot decode (a NULL or unknown code)"
        )
    return cols


@functools.cache
def _month_starts() -> npt.NDArray[np.int32]:
    """Days since 1970-01-01 of the first of each month of the years 0-9999 (index
    ``year * 12 + month - 1``), from the civil calendar (March-based years, 400-year eras)."""
    index = np.arange(10000 * 12, dtype=np.int64)
    y, m = index // 12, index % 12 + 1
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    starts: npt.NDArray[np.int32] = (era * 146097 + doe - 719468).astype(np.int32)
    return starts


def days_since_epoch(yyyymmdd: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Dates written as integers ``yyyymmdd`` to days since 1970-01-01 (a table of month
    starts: cheaper for SQLite than ``julianday`` on every row, and for numpy than the
    calendar arithmetic on every date)."""
    v = yyyymmdd.astype(np.int32)
    ym = v // 100
    y = ym // 100
    at = y * 12 + (ym - y * 100) - 1
    starts = _month_starts()
    out: npt.NDArray[np.int64] = (starts.take(at, mode="clip") + (v - ym * 100 - 1)).astype(
        np.int64
    )
    return out
