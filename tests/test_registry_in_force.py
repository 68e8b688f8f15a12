"""The one "in force" rule (``dayasos.registry.in_force``): every read of a rank or a status in
force, on both stores, answers what the rule's definition says, over random histories."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import Programme, Relationship, Sex
from dayasos.errors import ValidationError
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    NoKK,
    RegionCode,
    RegistryStore,
    SQLiteStore,
    StatusChange,
    WelfareRank,
    status_in_force,
)
from dayasos.registry.in_force import RANK_IN_FORCE, SEQ, STATUS_IN_FORCE, InForceRule
from registry_helpers import kk, person

ON = date(2021, 7, 1)
DAYS = st.integers(-3, 3)
STATUSES = tuple(EnrolmentStatus)
REGION = RegionCode.parse("31.71.01.1001")

Ranks = list[tuple[int, int]]  # (desil, recorded day)
Changes = list[tuple[int, int, int]]  # (status index, effective day, recorded day)


@st.composite
def histories(draw: st.DrawFn) -> tuple[Ranks, Changes]:
    ranks = draw(st.lists(st.tuples(st.integers(1, 10), DAYS), max_size=4))
    changes = draw(st.lists(st.tuples(st.integers(0, len(STATUSES) - 1), DAYS, DAYS), max_size=5))
    return ranks, changes


def _day(offset: int) -> date:
    return ON + timedelta(days=offset)


def _expected_rank(ranks: Ranks, on: date) -> int | None:
    """The definition, written out: the latest recorded on or before, then the later one."""
    counted = [(_day(d), i, desil) for i, (desil, d) in enumerate(ranks) if _day(d) <= on]
    return max(counted)[2] if counted else None


def _expected_status(changes: Changes, on: date, known_on: date | None) -> EnrolmentStatus | None:
    """The definition, written out: the latest effective on or before, then the later
    recorded, then the later appended; with known_on only what was recorded by then."""
    counted = [
        (_day(eff), _day(rec), i, code)
        for i, (code, eff, rec) in enumerate(changes)
        if _day(eff) <= on and (known_on is None or _day(rec) <= known_on)
    ]
    return STATUSES[max(counted)[3]] if counted else None


def _fill(store: RegistryStore, families: list[tuple[Ranks, Changes]]) -> list[NoKK]:
    keys = []
    for i, (ranks, changes) in enumerate(families):
        no_kk = kk(i + 1)
        keys.append(no_kk)
        p = person(f"Warga {i}", date(1980, 1, 1 + i), Sex.LAKI_LAKI, serial=i + 1)
        store.add_person(p)
        store.add_family(Family(no_kk, REGION))
        store.add_membership(
            Membership(no_kk, p.nik, Relationship.KEPALA_KELUARGA, date(2000, 1, 1))
        )
        for desil, d in ranks:
            store.record_rank(WelfareRank(no_kk, desil, _day(d)))
        for code, eff, rec in changes:
            store.record_status(
                StatusChange(Programme.PKH, no_kk, STATUSES[code], _day(eff), _day(rec))
            )
    return keys


def _check(store: RegistryStore, families: list[tuple[Ranks, Changes]], keys: list[NoKK]) -> None:
    for offset in (-4, -1, 0, 2):
        on = _day(offset)
        cols = store.member_columns(on, Programme.PKH)
        for row, (no_kk, (ranks, changes)) in enumerate(zip(keys, families, strict=True)):
            want_rank = _expected_rank(ranks, on)
            rank = store.rank_on(no_kk, on)
            assert (None if rank is None else rank.desil) == want_rank
            assert cols["desil"][row] == (want_rank or 0)
            want = _expected_status(changes, on, None)
            assert store.status_on(Programme.PKH, no_kk, on) == want
            assert cols["status"][row] == (-1 if want is None else STATUSES.index(want))
            for known in (-2, 0, 3):
                known_on = _day(known)
                assert store.status_on(Programme.PKH, no_kk, on, known_on) == (
                    _expected_status(changes, on, known_on)
                )
        for status in STATUSES:
            assert store.families_with_status(Programme.PKH, on, status) == tuple(
                k
                for k, (_, changes) in zip(keys, families, strict=True)
                if _expected_status(changes, on, None) is status
            )


@given(st.lists(histories(), min_size=1, max_size=4))
def test_both_stores_answer_the_rule_for_ranks_and_statuses(
    families: list[tuple[Ranks, Changes]],
) -> None:
    memory = MemoryStore()
    _check(memory, families, _fill(memory, families))
    with SQLiteStore() as sqlite:
        _check(sqlite, families, _fill(sqlite, families))


@given(st.lists(st.tuples(st.integers(0, len(STATUSES) - 1), DAYS, DAYS), max_size=6), DAYS)
def test_status_in_force_is_the_rule(changes: Changes, offset: int) -> None:
    history = [
        StatusChange(Programme.PKH, kk(1), STATUSES[c], _day(e), _day(r)) for c, e, r in changes
    ]
    on = _day(offset)
    assert status_in_force(history, on) == _expected_status(changes, on, None)
    picked = STATUS_IN_FORCE.pick(history, on, on)
    assert (None if picked is None else picked.status) == _expected_status(changes, on, on)


def test_the_rule_generates_the_sql_of_its_definition() -> None:
    assert STATUS_IN_FORCE.sql_where() == "effective <= ?"
    assert STATUS_IN_FORCE.sql_where(known=True) == "effective <= ? AND recorded <= ?"
    assert STATUS_IN_FORCE.sql_oldest_first() == "effective, recorded, seq"
    assert RANK_IN_FORCE.sql_latest_first() == "recorded DESC, seq DESC"


def test_a_rule_must_order_by_its_date_first_and_the_append_order_last() -> None:
    with pytest.raises(ValidationError, match="order"):
        InForceRule(on="effective", order=("recorded", SEQ))
    with pytest.raises(ValidationError, match="order"):
        InForceRule(on="effective", order=("effective",))


def test_a_rule_without_known_refuses_known_on() -> None:
    rank = WelfareRank(kk(1), 3, ON)
    with pytest.raises(ValidationError, match="known"):
        RANK_IN_FORCE.pick([rank], ON, ON)
    with pytest.raises(ValidationError, match="known"):
        RANK_IN_FORCE.sql_where(known=True)
