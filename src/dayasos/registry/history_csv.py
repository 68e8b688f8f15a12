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
reason; an import is all or nothing unless ``partial=True``. Exports write the same columns
(full numbers: an explicit reveal) and import back to the same records.

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

import csv
import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import IO, Any, Final

from dayasos.categories import Programme
from dayasos.errors import CategoryNotFoundError, RecordNotFoundError, ValidationError
from dayasos.registry.identity import Nik, NoKK
from dayasos.registry.io_common import ImportReport, RejectedRow
from dayasos.registry.model import EnrolmentStatus, StatusChange, Subject, WelfareRank
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

ENROLMENT_COLUMNS: Final = (
    "programme",
    "subject_kind",
    "subject",
    "status",
    "effective",
    "recorded",
    "reason",
    "basis",
    "note",
)
"""The columns of an enrolment file (``subject_kind``, ``reason``, ``basis`` and ``note``
may be left out: families, no reason, no basis of its own, no note)."""


def _rows(
    source: IO[str], columns: tuple[str, ...], optional: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str] | ValidationError]]:
    reader = csv.reader(source)
    header = next(reader, None)
    if header is None:
        return
    names = [h.strip().lstrip("\ufeff") for h in header]
    required = set(columns) - set(optional)
    if not required <= set(names) or not set(names) <= set(columns):
        raise ValidationError(
            "header",
            f"must hold the columns {list(columns)}; missing {sorted(required - set(names))}, "
            f"unknown {sorted(set(names) - set(columns))}",
        )
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(names):
            yield (
                reader.line_num,
                ValidationError("row", f"has {len(values)} columns, the header has {len(names)}"),
            )
            continue
        yield reader.line_num, {n: v.strip() for n, v in zip(names, values, strict=True)}


def _day(raw: dict[str, str], name: str) -> date:
    try:
        return date.fromisoformat(raw.get(name, ""))
    except ValueError:
        raise ValidationError(name, "must be an ISO date like 2020-07-01") from None


def _rank(raw: dict[str, str]) -> WelfareRank:
    kk = NoKK.parse(raw.get("no_kk", ""))
    text = raw.get("desil", "")
    if not text.isdigit() or not 1 <= int(text) <= 10:
        raise ValidationError("desil", "must be a whole number from 1 to 10")
    return WelfareRank(kk, int(text), _day(raw, "recorded"))


def _change(raw: dict[str, str]) -> StatusChange:
    try:
        programme = Programme.parse(raw.get("programme", ""))
    except CategoryNotFoundError:
        raise ValidationError("programme", "is not a programme of the catalogue") from None
    kind = raw.get("subject_kind", "") or "family"
    subject: Subject
    if kind == "family":
        subject = NoKK.parse(raw.get("subject", ""))
    elif kind == "person":
        subject = Nik.parse(raw.get("subject", ""))
    else:
        raise ValidationError("subject_kind", "must be family or person")
    try:
        status = EnrolmentStatus(raw.get("status", ""))
    except ValueError:
        known = ", ".join(s.value for s in EnrolmentStatus)
        raise ValidationError("status", f"is not one of {known}") from None
    return StatusChange(
        programme,
        subject,
        status,
        _day(raw, "effective"),
        _day(raw, "recorded"),
        raw.get("reason", ""),
    )


def _import(
    source: str | os.PathLike[str] | IO[str],
    store: RegistryStore,
    partial: bool,
    columns: tuple[str, ...],
    optional: tuple[str, ...],
    parse: Callable[[dict[str, str]], Any],
    record: Callable[[Any], None],
) -> ImportReport:
    if isinstance(source, str | os.PathLike):
        with open(source, newline="", encoding="utf-8") as fh:
            return _import(fh, store, partial, columns, optional, parse, record)
    parsed: list[tuple[int, Any]] = []
    rejected: list[RejectedRow] = []
    count = 0
    for line, raw in _rows(source, columns, optional):
        count += 1
        try:
            if isinstance(raw, ValidationError):
                raise raw
            parsed.append((line, parse(raw)))
        except ValidationError as exc:
            rejected.append(RejectedRow(line, exc.field, exc.problem))
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


class _Undo(Exception):  # noqa: N818 - internal control flow, never escapes
    """Rolls an all-or-nothing import back."""


def import_ranks_csv(
    source: str | os.PathLike[str] | IO[str], store: RegistryStore, *, partial: bool = False
) -> ImportReport:
    """Record the welfare ranks of a rank file (:data:`RANK_COLUMNS`) in ``store``.

    Raises:
        ValidationError: the header does not hold the rank columns.
    """
    return _import(source, store, partial, RANK_COLUMNS, (), _rank, store.record_rank)


def import_enrolments_csv(
    source: str | os.PathLike[str] | IO[str], store: RegistryStore, *, partial: bool = False
) -> ImportReport:
    """Append the status changes of an enrolment file (:data:`ENROLMENT_COLUMNS`), in file
    order, to the store's enrolment history.

    Raises:
        ValidationError: the header does not hold the enrolment columns.
    """
    return _import(
        source,
        store,
        partial,
        ENROLMENT_COLUMNS,
        ("subject_kind", "reason", "basis", "note"),
        _change,
        store.record_status,
    )


def _write(
    target: str | os.PathLike[str] | IO[str], header: tuple[str, ...], rows: Iterator[list[str]]
) -> int:
    if isinstance(target, str | os.PathLike):
        with open(target, "w", newline="", encoding="utf-8") as fh:
            return _write(fh, header, rows)
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def export_ranks_csv(store: RegistryStore, target: str | os.PathLike[str] | IO[str]) -> int:
    """Write every recorded rank, in the order recorded (full numbers: an explicit reveal);
    returns the number of rows."""
    return _write(
        target,
        RANK_COLUMNS,
        ([r.no_kk.reveal(), str(r.desil), r.recorded.isoformat()] for r in store.ranks()),
    )


def export_enrolments_csv(store: RegistryStore, target: str | os.PathLike[str] | IO[str]) -> int:
    """Write the enrolment history, in the order entered (full numbers: an explicit
    reveal); returns the number of rows."""
    return _write(
        target,
        ENROLMENT_COLUMNS,
        (
            [
                c.programme.code,
                c.subject_kind.value,
                c.subject.reveal(),
                c.status.value,
                c.effective.isoformat(),
                c.recorded.isoformat(),
                c.reason,
                c.basis,
                c.note,
            ]
            for c in store.status_changes()
        ),
    )
