"""Allocation from registry objects: region weights and ranked candidates, keys masked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dayasos.categories import Programme, Relationship, Sex
from dayasos.eligibility.allocation import (
    OverlapRule,
    apportion,
    region_of_level,
    region_weights,
    registry_candidates,
    select_ranked,
)
from dayasos.errors import BulkValidationError, ValidationError
from dayasos.money import Rupiah
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    RegionCode,
    RegionLevel,
    RegistryStore,
    SQLiteStore,
    StatusChange,
    WelfareRank,
)
from registry_helpers import kk, person

ON = date(2020, 7, 1)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RegistryStore]:
    s: RegistryStore = (
        MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "r.db")
    )
    # three families in DKI (31.71), two in Jawa Barat (32.01); desil 1..5
    regions = ["31.71.01.1001", "31.71.02.1001", "31.71.01.1002", "32.01.01.2001", "32.01.02.2001"]
    for i, region in enumerate(regions, start=1):
        prefix = region.replace(".", "")[:6]
        no_kk = kk(i, prefix)
        head = person(f"Kepala {i}", date(1980, 1, i), Sex.LAKI_LAKI, i, prefix)
        s.add_person(head)
        s.add_family(Family(no_kk, RegionCode.parse(region)))
        s.add_membership(
            Membership(no_kk, head.nik, Relationship.KEPALA_KELUARGA, date(2015, 1, 1))
        )
        s.record_rank(WelfareRank(no_kk, i, date(2019, 1, 1)))
        if i in (1, 4):
            s.record_status(
                StatusChange(
                    Programme.PKH, no_kk, EnrolmentStatus.ACTIVE, date(2019, 1, 1), date(2019, 1, 1)
                )
            )
    yield s
    if isinstance(s, SQLiteStore):
        s.close()


def test_region_weights_and_apportion(store: RegistryStore) -> None:
    weights = region_weights(store, ON)
    assert weights == {RegionCode.parse("31"): 3, RegionCode.parse("32"): 2}
    kab = region_weights(store, ON, level=RegionLevel.KABUPATEN_KOTA, programme=Programme.PKH)
    assert kab == {RegionCode.parse("31.71"): 1, RegionCode.parse("32.01"): 1}
    split = apportion(1_000, weights)
    assert split.as_dict() == {RegionCode.parse("31"): 600, RegionCode.parse("32"): 400}


def test_candidates_rank_by_desil_and_exclude_double_aid(store: RegistryStore) -> None:
    families = [f.no_kk for f in store.families()]
    cands = registry_candidates(store, families, ON, amount=Rupiah(600_000))
    assert sorted(c.rank for c in cands) == [1, 2, 3, 4, 5]
    assert {c.rank for c in cands if c.enrolled} == {1, 4}
    result = select_ranked(cands, quota=2, overlap=OverlapRule({Programme.PKH}))
    assert [ln.reason.value for ln in result.excluded] == ["already_enrolled"] * 2
    assert [store.rank_on(ln.key, ON).desil for ln in result.admitted] == [2, 3]  # type: ignore[union-attr]
    text = result.explain("en") + repr(result)
    for f in families:  # No. KK only ever masked
        assert f.reveal() not in text


def test_candidates_without_rank_are_all_reported(store: RegistryStore) -> None:
    extra = [kk(90, "317101"), kk(91, "317101")]
    for no_kk in extra:
        store.add_family(Family(no_kk, RegionCode.parse("31.71.01.1001")))
    families = [f.no_kk for f in store.families()]
    with pytest.raises(BulkValidationError) as info:
        registry_candidates(store, families, ON)
    assert len(info.value.errors) == 2
    assert all(e.field == "rank" for e in info.value.errors)
    assert all(n.reveal() not in str(info.value) for n in extra)


def test_region_of_level() -> None:
    desa = RegionCode.parse("31.71.01.1001")
    assert region_of_level(desa, RegionLevel.PROVINCE) == RegionCode.parse("31")
    assert region_of_level(desa, RegionLevel.DESA_KELURAHAN) is desa
    with pytest.raises(ValidationError, match="level"):
        region_of_level(RegionCode.parse("31"), RegionLevel.KECAMATAN)
