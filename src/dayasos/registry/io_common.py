"""What the registry readers and writers share: the import report types, the store check, the
reading of a CSV file with a fixed set of columns, the parse of its records into values or
rejections, and the atomic file write (:mod:`dayasos.registry.csv_io`,
:mod:`dayasos.registry.json_io`, :mod:`dayasos.registry.history_csv`,
:mod:`dayasos.registry.bulk`)."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from attrs import define, field

from dayasos._textio import Source, csv_records, read_source
from dayasos.errors import CategoryNotFoundError, SourceError, ValidationError
from dayasos.redaction import redact
from dayasos.registry.identity import Finding
from dayasos.registry.store import RegistryStore

__all__ = [
    "ImportReport",
    "RejectedRow",
    "RowFinding",
    "atomic_replace",
    "atomic_write",
    "check_import",
    "check_store",
    "import_summary",
    "parse_code",
    "parse_records",
    "read_records",
    "write_csv",
]

_T = TypeVar("_T")


def _masked() -> Any:
    # an attrs field whose text is masked on construction (the class has a field "field")
    return field(converter=redact)


@define(frozen=True, slots=True)
class RejectedRow:
    """A rejected CSV row: its line number (the header is line 1), the field and the reason.

    The field and the reason are masked on construction (:func:`dayasos.redaction.redact`), so
    a report never shows a NIK or No. KK, whoever wrote the reason."""

    line: int
    field: str = _masked()
    reason: str = _masked()

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


@define(frozen=True, slots=True)
class RowFinding:
    """An accepted row whose data disagrees with itself (e.g. the NIK and the birth date)."""

    line: int
    finding: Finding

    def __str__(self) -> str:
        return f"line {self.line}: {self.finding}"


@define(frozen=True, slots=True)
class ImportReport:
    """What an import did.

    Attributes:
        rows: how many data rows were read.
        accepted: line numbers of the rows that passed validation.
        rejected: every rejected row with its line, field and reason (none dropped).
        findings: disagreements in accepted rows (reported, never corrected).
        written: whether the accepted rows were written to the store; ``False`` when an
            all-or-nothing import had a rejected row.
    """

    rows: int
    accepted: tuple[int, ...]
    rejected: tuple[RejectedRow, ...]
    findings: tuple[RowFinding, ...] = field(default=())
    written: bool = False

    @property
    def ok(self) -> bool:
        """Whether every row was accepted and written."""
        return not self.rejected and self.written

    def summary(self) -> str:
        """One line: rows read, accepted, rejected and whether anything was written."""
        return import_summary(self.rows, len(self.accepted), len(self.rejected), self.written)


def import_summary(rows: int, accepted: int, rejected: int, written: bool) -> str:
    """The one-line summary of an import (the row import's and the bulk import's report)."""
    what = "written" if written else "nothing written"
    return f"{rows} rows: {accepted} accepted, {rejected} rejected; {what}"


def check_store(store: object) -> None:
    """Raise :class:`~dayasos.errors.ValidationError` naming ``store`` unless it is a
    :class:`~dayasos.registry.RegistryStore`."""
    if not isinstance(store, RegistryStore):
        raise ValidationError(
            "store", f"must be a registry store, not {type(store).__name__}", shown=None
        )


def check_import(store: object, partial: object) -> None:
    """The argument checks of every row import: ``store`` a
    :class:`~dayasos.registry.RegistryStore`, ``partial`` ``True`` or ``False``."""
    if not isinstance(partial, bool):
        raise ValidationError("partial", "must be True or False", shown=repr(partial))
    check_store(store)


def atomic_replace(target: str | os.PathLike[str], write: Callable[[str], _T]) -> _T:
    """Call ``write`` with the path of a new temporary file in the directory of ``target``
    (readable by its owner only), then sync it and rename it over ``target``: a failure
    never leaves a truncated file, and the temporary file is removed."""
    path = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SourceError("target", f"cannot write in {path.parent}: {exc.strerror}") from None
    os.close(fd)
    try:
        result = write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def atomic_write(target: str | os.PathLike[str], write: Callable[[IO[str]], Any]) -> Any:
    """Write a UTF-8 text file through :func:`atomic_replace`: ``write`` gets the open file."""

    def text(tmp: str) -> Any:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            return write(fh)

    return atomic_replace(target, text)


def parse_code(cls: Any, text: str, name: str) -> Any:
    """The member of the category ``cls`` (``Sex``, ``Relationship``, ...) that ``text``
    spells (see :mod:`dayasos.registry.spelling`), or a
    :class:`~dayasos.errors.ValidationError` naming ``name`` and listing the codes."""
    try:
        return cls.parse(text)
    except CategoryNotFoundError:
        known = ", ".join(m.code for m in cls)
        raise ValidationError(name, f"is not one of {known}") from None


def read_records(
    source: Source, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str] | ValidationError]]:
    """The data records of a CSV file with a fixed set of columns, as ``(line, columns)``, or
    ``(line, error)`` for a record that cannot be read (wrong number of columns, an unbalanced
    quote). ``line`` is the record's first line (the header is line 1); blank lines are not
    records. Values are given as written (not stripped).

    Args:
        source: a file path (``str`` or path-like), ``bytes`` or an open file (the one source
            rule of every dayasos reader, see :mod:`dayasos.registry.io`).
        columns: the columns a file may hold, in any order, each once.
        optional: the columns of ``columns`` a file may leave out.

    Raises:
        ValidationError: the header is wrong (names the missing, unknown and repeated columns).
        SourceError: the file cannot be read.
        TextDecodeError: the file is not UTF-8.
    """
    _, text = read_source(source)
    records = csv_records(text)
    first = next(records, None)
    if first is None:
        return
    header = first[1]
    if isinstance(header, ValidationError):
        raise ValidationError("header", header.problem, index=first[0])
    names = [h.strip() for h in header]
    missing = sorted(set(columns) - set(optional) - set(names))
    unknown = sorted(set(names) - set(columns))
    repeated = sorted({n for n in names if names.count(n) > 1})
    if missing or unknown or repeated:
        may = f" ({', '.join(optional)} may be left out)" if optional else ""
        raise ValidationError(
            "header",
            f"must hold each of the columns {', '.join(columns)} once{may}; missing {missing}, "
            f"unknown {unknown}, repeated {repeated}",
        )
    for line, values in records:
        if isinstance(values, ValidationError):
            yield line, values
        elif len(values) != len(names):
            problem = f"has {len(values)} columns, the header has {len(names)}"
            yield line, ValidationError("row", problem)
        else:
            yield line, dict(zip(names, values, strict=True))


def parse_records(
    records: Iterable[tuple[int, dict[str, str] | ValidationError]],
    parse: Callable[[int, dict[str, str]], _T],
) -> tuple[int, list[tuple[int, _T]], list[RejectedRow]]:
    """Parse every record: ``(records read, [(line, value)], rejected rows)``. A record that
    could not be read, or whose ``parse`` raises a :class:`~dayasos.errors.ValidationError`,
    is a :class:`RejectedRow` with that error's field and problem; none is dropped."""
    count = 0
    parsed: list[tuple[int, _T]] = []
    rejected: list[RejectedRow] = []
    for line, raw in records:
        count += 1
        try:
            if isinstance(raw, ValidationError):
                raise raw
            parsed.append((line, parse(line, raw)))
        except ValidationError as exc:
            rejected.append(RejectedRow(line, exc.field, exc.problem))
    return count, parsed, rejected


def write_csv(
    target: str | os.PathLike[str] | IO[str], header: tuple[str, ...], rows: Iterable[list[str]]
) -> int:
    """Write a header and ``rows`` as CSV (LF line ends); returns the number of rows. A path
    target is written through :func:`atomic_write`, so a failure leaves the previous file (or
    none), never a truncated one."""
    if isinstance(target, str | os.PathLike):
        return int(atomic_write(target, lambda fh: write_csv(fh, header, rows)))
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n
