"""The plain-list column read of the SQLite registry: every member in force on a date with the
rank and the status in force, in a few set-based queries (the in-force rule of
:mod:`dayasos.registry.in_force`). :class:`~dayasos.registry.SQLiteStore` inherits it; its
numpy read is :meth:`~dayasos.registry.SQLiteStore.member_columns`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dayasos.categories import Programme
from dayasos.registry.in_force import RANK_IN_FORCE, STATUS_IN_FORCE
from dayasos.registry.model import expect
from dayasos.registry.sqlite_connection import SQLiteConnection

__all__ = ["SQLiteColumnReads"]


class SQLiteColumnReads(SQLiteConnection):
    """The plain-list column read of :class:`~dayasos.registry.SQLiteStore`."""

    def read_columns_revealed(self, on: date, programme: Programme) -> dict[str, list[Any]]:
        """The facts of every member in force on ``on``, in a few set-based queries, for
        column-wise evaluation without numpy (the numpy read is ``member_columns``).

        The name says it: the ``no_kk`` and ``family`` columns are the **unmasked** No. KK
        numbers (as integers). Keep them inside the process; never log or export them.

        Returns plain lists: per member row (ordered by No. KK, then NIK) ``no_kk`` (int),
        ``birth_date``, ``sex``, ``disability``, ``school_level`` (stored codes), ``pregnant``
        (a pregnancy due on or after ``on``); and per family of those rows, in the same order,
        ``family`` (int No. KK), ``region`` (digits), ``desil`` (in force, 0 if none) and
        ``status`` (the ``programme`` enrolment status code in force, ``""`` if none), with
        the same tie rules as :meth:`rank_on` and :meth:`status_on`.
        """
        expect(on, date, "on")  # a datetime is refused: its time would be dropped
        expect(programme, Programme, "programme")
        day = on.isoformat()
        rows = self._db.execute(
            """SELECT m.no_kk, p.birth_date, p.sex, p.disability, p.school_level,
                      p.pregnancy_due IS NOT NULL AND p.pregnancy_due >= ?
               FROM membership m JOIN person p ON p.nik = m.nik
               WHERE m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?)
               ORDER BY m.no_kk, m.nik""",
            (day, day, day),
        ).fetchall()
        out: dict[str, list[Any]] = {
            k: [r[i] for r in rows]
            for i, k in enumerate(
                ("no_kk", "birth_date", "sex", "disability", "school_level", "pregnant")
            )
        }
        families = sorted(set(out["no_kk"]))
        regions = dict(self._db.execute("SELECT no_kk, region FROM family").fetchall())
        desil: dict[int, int] = {}
        for kk, d in self._db.execute(
            f"SELECT no_kk, desil FROM welfare_rank WHERE {RANK_IN_FORCE.sql_where()} "
            f"ORDER BY {RANK_IN_FORCE.sql_oldest_first()}",
            (day,),
        ):
            desil[kk] = d  # the last one in the order is in force
        status: dict[int, str] = {}
        for kk, st in self._db.execute(
            f"""SELECT subject, status FROM status_change
               WHERE programme = ? AND subject_kind = 'family' AND {STATUS_IN_FORCE.sql_where()}
               ORDER BY {STATUS_IN_FORCE.sql_oldest_first()}""",
            (programme.value, day),
        ):
            status[kk] = st
        out["family"] = families
        out["region"] = [regions[k] for k in families]
        out["desil"] = [desil.get(k, 0) for k in families]
        out["status"] = [status.get(k, "") for k in families]
        return out
