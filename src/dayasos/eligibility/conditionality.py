"""PKH conditionality: verification of commitments per period and the sanctions that follow.

As commonly stated for PKH (M; legal basis Permensos No. 1 Tahun 2018, the Pedoman Umum PKH was
not read): pregnant women, infants and young children attend
health checks; school children attend at least 85 % of school days
(``pkh.conditionality.school_attendance_min``); the facilitator verifies the commitments each
period; non-compliance leads to suspension (penangguhan) and then cancellation (pembatalan),
the exact sequence being U. The parts no public source gives are parameters flagged U in
``parameters/data/pkh_lifecycle.toml``: the share of health checks required
(``pkh.conditionality.health_check_attendance_min``), how many failed periods lead to suspension
(``pkh.sanction.suspend_after_failed_periods``) and then to cancellation
(``pkh.sanction.cancel_after_failed_periods``), and whether a compliant period lifts a
suspension (``pkh.sanction.reactivate_on_compliance``).

Examples:
    >>> from datetime import date
    >>> from dayasos.eligibility.lifecycle import KpmHistory
    >>> from dayasos.eligibility.pkh import PkhStatus
    >>> rec = CommitmentRecord("anak-1", CommitmentKind.PENDIDIKAN, attended=50, required=60)
    >>> v = verify_commitments((rec,), date(2021, 1, 1), date(2021, 3, 31))
    >>> v.outcome
    False
    >>> h = KpmHistory.start("kpm-1", PkhStatus.AKTIF, date(2019, 1, 1))
    >>> [(p.transition.target, p.transition.effective) for p in propose_sanctions(h, [v])]
    [(PkhStatus.DITANGGUHKAN, datetime.date(2021, 4, 1))]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from attrs import define, field

from dayasos._validators import int_in_range, non_empty_text
from dayasos.categories._base import Category
from dayasos.eligibility.decision import Criterion, CriterionStatus, Decision, ParameterUse
from dayasos.eligibility.lifecycle import (
    KpmHistory,
    KpmTransition,
    ProposedTransition,
    TransitionReason,
    recording_date,
)
from dayasos.eligibility.pkh import PkhStatus
from dayasos.errors import ValidationError
from dayasos.law import Confidence
from dayasos.legal import PERMENSOS_1_2018
from dayasos.parameters import ParameterSet, load_parameters

__all__ = [
    "CommitmentKind",
    "CommitmentRecord",
    "propose_sanctions",
    "verify_commitments",
]

_PEDUM: Final = PERMENSOS_1_2018.noted(
    "Conditionalities as commonly stated in public reports (M); they are detailed in the "
    "Pedoman Umum PKH (Ditjen Linjamsos), whose text was not read."
)


class CommitmentKind(Category):
    """A PKH commitment verified by the facilitator."""

    KESEHATAN = (
        "kesehatan",
        "Pemeriksaan kesehatan (ibu hamil, bayi, anak usia dini)",
        "health checks (pregnant women, infants, young children)",
        _PEDUM,
        Confidence.MEDIUM,
        ("health",),
    )
    PENDIDIKAN = (
        "pendidikan",
        "Kehadiran di satuan pendidikan",
        "school attendance",
        _PEDUM,
        Confidence.MEDIUM,
        ("school",),
    )

    @property
    def parameter(self) -> str:
        """The parameter holding the minimum attendance share (percent)."""
        if self is CommitmentKind.KESEHATAN:
            return "pkh.conditionality.health_check_attendance_min"
        return "pkh.conditionality.school_attendance_min"


def _kind(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, CommitmentKind):
        raise ValidationError("kind", "must be a CommitmentKind", shown=repr(value))


@define(frozen=True, slots=True)
class CommitmentRecord:
    """One member's commitment in one verification period: ``attended`` of ``required``
    (health checks attended of those scheduled, or school days attended of school days)."""

    member_id: str = field(validator=non_empty_text("member_id"))
    """Opaque member identifier (never a NIK)."""
    kind: CommitmentKind = field(validator=_kind)
    attended: int = field(validator=int_in_range("attended", 0))
    required: int = field(validator=int_in_range("required", 0))

    def __attrs_post_init__(self) -> None:
        if self.attended > self.required:
            raise ValidationError("attended", f"must not exceed required ({self.required})")


def _params(params: ParameterSet | None) -> ParameterSet:
    return load_parameters() if params is None else params


def verify_commitments(
    records: Iterable[CommitmentRecord],
    start: date,
    end: date,
    params: ParameterSet | None = None,
) -> Decision:
    """The facilitator's verification of one family's commitments for the period
    ``start``..``end``: one criterion per record (attended share at least the minimum of its
    kind, compared exactly), the decision dated ``end``. A record with nothing required is not
    applicable; a family with no records meets its commitments.
    """
    if end < start:
        raise ValidationError("end", f"must not be before start {start.isoformat()}")
    p = _params(params)
    crit: list[Criterion] = []
    seen: set[tuple[str, CommitmentKind]] = set()
    for i, r in enumerate(records):
        if not isinstance(r, CommitmentRecord):
            raise ValidationError("records", "must be a CommitmentRecord", index=i)
        if (r.member_id, r.kind) in seen:
            raise ValidationError("records", "two records for one member and kind", index=i)
        seen.add((r.member_id, r.kind))
        minimum = p.decimal(r.kind.parameter, end)
        use = ParameterUse.of(r.kind.parameter, p.value(r.kind.parameter, end))
        code = f"{r.kind.code}.{r.member_id}"
        shown = f"{r.attended}/{r.required}"
        if r.required == 0:
            crit.append(
                Criterion(
                    code,
                    CriterionStatus.NOT_APPLICABLE,
                    f"{r.kind.name_id}: tidak ada yang dijadwalkan.",
                    f"{r.kind.label_en}: nothing scheduled.",
                    observed=shown,
                    parameter=use,
                )
            )
            continue
        ok = Decimal(r.attended) * 100 >= minimum * r.required
        crit.append(
            Criterion(
                code,
                CriterionStatus.PASSED if ok else CriterionStatus.FAILED,
                f"{r.kind.name_id}: {'memenuhi' if ok else 'tidak memenuhi'} komitmen.",
                f"{r.kind.label_en}: commitment {'met' if ok else 'not met'}.",
                observed=shown,
                threshold=f">= {minimum} %",
                parameter=use,
            )
        )
    if not crit:
        crit.append(
            Criterion(
                "no_commitments",
                CriterionStatus.NOT_APPLICABLE,
                "Tidak ada komitmen yang diverifikasi pada periode ini.",
                "No commitment to verify in this period.",
            )
        )
    outcome = all(c.passed for c in crit)
    return Decision("PKH", "commitment", end, outcome, tuple(crit))


def propose_sanctions(
    history: KpmHistory,
    verifications: Iterable[Decision],
    *,
    recorded: date | None = None,
    params: ParameterSet | None = None,
) -> tuple[ProposedTransition, ...]:
    """The status changes that follow a family's commitment verifications (not applied).

    Verifications are taken in date order. While aktif, each failed period counts; after
    ``pkh.sanction.suspend_after_failed_periods`` in a row the family is suspended
    (ditangguhkan). While suspended, after ``pkh.sanction.cancel_after_failed_periods`` more
    failed periods it is cancelled (dibatalkan); a compliant period lifts the suspension when
    ``pkh.sanction.reactivate_on_compliance``. A change takes effect the day after the
    verified period; verifications dated before the history's last transition are skipped.
    Other statuses are not sanctioned. Apply the result with
    :func:`dayasos.eligibility.lifecycle.apply_transitions`.
    """
    p = _params(params)
    vs = sorted(verifications, key=lambda d: d.at)
    for i, v in enumerate(vs):
        if v.programme != "PKH" or v.subject != "commitment":
            raise ValidationError("verifications", "must be PKH commitment decisions", index=i)
    h = history
    out: list[ProposedTransition] = []
    fails = 0
    for v in vs:
        if h.transitions and v.at < h.transitions[-1].effective:
            continue
        status = h.status_on(v.at)
        effective = v.at + timedelta(days=1)
        target: PkhStatus | None = None
        reason = TransitionReason.KOMITMEN_TIDAK_DIPENUHI
        if status is PkhStatus.AKTIF:
            fails = 0 if v.outcome else fails + 1
            if fails >= p.integer("pkh.sanction.suspend_after_failed_periods", v.at):
                target = PkhStatus.DITANGGUHKAN
        elif status is PkhStatus.DITANGGUHKAN:
            if v.outcome:
                fails = 0
                if p.boolean("pkh.sanction.reactivate_on_compliance", v.at):
                    target, reason = PkhStatus.AKTIF, TransitionReason.KOMITMEN_DIPENUHI
            else:
                fails += 1
                if fails >= p.integer("pkh.sanction.cancel_after_failed_periods", v.at):
                    target = PkhStatus.DIBATALKAN
        else:
            fails = 0
        if target is not None:
            t = KpmTransition(
                h.current, target, effective, recording_date(h, effective, recorded), reason
            )
            h = h.append(t)
            out.append(ProposedTransition(h.family_id, t, v))
            fails = 0
    return tuple(out)
