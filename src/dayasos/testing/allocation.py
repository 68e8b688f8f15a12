"""Hypothesis strategies for allocation inputs: apportionment weights and ranked candidates."""

from __future__ import annotations

from hypothesis import strategies as st

from dayasos.categories import Programme
from dayasos.eligibility.allocation import Candidate, Method
from dayasos.money import Rupiah

__all__ = ["apportionment_methods", "apportionment_weights", "candidates"]


def apportionment_methods() -> st.SearchStrategy[Method]:
    """The four apportionment methods."""
    return st.sampled_from(list(Method))


def apportionment_weights(
    *, max_units: int = 12, max_weight: int = 10**6
) -> st.SearchStrategy[dict[str, int]]:
    """``{unit key: weight}`` with at least one positive weight (keys are short strings)."""
    return st.dictionaries(
        st.text("0123456789", min_size=2, max_size=2),
        st.integers(0, max_weight),
        min_size=1,
        max_size=max_units,
    ).filter(lambda w: any(w.values()))


def candidates(*, max_rank: int = 10, max_amount: int = 10_000_000) -> st.SearchStrategy[Candidate]:
    """Candidate households: a desil rank 1..``max_rank``, an amount, a ``components``
    attribute (0-7) and some programme enrolments. Keys are opaque ``"kpm-N"`` strings."""
    return st.builds(
        Candidate,
        key=st.integers(0, 10**6).map(lambda n: f"kpm-{n:07d}"),
        rank=st.integers(1, max_rank),
        amount=st.integers(0, max_amount).map(Rupiah),
        attributes=st.fixed_dictionaries({"components": st.integers(0, 7)}),
        enrolled=st.frozensets(st.sampled_from(list(Programme)), max_size=2),
    )
