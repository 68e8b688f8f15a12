"""Hypothesis strategies for the budget value types (keys, events, DIPA lines)."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from dayasos.budget.codes import (
    Akun,
    BudgetLineKey,
    JenisBelanja,
    Kewenangan,
    Output,
    RincianOutput,
    SumberDana,
)
from dayasos.budget.dipa import Blokir, Commitment, DipaLine, PaguEvent, Realization
from dayasos.money import Rupiah

__all__ = ["akuns", "budget_line_keys", "dipa_lines", "pagu_events", "realizations"]

_CODE = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=4)


def akuns() -> st.SearchStrategy[Akun]:
    """6-digit BAS akun of the four jenis belanja."""
    return st.builds(
        lambda j, rest: Akun(j.value + rest),
        st.sampled_from(list(JenisBelanja)),
        st.text(alphabet="0123456789", min_size=4, max_size=4),
    )


def budget_line_keys(fiscal_year: int | None = None) -> st.SearchStrategy[BudgetLineKey]:
    """Valid budget line keys; the output era follows the year (KRO/RO from 2021)."""
    years = st.just(fiscal_year) if fiscal_year is not None else st.integers(2015, 2030)

    def build(
        year: int, draw_codes: tuple[str, ...], akun: Akun, kw: Kewenangan, sd: SumberDana
    ) -> BudgetLineKey:
        eselon1, satker_n, program, kegiatan, out1, out2, komponen = draw_codes
        output: Output | RincianOutput = (
            RincianOutput(out1, out2) if year >= 2021 else Output(out1, out2)
        )
        return BudgetLineKey(
            year, "027", eselon1, f"{int(satker_n, 36) % 1_000_000:06d}", program, kegiatan,
            output, komponen, akun, kw, sd,
        )  # fmt: skip

    return st.builds(
        build,
        years,
        st.tuples(*([_CODE] * 7)),
        akuns(),
        st.sampled_from(list(Kewenangan)),
        st.sampled_from(list(SumberDana)),
    )


def _dates(year: int) -> st.SearchStrategy[date]:
    return st.dates(date(year, 1, 1), date(year, 12, 31))


def pagu_events(year: int, max_amount: int = 10**13) -> st.SearchStrategy[PaguEvent]:
    """Pagu events of a year (changes may be negative: optimisation, refocusing)."""
    return st.builds(
        PaguEvent,
        _dates(year),
        st.integers(-max_amount, max_amount).map(Rupiah),
        st.sampled_from(["awal", "221", "236", "239", "BA BUN"]),
    )


def realizations(year: int, max_amount: int = 10**12) -> st.SearchStrategy[Realization]:
    """SP2D realizations of a year (refunds included)."""
    return st.builds(
        Realization, _dates(year), st.integers(-max_amount // 10, max_amount).map(Rupiah)
    )


def dipa_lines(fiscal_year: int = 2022, max_events: int = 5) -> st.SearchStrategy[DipaLine]:
    """DIPA lines of one year with pagu events, blokir, commitments and realizations."""
    y = fiscal_year
    return st.builds(
        DipaLine,
        budget_line_keys(y),
        st.lists(pagu_events(y), max_size=max_events),
        st.lists(st.builds(Blokir, _dates(y), st.integers(0, 10**11).map(Rupiah)), max_size=2),
        st.just({}),
        st.lists(st.builds(Commitment, _dates(y), st.integers(0, 10**11).map(Rupiah)), max_size=2),
        st.lists(realizations(y), max_size=max_events),
    )
