"""Welfare ranks and programme enrolments as CSV files of their own.

The registry CSV (:data:`~dayasos.registry.CSV_COLUMNS`) carries persons, families and
memberships; ranks and enrolment histories are dated series, so each has its own file:

**Ranks** (:data:`RANK_COLUMNS`), one row per recorded rank::

    no_kk,desil,recorded
    3171012009000001,2,2021-01-15

**Enrolments** (:data:`ENROLMENT_COLUMNS`), one row per status change, in the order they
were entered (the order breaks ties, as in the store)::

    programme,subject,status,effective,recorded,reason,basis,note
    PKH,3171012009000001,active,2019-01-01,2019-01-05,penetapan KPM,,

``subject`` is a No. KK (the family, KPM) or, for a programme of persons, a NIK: the file
says which with the ``subject_kind`` column (``family`` or ``person``; ``family`` when the
column is absent). Every row is validated (the family or person must be in the store or
the registry file imported before); the report lists every rejected line with its field and
reason; an import is all or nothing unless ``partial=True``. Sources follow the one rule of
every dayasos reader (a path, ``bytes`` or an open file; UTF-8, see :mod:`dayasos.registry.io`).
Exports write the same columns (full numbers: an explicit reveal; a path through a temporary
file renamed over it) and import back to the same records.

Examples:
    >>> import io
    >>> from datetime import date
    >>> from dayasos.registry import Family, NoKK, RegionCode, SQLiteStore
    >>> with SQLiteStore() as store:
    ...     store.add_family(Family(NoKK.parse("3171012009000001"), RegionCode.parse("3171")))
    ...     text = "no_kk,desil,recorded\\n3171012009000001,2,2021-01-15\\n3171012009000001,11,2021-02-01\\n"
    ...     report = import_ranks_csv(io.StringIO(text), store, partial=True)
    ...     print(report.summary()); print(report.rejected[0])
    ...     store.rank_on(NoKK.parse("3171012009000001"), date(2021, 6, 1)).desil
    2 rows: 1 accepted, 1 rejected; written
    line 3: desil: must be a whole number from 1 to 10
    2
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO, Any, Final

from dayasos._textio import Source, iso_date
from dayasos.errors import RecordNotFoundError, ValidationError
from dayasos.registry.identity import NoKK
from dayasos.registry.io_common import (
    ImportReport,
    RejectedRow,
    check_import,
    check_store,
    parse_records,
    read_records,
    write_csv,
)
from dayasos.registry.model import StatusChange, WelfareRank
from dayasos.registry.status_change_fields import (
    STATUS_CHANGE_FIELDS,
    STATUS_CHANGE_OPTIONAL,
    change_fields,
    change_of_fields,
)
from dayasos.registry.store import RegistryStore

__all__ = [
    "ENROLMENT_COLUMNS",
    "RANK_COLUMNS",
    "export_enrolments_csv",
    "export_ranks_csv",
    "import_enrolments_csv",
    "import_ranks_csv",
]

RANK_COLUMNS: Final = ("no_kk", "desil", "recorded")
"""The columns of a rank file."""

ENROLMENT_COLUMNS: Final = STATUS_CHANGE_FIELDS
"""The columns of an enrolment file, the fields of a status change
(:data:`~dayasos.registry.status_change_fields.STATUS_CHANGE_FIELDS`; ``subject_kind``, ``reason``,
``basis`` and ``note`` may be left out: families, no reason, no basis of its own, no note)."""

_ENROLMENT_OPTIONAL: Final = ("subject_kind", *STATUS_CHANGE_OPTIONAL)


def _stripped(raw: dict[str, str]) -> dict[str, str]:
    return {name: value.strip() for name, value in raw.items()}


def _rank(_: int, raw: dict[str, str]) -> WelfareRank:
    values = _stripped(raw)
    kk = NoKK.parse(values.get("no_kk", ""))
    text = values.get("desil", "")
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 10:
        raise ValidationError("desil", "must be a whole number from 1 to 10")
    return WelfareRank(kk, int(text), iso_date(values.get("recorded", ""), "recorded"))


def _change(_: int, raw: dict[str, str]) -> StatusChange:
    # codes, numbers and dates are read stripped; the free texts (reason, basis, note) as
    # written, so that an export imports back to the same records
    values = _stripped(raw)
    values.update((k, raw[k]) for k in STATUS_CHANGE_OPTIONAL if k in raw)
    # the file's own rule: a missing or empty subject_kind is a family (KPM)
    return change_of_fields({**values, "subject_kind": values.get("subject_kind") or "family"})


class _Undo(Exception):  # noqa: N818 - internal control flow, never escapes
    """Rolls an all-or-nothing import back."""


def _import(
    source: Source,
    store: RegistryStore,
    partial: bool,
    columns: tuple[str, ...],
    optional: tuple[str, ...],
    parse: Callable[[int, dict[str, str]], Any],
    record: Callable[[Any], None],
) -> ImportReport:
    check_import(store, partial)
    count, parsed, rejected = parse_records(read_records(source, columns, optional), parse)
    accepted: list[int] = []
    written = False
    try:
        with store.transaction():
            for line, value in parsed:
                try:
                    with store.transaction():
                        record(value)
                    accepted.append(line)
                except RecordNotFoundError as exc:
                    rejected.append(RejectedRow(line, exc.kind, f"{exc.shown} is not in the store"))
            if rejected and not partial:
                raise _Undo
            written = bool(accepted)
    except _Undo:
        written = False
    rejected.sort(key=lambda r: r.line)
    return ImportReport(count, tuple(accepted), tuple(rejected), (), written or count == 0)


def import_ranks_csv(
    source: Source, store: RegistryStore, *, partial: bool = False
) -> ImportReport:
    """Record the welfare ranks of a rank file (:data:`RANK_COLUMNS`) in ``store``.

    Args:
        source: a file path (``str`` or path-like), ``bytes`` or an open file.
        store: the store to write to.
        partial: write the accepted rows even when some are rejected (default: all or none).

    Raises:
        ValidationError: the header does not hold the rank columns.
        SourceError, TextDecodeError: the source cannot be read or is not UTF-8.
    """
    return _import(source, store, partial, RANK_COLUMNS, (), _rank, store.record_rank)


def import_enrolments_csv(
    source: Source, store: RegistryStore, *, partial: bool = False
) -> ImportReport:
    """Append the status changes of an enrolment file (:data:`ENROLMENT_COLUMNS`), in file
    order, to the store's enrolment history. The arguments, the report and the errors are those
    of :func:`import_ranks_csv` (a header without the enrolment columns is refused).
    """
    return _import(
        source,
        store,
        partial,
        ENROLMENT_COLUMNS,
        _ENROLMENT_OPTIONAL,
        _change,
        store.record_status,
    )


def export_ranks_csv(store: RegistryStore, target: str | os.PathLike[str] | IO[str]) -> int:
    """Write every recorded rank, in the order recorded (full numbers: an explicit reveal);
    returns the number of rows."""
    check_store(store)
    return write_csv(
        target,
        RANK_COLUMNS,
        ([r.no_kk.reveal(), str(r.desil), r.recorded.isoformat()] for r in store.ranks()),
    )


def export_enrolments_csv(store: RegistryStore, target: str | os.PathLike[str] | IO[str]) -> int:
    """Write the enrolment history, in the order entered (full numbers: an explicit
    reveal); returns the number of rows."""
    check_store(store)
    return write_csv(
        target,
        ENROLMENT_COLUMNS,
        (list(change_fields(c).values()) for c in store.status_changes()),
    )
