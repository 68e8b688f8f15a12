"""Cross-row checks of a parsed batch against the rows before it and the store.

:func:`check_batch` decides, per batch, the checks that involve more than one row (a NIK
stated twice with different data, a No. KK with two regions, overlapping memberships, two
heads) against the store, which holds every row accepted before: rows that cannot conflict
are accepted as a set, the others one by one in line order, with the reasons of the row
import. Internal to :mod:`dayasos.registry.bulk`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from attrs import define, field

from dayasos.categories import DisabilitySeverity, SchoolLevel, Sex
from dayasos.errors import RegistryConflictError
from dayasos.registry.bulk.parse import HEAD_CODE
from dayasos.registry.bulk.parsed import (
    Parsed,
    first_of_each,
    key_order,
    member_conflicts,
    member_order,
    prepare,
)
from dayasos.registry.bulk.pending import PendingPersons
from dayasos.registry.bulk.seen import KeySeen
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.io import RejectedRow
from dayasos.registry.sqlite import SQLiteStore
from dayasos.registry.sqlite_rows import membership_of_row
from dayasos.registry.store import check_new_membership

__all__ = ["Context", "Outcome", "check_batch"]

_OPEN_END: Final = "9999-12-31~"  # sorts after every ISO date: an open membership


def _fetch(db: Any, sql: str, keys: npt.NDArray[np.int64]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (with one ``?`` for a JSON array of keys) for the keys (distinct)."""
    if len(keys) == 0:
        return []
    text = "[" + ",".join(map(str, keys.tolist())) + "]"
    return db.execute(sql, (text,)).fetchall()  # type: ignore[no-any-return]


def _member_conflict(existing: list[tuple[Any, ...]], new: tuple[Any, ...]) -> str | None:
    """The reason the row import gives for a membership conflict, or ``None``."""
    end = new[4] or _OPEN_END
    head = new[2] == HEAD_CODE
    relevant = [
        membership_of_row(m)
        for m in existing
        if m[3] < end
        and new[3] < (m[4] or _OPEN_END)
        and (m[1] == new[1] or (head and m[2] == HEAD_CODE))
    ]
    if relevant:
        try:
            check_new_membership(relevant, membership_of_row(new))
        except RegistryConflictError as exc:
            return exc.problem
    return None


@define(slots=True)
class Context:
    """What the cross-row checks need besides the batch: the import's options, its counts,
    and, for an import into a store that held no person and no family when it started
    (``persons_seen`` and ``families_seen`` set), the keys the import may have written: only
    those are looked up in the store."""

    store: SQLiteStore
    last_member_id: int  # memberships up to this id were stored before the import
    on_change: str
    who: str
    why: str
    effective: date
    unchanged: int = 0
    corrected: int = 0
    persons_seen: KeySeen | None = None
    families_seen: KeySeen | None = None
    pending: PendingPersons = field(factory=lambda: PendingPersons(1))

    def to_look_up(self, keys: npt.NDArray[np.int64], person: bool) -> npt.NDArray[np.int64]:
        """The distinct ``keys`` that may be stored (all of them unless the store started
        empty)."""
        seen = self.persons_seen if person else self.families_seen
        return keys if seen is None else keys[seen.may_hold(keys)]

    def written(self, persons: npt.NDArray[np.int64], families: npt.NDArray[np.int64]) -> None:
        """Record the keys of persons and families written (memberships are looked up by
        their No. KK, which is written with its family)."""
        if self.persons_seen is not None and self.families_seen is not None:
            self.persons_seen.add(persons)
            self.families_seen.add(families)


@define(slots=True, repr=False)  # holds personal data: no repr of the values
class Outcome:
    """What :func:`check_batch` decided: the accepted rows (positions in the batch), the
    rejections, and what to write: the rows accepted as a set (positions, each table in key
    order) and the records accepted one by one (stored encodings, any order)."""

    accepted: list[int]
    rejected: list[RejectedRow]
    person_rows: npt.NDArray[np.intp]
    family_rows: npt.NDArray[np.intp]
    member_rows: npt.NDArray[np.intp]
    persons: list[tuple[Any, ...]]
    families: list[tuple[Any, ...]]
    memberships: list[tuple[Any, ...]]

    def keys_written(self, parsed: Parsed) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The NIKs and No. KKs of the persons and families to write."""
        nik = np.concatenate(
            (parsed.nik[self.person_rows], np.array([p[0] for p in self.persons], np.int64))
        )
        kk = np.concatenate(
            (parsed.kk[self.family_rows], np.array([f[0] for f in self.families], np.int64))
        )
        return nik, kk


def _imported(db: Any, kind: int, key: int) -> bool:
    row = db.execute("SELECT 1 FROM temp._dayasos_imported WHERE kind = ? AND key = ?", (kind, key))
    return row.fetchone() is not None


def _correct_person(ctx: Context, known: tuple[Any, ...], new: tuple[Any, ...]) -> None:
    from dayasos.registry.corrections import PERSON_FIELDS, correct_person

    columns = ("nik", "name", "birth_date", "sex", "disability", "pregnancy_due", "school_level")
    changes: dict[str, Any] = {}
    for name, old, value in zip(columns, known, new, strict=True):
        if name in PERSON_FIELDS and old != value:
            if name in ("birth_date", "pregnancy_due"):
                changes[name] = None if value is None else date.fromisoformat(value)
            elif name == "sex":
                changes[name] = Sex.parse(value)
            elif name == "disability":
                changes[name] = DisabilitySeverity.parse(value)
            elif name == "school_level":
                changes[name] = SchoolLevel.parse(value)
            else:
                changes[name] = value
    correct_person(
        ctx.store,
        Nik(f"{new[0]:016d}"),
        who=ctx.who,
        why=ctx.why,
        effective=ctx.effective,
        **changes,
    )
    ctx.corrected += 1


def check_batch(parsed: Parsed, db: Any, ctx: Context) -> Outcome:
    n = len(parsed.lines)
    idx = np.arange(n)
    has_p = parsed.nik >= 0
    has_f = parsed.kk >= 0
    if parsed.keys is None:
        prepare(parsed)
    keys = parsed.keys
    assert keys is not None  # made by prepare
    p_rows, p_dup, p_keys = keys.person_rows, keys.person_dup, keys.person_keys
    f_rows, f_order, f_keys = keys.family_rows, keys.family_order, keys.family_keys
    m_kk = keys.member_kk
    look_up = ctx.to_look_up(p_keys, True)
    stored_p = {
        r[0]: r
        for r in _fetch(
            db,
            "SELECT nik, name, birth_date, sex, disability, pregnancy_due, school_level "
            "FROM person WHERE nik IN (SELECT value FROM json_each(?))",
            look_up,
        )
    }
    # persons accepted earlier in this import and not yet written count as stored
    stored_p.update((r[0], r) for r in ctx.pending.find(look_up))
    stored_f: dict[int, str] = dict(
        _fetch(
            db,
            "SELECT no_kk, region FROM family WHERE no_kk IN (SELECT value FROM json_each(?))",
            ctx.to_look_up(f_keys, False),
        )
    )
    stored_m: dict[int, list[tuple[Any, ...]]] = {}
    for r in _fetch(
        db,
        "SELECT no_kk, nik, relationship, start_date, end_date, id FROM membership "
        "WHERE no_kk IN (SELECT value FROM json_each(?))",
        ctx.to_look_up(m_kk, False),
    ):
        stored_m.setdefault(r[0], []).append(r)
    # memberships stored before this import: a row stating one of them again is unchanged
    before = {r[:5] for rows in stored_m.values() for r in rows if r[5] <= ctx.last_member_id}

    # rows that cannot conflict with any other: accepted as a set
    seq = np.zeros(n, dtype=np.bool_)
    seq[p_rows] |= p_dup
    if stored_p:
        seq[p_rows] |= np.isin(parsed.nik[p_rows], np.fromiter(stored_p, np.int64))
    bad_kk: set[int] = set(keys.bad_kk)  # conflicts within the batch
    if stored_f and len(f_rows):
        # a No. KK stated with another region than the stored one
        sorted_rows = f_rows[f_order]
        sk = parsed.kk[sorted_rows]
        again = sorted_rows[np.isin(sk, np.fromiter(stored_f, np.int64))]
        bad_kk.update(
            k
            for k, r in zip(parsed.kk[again].tolist(), parsed.take("region", again), strict=True)
            if stored_f[k] != r
        )
    if stored_m:
        # a member stated twice, or two heads, counting the stored memberships
        rows_s = [r for rows in stored_m.values() for r in rows]
        bad_kk.update(
            member_conflicts(
                np.concatenate((parsed.kk[parsed.member], [r[0] for r in rows_s])).astype(np.int64),
                np.concatenate((parsed.nik[parsed.member], [r[1] for r in rows_s])).astype(
                    np.int64
                ),
                np.concatenate(
                    (parsed.head[parsed.member], [r[2] == HEAD_CODE for r in rows_s])
                ).astype(np.bool_),
            )
        )
    if bad_kk:
        seq[f_rows] |= np.isin(parsed.kk[f_rows], np.fromiter(bad_kk, np.int64))

    simple = ~seq
    # simple rows: NIKs unique in the batch and new to the store; a family once, if new
    prep = parsed.prepared
    if prep is not None and not stored_f and not seq.any():  # every row: as prepared
        rows_p, rows_f, rows_m = prep.person_rows, prep.family_rows, prep.member_rows
    else:
        rows_p = key_order(parsed.nik, idx[simple & has_p])
        rows_f = first_of_each(parsed.kk, idx[simple & has_f])
        if stored_f and len(rows_f):
            rows_f = rows_f[~np.isin(parsed.kk[rows_f], np.fromiter(stored_f, np.int64))]
        rows_m = member_order(parsed, idx[simple & parsed.member])
    out = Outcome([], [], rows_p, rows_f, rows_m, [], [], [])
    accepted = np.zeros(n, dtype=np.bool_)
    accepted[~seq] = True
    sequential = idx[seq].tolist()
    if sequential:
        persons: dict[int, tuple[Any, ...]] = dict(stored_p)
        families: dict[int, str] = dict(stored_f)
        members: dict[int, list[tuple[Any, ...]]] = {k: list(v) for k, v in stored_m.items()}
        region = parsed.text("region")
        # a simple row never shares its NIK with a sequential one; it may share the family
        seq_kk = np.unique(parsed.kk[seq & has_f])
        for i in idx[simple & has_f & np.isin(parsed.kk, seq_kk)].tolist():
            families[int(parsed.kk[i])] = str(region[i])
            if parsed.member[i]:
                members.setdefault(int(parsed.kk[i]), []).append(parsed.membership(i))
        for i in sequential:
            line = parsed.lines[i]
            person = parsed.person(i) if has_p[i] else None
            correct_p = correct_f = False
            if person is not None:
                known = persons.get(person[0])
                if known is not None and tuple(known) != person:
                    if (
                        ctx.on_change == "correct"
                        and person[0] in stored_p
                        and not _imported(db, 0, person[0])
                    ):
                        correct_p = True
                    else:
                        out.rejected.append(
                            RejectedRow(line, "nik", "appears earlier with different person data")
                        )
                        continue
            k = int(parsed.kk[i])
            if has_f[i]:
                known_f = families.get(k)
                if known_f is not None and known_f != region[i]:
                    if ctx.on_change == "correct" and k in stored_f and not _imported(db, 1, k):
                        correct_f = True
                    else:
                        out.rejected.append(
                            RejectedRow(line, "region", "differs from the region of this No. KK")
                        )
                        continue
            if parsed.member[i] and parsed.membership(i) in before:
                ctx.unchanged += 1  # stated again as stored: nothing to write
            elif parsed.member[i]:
                new_m = parsed.membership(i)
                existing = members.setdefault(k, [])
                problem = _member_conflict(existing, new_m)
                if problem is not None:
                    out.rejected.append(RejectedRow(line, "relationship", problem))
                    continue
                existing.append(new_m)
                out.memberships.append(new_m)
            if correct_p and person is not None:
                _correct_person(ctx, persons[person[0]], person)
                persons[person[0]] = person
            if correct_f:
                from dayasos.registry.corrections import move_family

                move_family(
                    ctx.store,
                    NoKK(f"{k:016d}"),
                    RegionCode(str(region[i])),
                    who=ctx.who,
                    why=ctx.why,
                    effective=ctx.effective,
                )
                families[k] = str(region[i])
                ctx.corrected += 1
            if person is not None and person[0] not in persons:
                persons[person[0]] = person
                out.persons.append(person)
            if has_f[i] and k not in families:
                families[k] = str(region[i])
                out.families.append((k, region[i]))
            accepted[i] = True
    out.accepted = idx[accepted].tolist()
    return out
