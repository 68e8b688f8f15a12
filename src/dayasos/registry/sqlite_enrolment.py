"""The two append-only logs of the SQLite registry: welfare ranks and enrolment status
changes, each read "in force" by the one rule of :mod:`dayasos.registry.in_force` (its SQL).
:class:`~dayasos.registry.SQLiteStore` inherits them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from dayasos.categories import Programme
from dayasos.errors import RecordNotFoundError
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.in_force import RANK_IN_FORCE, STATUS_IN_FORCE
from dayasos.registry.model import (
    EnrolmentStatus,
    StatusChange,
    Subject,
    SubjectKind,
    WelfareRank,
    expect,
)
from dayasos.registry.sqlite_connection import SQLiteConnection
from dayasos.registry.sqlite_rows import (
    CHANGE_COLUMNS,
    RANK_COLUMNS,
    change_of_row,
    change_row,
    no_kk_of,
    placeholders,
    rank_of_row,
    rank_row,
    subject_key,
)
from dayasos.registry.store import check_families_query, check_status_query

__all__ = ["SQLiteEnrolment"]


class SQLiteEnrolment(SQLiteConnection):
    """The rank and enrolment logs of :class:`~dayasos.registry.SQLiteStore` (the methods of
    :class:`~dayasos.registry.RegistryStore` on ranks and status changes)."""

    def record_rank(self, rank: WelfareRank) -> None:
        expect(rank, WelfareRank, "rank")
        row = rank_row(rank)
        with self.transaction():
            if not self._exists("family", "no_kk", row[0]):
                raise RecordNotFoundError("family", str(rank.no_kk))
            self._db.execute(
                f"INSERT INTO welfare_rank ({RANK_COLUMNS}) VALUES ({placeholders(RANK_COLUMNS)})",
                row,
            )

    def rank_on(self, no_kk: NoKK, on: date) -> WelfareRank | None:
        expect(no_kk, NoKK, "no_kk")
        expect(on, date, "on")
        row = self._db.execute(
            f"SELECT {RANK_COLUMNS} FROM welfare_rank "
            f"WHERE no_kk = ? AND {RANK_IN_FORCE.sql_where()} "
            f"ORDER BY {RANK_IN_FORCE.sql_latest_first()} LIMIT 1",
            (int(no_kk.reveal()), on.isoformat()),
        ).fetchone()
        return None if row is None else rank_of_row(row)

    def record_status(self, change: StatusChange) -> None:
        expect(change, StatusChange, "change")
        row = change_row(change)
        family = change.subject_kind is SubjectKind.FAMILY
        table, key = ("family", "no_kk") if family else ("person", "nik")
        with self.transaction():
            if not self._exists(table, key, row[2]):
                raise RecordNotFoundError(table, str(change.subject))
            self._db.execute(
                f"INSERT INTO status_change ({CHANGE_COLUMNS}) "
                f"VALUES ({placeholders(CHANGE_COLUMNS)})",
                row,
            )

    def history(self, programme: Programme, subject: Subject) -> tuple[StatusChange, ...]:
        expect(programme, Programme, "programme")
        expect(subject, (NoKK, Nik), "subject")
        kind, key = subject_key(subject)
        rows = self._db.execute(
            f"SELECT {CHANGE_COLUMNS} FROM status_change "
            "WHERE programme = ? AND subject_kind = ? AND subject = ? ORDER BY seq",
            (programme.value, kind, key),
        ).fetchall()
        return tuple(change_of_row(r) for r in rows)

    def status_on(
        self, programme: Programme, subject: Subject, on: date, known_on: date | None = None
    ) -> EnrolmentStatus | None:
        check_status_query(programme, subject, on, known_on)
        kind, key = subject_key(subject)
        known = date.max if known_on is None else known_on
        row = self._db.execute(
            "SELECT status FROM status_change WHERE programme = ? AND subject_kind = ? "
            f"AND subject = ? AND {STATUS_IN_FORCE.sql_where(known=True)} "
            f"ORDER BY {STATUS_IN_FORCE.sql_latest_first()} LIMIT 1",
            (programme.value, kind, key, on.isoformat(), known.isoformat()),
        ).fetchone()
        return None if row is None else EnrolmentStatus(row[0])

    def families_with_status(
        self,
        programme: Programme,
        on: date,
        status: EnrolmentStatus = EnrolmentStatus.ACTIVE,
        region: RegionCode | None = None,
    ) -> tuple[NoKK, ...]:
        check_families_query(programme, on, status, region)
        prefix = "" if region is None else region.digits
        rows = self._db.execute(
            f"""SELECT c.subject FROM (
                   SELECT subject, status, ROW_NUMBER() OVER (
                       PARTITION BY subject ORDER BY {STATUS_IN_FORCE.sql_latest_first()}) AS rn
                   FROM status_change
                   WHERE programme = ? AND subject_kind = 'family'
                     AND {STATUS_IN_FORCE.sql_where()}) AS c
               JOIN family AS f ON f.no_kk = c.subject
               WHERE c.rn = 1 AND c.status = ? AND f.region >= ? AND f.region < ?
               ORDER BY c.subject""",
            (programme.value, on.isoformat(), status.value, prefix, prefix + ":"),
        ).fetchall()
        return tuple(no_kk_of(r[0]) for r in rows)

    def ranks(self) -> Iterator[WelfareRank]:
        cur = self._db.execute(f"SELECT {RANK_COLUMNS} FROM welfare_rank ORDER BY seq")
        return (rank_of_row(r) for r in cur)

    def status_changes(self) -> Iterator[StatusChange]:
        cur = self._db.execute(f"SELECT {CHANGE_COLUMNS} FROM status_change ORDER BY seq")
        return (change_of_row(r) for r in cur)
