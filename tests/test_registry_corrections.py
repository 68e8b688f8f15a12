"""Corrections append to an audit log; "what did we know on D" has one answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import DisabilitySeverity, SchoolLevel, Sex
from dayasos.errors import RecordNotFoundError, ValidationError
from dayasos.registry import Family, RegionCode, SQLiteStore
from dayasos.registry.corrections import (
    audit_trail,
    correct_person,
    family_known_on,
    move_family,
    person_known_on,
)
from registry_helpers import kk, person

START = datetime(2021, 1, 1, 8, 0, tzinfo=UTC)
CHANGES = st.one_of(
    st.builds(dict, name=st.sampled_from(["Ani Lestari", "Ani Lestary", "ANI LESTARI"])),
    st.builds(dict, school_level=st.sampled_from(list(SchoolLevel))),
    st.builds(dict, disability=st.sampled_from(list(DisabilitySeverity))),
    st.builds(
        dict,
        name=st.sampled_from(["Ani", "Ani L."]),
        school_level=st.sampled_from(list(SchoolLevel)),
    ),
)


@given(st.lists(st.tuples(CHANGES, st.integers(0, 3)), max_size=6), st.integers(-1, 20))
def test_known_on_replays_the_corrections_recorded_by_that_date(
    steps: list[tuple[dict[str, object], int]], probe: int
) -> None:
    original = person("Ani Lestary", date(2015, 3, 1), Sex.PEREMPUAN)
    expected = {START.date() + timedelta(days=-1): original}
    state = original
    day = 0
    with SQLiteStore() as store:
        store.add_person(original)
        for changes, gap in steps:
            day += gap
            at = START + timedelta(days=day)
            entries = correct_person(
                store,
                original.nik,
                who="petugas-1",
                why="koreksi",
                effective=at.date(),
                at=at,
                **changes,
            )
            new_state = attrs.evolve(state, **changes)
            assert len(entries) == sum(getattr(state, f) != v for f, v in changes.items())
            state = new_state
            expected[at.date()] = state
        assert store.get_person(original.nik) == state
        on = START.date() + timedelta(days=probe)
        want = expected[max(d for d in expected if d <= on)] if on >= min(expected) else original
        assert person_known_on(store, original.nik, on) == want
        trail = audit_trail(store, original.nik)
        assert [e.seq for e in trail] == sorted(e.seq for e in trail)
        for e in trail:
            text = str(e) + repr(e)
            assert original.nik.reveal() not in text and "Lestar" not in text


def test_a_move_is_logged_and_the_old_region_is_still_known() -> None:
    with SQLiteStore() as store:
        store.add_family(Family(kk(1), RegionCode.parse("31.71.01.1001")))
        at = datetime(2022, 2, 1, tzinfo=UTC)
        entry = move_family(
            store,
            kk(1),
            RegionCode.parse("32.73.01.2001"),
            who="petugas-2",
            why="pindah domisili",
            effective=date(2022, 1, 15),
            at=at,
        )
        assert entry is not None and entry.old == "3171011001" and entry.new == "3273012001"
        assert store.get_family(kk(1)).region == RegionCode.parse("32.73.01.2001")
        assert family_known_on(store, kk(1), date(2022, 1, 31)).region.digits == "3171011001"
        assert family_known_on(store, kk(1), date(2022, 2, 1)).region.digits == "3273012001"
        same = move_family(
            store, kk(1), RegionCode.parse("32.73.01.2001"), who="x", why="y", effective=at.date()
        )
        assert same is None and len(audit_trail(store, kk(1))) == 1


def test_corrections_are_checked_and_all_or_nothing() -> None:
    p = person("Budi", date(1980, 5, 2), Sex.LAKI_LAKI)
    with SQLiteStore() as store:
        store.add_person(p)
        kwargs = {"who": "petugas-1", "why": "koreksi", "effective": date(2021, 1, 1)}
        with pytest.raises(ValidationError, match="pregnancy_due"):
            correct_person(store, p.nik, name="Budi S", pregnancy_due=date(2021, 5, 1), **kwargs)
        assert store.get_person(p.nik) == p and audit_trail(store, p.nik) == ()
        with pytest.raises(ValidationError, match="changes"):
            correct_person(store, p.nik, region="x", **kwargs)
        with pytest.raises(ValidationError, match="who"):
            correct_person(store, p.nik, who=" ", why="x", effective=date(2021, 1, 1), name="B")
        with pytest.raises(ValidationError, match="why"):
            correct_person(store, p.nik, who="x", why="", effective=date(2021, 1, 1), name="B")
        other = person("Sari", date(1990, 1, 1), Sex.PEREMPUAN)
        with pytest.raises(RecordNotFoundError):
            correct_person(store, other.nik, name="S", **kwargs)
        assert correct_person(store, p.nik, name="Budi", **kwargs) == ()
