"""A parsed batch of registry rows (:class:`Parsed`) and the rows it writes to each table.

The text columns stay pyarrow arrays until a value is needed as a Python object: the rows a
batch writes are taken in key order straight from the arrays (:func:`prepare`, run in the
reading thread while the previous batch is written), and a column becomes a list only when
the row-by-row checks or the row parser need it. Internal to :mod:`dayasos.registry.bulk`.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from attrs import define

from dayasos.registry.sqlite_load import MEMBERSHIP_INSERT, PERSON_INSERT, flat_values

__all__ = [
    "MEMBER_TEXTS",
    "PERSON_TEXTS",
    "TEXTS",
    "BatchKeys",
    "Parsed",
    "Prepared",
    "first_of_each",
    "key_order",
    "member_conflicts",
    "member_order",
    "prepare",
]

PERSON_TEXTS: Final = ("name", "birth", "sex", "disability", "due", "school")
"""The text columns of a person row after its NIK, in the stored order."""
MEMBER_TEXTS: Final = ("relationship", "start", "end")
"""The text columns of a membership row after its No. KK and NIK, in the stored order."""
TEXTS: Final = (*PERSON_TEXTS, "region", *MEMBER_TEXTS)
"""Every text column of :class:`Parsed`."""


def pick(values: list[Any], rows: npt.NDArray[np.intp]) -> list[Any]:
    """``values[i]`` for each ``i`` of ``rows``."""
    if len(rows) == 0:
        return []
    if len(rows) == 1:
        return [values[int(rows[0])]]
    return list(itemgetter(*rows.tolist())(values))


def key_order(keys: npt.NDArray[np.int64], rows: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """``rows`` in the (stable) order of their ``keys``: a person table's insert order."""
    return rows[np.argsort(keys[rows], kind="stable")]


def first_of_each(keys: npt.NDArray[np.int64], rows: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """The first of ``rows`` (in their order) for each distinct key, in key order: the row a
    family is written from."""
    if len(rows) == 0:
        return rows
    _, first = np.unique(keys[rows], return_index=True)
    return rows[first]


def member_order(parsed: Parsed, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """``rows`` in the order of (No. KK, NIK): the membership table's insert order."""
    return rows[np.lexsort((parsed.nik[rows], parsed.kk[rows]))]


def sorted_keys(
    keys: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """One sort of ``keys``: the sorting order, which entries share their key with another
    entry, and the distinct keys (sorted)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]
    dup_sorted = np.r_[same, False] | np.r_[False, same]
    dup = np.empty(len(keys), dtype=np.bool_)
    dup[order] = dup_sorted
    return order, dup, ordered[np.r_[True, ~same]] if len(keys) else ordered


def member_conflicts(
    kk: npt.NDArray[np.int64], nik: npt.NDArray[np.int64], head: npt.NDArray[np.bool_]
) -> list[int]:
    """The No. KKs among the memberships ``(kk, nik, head)`` that state a person twice or
    two heads (their rows need the row-by-row checks)."""
    if len(kk) == 0:
        return []
    order = np.lexsort((nik, kk))
    ks, ns = kk[order], nik[order]
    same = (ks[1:] == ks[:-1]) & (ns[1:] == ns[:-1])
    heads, counts = np.unique(kk[head], return_counts=True)
    return [*ks[1:][same].tolist(), *heads[counts > 1].tolist()]


@define(frozen=True, slots=True, repr=False)  # holds personal data: no repr of the values
class BatchKeys:
    """The facts of a batch's keys that need no store: the rows with a person and their
    NIKs' duplicates and distinct values, the rows with a family, their order by No. KK and
    distinct No. KKs, the distinct No. KKs of the memberships, and the No. KKs in conflict
    within the batch (two regions, a person stated twice, two heads)."""

    person_rows: npt.NDArray[np.intp]
    person_dup: npt.NDArray[np.bool_]
    person_keys: npt.NDArray[np.int64]
    family_rows: npt.NDArray[np.intp]
    family_order: npt.NDArray[np.intp]
    family_keys: npt.NDArray[np.int64]
    member_kk: npt.NDArray[np.int64]
    bad_kk: frozenset[int]


def batch_keys(parsed: Parsed, region_code: npt.NDArray[np.int64]) -> BatchKeys:
    """The :class:`BatchKeys` of ``parsed`` (``region_code``: one number per region)."""
    idx = np.arange(len(parsed.lines))
    p_rows = idx[parsed.nik >= 0]
    _, p_dup, p_keys = sorted_keys(parsed.nik[p_rows])
    f_rows = idx[parsed.kk >= 0]
    f_order, _, f_keys = sorted_keys(parsed.kk[f_rows])
    bad: list[int] = []
    if len(f_rows):  # a No. KK stated with two regions
        sorted_rows = f_rows[f_order]
        sk, codes = parsed.kk[sorted_rows], region_code[sorted_rows]
        bad.extend(sk[1:][(sk[1:] == sk[:-1]) & (codes[1:] != codes[:-1])].tolist())
    m = parsed.member
    bad.extend(member_conflicts(parsed.kk[m], parsed.nik[m], parsed.head[m]))
    m_kk = np.unique(parsed.kk[m])
    return BatchKeys(p_rows, p_dup, p_keys, f_rows, f_order, f_keys, m_kk, frozenset(bad))


@define(frozen=True, slots=True, repr=False)  # holds personal data: no repr of the values
class Prepared:
    """The rows a batch writes when none of them needs a row-by-row check (each table's rows
    in key order) and their values, flat (:func:`~dayasos.registry.sqlite_load.flat_values`),
    with ``''`` for a missing value of a nullable column
    (:meth:`~dayasos.registry.sqlite_load.TableInsert.blank_nulls`)."""

    person_rows: npt.NDArray[np.intp]
    family_rows: npt.NDArray[np.intp]
    member_rows: npt.NDArray[np.intp]
    person: list[Any]
    family: list[Any]
    member: list[Any]


@define(slots=True, repr=False)  # holds personal data: no repr of the values
class Parsed:
    """The rows of a batch that parsed, in line order, in the stored encodings: the keys and
    flags as numpy arrays, the text columns (``None`` where a row has no such record) as
    pyarrow arrays or, once needed one value at a time, lists."""

    lines: list[int]
    nik: npt.NDArray[np.int64]  # -1: no person
    kk: npt.NDArray[np.int64]  # -1: no family
    member: npt.NDArray[np.bool_]
    head: npt.NDArray[np.bool_]
    birth_ymd: npt.NDArray[np.int64]  # the birth date as yyyymmdd (0: no person)
    female: npt.NDArray[np.bool_]
    texts: dict[str, pa.Array | list[Any]]
    keys: BatchKeys | None = None
    prepared: Prepared | None = None

    def text(self, name: str) -> list[Any]:
        """The column ``name`` as a list (made once; changes to it are kept)."""
        col = self.texts[name]
        if not isinstance(col, list):
            col = self.texts[name] = col.to_pylist()
        return col

    def take(self, name: str, rows: npt.NDArray[np.intp]) -> list[Any]:
        """The values of column ``name`` at ``rows``, in the order of ``rows``."""
        col = self.texts[name]
        if isinstance(col, list):
            return pick(col, rows)
        return col.take(pa.array(rows, pa.int64())).to_pylist()  # type: ignore[no-any-return]

    def keep(self, rows: npt.NDArray[np.intp]) -> Parsed:
        """Only the rows ``rows`` (in their order)."""
        texts: dict[str, pa.Array | list[Any]] = {n: self.take(n, rows) for n in TEXTS}
        return Parsed(
            [self.lines[i] for i in rows.tolist()],
            self.nik[rows],
            self.kk[rows],
            self.member[rows],
            self.head[rows],
            self.birth_ymd[rows],
            self.female[rows],
            texts,
        )

    def person(self, i: int) -> tuple[Any, ...]:
        return (int(self.nik[i]), *(self.text(n)[i] for n in PERSON_TEXTS))

    def membership(self, i: int) -> tuple[Any, ...]:
        return (int(self.kk[i]), int(self.nik[i]), *(self.text(n)[i] for n in MEMBER_TEXTS))

    def person_columns(self, rows: npt.NDArray[np.intp]) -> list[list[Any]]:
        """The person columns of ``rows`` in the stored encodings (``nik, name, birth_date,
        sex, disability, pregnancy_due, school_level``), in the order of ``rows``."""
        return [self.nik[rows].tolist(), *(self.take(n, rows) for n in PERSON_TEXTS)]

    def family_columns(self, rows: npt.NDArray[np.intp]) -> list[list[Any]]:
        """The family columns of ``rows`` (``no_kk, region``), in the order of ``rows``."""
        return [self.kk[rows].tolist(), self.take("region", rows)]

    def membership_columns(self, rows: npt.NDArray[np.intp]) -> list[list[Any]]:
        """The membership columns of ``rows`` (``no_kk, nik, relationship, start_date,
        end_date``), in the order of ``rows``."""
        texts = (self.take(n, rows) for n in MEMBER_TEXTS)
        return [self.kk[rows].tolist(), self.nik[rows].tolist(), *texts]

    def person_values(self, rows: npt.NDArray[np.intp]) -> list[Any]:
        """The person rows ``rows`` as flat values (prepared ones when they are the same)."""
        p = self.prepared
        if p is not None and np.array_equal(rows, p.person_rows):
            return p.person
        return flat_values(self.person_columns(rows))

    def family_values(self, rows: npt.NDArray[np.intp]) -> list[Any]:
        """The family rows ``rows`` as flat values (prepared ones when they are the same)."""
        p = self.prepared
        if p is not None and np.array_equal(rows, p.family_rows):
            return p.family
        return flat_values(self.family_columns(rows))

    def member_values(self, rows: npt.NDArray[np.intp]) -> list[Any]:
        """The membership rows ``rows`` as flat values (prepared ones when they are the
        same)."""
        p = self.prepared
        if p is not None and np.array_equal(rows, p.member_rows):
            return p.member
        return flat_values(self.membership_columns(rows))


def prepare(parsed: Parsed) -> None:
    """Find the batch's :class:`BatchKeys` (:attr:`Parsed.keys`) and prepare the rows it
    writes if none of them needs a row-by-row check (:attr:`Parsed.prepared`): the work of
    the checks and the write that needs no store, done in the reading thread."""
    region = parsed.texts["region"]
    arr = pa.array(region, pa.string()) if isinstance(region, list) else region
    codes = pc.fill_null(pc.dictionary_encode(arr).indices, -1)
    parsed.keys = batch_keys(
        parsed, np.asarray(codes.to_numpy(zero_copy_only=False), dtype=np.int64)
    )
    idx = np.arange(len(parsed.lines))
    p_rows = key_order(parsed.nik, idx[parsed.nik >= 0])
    f_rows = first_of_each(parsed.kk, idx[parsed.kk >= 0])
    m_rows = member_order(parsed, idx[parsed.member])
    parsed.prepared = Prepared(
        p_rows,
        f_rows,
        m_rows,
        # a missing due date or end as '' (bound faster than None, stored as NULL)
        PERSON_INSERT.blank_nulls(flat_values(parsed.person_columns(p_rows))),
        flat_values(parsed.family_columns(f_rows)),
        MEMBERSHIP_INSERT.blank_nulls(flat_values(parsed.membership_columns(m_rows))),
    )
