"""Hypothesis strategies for column-wise populations (numpy needed only when drawn)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import strategies as st

from dayasos.eligibility.pkh import PkhFamily
from dayasos.testing.pkh import pkh_members, pkh_statuses

if TYPE_CHECKING:
    from dayasos.population import Population

__all__ = ["pkh_family_lists", "populations"]


def pkh_family_lists(
    max_families: int = 6, max_members: int = 9
) -> st.SearchStrategy[list[PkhFamily]]:
    """Lists of 1 to ``max_families`` families of any status, with member ids ``m000``,
    ``m001``, ... so that the per-family tie-break by id is the column row order."""

    @st.composite
    def build(draw: st.DrawFn) -> list[PkhFamily]:
        out = []
        for i in range(draw(st.integers(1, max_families))):
            n = draw(st.integers(0, max_members))
            members = tuple(draw(pkh_members(member_id=st.just(f"m{j:03d}"))) for j in range(n))
            out.append(
                PkhFamily(
                    f"f{i}",
                    members,
                    registered=draw(st.booleans()),
                    desil=draw(st.none() | st.integers(1, 10)),
                    remote_area=draw(st.booleans()),
                    status=draw(pkh_statuses()),
                )
            )
        return out

    return build()


def populations(max_families: int = 6, max_members: int = 9) -> st.SearchStrategy[Population]:
    """Column-wise populations (:class:`dayasos.population.Population`) built from
    :func:`pkh_family_lists`; needs numpy when drawn."""

    def to_columns(families: list[PkhFamily]) -> Population:
        from dayasos.population import Population

        return Population.from_families(families)

    return pkh_family_lists(max_families, max_members).map(to_columns)
