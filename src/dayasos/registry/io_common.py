"""What the registry readers and writers share: the import report types, the store check and
the atomic file write (:mod:`dayasos.registry.csv_io`, :mod:`dayasos.registry.json_io`,
:mod:`dayasos.registry.history_csv`, :mod:`dayasos.registry.bulk`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from attrs import define, field

from dayasos.errors import SourceError, ValidationError
from dayasos.redaction import redact
from dayasos.registry.identity import Finding
from dayasos.registry.store import RegistryStore

__all__ = ["ImportReport", "RejectedRow", "RowFinding", "atomic_write", "check_store"]


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
        what = "written" if self.written else "nothing written"
        return f"{self.rows} rows: {len(self.accepted)} accepted, {len(self.rejected)} rejected; {what}"


def check_store(store: object) -> None:
    """Raise :class:`~dayasos.errors.ValidationError` naming ``store`` unless it is a
    :class:`~dayasos.registry.RegistryStore`."""
    if not isinstance(store, RegistryStore):
        raise ValidationError(
            "store", f"must be a registry store, not {type(store).__name__}", shown=None
        )


def atomic_write(target: str | os.PathLike[str], write: Callable[[IO[str]], Any]) -> Any:
    """Write a file through a temporary file in the same directory, renamed over ``target``
    only once complete: a failure never leaves a truncated file."""
    path = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SourceError("target", f"cannot write in {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result
