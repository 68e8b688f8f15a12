"""The KPM PKH lifecycle: dated status transitions, graduation assessment and proposals.

A family's participation in PKH is a :class:`KpmHistory`: an append-only tuple of dated
:class:`KpmTransition` values over :class:`~dayasos.eligibility.pkh.PkhStatus`. Every
transition names the status it leaves and the status it enters, the date it takes effect, the
date it was recorded, a :class:`TransitionReason` and a legal basis. Only the transitions of
:data:`TRANSITIONS` are allowed; any other raises
:class:`~dayasos.errors.InvalidTransitionError` naming both statuses.

The machine (statuses of the PKH guidelines as reported in public sources; the guards where no
public source speaks are assumptions, flagged in the reasons' confidence)::

    (start)      -> kandidat | aktif
    kandidat     -> aktif (penetapan) | dihentikan (not confirmed, death, moving, false data)
    aktif        -> ditangguhkan (commitments not met)
                  | graduasi_alamiah (no component left, or welfare above the criteria;
                                      or forced graduation, see below)
                  | graduasi_sejahtera_mandiri (voluntary withdrawal, welfare improved;
                                                or forced graduation, see below)
                  | dihentikan (death of the only eligible members, moving, false data)
    ditangguhkan -> aktif (commitments met again) | dibatalkan (commitments still not met)
                  | graduasi_alamiah | dihentikan
    graduasi_alamiah, graduasi_sejahtera_mandiri, dibatalkan, dihentikan: final

Forced graduation (graduasi paksa: the programme graduates a family against its wish, reported
by one local press source, M) is a route with its own reason ``graduasi_paksa``; the status it
is recorded under is the parameter ``pkh.graduation.paksa.recorded_as`` (U: how the programme
records it is not stated), so the kind of graduation stays one of the two the registry knows.

Registry: each transition maps one-to-one to a row of the registry's append-only enrolment
history (:meth:`KpmTransition.as_record`: programme ``"pkh"``, the family id, the status left
and entered, effective and recorded dates, reason code and legal basis). Appending a history to
the registry is appending these rows in order; reading it back is
``KpmHistory(family_id, rows mapped with KpmTransition.from_record)``, which replays and checks
them.

Examples:
    >>> from datetime import date
    >>> h = KpmHistory.start("kpm-1", PkhStatus.AKTIF, date(2019, 1, 1))
    >>> h = h.transition(PkhStatus.GRADUASI_ALAMIAH, date(2021, 7, 1),
    ...                  TransitionReason.TIDAK_ADA_KOMPONEN)
    >>> h.status_on(date(2021, 6, 30)), h.status_on(date(2021, 7, 1))
    (PkhStatus.AKTIF, PkhStatus.GRADUASI_ALAMIAH)
    >>> h.transition(PkhStatus.AKTIF, date(2022, 1, 1), TransitionReason.PENETAPAN)
    Traceback (most recent call last):
    ...
    dayasos.errors.InvalidTransitionError: KPM PKH: transition from 'graduasi_alamiah' to 'aktif' is not allowed: ...
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Final

from attrs import define, evolve, field

from dayasos._validators import non_empty_text
from dayasos.categories._base import Category
from dayasos.eligibility.decision import Criterion, CriterionStatus, Decision, ParameterUse
from dayasos.eligibility.pkh import PkhEntitlement, PkhFamily, PkhStatus
from dayasos.eligibility.pkh import eligibility as pkh_eligibility
from dayasos.eligibility.pkh import entitlement as pkh_entitlement
from dayasos.errors import InvalidTransitionError, ValidationError
from dayasos.law import Confidence, LegalBasis
from dayasos.parameters import ParameterSet, load_parameters

__all__ = [
    "FINAL_STATUSES",
    "GRADUATED_STATUSES",
    "TRANSITIONS",
    "GraduationSituation",
    "KpmHistory",
    "KpmTransition",
    "ProposedTransition",
    "StatusAt",
    "TransitionReason",
    "allowed_reasons",
    "apply_transitions",
    "assess_graduation",
    "entitlement_at",
    "graduation_route",
    "propose_graduations",
]

MACHINE: Final = "KPM PKH"

_PERMENSOS_1_2018: Final = LegalBasis(
    "Peraturan Menteri Sosial No. 1 Tahun 2018 tentang Program Keluarga Harapan",
    note="Legal basis of PKH; graduation and sanctions are detailed in the Pedoman Umum PKH.",
)
_PEDUM: Final = LegalBasis(
    "Arti Graduasi Mandiri dan Alamiah bagi Penerima Bansos PKH BPNT",
    publisher="Ihwal.id",
    url="https://www.ihwal.id/arti-graduasi-mandiri-dan-alamiah-bagi-penerima-bansos-pkh-bpnt",
    note="Press explanation of graduation under the Pedoman Umum PKH (M); sanctions as "
    "commonly stated (exact sequence U); the guideline text was not read.",
)
_ASSUMPTION: Final = LegalBasis(
    "Peraturan Menteri Sosial No. 1 Tahun 2018 tentang Program Keluarga Harapan",
    note="No public source read states this transition; it is modelled so that the lifecycle "
    "is complete (assumption, U).",
)
_PAKSA: Final = LegalBasis(
    "Diancam Tak Dapat Bantuan, Koorkab PKH Muna Minta KPM Tidak Takut",
    publisher="Penasultra.id",
    url="https://penasultra.id/diancam-tak-dapat-bantuan-koorkab-pkh-muna-minta-kpm-tidak-takut/2",
    note="Local press report of forced graduation (graduasi paksa) against the family's wish (M).",
)
_H, _M, _U = Confidence.HIGH, Confidence.MEDIUM, Confidence.UNVERIFIED


class TransitionReason(Category):
    """Why a KPM PKH changed status; each reason is allowed on some transitions only."""

    DIUSULKAN = ("diusulkan", "Diusulkan sebagai calon KPM", "proposed as candidate", _PEDUM, _M)
    PENETAPAN = (
        "penetapan",
        "Ditetapkan sebagai KPM",
        "enrolled as beneficiary family",
        _PERMENSOS_1_2018,
        _M,
    )
    TIDAK_DITETAPKAN = (
        "tidak_ditetapkan",
        "Calon tidak ditetapkan",
        "candidate not confirmed",
        _ASSUMPTION,
        _U,
    )
    TIDAK_ADA_KOMPONEN = (
        "tidak_ada_komponen",
        "Tidak ada lagi anggota yang memenuhi komponen",
        "no eligible component left",
        _PEDUM,
        _M,
    )
    SOSEK_MENINGKAT = (
        "sosek_meningkat",
        "Status sosial ekonomi meningkat melampaui kriteria",
        "socio-economic status improved beyond the criteria",
        _PEDUM,
        _M,
    )
    MENGUNDURKAN_DIRI = (
        "mengundurkan_diri",
        "Mengundurkan diri karena sudah sejahtera",
        "voluntary withdrawal (welfare improved)",
        _PEDUM,
        _M,
    )
    KOMITMEN_TIDAK_DIPENUHI = (
        "komitmen_tidak_dipenuhi",
        "Komitmen tidak dipenuhi",
        "commitments not met",
        _PEDUM,
        _U,
    )
    KOMITMEN_DIPENUHI = (
        "komitmen_dipenuhi",
        "Komitmen dipenuhi kembali",
        "commitments met again",
        _ASSUMPTION,
        _U,
    )
    MENINGGAL = (
        "meninggal",
        "Anggota yang memenuhi syarat meninggal dunia",
        "death of the only eligible members",
        _PEDUM,
        _U,
    )
    PINDAH = ("pindah", "Pindah keluar wilayah", "moved out of the area", _PEDUM, _U)
    DATA_TIDAK_BENAR = ("data_tidak_benar", "Data tidak benar", "false data", _PEDUM, _U)
    GRADUASI_PAKSA = (
        "graduasi_paksa",
        "Graduasi paksa oleh program",
        "forced graduation by the programme, against the family's wish",
        _PAKSA,
        _M,
        ("paksa",),
    )


_S = PkhStatus
_R = TransitionReason
_OTHER_EXITS: Final = frozenset({_R.MENINGGAL, _R.PINDAH, _R.DATA_TIDAK_BENAR})
_ALAMIAH: Final = frozenset({_R.TIDAK_ADA_KOMPONEN, _R.SOSEK_MENINGKAT})

TRANSITIONS: Final[Mapping[tuple[PkhStatus | None, PkhStatus], frozenset[TransitionReason]]] = {
    (None, _S.KANDIDAT): frozenset({_R.DIUSULKAN}),
    (None, _S.AKTIF): frozenset({_R.PENETAPAN}),
    (_S.KANDIDAT, _S.AKTIF): frozenset({_R.PENETAPAN}),
    (_S.KANDIDAT, _S.DIHENTIKAN): _OTHER_EXITS | {_R.TIDAK_DITETAPKAN},
    (_S.AKTIF, _S.DITANGGUHKAN): frozenset({_R.KOMITMEN_TIDAK_DIPENUHI}),
    (_S.AKTIF, _S.GRADUASI_ALAMIAH): _ALAMIAH | {_R.GRADUASI_PAKSA},
    (_S.AKTIF, _S.GRADUASI_SEJAHTERA_MANDIRI): frozenset({_R.MENGUNDURKAN_DIRI, _R.GRADUASI_PAKSA}),
    (_S.AKTIF, _S.DIHENTIKAN): _OTHER_EXITS,
    (_S.DITANGGUHKAN, _S.AKTIF): frozenset({_R.KOMITMEN_DIPENUHI}),
    (_S.DITANGGUHKAN, _S.DIBATALKAN): frozenset({_R.KOMITMEN_TIDAK_DIPENUHI}),
    (_S.DITANGGUHKAN, _S.GRADUASI_ALAMIAH): _ALAMIAH | {_R.GRADUASI_PAKSA},
    (_S.DITANGGUHKAN, _S.GRADUASI_SEJAHTERA_MANDIRI): frozenset({_R.GRADUASI_PAKSA}),
    (_S.DITANGGUHKAN, _S.DIHENTIKAN): _OTHER_EXITS,
}
"""The allowed transitions ``(from, to)`` (``from`` None: the first status) and the reasons
each accepts. A pair not in the table is forbidden."""

GRADUATED_STATUSES: Final = frozenset(
    {_S.GRADUASI, _S.GRADUASI_ALAMIAH, _S.GRADUASI_SEJAHTERA_MANDIRI}
)
"""The statuses of a graduated family."""

FINAL_STATUSES: Final = GRADUATED_STATUSES | {_S.DIBATALKAN, _S.DIHENTIKAN}
"""Statuses no transition leaves."""


def allowed_reasons(source: PkhStatus | None, target: PkhStatus) -> frozenset[TransitionReason]:
    """The reasons accepted for ``source -> target`` (empty: the transition is forbidden).

    Examples:
        >>> sorted(r.code for r in allowed_reasons(PkhStatus.AKTIF, PkhStatus.GRADUASI_ALAMIAH))
        ['graduasi_paksa', 'sosek_meningkat', 'tidak_ada_komponen']
    """
    return TRANSITIONS.get((source, target), frozenset())


def _code(s: PkhStatus | None) -> str:
    return "(none)" if s is None else s.code


def _check_date(name: str) -> Any:
    def check(_: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, date):
            raise ValidationError(name, "must be a date", shown=repr(value))

    return check


def _optional_status(_: Any, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(value, PkhStatus):
        raise ValidationError("source", "must be a PkhStatus or None", shown=repr(value))


def _status(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, PkhStatus):
        raise ValidationError("target", "must be a PkhStatus", shown=repr(value))


def _reason(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, TransitionReason):
        raise ValidationError("reason", "must be a TransitionReason", shown=repr(value))


@define(frozen=True, slots=True)
class KpmTransition:
    """One dated status change of a KPM PKH.

    ``effective`` is the first day of the new status; ``recorded`` the day it was entered in the
    books (it may be earlier, a scheduled change, or later, a back-dated one). ``basis``
    defaults to the reason's legal basis.
    """

    source: PkhStatus | None = field(validator=_optional_status)
    """The status left (None for the first status of a history)."""
    target: PkhStatus = field(validator=_status)
    effective: date = field(validator=_check_date("effective"))
    recorded: date = field(validator=_check_date("recorded"))
    reason: TransitionReason = field(validator=_reason)
    basis: LegalBasis | None = None
    note: str | None = None
    """Free text without personal data (e.g. the facilitator's assessment reference)."""

    def __attrs_post_init__(self) -> None:
        if self.source is not None and self.source is self.target:
            raise InvalidTransitionError(
                MACHINE, self.source.code, self.target.code, "the status does not change"
            )
        if self.reason not in allowed_reasons(self.source, self.target):
            allowed = sorted(r.code for r in allowed_reasons(self.source, self.target))
            why = (
                f"reason {self.reason.code!r} does not apply; allowed: {', '.join(allowed)}"
                if allowed
                else "no such transition in the lifecycle"
            )
            raise InvalidTransitionError(MACHINE, _code(self.source), self.target.code, why)

    @property
    def legal_basis(self) -> LegalBasis:
        """``basis`` if given, else the basis of the reason."""
        return self.basis if self.basis is not None else self.reason.basis

    def as_record(self, family_id: str) -> dict[str, str]:
        """The row of the registry's enrolment history for this transition (text values)."""
        return {
            "programme": "pkh",
            "family_id": family_id,
            "from_status": "" if self.source is None else self.source.code,
            "status": self.target.code,
            "effective": self.effective.isoformat(),
            "recorded": self.recorded.isoformat(),
            "reason": self.reason.code,
            "legal_basis": self.legal_basis.cite(),
            "note": self.note or "",
        }

    @classmethod
    def from_record(cls, row: Mapping[str, str]) -> KpmTransition:
        """The transition of a row written by :meth:`as_record` (the legal basis is kept only
        when it differs from the reason's)."""
        reason = TransitionReason.parse(row["reason"])
        cited = row.get("legal_basis", "")
        basis = None if not cited or cited == reason.basis.cite() else LegalBasis(cited)
        return cls(
            PkhStatus.parse(row["from_status"]) if row.get("from_status") else None,
            PkhStatus.parse(row["status"]),
            date.fromisoformat(row["effective"]),
            date.fromisoformat(row["recorded"]),
            reason,
            basis,
            row.get("note") or None,
        )


def _transitions(value: Iterable[KpmTransition]) -> tuple[KpmTransition, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise ValidationError("transitions", "must be a sequence of KpmTransition")
    return tuple(value)


@define(frozen=True, slots=True)
class StatusAt:
    """The status of a KPM on a date and the transition that set it (the "why")."""

    family_id: str
    at: date
    status: PkhStatus | None
    """None: the family had no PKH status yet on that date."""
    since: date | None
    transition: KpmTransition | None

    def explain(self, lang: str = "id") -> str:
        """One line in ``"id"`` or ``"en"``."""
        en = lang == "en"
        if lang not in ("id", "en"):
            raise ValidationError("lang", "must be 'id' or 'en'", shown=repr(lang))
        if self.status is None or self.transition is None or self.since is None:
            return (
                f"{self.family_id} has no PKH status on {self.at.isoformat()}"
                if en
                else f"{self.family_id} belum berstatus PKH pada {self.at.isoformat()}"
            )
        t = self.transition
        name = self.status.label_en if en else self.status.name_id
        reason = t.reason.label_en if en else t.reason.name_id
        if en:
            return (
                f"{self.family_id} on {self.at.isoformat()}: {name} since "
                f"{self.since.isoformat()} ({reason}; recorded {t.recorded.isoformat()}; "
                f"{t.legal_basis.cite()})"
            )
        return (
            f"{self.family_id} pada {self.at.isoformat()}: {name} sejak "
            f"{self.since.isoformat()} ({reason}; dicatat {t.recorded.isoformat()}; "
            f"{t.legal_basis.cite()})"
        )


@define(frozen=True, slots=True)
class KpmHistory:
    """The append-only, dated status history of one KPM PKH; replayed and checked at
    construction, so an invalid history never exists.

    Rules: the first transition starts from None; each next one leaves the status the previous
    one entered; effective dates and recorded dates never go back. Several transitions may take
    effect on one day: the status on that day is the last one.
    """

    family_id: str = field(validator=non_empty_text("family_id"))
    """Opaque identifier (never a No. KK)."""
    transitions: tuple[KpmTransition, ...] = field(converter=_transitions)
    _effective: tuple[int, ...] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        prev: KpmTransition | None = None
        for i, t in enumerate(self.transitions):
            if not isinstance(t, KpmTransition):
                raise ValidationError("transitions", "must be a KpmTransition", index=i)
            _check_next(prev, t, i)
            prev = t
        object.__setattr__(
            self, "_effective", tuple(t.effective.toordinal() for t in self.transitions)
        )

    @classmethod
    def start(
        cls,
        family_id: str,
        status: PkhStatus,
        effective: date,
        reason: TransitionReason | None = None,
        *,
        recorded: date | None = None,
        basis: LegalBasis | None = None,
    ) -> KpmHistory:
        """A history whose first status is ``status`` (``KANDIDAT`` or ``AKTIF``) from
        ``effective``; the reason defaults to the only one the machine accepts."""
        if reason is None:
            reasons = allowed_reasons(None, status)
            if len(reasons) != 1:
                raise InvalidTransitionError(
                    MACHINE, "(none)", status.code, "a history starts as kandidat or aktif"
                )
            (reason,) = reasons
        first = KpmTransition(None, status, effective, recorded or effective, reason, basis)
        return cls(family_id, (first,))

    @property
    def current(self) -> PkhStatus | None:
        """The status entered by the last transition (None for an empty history)."""
        return self.transitions[-1].target if self.transitions else None

    def append(self, transition: KpmTransition) -> KpmHistory:
        """A new history with ``transition`` appended (checked; this one is unchanged)."""
        if not isinstance(transition, KpmTransition):
            raise ValidationError("transition", "must be a KpmTransition")
        _check_next(self.transitions[-1] if self.transitions else None, transition, None)
        return KpmHistory(self.family_id, (*self.transitions, transition))

    def transition(
        self,
        target: PkhStatus,
        effective: date,
        reason: TransitionReason,
        *,
        recorded: date | None = None,
        basis: LegalBasis | None = None,
        note: str | None = None,
    ) -> KpmHistory:
        """A new history moved from the current status to ``target`` on ``effective``."""
        t = KpmTransition(
            self.current, target, effective, recorded or effective, reason, basis, note
        )
        return self.append(t)

    def _index_on(self, at: date, as_of: date | None) -> int:
        n = bisect.bisect_right(self._effective, at.toordinal())
        if as_of is not None:
            # recorded dates never go back, so the transitions known on as_of are a prefix
            while n and self.transitions[n - 1].recorded > as_of:
                n -= 1
        return n - 1

    def status_on(self, at: date, *, as_of: date | None = None) -> PkhStatus | None:
        """The status in force on ``at`` (None before the first transition); with ``as_of``,
        as the books knew it on that day (transitions recorded later are ignored)."""
        i = self._index_on(at, as_of)
        return self.transitions[i].target if i >= 0 else None

    def explain_status(self, at: date, *, as_of: date | None = None) -> StatusAt:
        """The status on ``at`` with the transition that set it ("what and why").

        Examples:
            >>> from datetime import date
            >>> h = KpmHistory.start("kpm-1", PkhStatus.AKTIF, date(2019, 1, 1))
            >>> print(h.explain_status(date(2020, 5, 1)).explain("en"))  # doctest: +ELLIPSIS
            kpm-1 on 2020-05-01: active since 2019-01-01 (enrolled as beneficiary family; ...)
        """
        i = self._index_on(at, as_of)
        if i < 0:
            return StatusAt(self.family_id, at, None, None, None)
        t = self.transitions[i]
        return StatusAt(self.family_id, at, t.target, t.effective, t)

    @property
    def graduation(self) -> KpmTransition | None:
        """The transition into a graduated status, if any."""
        for t in self.transitions:
            if t.target in GRADUATED_STATUSES:
                return t
        return None

    def as_records(self) -> tuple[dict[str, str], ...]:
        """The rows of the registry's enrolment history, in order (see the module docs)."""
        return tuple(t.as_record(self.family_id) for t in self.transitions)

    @classmethod
    def from_records(cls, family_id: str, rows: Iterable[Mapping[str, str]]) -> KpmHistory:
        """Replay rows written by :meth:`as_records` (checked)."""
        return cls(family_id, tuple(KpmTransition.from_record(r) for r in rows))


def _check_next(prev: KpmTransition | None, t: KpmTransition, index: int | None) -> None:
    left = None if prev is None else prev.target
    if t.source is not left:
        raise InvalidTransitionError(
            MACHINE,
            _code(t.source),
            t.target.code,
            f"the history's status is {_code(left)!r}, not {_code(t.source)!r}"
            + ("" if index is None else f" (transition {index})"),
        )
    if prev is not None and t.effective < prev.effective:
        raise InvalidTransitionError(
            MACHINE,
            _code(t.source),
            t.target.code,
            f"effective date {t.effective.isoformat()} is before the previous transition's "
            f"{prev.effective.isoformat()}",
        )
    if prev is not None and t.recorded < prev.recorded:
        raise InvalidTransitionError(
            MACHINE,
            _code(t.source),
            t.target.code,
            f"recorded date {t.recorded.isoformat()} is before the previous transition's "
            f"{prev.recorded.isoformat()} (the history is append-only)",
        )


# ---------------------------------------------------------------------------- graduation


def _is_bool(name: str) -> Any:
    def check(_: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, bool):
            raise ValidationError(name, "must be true or false", shown=repr(value))

    return check


@define(frozen=True, slots=True)
class GraduationSituation:
    """What the facilitator (pendamping) knows of a family beyond its PKH data."""

    withdrawal_declared: bool = field(default=False, validator=_is_bool("withdrawal_declared"))
    """The family declared it leaves PKH voluntarily (mengundurkan diri)."""
    facilitator_assessed: bool = field(default=False, validator=_is_bool("facilitator_assessed"))
    """The facilitator assessed the family's welfare as improved (self-reliant)."""
    forced_by_programme: bool = field(default=False, validator=_is_bool("forced_by_programme"))
    """The programme decided to graduate the family against its wish (graduasi paksa)."""


_PASS, _FAIL, _NA = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.NOT_APPLICABLE
_IN_PROGRAMME: Final = frozenset({_S.AKTIF, _S.DITANGGUHKAN})
_NO_SITUATION: Final = GraduationSituation()


def _params(params: ParameterSet | None) -> ParameterSet:
    return load_parameters() if params is None else params


def _use(params: ParameterSet, name: str, at: date) -> ParameterUse:
    return ParameterUse.of(name, params.value(name, at))


def _crit(code: str, status: CriterionStatus, id_: str, en: str, **kw: Any) -> Criterion:
    return Criterion(code, status, id_, en, **kw)


def assess_graduation(
    family: PkhFamily,
    history: KpmHistory,
    at: date,
    situation: GraduationSituation = _NO_SITUATION,
    params: ParameterSet | None = None,
) -> Decision:
    """Whether ``family`` should graduate from PKH on ``at``, and which way.

    Criteria (codes): ``in_programme`` (status aktif or ditangguhkan on ``at``);
    ``no_eligible_component`` (the PKH eligibility finds no member with a component);
    ``welfare_above_pkh_criteria`` (decile above ``pkh.eligibility.max_desil``; not applicable
    while that threshold is unknown); ``withdrawal_declared`` and ``facilitator_assessed``
    (required by ``pkh.graduation.sejahtera_mandiri.*``); ``welfare_for_self_reliance``
    (decile at least ``pkh.graduation.min_desil``; not applicable while unknown); then the two
    routes ``graduasi_sejahtera_mandiri`` (in force from aktif only) and ``graduasi_alamiah``
    (no component, or welfare above the criteria). When both routes are met,
    ``pkh.graduation.precedence`` picks one and the other is marked not applicable. The outcome
    is True when a route passed; :func:`graduation_route` says which. Last, ``graduasi_paksa``
    (forced graduation, M): passes for a participant the programme decided to graduate against
    its wish (``situation.forced_by_programme``) when neither other route applies and
    ``pkh.graduation.paksa.recognised`` holds; it leads to the status
    ``pkh.graduation.paksa.recorded_as`` (U) with the reason ``graduasi_paksa``.

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex, SchoolLevel
        >>> from dayasos.eligibility.pkh import PkhMember
        >>> fam = PkhFamily("kpm-4", [PkhMember("a", date(2002, 3, 1), Sex.LAKI_LAKI)])
        >>> h = KpmHistory.start("kpm-4", PkhStatus.AKTIF, date(2019, 1, 1))
        >>> d = assess_graduation(fam, h, date(2021, 7, 1))
        >>> d.outcome, graduation_route(d)
        (True, PkhStatus.GRADUASI_ALAMIAH)
    """
    if family.family_id != history.family_id:
        raise ValidationError("history.family_id", "must be the family's family_id")
    p = _params(params)
    status = history.status_on(at)
    crit: list[Criterion] = []
    in_prog = status in _IN_PROGRAMME
    shown = _code(status)
    crit.append(
        _crit(
            "in_programme",
            _PASS if in_prog else _FAIL,
            "Berstatus peserta PKH (aktif atau ditangguhkan)."
            if in_prog
            else f"Tidak berstatus peserta PKH (status {shown}).",
            "A PKH participant (active or suspended)."
            if in_prog
            else f"Not a PKH participant (status {shown}).",
            observed=shown,
            threshold="aktif|ditangguhkan",
        )
    )
    # alamiah: the PKH eligibility of the same family, as if active
    elig = pkh_eligibility(evolve(family, status=_S.AKTIF), at, p)
    comp = elig.criterion("component")
    if comp.status is _NA:
        no_comp = _crit(
            "no_eligible_component",
            _NA,
            "Tahun bantuan flat tanpa komponen: kriteria tidak berlaku.",
            "Flat-amount year without components: the criterion does not apply.",
        )
    else:
        none_left = comp.status is _FAIL
        no_comp = _crit(
            "no_eligible_component",
            _PASS if none_left else _FAIL,
            "Tidak ada lagi anggota yang memenuhi komponen PKH."
            if none_left
            else "Masih ada anggota yang memenuhi komponen PKH.",
            "No member has an eligible PKH component any more."
            if none_left
            else "Some member still has an eligible PKH component.",
            observed=comp.observed,
            threshold="0",
        )
    crit.append(no_comp)
    decile = family.welfare_decile
    dshown = None if decile is None else str(decile)
    max_use = _use(p, "pkh.eligibility.max_desil", at)
    max_desil = p.value("pkh.eligibility.max_desil", at).value
    if not isinstance(max_desil, int):
        above = _crit(
            "welfare_above_pkh_criteria",
            _NA,
            "Batas desil PKH tidak diketahui; kriteria tidak diterapkan.",
            "The PKH decile threshold is unknown; the criterion is not applied.",
            observed=dshown,
            parameter=max_use,
        )
    else:
        is_above = decile is not None and decile > max_desil
        above = _crit(
            "welfare_above_pkh_criteria",
            _PASS if is_above else _FAIL,
            "Desil kesejahteraan di atas kriteria PKH."
            if is_above
            else "Desil kesejahteraan tidak di atas kriteria PKH.",
            "Welfare decile above the PKH criteria."
            if is_above
            else "Welfare decile not above the PKH criteria.",
            observed=dshown,
            threshold=f"> {max_desil}",
            parameter=max_use,
        )
    crit.append(above)
    # sejahtera mandiri
    sm: list[Criterion] = []
    for code, flag, pname, id_ok, en_ok in (
        (
            "withdrawal_declared",
            situation.withdrawal_declared,
            "pkh.graduation.sejahtera_mandiri.requires_withdrawal",
            "Keluarga menyatakan mengundurkan diri.",
            "The family declared its voluntary withdrawal.",
        ),
        (
            "facilitator_assessed",
            situation.facilitator_assessed,
            "pkh.graduation.sejahtera_mandiri.requires_facilitator_assessment",
            "Pendamping menilai keluarga sudah sejahtera mandiri.",
            "The facilitator assessed the family as self-reliant.",
        ),
    ):
        required = p.boolean(pname, at)
        use = _use(p, pname, at)
        if not required:
            sm.append(
                _crit(
                    code,
                    _NA,
                    "Tidak disyaratkan.",
                    "Not required.",
                    observed=str(flag).lower(),
                    parameter=use,
                )
            )
        else:
            sm.append(
                _crit(
                    code,
                    _PASS if flag else _FAIL,
                    id_ok if flag else "Belum terpenuhi: " + id_ok.lower(),
                    en_ok if flag else "Not met: " + en_ok.lower(),
                    observed=str(flag).lower(),
                    threshold="true",
                    parameter=use,
                )
            )
    min_use = _use(p, "pkh.graduation.min_desil", at)
    min_desil = p.value("pkh.graduation.min_desil", at).value
    if not isinstance(min_desil, int):
        sm.append(
            _crit(
                "welfare_for_self_reliance",
                _NA,
                "Batas desil graduasi tidak diketahui; kriteria tidak diterapkan "
                "(asesmen pendamping menggantikannya).",
                "The graduation decile threshold is unknown; the criterion is not applied "
                "(the facilitator's assessment stands for it).",
                observed=dshown,
                parameter=min_use,
            )
        )
    else:
        ok = decile is not None and decile >= min_desil
        sm.append(
            _crit(
                "welfare_for_self_reliance",
                _PASS if ok else _FAIL,
                "Desil kesejahteraan memenuhi batas graduasi."
                if ok
                else "Desil kesejahteraan belum memenuhi batas graduasi.",
                "Welfare decile meets the graduation threshold."
                if ok
                else "Welfare decile below the graduation threshold.",
                observed=dshown,
                threshold=f">= {min_desil}",
                parameter=min_use,
            )
        )
    crit.extend(sm)
    sm_ok = status is _S.AKTIF and all(c.status is not _FAIL for c in sm)
    al_ok = in_prog and (no_comp.status is _PASS or above.status is _PASS)
    prec_use = _use(p, "pkh.graduation.precedence", at)
    precedence = p.code("pkh.graduation.precedence", at)
    if precedence not in ("sejahtera_mandiri_first", "alamiah_first"):
        raise ValidationError(
            "pkh.graduation.precedence",
            f"unknown rule {precedence!r}; known: sejahtera_mandiri_first, alamiah_first",
        )
    sm_status = _PASS if sm_ok else _FAIL
    al_status = _PASS if al_ok else _FAIL
    if sm_ok and al_ok:
        if precedence == "sejahtera_mandiri_first":
            al_status = _NA
        else:
            sm_status = _NA
    crit.append(
        _crit(
            "graduasi_sejahtera_mandiri",
            sm_status,
            {
                _PASS: "Memenuhi graduasi sejahtera mandiri.",
                _FAIL: "Tidak memenuhi graduasi sejahtera mandiri (aktif, pengunduran diri, "
                "asesmen).",
                _NA: "Juga memenuhi, tetapi graduasi alamiah didahulukan.",
            }[sm_status],
            {
                _PASS: "Meets self-reliant graduation.",
                _FAIL: "Does not meet self-reliant graduation (active, withdrawal, assessment).",
                _NA: "Also met, but natural graduation takes precedence.",
            }[sm_status],
            parameter=prec_use,
        )
    )
    crit.append(
        _crit(
            "graduasi_alamiah",
            al_status,
            {
                _PASS: "Memenuhi graduasi alamiah.",
                _FAIL: "Tidak memenuhi graduasi alamiah (masih ada komponen, kesejahteraan "
                "belum di atas kriteria).",
                _NA: "Juga memenuhi, tetapi graduasi sejahtera mandiri didahulukan.",
            }[al_status],
            {
                _PASS: "Meets natural graduation.",
                _FAIL: "Does not meet natural graduation (a component remains, welfare not "
                "above the criteria).",
                _NA: "Also met, but self-reliant graduation takes precedence.",
            }[al_status],
            parameter=prec_use,
        )
    )
    crit.append(_forced(p, at, in_prog, situation, sm_status is _PASS or al_status is _PASS))
    outcome = any(
        c.status is _PASS
        for c in crit
        if c.code in ("graduasi_sejahtera_mandiri", "graduasi_alamiah", "graduasi_paksa")
    )
    return Decision("PKH", "graduation", at, outcome, tuple(crit))


_PAKSA_TARGETS: Final = frozenset({_S.GRADUASI_ALAMIAH, _S.GRADUASI_SEJAHTERA_MANDIRI})


def _forced(
    p: ParameterSet, at: date, in_prog: bool, situation: GraduationSituation, other: bool
) -> Criterion:
    """The forced-graduation route (graduasi paksa): the programme decided to graduate a
    participating family against its wish, and neither of the family's own routes applies."""
    rec_name = "pkh.graduation.paksa.recorded_as"
    rec_use = _use(p, rec_name, at)
    recorded = PkhStatus.parse(p.code(rec_name, at))
    if recorded not in _PAKSA_TARGETS:
        raise ValidationError(
            rec_name,
            f"must be graduasi_alamiah or graduasi_sejahtera_mandiri, got {recorded.code!r}",
        )
    if not p.boolean("pkh.graduation.paksa.recognised", at):
        return _crit(
            "graduasi_paksa",
            _NA,
            "Graduasi paksa tidak diakui pada tanggal ini.",
            "Forced graduation is not a recognised route on this date.",
            parameter=_use(p, "pkh.graduation.paksa.recognised", at),
        )
    if other:
        return _crit(
            "graduasi_paksa",
            _NA,
            "Jalur graduasi lain berlaku; graduasi paksa tidak diperlukan.",
            "Another graduation route applies; forced graduation is not needed.",
            observed=str(situation.forced_by_programme).lower(),
            parameter=rec_use,
        )
    ok = in_prog and situation.forced_by_programme
    return _crit(
        "graduasi_paksa",
        _PASS if ok else _FAIL,
        f"Graduasi paksa oleh program, dicatat sebagai {recorded.code}."
        if ok
        else "Tidak ada keputusan graduasi paksa atas peserta PKH.",
        f"Forced graduation by the programme, recorded as {recorded.code}."
        if ok
        else "No forced-graduation decision on a PKH participant.",
        observed=recorded.code if ok else str(situation.forced_by_programme).lower(),
        threshold="true",
        parameter=rec_use,
    )


def graduation_route(decision: Decision) -> PkhStatus | None:
    """The graduated status a graduation decision leads to, or None.

    Raises ValidationError if ``decision`` is not a PKH graduation decision.
    """
    if decision.programme != "PKH" or decision.subject != "graduation":
        raise ValidationError("decision", "must be a PKH graduation decision")
    if decision.criterion("graduasi_sejahtera_mandiri").status is _PASS:
        return _S.GRADUASI_SEJAHTERA_MANDIRI
    if decision.criterion("graduasi_alamiah").status is _PASS:
        return _S.GRADUASI_ALAMIAH
    forced = [c for c in decision.criteria if c.code == "graduasi_paksa"]
    if forced and forced[0].status is _PASS and forced[0].observed is not None:
        return PkhStatus.parse(forced[0].observed)
    return None


def _recorded(history: KpmHistory, effective: date, recorded: date | None) -> date:
    """``recorded`` if given, else the effective date, but never before the last record."""
    if recorded is not None:
        return recorded
    last = history.transitions[-1].recorded if history.transitions else effective
    return max(effective, last)


def _route_reason(decision: Decision, route: PkhStatus) -> TransitionReason:
    forced = [c for c in decision.criteria if c.code == "graduasi_paksa"]
    if forced and forced[0].status is _PASS:
        return _R.GRADUASI_PAKSA
    if route is _S.GRADUASI_SEJAHTERA_MANDIRI:
        return _R.MENGUNDURKAN_DIRI
    if decision.criterion("no_eligible_component").status is _PASS:
        return _R.TIDAK_ADA_KOMPONEN
    return _R.SOSEK_MENINGKAT


@define(frozen=True, slots=True)
class ProposedTransition:
    """A transition proposed for a family, with the decision behind it; not applied."""

    family_id: str
    transition: KpmTransition
    decision: Decision


def propose_graduations(
    pairs: Iterable[tuple[PkhFamily, KpmHistory]],
    at: date,
    *,
    situations: Mapping[str, GraduationSituation] | None = None,
    recorded: date | None = None,
    params: ParameterSet | None = None,
) -> tuple[ProposedTransition, ...]:
    """Assess every family in the programme (aktif or ditangguhkan) on ``at`` and propose the
    graduations, sorted by family id (the result does not depend on the input order). Nothing
    is applied: pass the result to :func:`apply_transitions`.

    ``situations`` gives the facilitator's knowledge by family id (default: nothing declared).
    A family whose history already holds a change taking effect after ``at`` is left out (a
    proposal dated ``at`` could not be appended after it).
    """
    p = _params(params)
    out: list[ProposedTransition] = []
    seen: set[str] = set()
    for i, (family, history) in enumerate(pairs):
        fid = family.family_id
        if fid in seen:
            raise ValidationError("pairs", "family_id appears twice in the batch", index=i)
        seen.add(fid)
        status = history.status_on(at)
        if status not in _IN_PROGRAMME:
            continue
        if history.transitions[-1].effective > at:
            continue  # a later change is already recorded: the books decide, not this batch
        situation = (situations or {}).get(fid, _NO_SITUATION)
        decision = assess_graduation(family, history, at, situation, p)
        route = graduation_route(decision)
        if route is None:
            continue
        t = KpmTransition(
            history.current,
            route,
            at,
            _recorded(history, at, recorded),
            _route_reason(decision, route),
        )
        out.append(ProposedTransition(fid, t, decision))
    out.sort(key=lambda pt: pt.family_id)
    return tuple(out)


def apply_transitions(
    histories: Mapping[str, KpmHistory], proposals: Iterable[ProposedTransition]
) -> dict[str, KpmHistory]:
    """New histories with the proposals appended (the given ones are unchanged).

    Raises InvalidTransitionError if a proposal no longer fits its history (e.g. the status
    changed since it was proposed) and ValidationError for an unknown family id; nothing is
    returned then, so a batch applies whole or not at all.
    """
    out = dict(histories)
    for i, pt in enumerate(proposals):
        h = out.get(pt.family_id)
        if h is None:
            raise ValidationError("proposals", "no history for the family id", index=i)
        out[pt.family_id] = h.append(pt.transition)
    return out


def entitlement_at(
    family: PkhFamily,
    history: KpmHistory,
    at: date,
    params: ParameterSet | None = None,
) -> PkhEntitlement:
    """The PKH entitlement of ``family`` assessed on ``at`` with its status on ``at`` taken
    from ``history`` (no status yet counts as ``KANDIDAT``). A family graduated, cancelled or
    terminated on ``at`` gets Rp0, and the ``not_excluded`` criterion says why.
    """
    if family.family_id != history.family_id:
        raise ValidationError("history.family_id", "must be the family's family_id")
    status = history.status_on(at) or _S.KANDIDAT
    return pkh_entitlement(evolve(family, status=status), at, _params(params))
