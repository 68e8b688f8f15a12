"""PKH conditionality: verification per period and the sanction sequence."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.eligibility.conditionality import (
    CommitmentKind,
    CommitmentRecord,
    propose_sanctions,
    verify_commitments,
)
from dayasos.eligibility.decision import CriterionStatus, Decision
from dayasos.eligibility.lifecycle import KpmHistory, apply_transitions
from dayasos.eligibility.pkh import PkhStatus
from dayasos.errors import ValidationError
from dayasos.parameters import load_parameters

S = PkhStatus
SCHOOL = CommitmentKind.PENDIDIKAN
HEALTH = CommitmentKind.KESEHATAN
Q1 = (date(2021, 1, 1), date(2021, 3, 31))


def test_school_attendance_85_percent_boundary() -> None:
    # 85 % of school days (shared facts, M): 51 of 60 is exactly 85 %
    ok = verify_commitments([CommitmentRecord("c", SCHOOL, 51, 60)], *Q1)
    short = verify_commitments([CommitmentRecord("c", SCHOOL, 50, 60)], *Q1)
    assert ok.outcome and not short.outcome
    crit = short.criterion("pendidikan.c")
    assert crit.threshold == ">= 85 %" and crit.observed == "50/60"
    assert crit.parameter is not None
    assert crit.parameter.name == "pkh.conditionality.school_attendance_min"


def test_health_checks_all_scheduled_required_assumption() -> None:
    d = verify_commitments([CommitmentRecord("b", HEALTH, 2, 3)], *Q1)
    assert not d.outcome
    c = d.criterion("kesehatan.b")
    assert c.parameter is not None and c.parameter.unverified


def test_nothing_to_verify_is_compliant() -> None:
    d = verify_commitments([], *Q1)
    assert d.outcome and d.criteria[0].status is CriterionStatus.NOT_APPLICABLE
    z = verify_commitments([CommitmentRecord("c", SCHOOL, 0, 0)], *Q1)
    assert z.outcome


def test_record_validation() -> None:
    with pytest.raises(ValidationError, match="attended"):
        CommitmentRecord("c", SCHOOL, 61, 60)
    with pytest.raises(ValidationError, match="two records"):
        verify_commitments([CommitmentRecord("c", SCHOOL, 1, 2)] * 2, *Q1)


def _quarter_ends(n: int) -> list[date]:
    out, d = [], date(2021, 3, 31)
    for _ in range(n):
        out.append(d)
        d = (d + timedelta(days=1)).replace(day=1)
        m = d.month + 2
        d = date(d.year + (m - 1) // 12, (m - 1) % 12 + 1, 1)
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return out


def _verification(end: date, ok: bool) -> Decision:
    start = end.replace(day=1) - timedelta(days=62)
    return verify_commitments([CommitmentRecord("c", SCHOOL, 60 if ok else 10, 60)], start, end)


def test_suspension_then_cancellation() -> None:
    h = KpmHistory.start("k", S.AKTIF, date(2019, 1, 1))
    ends = _quarter_ends(2)
    vs = [_verification(e, False) for e in ends]
    props = propose_sanctions(h, vs)
    assert [p.transition.target for p in props] == [S.DITANGGUHKAN, S.DIBATALKAN]
    assert props[0].transition.effective == ends[0] + timedelta(days=1)
    new = apply_transitions({"k": h}, props)["k"]
    assert new.current is S.DIBATALKAN


def test_compliance_lifts_suspension() -> None:
    h = KpmHistory.start("k", S.AKTIF, date(2019, 1, 1))
    ends = _quarter_ends(2)
    vs = [_verification(ends[0], False), _verification(ends[1], True)]
    props = propose_sanctions(h, vs)
    assert [p.transition.target for p in props] == [S.DITANGGUHKAN, S.AKTIF]


def test_suspend_after_two_periods_by_reform() -> None:
    p = load_parameters().with_value(
        "pkh.sanction.suspend_after_failed_periods", 2, start=date(2019, 1, 1)
    )
    h = KpmHistory.start("k", S.AKTIF, date(2019, 1, 1))
    ends = _quarter_ends(3)
    one = propose_sanctions(h, [_verification(ends[0], False)], params=p)
    assert one == ()
    broken = [_verification(ends[0], False), _verification(ends[1], True)]
    broken.append(_verification(ends[2], False))
    assert propose_sanctions(h, broken, params=p) == ()
    two = [_verification(ends[0], False), _verification(ends[1], False)]
    assert len(propose_sanctions(h, two, params=p)) == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), max_size=8))
def test_sanctions_follow_the_machine(outcomes: list[bool]) -> None:
    h = KpmHistory.start("k", S.AKTIF, date(2019, 1, 1))
    ends = _quarter_ends(len(outcomes))
    vs = [_verification(e, ok) for e, ok in zip(ends, outcomes, strict=True)]
    props = propose_sanctions(h, list(reversed(vs)))
    new = apply_transitions({"k": h}, props)["k"]  # valid: replayed and checked
    targets = [p.transition.target for p in props]
    if all(outcomes):
        assert targets == []
    if S.DIBATALKAN in targets:
        assert targets.index(S.DIBATALKAN) == len(targets) - 1
        assert targets[-2] is S.DITANGGUHKAN
    # a cancellation needs two failed periods in a row (one to suspend, one to cancel)
    cancelled = new.current is S.DIBATALKAN
    pairs = any(not a and not b for a, b in itertools.pairwise(outcomes))
    assert cancelled == pairs
