"""Hypothesis strategies for the PKH input values."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
from hypothesis import strategies as st

from dayasos.categories import DisabilitySeverity, Relationship, SchoolLevel, Sex
from dayasos.eligibility.pkh import PkhFamily, PkhMember, PkhStatus

__all__ = ["pkh_crowded_families", "pkh_families", "pkh_members", "pkh_statuses"]


def pkh_statuses() -> st.SearchStrategy[PkhStatus]:
    """PKH participation statuses."""
    return st.sampled_from(list(PkhStatus))


def pkh_members(
    member_id: st.SearchStrategy[str] | None = None,
    born_after: date = date(1925, 1, 1),
    born_before: date = date(2021, 12, 31),
) -> st.SearchStrategy[PkhMember]:
    """Members with any combination of the attributes the PKH rules read (valid ones only:
    only women are pregnant, a pregnancy order only with a pregnancy)."""

    @st.composite
    def build(draw: st.DrawFn) -> PkhMember:
        mid = draw(member_id if member_id is not None else st.text("abcdefgh0123", min_size=1))
        days = (born_before - born_after).days
        birth = born_after + timedelta(days=draw(st.integers(0, days)))
        sex = draw(st.sampled_from(list(Sex)))
        pregnant = sex is Sex.PEREMPUAN and draw(st.booleans())
        order = draw(st.none() | st.integers(1, 4)) if pregnant else None
        return PkhMember(
            mid,
            birth,
            sex,
            pregnant_or_postpartum=pregnant,
            pregnancy_order=order,
            school_level=draw(st.sampled_from(list(SchoolLevel))),
            disability=draw(st.sampled_from(list(DisabilitySeverity))),
            relationship=draw(st.sampled_from(list(Relationship))),
        )

    return build()


def pkh_families(
    min_members: int = 0, max_members: int = 8, *, active: bool = False
) -> st.SearchStrategy[PkhFamily]:
    """Families with distinct member ids ``m0``, ``m1``, ...; ``active=True`` gives only
    registered, active families (eligible whenever a member has a component and no decile
    threshold is set)."""

    @st.composite
    def build(draw: st.DrawFn) -> PkhFamily:
        n = draw(st.integers(min_members, max_members))
        members = [draw(pkh_members(member_id=st.just(f"m{i}"))) for i in range(n)]
        if active:
            registered, status = True, PkhStatus.AKTIF
        else:
            registered = draw(st.booleans())
            status = draw(pkh_statuses())
        return PkhFamily(
            draw(st.text("abcdef0123456789", min_size=1, max_size=8)),
            tuple(members),
            registered=registered,
            desil=draw(st.none() | st.integers(1, 10)),
            remote_area=draw(st.booleans()),
            status=status,
        )

    return build()


def pkh_crowded_families(at: date) -> st.SearchStrategy[PkhFamily]:
    """Registered, active families built to reach the PKH limits on ``at``: 0-5 children aged
    0-6 and not in school (not pregnant), 0-3 members aged 55-80 and 0-3 members of any kind,
    in random order, with ids ``m000``, ``m001``, ... by position (so the per-family tie-break
    by id is the row order of :class:`dayasos.population.Population`). The limit of two
    early-childhood children, the cap of four and the elderly age bound are all reached often.

    Examples:
        >>> from datetime import date
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, database=None, derandomize=True)
        ... @given(pkh_crowded_families(date(2021, 7, 1)))
        ... def check(family: PkhFamily) -> None:
        ...     assert family.registered and family.status is PkhStatus.AKTIF
        ...     assert [m.member_id for m in family.members][:2] in ([], ["m000"], ["m000", "m001"])
        >>> check()
    """
    y = at.year
    toddler = pkh_members(born_after=date(y - 6, 1, 1), born_before=at).map(
        lambda m: attrs.evolve(
            m, school_level=SchoolLevel.NONE, pregnant_or_postpartum=False, pregnancy_order=None
        )
    )
    old = pkh_members(born_after=date(y - 81, 1, 1), born_before=date(y - 55, 12, 31))

    @st.composite
    def build(draw: st.DrawFn) -> PkhFamily:
        drawn = (
            draw(st.lists(toddler, max_size=5))
            + draw(st.lists(old, max_size=3))
            + draw(st.lists(pkh_members(born_before=at), max_size=3))
        )
        drawn = draw(st.permutations(drawn))
        return PkhFamily(
            draw(st.text("abcdef0123456789", min_size=1, max_size=8)),
            tuple(attrs.evolve(m, member_id=f"m{j:03d}") for j, m in enumerate(drawn)),
            desil=draw(st.none() | st.integers(1, 10)),
            remote_area=draw(st.booleans()),
        )

    return build()
