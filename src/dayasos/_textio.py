"""Reading outside text the same way in every reader: sources, decoding, line ends, CSV records.

Private: the readers (:mod:`dayasos.registry.io`, :mod:`dayasos.budget.csvio`,
:mod:`dayasos.parameters.loader`) call it, so that they follow one set of rules:

* **What a source is.** A ``str`` or an :class:`os.PathLike` is always a *file path*. Content
  is passed as ``bytes`` or as an open file (text or binary, e.g. ``io.StringIO(text)``). A
  ``str`` that cannot be a path (it holds a line break) is refused with a
  :class:`~dayasos.errors.SourceError` that says to wrap it in ``io.StringIO``.
* **Decoding.** Bytes are UTF-8; a leading byte-order mark (Excel's "CSV UTF-8") is dropped.
  Anything else raises :class:`~dayasos.errors.TextDecodeError` naming the file, the line and
  the byte offset. A missing or unreadable file raises :class:`~dayasos.errors.SourceError`.
* **Line ends.** CRLF, LF and a bare CR all end a line.
* **CSV records.** :func:`csv_records` yields every record with its first line number; a record
  the ``csv`` module cannot parse (a NUL byte, a stray quote) and a record that spans several
  lines because of an unbalanced quote are yielded as errors, and the lines after the bad
  one are read again as records of their own, so no record vanishes. Fields of any size are
  read (the ``csv`` module's field size limit is raised, never lowered, to the size of the
  text).
"""

from __future__ import annotations

import csv
import os
import re
from collections import deque
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Final

from dayasos.errors import SourceError, TextDecodeError, ValidationError

__all__ = ["Source", "csv_records", "decode_utf8", "iso_date", "read_source", "split_lines"]

Source = str | os.PathLike[str] | bytes | IO[str] | IO[bytes]
"""What a reader accepts: a path (``str`` or path-like), ``bytes``, or an open file."""

_BOM: Final = "\ufeff"
_LINE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def decode_utf8(data: bytes, name: str, first_line: int = 1, offset: int = 0) -> str:
    """``data`` (a part of the file ``name`` from line ``first_line``, byte ``offset``) as
    text, a byte-order mark kept.

    Raises:
        TextDecodeError: it is not UTF-8; names the line and the byte in the file.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + first_line
        raise TextDecodeError(name, line, offset + exc.start, exc.reason) from None


def _decode(data: bytes, name: str) -> str:
    text = decode_utf8(data, name)
    return text[1:] if text.startswith(_BOM) else text


def read_source(source: object, argument: str = "source") -> tuple[str, str]:
    """``(name, text)`` of a source (see the module docstring for the rules).

    Raises:
        SourceError: the file cannot be read, or ``source`` is not a path, bytes or a file.
        TextDecodeError: the content is not UTF-8.
    """
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        raise SourceError(
            argument,
            "a str is a file path, and this one holds a line break; pass content as "
            "io.StringIO(text) or as bytes",
        )
    if isinstance(source, str | os.PathLike):
        try:
            path = Path(source)
        except TypeError:
            raise SourceError(argument, "must be a path, bytes or an open file") from None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(argument, f"cannot read {path}: {exc.strerror or exc}") from None
        except ValueError as exc:  # e.g. an embedded NUL character in the path
            raise SourceError(argument, f"is not a usable path ({exc})") from None
        return str(path), _decode(data, str(path))
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>", _decode(bytes(source), "<bytes>")
    read = getattr(source, "read", None)
    if callable(read):
        name = getattr(source, "name", "<file>")
        name = name if isinstance(name, str) else "<file>"
        try:
            content = read()
        except UnicodeDecodeError as exc:
            raise TextDecodeError(name, 0, exc.start, exc.reason) from None
        except OSError as exc:
            raise SourceError(argument, f"cannot read {name}: {exc}") from None
        if isinstance(content, bytes | bytearray):
            return name, _decode(bytes(content), name)
        if isinstance(content, str):
            return name, content[1:] if content.startswith(_BOM) else content
        raise SourceError(argument, f"read() gave a {type(content).__name__}, not text or bytes")
    raise SourceError(
        argument, f"must be a path, bytes or an open file, not {type(source).__name__}"
    )


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` with their line ends (CRLF, LF or a bare CR), nothing else split."""
    return _LINE.findall(text)


class _Lines:
    """An iterator over physical lines that counts what it gave and can take lines back."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.pending: deque[int] = deque(range(1, len(lines) + 1))
        self.given: list[int] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if not self.pending:
            raise StopIteration
        number = self.pending.popleft()
        self.given.append(number)
        return self.lines[number - 1]

    def take_back(self) -> None:
        """Put every line after the first of the last record back, to be read again."""
        self.pending.extendleft(reversed(self.given[1:]))


def csv_records(
    text: str, *, multiline: bool = False
) -> Iterator[tuple[int, list[str] | ValidationError]]:
    """Every CSV record of ``text`` as ``(first line, fields)``, or ``(line, error)`` for a
    record that cannot be read. Blank lines are not records and are skipped.

    With ``multiline=False`` (every dayasos CSV: no field holds a line break) a record that
    runs over several lines is an unbalanced quote: it is reported as an error at its first
    line and the following lines are read again as records of their own.
    """
    if len(text) >= csv.field_size_limit():
        csv.field_size_limit(len(text) + 1)
    lines = _Lines(split_lines(text))
    reader = csv.reader(lines, strict=True)
    while lines.pending:
        lines.given.clear()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            first = lines.given[0] if lines.given else 0
            if len(lines.given) > 1:
                yield first, _unclosed(lines.given[-1])
            else:
                yield first, ValidationError("row", f"is not valid CSV ({exc})")
            lines.take_back()
            reader = csv.reader(lines, strict=True)
            continue
        first = lines.given[0]
        if len(lines.given) > 1 and not multiline:
            yield first, _unclosed(lines.given[-1])
            lines.take_back()
            continue
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        yield first, fields


_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(text: str, name: str) -> date:
    """A date written exactly ``YYYY-MM-DD`` (no other ISO 8601 form, no time), or a
    :class:`~dayasos.errors.ValidationError` naming the field."""
    value = text.strip()
    if _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    shown = repr(value[:24]) if value else None
    raise ValidationError(name, "must be a date written YYYY-MM-DD, like 2020-07-01", shown=shown)


def _unclosed(last: int) -> ValidationError:
    return ValidationError(
        "row",
        f"has a quote that is not closed on its line (the quoted field would run to line "
        f"{last}); the following lines are read on their own",
    )
