"""KPM PKH lifecycle: transitions, replay, graduation assessment, batch proposals."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from dayasos.categories import SchoolLevel, Sex
from dayasos.eligibility.decision import CriterionStatus
from dayasos.eligibility.lifecycle import (
    FINAL_STATUSES,
    GRADUATED_STATUSES,
    PRECEDENCE,
    TRANSITIONS,
    GraduationRoute,
    GraduationSituation,
    KpmHistory,
    KpmTransition,
    TransitionReason,
    allowed_reasons,
    apply_transitions,
    assess_graduation,
    entitlement_at,
    graduation_route,
    propose_graduations,
)
from dayasos.eligibility.lifecycle.graduation import ROUTE_STATUS
from dayasos.eligibility.lifecycle.messages import GRADUATION_MESSAGES
from dayasos.eligibility.pkh import PkhFamily, PkhMember, PkhStatus
from dayasos.errors import InvalidTransitionError, ValidationError
from dayasos.money import Rupiah
from dayasos.parameters import load_parameters
from dayasos.testing import kpm_histories, pkh_families

S = PkhStatus
R = TransitionReason
START = date(2019, 1, 1)


def _family(fid: str = "kpm") -> PkhFamily:
    # example 2 of the shared facts: a child aged 4, an SMP child and an SMA child (2021)
    return PkhFamily(
        fid,
        [
            PkhMember("a", date(2017, 3, 1), Sex.PEREMPUAN),
            PkhMember("b", date(2008, 3, 1), Sex.LAKI_LAKI, school_level=SchoolLevel.SMP),
            PkhMember("c", date(2005, 3, 1), Sex.PEREMPUAN, school_level=SchoolLevel.SMA),
        ],
    )


def _example_4(fid: str = "kpm4") -> PkhFamily:
    # example 4: the only member with a component was a 19-year-old who finished SMA
    return PkhFamily(fid, [PkhMember("x", date(2002, 3, 1), Sex.LAKI_LAKI)])


def test_forbidden_transition_names_both_statuses() -> None:
    h = KpmHistory.start("k", S.AKTIF, START)
    h = h.transition(S.GRADUASI_ALAMIAH, date(2021, 7, 1), R.TIDAK_ADA_KOMPONEN)
    with pytest.raises(InvalidTransitionError) as exc:
        h.transition(S.AKTIF, date(2022, 1, 1), R.PENETAPAN)
    assert "'graduasi_alamiah'" in str(exc.value) and "'aktif'" in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_wrong_reason_is_refused_with_the_allowed_ones() -> None:
    h = KpmHistory.start("k", S.AKTIF, START)
    with pytest.raises(InvalidTransitionError, match="allowed: komitmen_tidak_dipenuhi"):
        h.transition(S.DITANGGUHKAN, date(2020, 1, 1), R.PINDAH)


def test_dates_never_go_back() -> None:
    h = KpmHistory.start("k", S.AKTIF, date(2020, 1, 1))
    with pytest.raises(InvalidTransitionError, match="before the previous"):
        h.transition(S.DITANGGUHKAN, date(2019, 12, 31), R.KOMITMEN_TIDAK_DIPENUHI)
    with pytest.raises(InvalidTransitionError, match="append-only"):
        h.transition(
            S.DITANGGUHKAN,
            date(2020, 2, 1),
            R.KOMITMEN_TIDAK_DIPENUHI,
            recorded=date(2019, 6, 1),
        )


def test_status_on_and_why() -> None:
    h = KpmHistory.start("k", S.KANDIDAT, date(2019, 1, 1))
    h = h.transition(S.AKTIF, date(2019, 3, 1), R.PENETAPAN)
    h = h.transition(S.DITANGGUHKAN, date(2020, 4, 1), R.KOMITMEN_TIDAK_DIPENUHI)
    assert h.status_on(date(2018, 12, 31)) is None
    assert h.status_on(date(2019, 2, 28)) is S.KANDIDAT
    assert h.status_on(date(2020, 3, 31)) is S.AKTIF
    why = h.explain_status(date(2020, 5, 1))
    assert why.status is S.DITANGGUHKAN and why.since == date(2020, 4, 1)
    assert why.transition is not None and why.transition.reason is R.KOMITMEN_TIDAK_DIPENUHI
    assert "Komitmen tidak dipenuhi" in why.explain("id")
    assert "commitments not met" in why.explain("en")


def test_as_of_ignores_later_records() -> None:
    h = KpmHistory.start("k", S.AKTIF, date(2019, 1, 1))
    # back-dated: takes effect 1 Jul, recorded 1 Sep
    h = h.transition(
        S.GRADUASI_ALAMIAH, date(2021, 7, 1), R.TIDAK_ADA_KOMPONEN, recorded=date(2021, 9, 1)
    )
    assert h.status_on(date(2021, 8, 1)) is S.GRADUASI_ALAMIAH
    assert h.status_on(date(2021, 8, 1), as_of=date(2021, 8, 1)) is S.AKTIF


def test_registry_records_round_trip() -> None:
    h = KpmHistory.start("k", S.KANDIDAT, date(2019, 1, 1))
    h = h.transition(S.AKTIF, date(2019, 3, 1), R.PENETAPAN)
    rows = h.as_records()
    assert rows[1]["from_status"] == "kandidat" and rows[1]["status"] == "aktif"
    assert KpmHistory.from_records("k", rows) == h


def test_history_must_chain() -> None:
    t1 = KpmTransition(None, S.AKTIF, START, START, R.PENETAPAN)
    t2 = KpmTransition(S.KANDIDAT, S.AKTIF, START, START, R.PENETAPAN)
    with pytest.raises(InvalidTransitionError, match="transition 1"):
        KpmHistory("k", (t1, t2))


def test_final_statuses_have_no_way_out() -> None:
    for (src, _dst), reasons in TRANSITIONS.items():
        assert src not in FINAL_STATUSES
        assert reasons


# --------------------------------------------------------------- graduation


def test_example_4_graduasi_alamiah() -> None:
    h = KpmHistory.start("kpm4", S.AKTIF, START)
    d = assess_graduation(_example_4(), h, date(2021, 7, 1))
    assert d.programme == "PKH" and d.subject == "graduation" and d.outcome
    assert graduation_route(d) is S.GRADUASI_ALAMIAH
    assert d.criterion("no_eligible_component").status is CriterionStatus.PASSED
    assert d.criterion("welfare_above_pkh_criteria").status is CriterionStatus.NOT_APPLICABLE


def test_family_with_components_does_not_graduate_without_withdrawal() -> None:
    h = KpmHistory.start("kpm", S.AKTIF, START)
    d = assess_graduation(_family(), h, date(2021, 7, 1))
    assert not d.outcome and graduation_route(d) is None
    assert d.criterion("graduasi_alamiah").status is CriterionStatus.FAILED
    assert d.criterion("withdrawal_declared").status is CriterionStatus.FAILED


def test_sejahtera_mandiri_needs_withdrawal_and_assessment() -> None:
    h = KpmHistory.start("kpm", S.AKTIF, START)
    only = GraduationSituation(withdrawal_declared=True)
    both = GraduationSituation(withdrawal_declared=True, facilitator_assessed=True)
    assert not assess_graduation(_family(), h, date(2021, 7, 1), only).outcome
    d = assess_graduation(_family(), h, date(2021, 7, 1), both)
    assert graduation_route(d) is S.GRADUASI_SEJAHTERA_MANDIRI


def test_decile_thresholds_from_a_reform() -> None:
    p = load_parameters()
    p = p.with_value("pkh.eligibility.max_desil", 4, start=date(2019, 1, 1))
    p = p.with_value("pkh.graduation.min_desil", 6, start=date(2019, 1, 1))
    h = KpmHistory.start("kpm", S.AKTIF, START)
    rich = PkhFamily("kpm", _family().members, desil=7)
    d = assess_graduation(rich, h, date(2021, 7, 1), params=p)
    assert graduation_route(d) is S.GRADUASI_ALAMIAH
    assert d.criterion("welfare_above_pkh_criteria").threshold == "> 4"
    both = GraduationSituation(withdrawal_declared=True, facilitator_assessed=True)
    poor = PkhFamily("kpm", _family().members, desil=3)
    assert not assess_graduation(poor, h, date(2021, 7, 1), both, p).outcome
    d2 = assess_graduation(rich, h, date(2021, 7, 1), both, p)
    assert graduation_route(d2) is S.GRADUASI_SEJAHTERA_MANDIRI
    assert d2.criterion("graduasi_alamiah").status is CriterionStatus.NOT_APPLICABLE
    alamiah_first = p.with_value("pkh.graduation.precedence", "alamiah_first", start=START)
    d3 = assess_graduation(rich, h, date(2021, 7, 1), both, alamiah_first)
    assert graduation_route(d3) is S.GRADUASI_ALAMIAH


@pytest.mark.parametrize("rule", sorted(PRECEDENCE))
def test_precedence_is_an_ordered_list_of_routes(rule: str) -> None:
    p = load_parameters()
    p = p.with_value("pkh.eligibility.max_desil", 4, start=date(2019, 1, 1))
    p = p.with_value("pkh.graduation.precedence", rule, start=START)
    h = KpmHistory.start("kpm", S.AKTIF, START)
    rich = PkhFamily("kpm", _family().members, desil=7)
    both = GraduationSituation(withdrawal_declared=True, facilitator_assessed=True)
    d = assess_graduation(rich, h, date(2021, 7, 1), both, p)
    first, second = PRECEDENCE[rule]
    assert d.criterion(first.value).status is CriterionStatus.PASSED
    assert d.criterion(second.value).status is CriterionStatus.NOT_APPLICABLE
    assert graduation_route(d) is ROUTE_STATUS[first]
    assert {first, second} == {GraduationRoute.SEJAHTERA_MANDIRI, GraduationRoute.ALAMIAH}


def test_an_unknown_precedence_names_the_known_ones() -> None:
    p = load_parameters().with_value("pkh.graduation.precedence", "paksa_first", start=START)
    h = KpmHistory.start("kpm", S.AKTIF, START)
    with pytest.raises(ValidationError, match="known: sejahtera_mandiri_first, alamiah_first"):
        assess_graduation(_family(), h, date(2021, 7, 1), params=p)


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(template)))


@settings(max_examples=60)
@given(pkh_families(), st.booleans(), st.booleans(), st.booleans())
def test_every_graduation_message_comes_from_the_message_table(
    family: PkhFamily, withdrawal: bool, assessed: bool, forced: bool
) -> None:
    h = KpmHistory.start(family.family_id, S.AKTIF, START)
    situation = GraduationSituation(withdrawal, assessed, forced)
    d = assess_graduation(family, h, date(2021, 7, 1), situation)
    assert len(d.criteria) == 9
    for c in d.criteria:
        cases = [
            (case, id_, en)
            for (code, case), (id_, en) in GRADUATION_MESSAGES.items()
            if code == c.code
        ]
        assert any(
            _pattern(id_).fullmatch(c.message_id) and _pattern(en).fullmatch(c.message_en)
            for _, id_, en in cases
        ), (c.code, c.message_en)


def test_forced_graduation_route() -> None:
    h = KpmHistory.start("kpm", S.AKTIF, START)
    at = date(2021, 7, 1)
    forced = GraduationSituation(forced_by_programme=True)
    d = assess_graduation(_family(), h, at, forced)
    assert d.outcome and graduation_route(d) is S.GRADUASI_ALAMIAH  # recorded_as (U)
    c = d.criterion("graduasi_paksa")
    assert c.status is CriterionStatus.PASSED and c.parameter is not None
    assert c.parameter.name == "pkh.graduation.paksa.recorded_as" and c.parameter.unverified
    [proposal] = propose_graduations([(_family(), h)], at, situations={"kpm": forced})
    assert proposal.transition.reason is R.GRADUASI_PAKSA
    assert apply_transitions({"kpm": h}, [proposal])["kpm"].status_on(at) is S.GRADUASI_ALAMIAH
    # not forced: the route fails; another route passing makes it not applicable
    assert assess_graduation(_family(), h, at).criterion("graduasi_paksa").status is (
        CriterionStatus.FAILED
    )
    d4 = assess_graduation(_example_4(), KpmHistory.start("kpm4", S.AKTIF, START), at, forced)
    assert d4.criterion("graduasi_paksa").status is CriterionStatus.NOT_APPLICABLE
    assert graduation_route(d4) is S.GRADUASI_ALAMIAH
    # the recorded status and whether the route is recognised are parameters
    p = load_parameters()
    as_mandiri = p.with_value(
        "pkh.graduation.paksa.recorded_as", "graduasi_sejahtera_mandiri", start=START
    )
    assert graduation_route(assess_graduation(_family(), h, at, forced, as_mandiri)) is (
        S.GRADUASI_SEJAHTERA_MANDIRI
    )
    off = p.with_value("pkh.graduation.paksa.recognised", False, start=START)
    assert not assess_graduation(_family(), h, at, forced, off).outcome
    bad = p.with_value("pkh.graduation.paksa.recorded_as", "aktif", start=START)
    with pytest.raises(ValidationError, match="recorded_as"):
        assess_graduation(_family(), h, at, forced, bad)


@settings(max_examples=40, deadline=None)
@given(pkh_families(), kpm_histories(), st.booleans(), st.dates(START, date(2024, 12, 31)))
def test_forced_graduation_only_for_participants_without_another_route(
    family: PkhFamily, history: KpmHistory, forced: bool, at: date
) -> None:
    history = KpmHistory(family.family_id, history.transitions)
    situation = GraduationSituation(forced_by_programme=forced)
    d = assess_graduation(family, history, at, situation)
    paksa = d.criterion("graduasi_paksa").status
    others = {d.criterion(c).status for c in ("graduasi_alamiah", "graduasi_sejahtera_mandiri")}
    if paksa is CriterionStatus.PASSED:
        assert forced and history.status_on(at) in (S.AKTIF, S.DITANGGUHKAN)
        assert CriterionStatus.PASSED not in others
        assert graduation_route(d) in GRADUATED_STATUSES
    assert d.outcome == (graduation_route(d) is not None)


def test_batch_proposes_without_applying_then_applies() -> None:
    at = date(2021, 9, 30)
    h4 = KpmHistory.start("kpm4", S.AKTIF, START)
    h2 = KpmHistory.start("kpm", S.AKTIF, START)
    hg = KpmHistory.start("gone", S.AKTIF, START).transition(
        S.GRADUASI_ALAMIAH, date(2020, 1, 1), R.TIDAK_ADA_KOMPONEN
    )
    pairs = [(_example_4(), h4), (_family(), h2), (_example_4("gone"), hg)]
    proposals = propose_graduations(pairs, at)
    assert [p.family_id for p in proposals] == ["kpm4"]
    assert proposals[0].transition.target is S.GRADUASI_ALAMIAH
    assert proposals[0].transition.reason is R.TIDAK_ADA_KOMPONEN
    assert h4.current is S.AKTIF  # nothing applied
    new = apply_transitions({"kpm4": h4, "kpm": h2, "gone": hg}, proposals)
    assert new["kpm4"].status_on(at) is S.GRADUASI_ALAMIAH
    assert new["kpm"] is h2
    # a stale proposal no longer fits
    with pytest.raises(InvalidTransitionError):
        apply_transitions(new, proposals)


def test_batch_refuses_duplicates() -> None:
    h = KpmHistory.start("kpm4", S.AKTIF, START)
    with pytest.raises(ValidationError, match="twice"):
        propose_graduations([(_example_4(), h), (_example_4(), h)], date(2021, 1, 1))


def test_entitlement_is_zero_after_graduation_with_the_reason() -> None:
    h = KpmHistory.start("kpm", S.AKTIF, START).transition(
        S.GRADUASI_SEJAHTERA_MANDIRI, date(2021, 7, 1), R.MENGUNDURKAN_DIRI
    )
    before = entitlement_at(_family(), h, date(2021, 6, 30))
    assert before.total == Rupiah(6_500_000)  # example 2
    after = entitlement_at(_family(), h, date(2021, 7, 1))
    assert after.total == Rupiah(0)
    crit = after.eligibility.criterion("not_excluded")
    assert crit.status is CriterionStatus.FAILED and crit.observed == "graduasi_sejahtera_mandiri"


@settings(max_examples=30, deadline=None)
@given(pkh_families(), st.dates(date(2019, 1, 1), date(2023, 12, 31)))
def test_batch_order_independent(family: PkhFamily, at: date) -> None:
    other = _example_4()
    if family.family_id == other.family_id:
        return
    h1 = KpmHistory.start(family.family_id, S.AKTIF, START)
    h2 = KpmHistory.start(other.family_id, S.AKTIF, START)
    a = propose_graduations([(family, h1), (other, h2)], at)
    b = propose_graduations([(other, h2), (family, h1)], at)
    assert a == b


@settings(max_examples=40, deadline=None)
@given(kpm_histories(), st.dates(date(2018, 1, 1), date(2026, 12, 31)))
def test_replay_and_records_agree(h: KpmHistory, at: date) -> None:
    again = KpmHistory(h.family_id, h.transitions)
    assert again == h and again.status_on(at) is h.status_on(at)
    assert KpmHistory.from_records(h.family_id, h.as_records()).status_on(at) is h.status_on(at)


# --------------------------------------------------------------- stateful

_REASONS = list(TransitionReason)
_STATUSES = list(PkhStatus)


class Lifecycle(RuleBasedStateMachine):
    """Random events against one KPM's lifecycle, checked against the transition table."""

    def __init__(self) -> None:
        super().__init__()
        self.history = KpmHistory("kpm", ())
        self.day = date(2019, 1, 1)
        self.model: list[tuple[date, PkhStatus]] = []
        self.family = _family()

    @rule(
        status=st.sampled_from(_STATUSES),
        reason=st.sampled_from(_REASONS),
        gap=st.integers(0, 200),
    )
    def random_event(self, status: PkhStatus, reason: TransitionReason, gap: int) -> None:
        self._event(status, reason, gap)

    @rule(data=st.data(), gap=st.integers(0, 200))
    def allowed_event(self, data: st.DataObject, gap: int) -> None:
        current = self.history.current
        options = sorted(
            ((dst, r) for (src, dst), rs in TRANSITIONS.items() if src is current for r in rs),
            key=lambda o: (o[0].code, o[1].code),
        )
        if options:
            status, reason = data.draw(st.sampled_from(options))
            self._event(status, reason, gap)

    def _event(self, target: PkhStatus, reason: TransitionReason, gap: int) -> None:
        day = self.day + timedelta(days=gap)
        current = self.history.current
        allowed = current is not target and reason in allowed_reasons(current, target)
        if not allowed:
            with pytest.raises(InvalidTransitionError) as exc:
                self.history.transition(target, day, reason)
            message = str(exc.value)
            assert (current.code if current else "(none)") in message
            assert target.code in message
            return
        new = self.history.transition(target, day, reason)
        self.history, self.day = new, day
        self.model.append((day, target))

    @precondition(lambda self: bool(self.model))
    @rule(back=st.integers(1, 400))
    def backdated_event_is_refused(self, back: int) -> None:
        day = self.day - timedelta(days=back)
        before = self.history
        for target in _STATUSES:
            for reason in allowed_reasons(self.history.current, target):
                with pytest.raises(InvalidTransitionError):
                    self.history.transition(target, day, reason)
        assert self.history is before

    @invariant()
    def never_forbidden(self) -> None:
        prev: PkhStatus | None = None
        for t in self.history.transitions:
            assert (prev, t.target) in TRANSITIONS
            assert t.target is not S.GRADUASI  # the lifecycle always records the kind
            prev = t.target

    @invariant()
    def replays_to_same_status_at_every_date(self) -> None:
        again = KpmHistory(self.history.family_id, self.history.transitions)
        days = {d for d, _ in self.model} | {d - timedelta(days=1) for d, _ in self.model}
        for d in days:
            expected = None
            for md, ms in self.model:
                if md <= d:
                    expected = ms
            assert self.history.status_on(d) is expected
            assert again.status_on(d) is expected

    @invariant()
    def graduated_never_paid_after(self) -> None:
        g = self.history.graduation
        if g is None:
            return
        assert g.target in GRADUATED_STATUSES
        for d in (g.effective, g.effective + timedelta(days=45), self.day + timedelta(days=1)):
            e = entitlement_at(self.family, self.history, d)
            assert e.total == Rupiah(0)
            assert e.eligibility.criterion("not_excluded").status is CriterionStatus.FAILED


Lifecycle.TestCase.settings = settings(max_examples=25, stateful_step_count=12, deadline=None)
TestLifecycle = Lifecycle.TestCase


@settings(max_examples=25, deadline=None)
@given(kpm_histories())
def test_history_json_round_trip(h: KpmHistory) -> None:
    from dayasos.serialization import from_json, to_json

    back = from_json(to_json(h), KpmHistory)
    assert back == h
    for t in h.transitions:
        assert back.status_on(t.effective) is h.status_on(t.effective)


def test_batch_skips_a_family_with_a_later_change_recorded() -> None:
    h = KpmHistory.start("kpm4", S.AKTIF, START).transition(
        S.DIHENTIKAN, date(2022, 1, 1), R.PINDAH, recorded=date(2021, 1, 5)
    )
    # on 2021-07-01 the family is still aktif and has no component, but it moves out in 2022
    assert h.status_on(date(2021, 7, 1)) is S.AKTIF
    assert propose_graduations([(_example_4(), h)], date(2021, 7, 1)) == ()
