"""Reviewing duplicate candidates: a review sheet a person can judge at a glance, and the
reviewer's decision recorded in the store. Nothing is merged.

1. :func:`propose` stores the candidates of :func:`~dayasos.registry.linkage.link` as
   review pairs (each pair once, with a number) and returns the sheet's rows: pair number,
   score, probability, the two persons with their identifiers labelled by kind and masked
   (``NIK 3171…0001``, ``No. KK 3171…0002``), birth dates, sexes, regions and the per-field
   comparison. Names are masked (``S*** A***``) unless ``reveal_names=True``, the explicit
   request a reviewer's sheet usually needs.
2. The reviewer fills in ``decision`` (``same``, ``different`` or ``unsure``), ``reviewer``
   and ``note``; :func:`record_decisions` (or :func:`decide` for one pair) appends the
   decisions with who and when to the store (a later decision on a pair supersedes, the
   earlier ones stay).
3. :func:`decided_pairs` lists the pairs whose latest decision is ``same`` or ``different``:
   :func:`~dayasos.registry.linkage.link` takes them as ``exclude`` and never proposes them
   again (an ``unsure`` pair is proposed again).

CSV sheets neutralise spreadsheet formulas by default (a text cell starting with ``=``,
``+``, ``-`` or ``@`` gets a leading ``'``).

Examples:
    >>> from datetime import datetime, timezone
    >>> from dayasos.registry import SQLiteStore
    >>> from dayasos.registry.linkage import LinkageRecord, link
    >>> from datetime import date
    >>> people = [
    ...     LinkageRecord("3171010205800001", "Joko Susilo", date(1980, 5, 2), "m",
    ...                   "3171012009000001", "3171011001"),
    ...     LinkageRecord("3171010205800002", "Joko", date(1980, 5, 2), "m",
    ...                   "3171012009000099", "3171011001"),
    ... ]
    >>> with SQLiteStore() as store:
    ...     found = link(people, u=UNIFORM_U, threshold=0).candidates
    ...     rows = propose(store, found, records=people)
    ...     print(rows[0]["first"], "|", rows[0]["second_family"], "|", rows[0]["name"])
    ...     decide(store, rows[0]["pair"], ReviewDecision.SAME, "petugas-1",
    ...            at=datetime(2026, 1, 5, tzinfo=timezone.utc))
    ...     len(decided_pairs(store))
    NIK 3171…0001 | No. KK 3171…0099 | part
    1
"""

from __future__ import annotations

import csv
import enum
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Final

from dayasos.errors import RecordNotFoundError, ValidationError
from dayasos.registry.identity import mask_name
from dayasos.registry.linkage import FIELD_LEVELS, LinkageRecord, MatchCandidate, records_of
from dayasos.registry.sqlite import SQLiteStore

__all__ = [
    "REVIEW_COLUMNS",
    "UNIFORM_U",
    "ReviewDecision",
    "decide",
    "decided_pairs",
    "label",
    "neutralise",
    "propose",
    "read_decisions",
    "record_decisions",
    "write_sheet",
]

REVIEW_COLUMNS: Final = (
    "pair",
    "score",
    "probability",
    "first",
    "second",
    "first_name",
    "second_name",
    "first_birth_date",
    "second_birth_date",
    "first_sex",
    "second_sex",
    "first_family",
    "second_family",
    "first_region",
    "second_region",
    *FIELD_LEVELS,
    "explanation",
    "decision",
    "reviewer",
    "note",
)
"""The columns of a review sheet, in order."""

UNIFORM_U: Final[dict[str, dict[str, float]]] = {
    f: {level: 1 / len(levels) for level in levels} for f, levels in FIELD_LEVELS.items()
}
"""``u`` probabilities that treat every level as equally likely among non-matches: for tiny
examples, where estimating ``u`` from random pairs means nothing."""


class ReviewDecision(enum.Enum):
    """A reviewer's judgement of a candidate pair."""

    SAME = "same"
    """The two records describe the same person."""
    DIFFERENT = "different"
    """Two different persons."""
    UNSURE = "unsure"
    """Not decided: the pair is proposed again."""


def label(kind: str, digits: str) -> str:
    """An identifier labelled by its kind and masked: ``NIK 3171…0001``.

    Examples:
        >>> label("No. KK", "3171012009000001")
        'No. KK 3171…0001'
    """
    if not digits:
        return ""
    return f"{kind} {digits[:4]}…{digits[-4:]}"


def neutralise(text: str) -> str:
    """A text cell made safe for spreadsheets: a leading ``=``, ``+``, ``-`` or ``@`` (a
    formula) gets a ``'`` before it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _row(
    pair: int, c: MatchCandidate, a: LinkageRecord, b: LinkageRecord, reveal_names: bool
) -> dict[str, Any]:
    def name(r: LinkageRecord) -> str:
        return r.name if reveal_names else mask_name(r.name)

    row: dict[str, Any] = {
        "pair": pair,
        "score": round(c.score, 1),
        "probability": round(c.probability, 4),
        "first": label("NIK", a.nik),
        "second": label("NIK", b.nik),
        "first_name": name(a),
        "second_name": name(b),
        "first_birth_date": a.birth_date.isoformat(),
        "second_birth_date": b.birth_date.isoformat(),
        "first_sex": a.sex,
        "second_sex": b.sex,
        "first_family": label("No. KK", a.no_kk),
        "second_family": label("No. KK", b.no_kk),
        "first_region": a.region,
        "second_region": b.region,
    }
    for comp in c.comparisons:
        row[comp.field] = comp.level
    row["explanation"] = "; ".join(str(comp) for comp in c.comparisons)
    row["decision"] = row["reviewer"] = row["note"] = ""
    return row


def propose(
    store: SQLiteStore,
    candidates: Sequence[MatchCandidate],
    *,
    records: Sequence[LinkageRecord] | None = None,
    reveal_names: bool = False,
    at: datetime | None = None,
) -> list[dict[str, Any]]:
    """Store the candidates as review pairs and return the review sheet's rows
    (:data:`REVIEW_COLUMNS`), best first. A pair proposed before keeps its number.

    Args:
        store: the registry the candidates come from (also holds the review tables).
        candidates: from :func:`~dayasos.registry.linkage.link`.
        records: the linkage records of the candidates (default: read from ``store``;
            records not in the store are looked up here first).
        reveal_names: show full names (default masked): the explicit request to reveal them.
        at: when the pairs were proposed (default now, UTC).
    """
    when = (at or datetime.now(UTC)).isoformat()
    wanted = {c.first.reveal() for c in candidates} | {c.second.reveal() for c in candidates}
    by_nik = {r.nik: r for r in (records or ()) if r.nik in wanted}
    if wanted - by_nik.keys():
        for r in records_of(store):
            if r.nik in wanted and r.nik not in by_nik:
                by_nik[r.nik] = r
    rows = []
    db = store.connection
    with store.transaction():
        for c in candidates:
            a, b = c.first.reveal(), c.second.reveal()
            if a not in by_nik or b not in by_nik:
                missing = c.first if a not in by_nik else c.second
                raise RecordNotFoundError("person", str(missing))
            db.execute(
                "INSERT OR IGNORE INTO review_pair (first_nik, second_nik, score, proposed) "
                "VALUES (?, ?, ?, ?)",
                (int(a), int(b), c.score, when),
            )
            pair = db.execute(
                "SELECT id FROM review_pair WHERE first_nik = ? AND second_nik = ?",
                (int(a), int(b)),
            ).fetchone()[0]
            rows.append(_row(pair, c, by_nik[a], by_nik[b], reveal_names))
    return rows


def decide(
    store: SQLiteStore,
    pair: int,
    decision: ReviewDecision,
    reviewer: str,
    *,
    note: str = "",
    at: datetime | None = None,
) -> None:
    """Append a reviewer's decision on review pair ``pair`` (who, when, why).

    Raises:
        RecordNotFoundError: no such pair.
        ValidationError: an empty reviewer.
    """
    if not reviewer.strip():
        raise ValidationError("reviewer", "must name who decided")
    db = store.connection
    with store.transaction():
        if db.execute("SELECT 1 FROM review_pair WHERE id = ?", (pair,)).fetchone() is None:
            raise RecordNotFoundError("review pair", str(pair))
        db.execute(
            "INSERT INTO review_decision (pair, decision, reviewer, decided_at, note) "
            "VALUES (?, ?, ?, ?, ?)",
            (pair, decision.value, reviewer.strip(), (at or datetime.now(UTC)).isoformat(), note),
        )


def decided_pairs(store: SQLiteStore) -> frozenset[tuple[str, str]]:
    """The pairs (NIK digits, lower first) whose latest decision is ``same`` or
    ``different``: never to be proposed again."""
    rows = store.connection.execute(
        """SELECT p.first_nik, p.second_nik FROM review_pair p
           JOIN review_decision d ON d.pair = p.id
           WHERE d.seq = (SELECT max(seq) FROM review_decision WHERE pair = p.id)
             AND d.decision IN ('same', 'different')"""
    ).fetchall()
    return frozenset((f"{a:016d}", f"{b:016d}") for a, b in rows)


def write_sheet(
    rows: Iterable[dict[str, Any]],
    target: str | os.PathLike[str] | IO[str],
    *,
    neutralise_formulas: bool = True,
) -> int:
    """Write review rows as CSV (:data:`REVIEW_COLUMNS`); returns the number of rows.
    Text cells are neutralised against spreadsheet formulas unless told otherwise."""
    if isinstance(target, str | os.PathLike):
        with open(target, "w", newline="", encoding="utf-8") as fh:
            return write_sheet(rows, fh, neutralise_formulas=neutralise_formulas)
    writer = csv.DictWriter(target, REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        out = {
            k: neutralise(v) if neutralise_formulas and isinstance(v, str) else v
            for k, v in row.items()
        }
        writer.writerow(out)
        n += 1
    return n


def read_decisions(
    source: str | os.PathLike[str] | IO[str],
) -> list[tuple[int, ReviewDecision, str, str]]:
    """The filled-in rows of a review sheet: ``(pair, decision, reviewer, note)`` for every
    row with a decision.

    Raises:
        ValidationError: a row with an unknown decision, no reviewer or a bad pair number
            (the line is named).
    """
    if isinstance(source, str | os.PathLike):
        with open(Path(source), newline="", encoding="utf-8") as fh:
            return read_decisions(fh)
    out = []
    reader = csv.DictReader(source)
    for row in reader:
        text = (row.get("decision") or "").strip().lower()
        if not text:
            continue
        line = reader.line_num
        try:
            decision = ReviewDecision(text)
        except ValueError:
            raise ValidationError(
                "decision", f"line {line}: must be same, different or unsure"
            ) from None
        reviewer = (row.get("reviewer") or "").strip().lstrip("'")
        if not reviewer:
            raise ValidationError("reviewer", f"line {line}: must name who decided")
        try:
            pair = int((row.get("pair") or "").strip())
        except ValueError:
            raise ValidationError("pair", f"line {line}: must be the pair number") from None
        out.append((pair, decision, reviewer, (row.get("note") or "").strip().lstrip("'")))
    return out


def record_decisions(
    store: SQLiteStore,
    source: str | os.PathLike[str] | IO[str],
    *,
    at: datetime | None = None,
) -> int:
    """Record every decision of a filled-in review sheet (all or none); returns how many."""
    decisions = read_decisions(source)
    with store.transaction():
        for pair, decision, reviewer, note in decisions:
            decide(store, pair, decision, reviewer, note=note, at=at)
    return len(decisions)
