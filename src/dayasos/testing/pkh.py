"""Hypothesis strategies for the PKH input values."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from dayasos.categories import DisabilitySeverity, Relationship, SchoolLevel, Sex
from dayasos.eligibility.pkh import PkhFamily, PkhMember, PkhStatus

__all__ = ["pkh_families", "pkh_members", "pkh_statuses"]


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
            welfare_decile=draw(st.none() | st.integers(1, 10)),
            remote_area=draw(st.booleans()),
            status=status,
        )

    return build()
