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
from typing import IO, Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from attrs import define

from dayasos._textio import csv_records, decode_utf8
from dayasos.errors import ValidationError
from dayasos.registry.io import CSV_COLUMNS, RejectedRow, read_csv

__all__ = ["PY_SPACE", "Batch", "csv_batches", "parquet_batches"]

_PY_CONTROL: Final = (b"\x1c", b"\x1d", b"\x1e", b"\x1f")
"""The ASCII bytes Python's ``str.strip()`` removes that ASCII trimming keeps."""
_BOM: Final = "\ufeff".encode()
_EMPTY: Final = frozenset((b"\n", b"\r\n"))
_BLOCK: Final = 1 << 30  # pyarrow's CSV blocks are at most 2 GiB; one block per chunk below

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


def _header(first: bytes, name: str) -> list[str]:
    text = decode_utf8(first, name).removeprefix("\ufeff").rstrip("\r\n")
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
    return data.isascii() and not any(b in data for b in _PY_CONTROL)


def _blank(joined: pa.Array) -> npt.NDArray[np.bool_]:
    """Which rows (of a Parquet batch) are blank as Python's ``str.strip()`` sees every value
    (``joined``: the values of each row run together)."""
    blank = np.asarray(pc.equal(pc.utf8_trim(joined, characters=" \t\r\n\x0b\x0c"), ""))
    odd = np.flatnonzero(np.asarray(pc.match_substring_regex(joined, PY_SPACE)))
    if len(odd):
        texts = joined.take(pa.array(odd)).to_pylist()
        blank[odd] = [not t.strip() for t in texts]
    return blank


def _fast_chunk(
    chunk: list[bytes], data: bytes, first_line: int, names: list[str], plain: bool
) -> Batch:
    """A chunk without quotes (``data``: its lines joined): one record per line, its values
    split column-wise by pyarrow's CSV reader with quoting off. A line of another number of
    values is rejected (or skipped if it is blank as Python's ``str.strip()`` sees it); an
    empty line is skipped. ``data`` is UTF-8 (checked by the caller)."""
    odd: list[int] = []  # the lines (from 0) of another number of values, in order

    def other(row: Any) -> str:
        odd.append(row.number - 1)
        return "skip"

    table = pcsv.read_csv(
        io.BytesIO(data),
        read_options=pcsv.ReadOptions(
            column_names=names, use_threads=False, block_size=min(len(data) + 1, _BLOCK)
        ),
        parse_options=pcsv.ParseOptions(
            quote_char=False, ignore_empty_lines=False, invalid_row_handler=other
        ),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            check_utf8=False,  # checked above
            strings_can_be_null=False,
        ),
    )
    at = np.delete(np.arange(len(chunk), dtype=np.int64), odd)  # each record's line
    if len(at) != table.num_rows:  # pyarrow gives a record per other line; if it ever did
        # not, the lines could not be told apart: the row import's reader reads the chunk
        return _slow_chunk(data.decode("utf-8"), first_line, names)
    rejected: list[RejectedRow] = []
    for i in odd:
        values = next(csv.reader([chunk[i].decode("utf-8").rstrip("\r\n")]), [])
        if not values or (len(values) == 1 and not values[0].strip()):
            continue  # blank as Python's str.strip() sees it
        rejected.append(
            RejectedRow(
                first_line + i, "row", f"has {len(values)} columns, the header has {len(names)}"
            )
        )
    cols = {n: _one_array(table.column(n)) for n in names}
    if min(map(len, chunk)) <= 2:
        # an empty line is a record of empty values to pyarrow; it is no record here
        empty = np.fromiter((c in _EMPTY for c in chunk), np.bool_, len(chunk))
        keep = ~empty[at]
        at = at[keep]
        cols = {n: c.filter(pa.array(keep)) for n, c in cols.items()}
    return Batch(at + first_line, cols, rejected, len(at) + len(rejected), plain)


def _one_array(column: pa.ChunkedArray) -> pa.Array:
    """The column as one array (a string array holds at most 2 GiB of text)."""
    if column.num_chunks == 1:
        return column.chunk(0)
    try:
        return column.combine_chunks()
    except pa.ArrowInvalid:
        raise ValidationError(
            "batch_rows", "is too large: a column of one batch holds 2 GiB of text or more"
        ) from None


def _sizes(batch_rows: int, first_rows: int | None) -> Iterator[int]:
    """The rows of each batch: ``first_rows`` (when given), then ``batch_rows`` each."""
    if first_rows is not None:
        yield min(first_rows, batch_rows)
    while True:
        yield batch_rows


def csv_batches(fh: IO[bytes], batch_rows: int, first_rows: int | None = None) -> Iterator[Batch]:
    """The file's rows in batches of ``batch_rows`` (the first of ``first_rows`` when given:
    a small first batch starts the writing early).

    Raises:
        TextDecodeError: the file is not UTF-8 (names the line and the byte).
        ValidationError: the header does not hold the registry columns.
    """
    name = getattr(fh, "name", "<file>")
    name = name if isinstance(name, str) else "<file>"
    first = fh.readline()
    if b"\r" in first.rstrip(b"\r\n"):
        # bare CR line ends (old Mac, some exports): no line of the file ends in \n, so the
        # file is read whole and split as the row import splits it
        data = first + fh.read()
        text = decode_utf8(data, name).removeprefix("\ufeff")
        head, _, body = text.partition("\r")
        names = _header(head.encode("utf-8"), name)
        yield _slow_chunk(body, 2, names)
        return
    names = _header(first, name)
    line, offset = 2, len(first)  # the chunk's first line, and its byte in the file
    for size in _sizes(batch_rows, first_rows):
        chunk = list(islice(fh, size))
        if not chunk:
            return
        data = b"".join(chunk)
        crs = data.count(b"\r") if b"\r" in data else 0
        # \r only in \r\n line ends: the lines are the chunk's
        if (
            b'"' in data
            or b"\x00" in data
            or (crs and crs != data.count(b"\r\n"))
            or data.startswith(_BOM)  # pyarrow would drop it; the row import keeps it
        ):
            while data.count(b'"') % 2:  # a quoted value runs on: read to its end
                more = fh.readline()
                if not more:
                    break
                chunk.append(more)
                data += more
            crs = data.count(b"\r")
            yield _slow_chunk(decode_utf8(data, name, line, offset), line, names)
        else:
            if not data.isascii():
                decode_utf8(data, name, line, offset)  # the file's error, if it is not UTF-8
            yield _fast_chunk(chunk, data, line, names, _plain(data))
        offset += len(data)
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
