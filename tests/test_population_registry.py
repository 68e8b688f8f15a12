"""Columns read from a registry equal the per-family API on the same families."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.categories import Programme, Relationship
from dayasos.eligibility.pkh import PkhFamily, PkhMember, PkhStatus, entitlement
from dayasos.population import evaluate, population_from_registry
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    Person,
    RegionCode,
    SQLiteStore,
    StatusChange,
    WelfareRank,
)
from dayasos.registry.store import RegistryStore
from dayasos.testing import no_kks, region_codes, registry_persons

ON = date(2021, 7, 1)
STATUSES = [None, *EnrolmentStatus]
PKH_OF = {EnrolmentStatus.ACTIVE: PkhStatus.AKTIF}


@st.composite
def registries(draw: st.DrawFn) -> tuple[list[Family], list[tuple[Person, int, int]], list[object]]:
    fams = draw(st.lists(no_kks(), min_size=1, max_size=5, unique_by=lambda k: k.reveal()))
    families = [Family(kk, draw(region_codes())) for kk in fams]
    persons = draw(st.lists(registry_persons(), max_size=14, unique_by=lambda p: p.nik.reveal()))
    # (person, family index, membership kind: 0 active, 1 ended before ON, 2 starts after ON)
    placed = [
        (p, draw(st.integers(0, len(families) - 1)), draw(st.sampled_from([0, 0, 0, 1, 2])))
        for p in persons
    ]
    extra = [
        (
            draw(st.lists(st.tuples(st.integers(1, 5), st.integers(-800, 100)), max_size=3)),
            draw(
                st.lists(
                    st.tuples(st.sampled_from(list(EnrolmentStatus)), st.integers(-800, 200)),
                    max_size=3,
                )
            ),
        )
        for _ in families
    ]
    return families, placed, extra


def _fill(
    store: RegistryStore,
    families: list[Family],
    placed: list[tuple[Person, int, int]],
    extra: list[object],
) -> None:
    store.add_families(families)
    store.add_persons(p for p, _, _ in placed)
    for p, i, kind in placed:
        start = date(2000, 1, 1) if kind != 2 else ON + timedelta(days=1)
        end = ON if kind == 1 else None
        store.add_membership(Membership(families[i].no_kk, p.nik, Relationship.ANAK, start, end))
    for f, (ranks, changes) in zip(families, extra, strict=True):  # type: ignore[misc]
        for desil, day in ranks:
            store.record_rank(WelfareRank(f.no_kk, desil, ON + timedelta(days=day)))
        for status, day in changes:
            d = ON + timedelta(days=day)
            store.record_status(StatusChange(Programme.PKH, f.no_kk, status, d, d))


def _expected(
    families: list[Family],
    placed: list[tuple[Person, int, int]],
    extra: list[object],
    include: bool,
) -> list[PkhFamily]:
    out = []
    for i, f in enumerate(families):
        ranks, changes = extra[i]  # type: ignore[misc]
        active = sorted(
            (p for p, j, kind in placed if j == i and kind == 0), key=lambda p: p.nik.reveal()
        )
        if not active:
            continue
        in_force = [
            (ON + timedelta(days=d), k, desil) for k, (desil, d) in enumerate(ranks) if d <= 0
        ]
        desil = max(in_force)[2] if in_force else None
        past = [(d, k, s) for k, (s, d) in enumerate(changes) if d <= 0]
        status = max(past)[2] if past else None
        paid = status is EnrolmentStatus.ACTIVE or (
            include and status in (None, EnrolmentStatus.CANDIDATE)
        )
        members = [
            PkhMember(
                p.nik.reveal(),
                p.birth_date,
                p.sex,
                pregnant_or_postpartum=p.pregnancy_due is not None and p.pregnancy_due >= ON,
                school_level=p.school_level,
                disability=p.disability,
            )
            for p in active
        ]
        out.append(
            PkhFamily(
                f.no_kk.reveal(),
                members,
                desil=desil,
                status=PkhStatus.AKTIF if paid else PkhStatus.GRADUASI,
            )
        )
    return sorted(out, key=lambda f: f.family_id)  # the rows are in No. KK order


@settings(max_examples=60, deadline=None)
@given(reg=registries(), include=st.booleans())
def test_registry_columns_equal_the_per_family_api(
    reg: tuple[list[Family], list[tuple[Person, int, int]], list[object]], include: bool
) -> None:
    families, placed, extra = reg
    expected = _expected(families, placed, extra, include)
    read = []
    for store in (MemoryStore(), SQLiteStore(":memory:")):
        _fill(store, families, placed, extra)
        rp = population_from_registry(store, ON, include_unenrolled=include)
        read.append(rp)
        assert [k.reveal() for k in rp.keys] == [f.family_id for f in expected]
        r = evaluate(rp.population, ON)
        for i, f in enumerate(expected):
            e = entitlement(f, ON)
            assert bool(r.eligible[i]) == e.eligibility.outcome, (type(store).__name__, i)
            assert int(r.total[i]) == e.total.amount
            assert [int(a) for a in r.stages[i]] == [s.amount.amount for s in e.stages]
        kk = {f.no_kk.reveal(): f for f in families}
        assert rp.population.province.tolist() == [
            int(kk[k.reveal()].region.digits[:2]) for k in rp.keys
        ]
    # the SQLite store is read by set-based queries, the memory store through the protocol:
    # the two give the same columns
    memory, sqlite = (r.population for r in read)
    for name in ("family", "birth", "sex", "pregnant", "disability", "school"):
        assert getattr(memory, name).tolist() == getattr(sqlite, name).tolist(), name
    for name in ("desil", "excluded", "province"):
        assert getattr(memory, name).tolist() == getattr(sqlite, name).tolist(), name


def test_keys_are_masked_in_repr() -> None:
    store = MemoryStore()
    rp = population_from_registry(store, ON)
    assert rp.population.n_families == 0
    from dayasos.registry import NoKK

    kk = NoKK.parse("3171012009000001")
    store.add_family(Family(kk, RegionCode.parse("31")))
    assert "3171012009000001" not in repr(population_from_registry(store, ON))


def test_a_stored_synthetic_population_reads_back_to_the_same_results() -> None:
    import attrs

    from dayasos.population import synthetic_population
    from dayasos.population.store import store_population

    pop = synthetic_population(400, seed=8, at=ON)
    for store in (MemoryStore(), SQLiteStore(":memory:")):
        keys = store_population(pop, store, ON)
        rp = population_from_registry(store, ON)
        rows = [keys.index(k) for k in rp.keys]
        assert sorted(rows) == [i for i in range(pop.n_families) if pop.sizes[i] > 0]
        # the registry records no akses areas: compare with every family outside them
        flat = attrs.evolve(pop, remote=np.zeros(pop.n_families, dtype=np.bool_))
        want, got = evaluate(flat, ON), evaluate(rp.population, ON)
        assert got.total.tolist() == want.total[rows].tolist()
        assert got.stages.tolist() == want.stages[rows].tolist()
        assert got.eligible.tolist() == want.eligible[rows].tolist()
        assert rp.population.excluded.tolist() == pop.excluded[rows].tolist()
        assert rp.population.desil.tolist() == pop.desil[rows].tolist()


def test_store_population_refuses_a_province_outside_the_table() -> None:
    from dayasos.errors import ValidationError
    from dayasos.population import Population
    from dayasos.population.store import store_population

    pop = Population.from_columns(
        {"family": np.array([0]), "birth": np.array([0])},
        {"desil": np.array([1]), "province": np.array([39])},
    )
    with pytest.raises(ValidationError, match="province"):
        store_population(pop, MemoryStore(), ON)
