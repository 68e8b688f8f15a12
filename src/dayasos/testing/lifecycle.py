"""Hypothesis strategies for the KPM PKH lifecycle values."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from dayasos.eligibility.lifecycle import (
    TRANSITIONS,
    GraduationSituation,
    KpmHistory,
    KpmTransition,
    TransitionReason,
)
from dayasos.eligibility.pkh import PkhStatus

__all__ = ["graduation_situations", "kpm_histories", "transition_reasons"]


def transition_reasons() -> st.SearchStrategy[TransitionReason]:
    """Any lifecycle transition reason."""
    return st.sampled_from(list(TransitionReason))


def graduation_situations() -> st.SearchStrategy[GraduationSituation]:
    """What a facilitator may know: declared withdrawal, assessment, in any combination."""
    return st.builds(GraduationSituation, st.booleans(), st.booleans())


def kpm_histories(
    family_id: st.SearchStrategy[str] | None = None,
    start: date = date(2019, 1, 1),
    max_steps: int = 6,
) -> st.SearchStrategy[KpmHistory]:
    """Valid histories: a random walk through the allowed transitions from ``start``, with
    non-decreasing effective and recorded dates."""

    @st.composite
    def build(draw: st.DrawFn) -> KpmHistory:
        fid = draw(family_id if family_id is not None else st.text("abcdef0123", min_size=1))
        day = start + timedelta(days=draw(st.integers(0, 365)))
        recorded = day + timedelta(days=draw(st.integers(-30, 30)))
        current: PkhStatus | None = None
        out: list[KpmTransition] = []
        for _ in range(draw(st.integers(1, max_steps))):
            options = sorted(
                ((dst, r) for (src, dst), rs in TRANSITIONS.items() if src is current for r in rs),
                key=lambda o: (o[0].code, o[1].code),
            )
            if not options:
                break
            dst, reason = draw(st.sampled_from(options))
            out.append(KpmTransition(current, dst, day, recorded, reason))
            current = dst
            day += timedelta(days=draw(st.integers(0, 400)))
            recorded = max(recorded, day + timedelta(days=draw(st.integers(-30, 30))))
        return KpmHistory(fid, tuple(out))

    return build()
