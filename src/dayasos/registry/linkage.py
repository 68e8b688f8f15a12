"""Record linkage: probable duplicate persons, scored by Fellegi-Sunter match weights over
blocked candidate pairs, each with a per-field explanation. Nothing is ever merged.

The method is the field's established one (Fellegi and Sunter, "A Theory for Record
Linkage", Journal of the American Statistical Association 64(328), 1969; the same model
Splink implements over DuckDB or Spark):

1. **Blocking.** Only pairs that agree on at least one blocking key are compared: the
   phonetic key of the name and the birth year; the birth date and the kabupaten/kota; the
   first eight or the last eight digits of the NIK (a one-digit error leaves one half intact);
   the first name token's phonetic key and the birth date (``Joko`` vs ``Joko Susilo``).
   Blocks larger than ``max_block`` are skipped (reported in :class:`LinkageResult`).
2. **Comparison.** Each pair gets a level per field (:data:`FIELD_LEVELS`): names by
   Jaro-Winkler similarity (rapidfuzz) and an Indonesian phonetic key
   (:func:`phonetic_key`), case and spacing ignored; birth dates exact, day and month
   swapped, within ``birth_tolerance_days`` or one digit off, or the same year; sex; NIK and
   No. KK exact or one digit off (for the NIK only where region and birth date do not
   explain the difference: persons of one kecamatan and birth date have NIKs one serial
   apart); region by the lowest shared level of the hierarchy.
3. **Weights.** A level's weight is ``log2(m / u)``: ``m`` the probability of the level among
   true duplicates, ``u`` among random pairs. ``u`` is estimated from random pairs of the
   data itself (:func:`estimate_u`); ``m`` are the defaults of :data:`DEFAULT_M`
   (assumptions, overridable; they were set on the synthetic registry of
   :mod:`dayasos.registry.planted`, not estimated from real data). A pair's score is the sum
   of its fields' weights; pairs at or above ``threshold`` are candidates.

A candidate only says "look at these two": :mod:`dayasos.registry.review` exports a review
sheet and records the reviewer's decision.

Examples:
    >>> phonetic_key("Djoko Soesilo") == phonetic_key("Joko Susilo")
    True
    >>> phonetic_key("WATI") == phonetic_key("  wati ")
    True
"""

from __future__ import annotations

import importlib
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import combinations
from typing import Any, Final

from attrs import define

from dayasos.errors import ValidationError
from dayasos.registry.identity import Nik, NoKK
from dayasos.registry.json_io import RegistryDocument
from dayasos.registry.linkage_compare import (
    BIRTH_TOLERANCE_DAYS,
    DEFAULT_M,
    FIELD_LEVELS,
    Comparison,
    LinkageRecord,
    NameKey,
    compare,
    compare_prepared,
    estimate_u,
    normalise_name,
    phonetic_key,
)
from dayasos.registry.sqlite import SQLiteStore
from dayasos.registry.store import RegistryStore

__all__ = [
    "BIRTH_TOLERANCE_DAYS",
    "DEFAULT_M",
    "DEFAULT_THRESHOLD",
    "FIELD_LEVELS",
    "MATCH_PRIOR",
    "MAX_BLOCK",
    "Comparison",
    "LinkageRecord",
    "LinkageResult",
    "MatchCandidate",
    "compare",
    "estimate_u",
    "link",
    "link_dask",
    "normalise_name",
    "pair_key",
    "phonetic_key",
    "records_of",
]

MAX_BLOCK: Final = 200
"""Default: blocks with more records are skipped (bounds the quadratic work)."""

MATCH_PRIOR: Final = 1e-4
"""Default prior probability that a blocked pair is a match, for a candidate's
``probability`` (an assumption, like :data:`DEFAULT_THRESHOLD`)."""

DEFAULT_THRESHOLD: Final = 21.0
"""The default score (sum of log2 weights) at which a pair becomes a candidate (set on the
synthetic registry of :mod:`dayasos.registry.planted`; an assumption to tune on real data)."""


@define(frozen=True, slots=True)
class MatchCandidate:
    """A pair of persons that may be the same person, with its score and explanation.

    Attributes:
        first, second: the two persons' NIK (``first`` < ``second``; masked in ``repr``).
        score: the sum of the field weights (log2 units).
        probability: the match probability for the prior ``lambda_`` of :func:`link`.
        comparisons: the per-field comparison that explains the score.
    """

    first: Nik
    second: Nik
    score: float
    probability: float
    comparisons: tuple[Comparison, ...]

    def explain(self) -> str:
        """One line per field: level, detail and weight."""
        return "\n".join(str(c) for c in self.comparisons)


@define(frozen=True, slots=True)
class LinkageResult:
    """Candidates, best first, and what the run did.

    Attributes:
        candidates: pairs at or above the threshold, highest score first.
        pairs_compared: the distinct blocked pairs compared.
        skipped_blocks: blocks larger than ``max_block`` that were not compared (their
            pairs can still meet through another blocking key).
        u: the ``u`` probabilities used.
    """

    candidates: tuple[MatchCandidate, ...]
    pairs_compared: int
    skipped_blocks: int
    u: dict[str, dict[str, float]]


def records_of(source: RegistryStore | RegistryDocument) -> list[LinkageRecord]:
    """The linkage records of a store or document: each person with the family and region
    of their latest membership (by start date). A :class:`SQLiteStore` is read with two
    set-based queries."""
    if isinstance(source, SQLiteStore):
        db = source.connection
        latest: dict[int, tuple[int, str]] = {}
        for nik, kk, region in db.execute(
            "SELECT m.nik, m.no_kk, f.region FROM membership m JOIN family f "
            "ON f.no_kk = m.no_kk ORDER BY m.nik, m.start_date, m.id"
        ):
            latest[nik] = (kk, region)
        out = []
        for nik, name, born, sex in db.execute(
            "SELECT nik, name, birth_date, sex FROM person ORDER BY nik"
        ):
            kk, region = latest.get(nik, (0, ""))
            out.append(
                LinkageRecord(
                    f"{nik:016d}",
                    name,
                    date.fromisoformat(born),
                    sex,
                    f"{kk:016d}" if kk else "",
                    region,
                )
            )
        return out
    doc = source if isinstance(source, RegistryDocument) else RegistryDocument.of(source)
    regions = {f.no_kk: f.region.digits for f in doc.families}
    latest_m: dict[Nik, tuple[date, NoKK]] = {}
    for m in doc.memberships:
        if m.nik not in latest_m or m.start >= latest_m[m.nik][0]:
            latest_m[m.nik] = (m.start, m.no_kk)
    out = []
    for p in doc.persons:
        found = latest_m.get(p.nik)
        kk_digits = "" if found is None else found[1].reveal()
        region = "" if found is None else regions.get(found[1], "")
        out.append(
            LinkageRecord(p.nik.reveal(), p.name, p.birth_date, p.sex.code, kk_digits, region)
        )
    return out


def _block_keys(r: LinkageRecord, name: NameKey) -> Iterator[str]:
    born = r.birth_date.isoformat()
    yield f"n|{name.key}|{r.birth_date.year}"
    yield f"b|{born}|{r.region[:4]}"
    yield f"f|{name.first_key}|{born}"


def _blocks(
    records: Sequence[LinkageRecord], names: Sequence[NameKey], max_block: int
) -> tuple[list[list[int]], int]:
    """The blocks of two or more records (indexes), and how many were too large."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for k in _block_keys(r, names[i]):
            by_key[k].append(i)
    blocks: list[list[int]] = []
    skipped = 0
    for members in by_key.values():
        if len(members) < 2:
            continue
        if len(members) > max_block:
            skipped += 1
            continue
        blocks.append(members)
    return blocks, skipped


@define(frozen=True, slots=True)
class _Scoring:
    u: dict[str, dict[str, float]]
    m: dict[str, dict[str, float]] | None
    tolerance: int
    threshold: float
    prior: float
    exclude: frozenset[tuple[str, str]]


def _score(
    pairs: Iterable[tuple[int, int]],
    records: Sequence[LinkageRecord],
    names: Sequence[NameKey],
    how: _Scoring,
) -> list[MatchCandidate]:
    out: list[MatchCandidate] = []
    for i, j in pairs:
        if records[i].nik > records[j].nik:
            i, j = j, i
        a, b = records[i], records[j]
        if (a.nik, b.nik) in how.exclude:
            continue
        comps = compare_prepared(a, b, names[i], names[j], how.u, how.m, how.tolerance)
        score = sum(c.weight for c in comps)
        # names that do not agree at all never make a candidate, whatever else agrees
        # (twins share a family, a birth date and neighbouring NIKs)
        if score >= how.threshold and comps[0].level != "different":
            odds = score + how.prior
            probability = 1 / (1 + 2 ** (-odds)) if odds > -60 else 0.0
            out.append(MatchCandidate(Nik(a.nik), Nik(b.nik), score, probability, comps))
    return out


def _ordered(candidates: Iterable[MatchCandidate]) -> tuple[MatchCandidate, ...]:
    return tuple(sorted(candidates, key=lambda c: (-c.score, c.first.reveal(), c.second.reveal())))


def link(
    source: RegistryStore | RegistryDocument | Iterable[LinkageRecord],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    m: dict[str, dict[str, float]] | None = None,
    u: dict[str, dict[str, float]] | None = None,
    birth_tolerance_days: int = BIRTH_TOLERANCE_DAYS,
    max_block: int = MAX_BLOCK,
    lambda_: float = MATCH_PRIOR,
    exclude: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset(),
) -> LinkageResult:
    """Probable duplicate persons of ``source``, best first (see the module docstring).

    Args:
        source: a store, a document or linkage records.
        threshold: the least score of a candidate (log2 units).
        m: ``m`` probabilities per field and level (default :data:`DEFAULT_M`).
        u: ``u`` probabilities (default: estimated from random pairs of ``source``).
        birth_tolerance_days: birth dates this many days apart or fewer compare as ``near``.
        max_block: blocks with more records are skipped (bounds the quadratic work).
        lambda_: the prior probability that a blocked pair is a match, for ``probability``.
        exclude: pairs of NIK digits (lower first) never to propose again (decided pairs,
            see :func:`dayasos.registry.review.decided_pairs`).

    Raises:
        ValidationError: for a negative tolerance, a block limit below 2 or a prior outside
            (0, 1).
    """
    _check_settings(birth_tolerance_days, max_block, lambda_)
    records: list[LinkageRecord]
    if isinstance(source, RegistryDocument) or hasattr(source, "memberships"):
        records = records_of(source)  # type: ignore[arg-type]
    else:
        records = list(source)
    names = [NameKey.of(r.name) for r in records]
    uu = estimate_u(records) if u is None else u
    blocks, skipped = _blocks(records, names, max_block)
    pairs: set[tuple[int, int]] = set()
    for block in blocks:
        pairs.update(combinations(block, 2))
    how = _Scoring(uu, m, birth_tolerance_days, threshold, _prior(lambda_), frozenset(exclude))
    return LinkageResult(_ordered(_score(pairs, records, names, how)), len(pairs), skipped, uu)


def _prior(lambda_: float) -> float:
    return math.log2(lambda_ / (1 - lambda_))


def _check_settings(birth_tolerance_days: int, max_block: int, lambda_: float) -> None:
    if birth_tolerance_days < 0:
        raise ValidationError("birth_tolerance_days", "must be 0 or more")
    if max_block < 2:
        raise ValidationError("max_block", "must be at least 2")
    if not 0 < lambda_ < 1:
        raise ValidationError("lambda_", "must be between 0 and 1")


def _score_partition(
    blocks: list[list[LinkageRecord]], how: _Scoring
) -> list[tuple[set[tuple[str, str]], list[MatchCandidate]]]:
    """One Dask partition: the blocks' pairs, compared as :func:`link` compares them."""
    index: dict[str, int] = {}
    records: list[LinkageRecord] = []
    pairs: set[tuple[int, int]] = set()
    for block in blocks:
        ids = []
        for r in block:
            if r.nik not in index:
                index[r.nik] = len(records)
                records.append(r)
            ids.append(index[r.nik])
        pairs.update(combinations(ids, 2))
    names = [NameKey.of(r.name) for r in records]
    keys = {pair_key(records[i].nik, records[j].nik) for i, j in pairs}
    return [(keys, _score(pairs, records, names, how))]


def link_dask(
    records: Iterable[LinkageRecord],
    *,
    npartitions: int = 8,
    threshold: float = DEFAULT_THRESHOLD,
    m: dict[str, dict[str, float]] | None = None,
    u: dict[str, dict[str, float]] | None = None,
    birth_tolerance_days: int = BIRTH_TOLERANCE_DAYS,
    max_block: int = MAX_BLOCK,
    lambda_: float = MATCH_PRIOR,
    exclude: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset(),
) -> LinkageResult:
    """:func:`link` with the comparisons spread over Dask (the ``dask`` extra): the blocks
    are built once, shipped as a ``dask.bag`` of ``npartitions`` partitions, and each
    partition compares the pairs of its blocks (``map_partitions``); candidates are gathered
    and a pair met in several blocks counted once. The result equals :func:`link`'s. Runs on
    the current Dask scheduler (a ``distributed.Client`` if one is active).

    Raises:
        ValidationError: as :func:`link`, or ``npartitions`` below 1.
    """
    dask_bag: Any = importlib.import_module("dask.bag")

    _check_settings(birth_tolerance_days, max_block, lambda_)
    if npartitions < 1:
        raise ValidationError("npartitions", "must be at least 1")
    recs = list(records)
    names = [NameKey.of(r.name) for r in recs]
    uu = estimate_u(recs) if u is None else u
    blocks, skipped = _blocks(recs, names, max_block)
    how = _Scoring(uu, m, birth_tolerance_days, threshold, _prior(lambda_), frozenset(exclude))
    bag = dask_bag.from_sequence(
        [[recs[i] for i in block] for block in blocks],
        npartitions=max(1, min(npartitions, len(blocks) or 1)),
    )
    parts = bag.map_partitions(_score_partition, how).compute()
    keys: set[tuple[str, str]] = set()
    found: dict[tuple[str, str], MatchCandidate] = {}
    for part_keys, candidates in parts:
        keys |= part_keys
        for c in candidates:
            found[(c.first.reveal(), c.second.reveal())] = c
    return LinkageResult(_ordered(found.values()), len(keys), skipped, uu)


def pair_key(first: Nik | str, second: Nik | str) -> tuple[str, str]:
    """The NIK digits of a pair, lower first (the key of a review decision)."""
    a = first.reveal() if isinstance(first, Nik) else first
    b = second.reveal() if isinstance(second, Nik) else second
    return (a, b) if a <= b else (b, a)
