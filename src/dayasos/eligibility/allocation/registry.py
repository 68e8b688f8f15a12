"""Allocation inputs from a registry: region weights (families counted per region) and ranked
candidates (families with their welfare decile and their programme enrolments).

Keys stay registry values: :class:`~dayasos.registry.RegionCode` for regions and
:class:`~dayasos.registry.NoKK` for families, which sort, and which show masked in every
result and explanation (UU 27/2022).

Examples:
    >>> from datetime import date
    >>> from dayasos.registry import MemoryStore
    >>> region_weights(MemoryStore(), date(2020, 7, 1))
    {}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from dayasos.categories import Programme
from dayasos.eligibility.allocation.selection import Candidate
from dayasos.errors import BulkValidationError, ValidationError
from dayasos.money import Rupiah
from dayasos.registry import (
    EnrolmentStatus,
    NoKK,
    RegionCode,
    RegionLevel,
    RegistryStore,
)

__all__ = ["region_of_level", "region_weights", "registry_candidates"]

_NO_AMOUNT = Rupiah(0)


def region_of_level(region: RegionCode, level: RegionLevel) -> RegionCode:
    """The region at ``level`` that contains ``region`` (itself if it is at that level).

    Raises:
        ValidationError: ``region`` is above ``level`` (a province has no kabupaten).
    """
    if region.level is level:
        return region
    for ancestor in region.ancestors():
        if ancestor.level is level:
            return ancestor
    raise ValidationError(
        "level", f"{region} is a {region.level.name.lower()}, above {level.name.lower()}"
    )


def region_weights(
    store: RegistryStore,
    on: date,
    *,
    level: RegionLevel = RegionLevel.PROVINCE,
    programme: Programme | None = None,
    status: EnrolmentStatus = EnrolmentStatus.ACTIVE,
) -> dict[RegionCode, int]:
    """Families per region at ``level``, for use as :func:`apportion` weights.

    With ``programme``, only families whose status in it on ``on`` is ``status`` count (e.g.
    active KPM PKH); without, every family of the registry counts. Regions with no family do
    not appear (give them a weight of 0 yourself to allocate them their minimum).
    """
    if programme is None:
        regions = [f.region for f in store.families()]
    else:
        regions = [
            store.get_family(no_kk).region
            for no_kk in store.families_with_status(programme, on, status)
        ]
    out: dict[RegionCode, int] = {}
    for region in regions:
        key = region_of_level(region, level)
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


def registry_candidates(
    store: RegistryStore,
    families: Iterable[NoKK],
    on: date,
    *,
    amount: Rupiah | Callable[[NoKK], Rupiah] = _NO_AMOUNT,
    attributes: Callable[[NoKK], dict[str, int]] | None = None,
    programmes: Iterable[Programme] = tuple(Programme),
) -> list[Candidate]:
    """Candidates for :func:`select_ranked` from registry families on ``on``.

    Each family's rank is its DTKS/DTSEN desil in force on ``on``; ``enrolled`` holds the
    ``programmes`` in which its status on ``on`` is active (for the double-aid rule);
    ``amount`` is one amount for all or a function of the family (e.g. its PKH entitlement);
    ``attributes`` gives named secondary keys.

    Raises:
        BulkValidationError: families with no welfare rank in force on ``on``, every one of
            them listed (masked) with its position: none is dropped silently.
    """
    checked = tuple(programmes)
    out: list[Candidate] = []
    missing: list[ValidationError] = []
    for i, no_kk in enumerate(families):
        rank = store.rank_on(no_kk, on)
        if rank is None:
            missing.append(
                ValidationError(
                    "rank",
                    f"no welfare rank in force on {on.isoformat()}",
                    index=i,
                    shown=str(no_kk),
                )
            )
            continue
        enrolled = frozenset(
            p for p in checked if store.status_on(p, no_kk, on) is EnrolmentStatus.ACTIVE
        )
        out.append(
            Candidate(
                no_kk,
                rank.desil,
                amount(no_kk) if callable(amount) else amount,
                {} if attributes is None else attributes(no_kk),
                enrolled,
            )
        )
    if missing:
        raise BulkValidationError("registry candidates", missing)
    return out
