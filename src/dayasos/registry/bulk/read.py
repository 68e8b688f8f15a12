"""Reading a registry CSV or Parquet file in batches of rows, as pyarrow string columns.

:func:`csv_batches` splits well-formed lines column-wise with pyarrow and hands any chunk
with quotes, NUL bytes or odd line ends to the row import's CSV reader, so that a broken
line is rejected exactly as :func:`~dayasos.registry.import_csv` rejects it;
:func:`parquet_batches` reads the same columns from a Parquet file. Internal to
:mod:`dayasos.registry.bulk`.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from itertools import islice
from typing import IO, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from attrs import define

from dayasos._textio import csv_records
from dayasos.errors import ValidationError
from dayasos.registry.io import CSV_COLUMNS, RejectedRow, read_csv

__all__ = ["PY_SPACE", "Batch", "csv_batches", "parquet_batches"]

# white space Python's str.strip() removes beyond ASCII: rows holding it take the row parser
PY_SPACE: Final = (
    r"[\x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
)
"""White space Python's ``str.strip()`` removes beyond ASCII (a regular expression): rows
holding it take the row parser."""


@define(slots=True, repr=False)  # holds personal data: no repr of the values
class Batch:
    """Rows of the file: their line numbers and the trimmed text of every column."""

    lines: npt.NDArray[np.int64]
    cols: dict[str, pa.Array]
    rejected: list[RejectedRow]
    count: int
    plain: bool = False  # known to hold no white space beyond what ASCII trimming removes


def _header(first: bytes) -> list[str]:
    try:
        text = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "file", f"is not UTF-8 text: {exc.reason} at line 1 (byte {exc.start})"
        ) from None
    # a header-only text yields no rows; a wrong header raises while it is read
    list(read_csv(io.StringIO(text + "\n")))
    if not text:
        raise ValidationError("header", "must hold the registry columns; the file is empty")
    return [h.strip() for h in next(csv.reader([text]))]


def _columns_from_rows(rows: list[list[str]], names: list[str]) -> dict[str, pa.Array]:
    if not rows:
        return {n: pa.array([], pa.string()) for n in names}
    cols = list(zip(*rows, strict=True))
    return {n: pa.array(cols[i], pa.string()) for i, n in enumerate(names)}


def _slow_chunk(text: str, first_line: int, names: list[str]) -> Batch:
    """A chunk with quotes: read by :func:`dayasos._textio.csv_records`, exactly as the row
    import reads it (an unclosed quote rejects its own line only)."""
    rows: list[list[str]] = []
    lines: list[int] = []
    rejected: list[RejectedRow] = []
    count = 0
    for at, values in csv_records(text):
        line = first_line - 1 + at
        count += 1
        if isinstance(values, ValidationError):
            rejected.append(RejectedRow(line, values.field, values.problem))
            continue
        if len(values) != len(names):
            rejected.append(
                RejectedRow(line, "row", f"has {len(values)} columns, the header has {len(names)}")
            )
            continue
        rows.append(values)
        lines.append(line)
    return Batch(np.array(lines, dtype=np.int64), _columns_from_rows(rows, names), rejected, count)


def _plain(data: bytes) -> bool:
    """Whether the bytes hold no white space that Python strips beyond ASCII trimming (no
    non-ASCII character, no control character 0x1c-0x1f): then no row needs the check."""
    if not data.isascii():
        return False
    # 0x1c-0x1f are the bytes b with (b - 0x1c) mod 256 < 4 (one pass, no regex)
    view = np.frombuffer(data, dtype=np.uint8)
    return not bool(np.any((view - np.uint8(0x1C)) < 4))


def _blank(joined: pa.Array, plain: bool = False) -> npt.NDArray[np.bool_]:
    """Which rows are blank as Python's ``str.strip()`` sees every value (``joined``: the
    values of each row run together)."""
    blank = np.asarray(pc.equal(pc.utf8_trim(joined, characters=" \t\r\n\x0b\x0c"), ""))
    if plain:
        return blank
    odd = np.flatnonzero(np.asarray(pc.match_substring_regex(joined, PY_SPACE)))
    if len(odd):
        texts = joined.take(pa.array(odd)).to_pylist()
        blank[odd] = [not t.strip() for t in texts]
    return blank


def _lines_array(chunk: list[bytes], data: bytes) -> pa.Array:
    """The lines as one pyarrow string array over ``data`` (the lines joined), without a
    Python object per line; raises ``pyarrow.ArrowInvalid`` when a line is not UTF-8."""
    if len(data) >= 2**31:  # beyond 32-bit offsets: pyarrow builds the array from the lines
        return pc.cast(pa.array(chunk, pa.binary()), pa.string())
    ends = np.cumsum(np.fromiter(map(len, chunk), np.int64, len(chunk)))
    offsets = np.r_[0, ends].astype(np.int32)
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    arr = pa.Array.from_buffers(pa.string(), len(chunk), buffers)
    arr.validate(full=True)
    return arr


def _fast_chunk(
    chunk: list[bytes], data: bytes, first_line: int, names: list[str], plain: bool
) -> Batch:
    """A chunk without quotes (``data``: its lines joined): one record per line, split
    column-wise by pyarrow."""
    try:
        arr = _lines_array(chunk, data)
    except pa.ArrowInvalid:
        raise ValidationError(
            "file", f"is not UTF-8 text (in the lines from {first_line})"
        ) from None
    arr = pc.utf8_rtrim(arr, characters="\r\n")
    blank = _blank(arr, plain)  # a blank line; a line of commas is a record (of empty fields)
    parts = pc.split_pattern(arr, ",")
    widths = np.asarray(pc.list_value_length(parts))
    lines = np.arange(first_line, first_line + len(chunk), dtype=np.int64)
    good = (widths == len(names)) & ~blank
    bad = np.flatnonzero(~good & ~blank)
    rejected: list[RejectedRow] = []
    for i in bad.tolist():
        raw = chunk[i].decode("utf-8").rstrip("\r\n")
        values = next(csv.reader([raw]), [])
        if not values or (len(values) == 1 and not values[0].strip()):
            continue  # blank by Python's reckoning (unusual white space)
        rejected.append(
            RejectedRow(
                int(lines[i]), "row", f"has {len(values)} columns, the header has {len(names)}"
            )
        )
    kept = parts.filter(pa.array(good))
    cols = {n: pc.list_element(kept, i) for i, n in enumerate(names)}
    return Batch(lines[good], cols, rejected, int(good.sum()) + len(rejected), plain)


def _sizes(batch_rows: int, first_rows: int | None) -> Iterator[int]:
    """The rows of each batch: ``first_rows`` (when given), then ``batch_rows`` each."""
    if first_rows is not None:
        yield min(first_rows, batch_rows)
    while True:
        yield batch_rows


def csv_batches(fh: IO[bytes], batch_rows: int, first_rows: int | None = None) -> Iterator[Batch]:
    """The file's rows in batches of ``batch_rows`` (the first of ``first_rows`` when given:
    a small first batch starts the writing early)."""
    first = fh.readline()
    if b"\r" in first.rstrip(b"\r\n"):
        # bare CR line ends (old Mac, some exports): no line of the file ends in \n, so the
        # file is read whole and split as the row import splits it
        data = first + fh.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("file", "is not UTF-8 text") from None
        head, _, body = text.partition("\r")
        names = _header(head.encode("utf-8"))
        yield _slow_chunk(body, 2, names)
        return
    names = _header(first)
    line = 2
    for size in _sizes(batch_rows, first_rows):
        chunk = list(islice(fh, size))
        if not chunk:
            return
        data = b"".join(chunk)
        crs = data.count(b"\r")  # \r only in \r\n line ends: the lines are the chunk's
        if b'"' in data or b"\x00" in data or (crs and crs != data.count(b"\r\n")):
            while data.count(b'"') % 2:  # a quoted value runs on: read to its end
                more = fh.readline()
                if not more:
                    break
                chunk.append(more)
                data += more
            crs = data.count(b"\r")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(
                    "file", f"is not UTF-8 text (in the lines from {line})"
                ) from None
            yield _slow_chunk(text, line, names)
        else:
            yield _fast_chunk(chunk, data, line, names, _plain(data))
        # the lines Python's csv reader counts: \r\n, \n and a lone \r each end one
        if crs:
            ends = data.count(b"\n") + crs - data.count(b"\r\n")
        else:  # each line of the chunk ends in \n, but maybe the file's last
            ends = len(chunk) - (0 if data.endswith(b"\n") else 1)
        line += ends + (0 if data.endswith((b"\n", b"\r")) else 1)


def parquet_batches(
    path: str | os.PathLike[str] | IO[bytes], batch_rows: int, first_rows: int | None = None
) -> Iterator[Batch]:
    """The file's rows in batches of ``batch_rows`` (the first of ``first_rows`` when given)."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    names = list(pf.schema_arrow.names)
    if sorted(names) != sorted(CSV_COLUMNS):
        missing = sorted(set(CSV_COLUMNS) - set(names))
        extra = sorted(set(names) - set(CSV_COLUMNS))
        raise ValidationError(
            "header", f"must hold the registry columns; missing {missing}, unknown {extra}"
        )
    offset = 2
    for rb in _split_first(pf.iter_batches(batch_size=batch_rows), first_rows):
        cols: dict[str, pa.Array] = {}
        for n in names:
            col = rb.column(n)
            if not pa.types.is_string(col.type):
                col = pc.cast(col, pa.string())
            cols[n] = pc.fill_null(col, "")
        lines = np.arange(offset, offset + rb.num_rows, dtype=np.int64)
        offset += rb.num_rows
        joined = pc.binary_join_element_wise(*cols.values(), "")
        blank = _blank(joined)
        keep = pa.array(~blank)
        yield Batch(
            lines[~blank], {n: c.filter(keep) for n, c in cols.items()}, [], int((~blank).sum())
        )


def _split_first(
    batches: Iterator[pa.RecordBatch], first_rows: int | None
) -> Iterator[pa.RecordBatch]:
    """The record batches, the first one split after ``first_rows`` rows (when given)."""
    for i, rb in enumerate(batches):
        if i == 0 and first_rows is not None and rb.num_rows > first_rows:
            yield rb.slice(0, first_rows)
            yield rb.slice(first_rows)
        else:
            yield rb
