"""The other programmes of the seeds: eligibility and entitlement, explained, with sources.

Every programme has an ``*_eligibility`` rule returning a
:class:`~dayasos.eligibility.decision.Decision` and an ``*_entitlement`` rule returning a
:class:`ProgrammeEntitlement` (Rp0 and the failed criteria when not eligible; ``amount`` None
when the value is not known in the parameters, the ``amount_known`` criterion then says so).
Amounts and thresholds come from ``parameters/data/sembako.toml``, ``dayasos.toml`` and
``programmes.toml``; what the facts mark M or U is flagged there.

* **Sustainment grant** (bantuan penguatan modal usaha, 2020): a graduated KPM PKH (status
  graduated on the date, from its :class:`~dayasos.eligibility.lifecycle.KpmHistory`) that runs
  a micro business and was affected by COVID-19; ``penguatan_modal_usaha.amount`` (U).
* **Program Sembako / BPNT**: an enrolled KPM gets ``sembako.amount`` for each month of the
  year in which it is in force.
* **BST**: an enrolled KPM gets ``bst.amount`` for each month of ``bst.months``.
* **BST for Sembako KPM not in PKH** (Aug 2020): ``bst_sembako_non_pkh.amount`` once.
* **KUBE**: ``kube.grant`` per group of registered poor families (group size bounds unknown).
* **RS-Rutilahu**: ``rs_rutilahu.grant`` per registered household with an unfit house.
* **ProKUS**: business capital (``prokus.capital_amount``, unknown) and mentoring.
* **PKAT**: preparation, empowerment years I..``pkat.empowerment_years``, termination.
* **Sembako Kemensos Hadir** (2020): people of the target groups affected by COVID-19.
* **APD aid**: social pillars, families of national heroes and pioneers of independence.

Examples:
    >>> from datetime import date
    >>> e = bst_entitlement(ProgrammeKpm("kpm-1"), date(2020, 4, 1))
    >>> e.amount, len(e.lines)
    (Rupiah(3600000), 9)
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Final

from attrs import define, field

from dayasos._validators import non_empty_text
from dayasos.categories import Programme, SembakoHadirTargetGroup
from dayasos.categories._base import Category
from dayasos.eligibility.decision import (
    Criterion,
    CriterionStatus,
    Decision,
    ParameterUse,
    check_lang,
)
from dayasos.eligibility.lifecycle import GRADUATED_STATUSES, KpmHistory
from dayasos.errors import ParameterDateError, ValidationError
from dayasos.law import Confidence, LegalBasis
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet, load_parameters
from dayasos.periods import Month

__all__ = [
    "AmountLine",
    "ApdRecipient",
    "ApdRecipientKind",
    "HadirRecipient",
    "KatCommunity",
    "KubeGroup",
    "PkatStage",
    "ProgrammeEntitlement",
    "ProgrammeKpm",
    "ProkusApplicant",
    "RutilahuHousehold",
    "SustainmentApplicant",
    "apd_eligibility",
    "apd_entitlement",
    "bst_eligibility",
    "bst_entitlement",
    "bst_sembako_non_pkh_eligibility",
    "bst_sembako_non_pkh_entitlement",
    "kube_eligibility",
    "kube_entitlement",
    "pkat_eligibility",
    "pkat_entitlement",
    "pkat_stage",
    "programme_cost",
    "prokus_eligibility",
    "prokus_entitlement",
    "rutilahu_eligibility",
    "rutilahu_entitlement",
    "sembako_2022_proposal_cost",
    "sembako_eligibility",
    "sembako_entitlement",
    "sembako_hadir_eligibility",
    "sembako_hadir_entitlement",
    "sustainment_eligibility",
    "sustainment_entitlement",
]

_PASS, _FAIL, _NA = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.NOT_APPLICABLE
_ZERO: Final = Rupiah(0)


# ---------------------------------------------------------------------------- values


@define(frozen=True, slots=True)
class AmountLine:
    """One line of an entitlement: ``quantity`` times ``unit_amount`` over a period."""

    label: str
    start: date
    end: date
    quantity: int
    unit_amount: Rupiah | None
    amount: Rupiah | None
    parameter: ParameterUse


@define(frozen=True, slots=True)
class ProgrammeEntitlement:
    """What a beneficiary gets from a programme, with the eligibility decision behind it.

    ``amount`` is None when a needed value is unknown in the parameters (supply one with a
    reform); ``in_kind`` names goods given instead of, or besides, money.
    """

    programme: Programme
    beneficiary_id: str
    at: date
    amount: Rupiah | None
    lines: tuple[AmountLine, ...]
    eligibility: Decision
    in_kind: str | None = None

    def explain(self, lang: str = "id") -> str:
        """The entitlement and its decision as text in ``"id"`` or ``"en"``."""
        lg = check_lang(lang)
        unknown = "tidak diketahui" if lg == "id" else "unknown"
        head = "Hak" if lg == "id" else "Entitlement"
        shown = unknown if self.amount is None else self.amount.format()
        name = self.programme.name_id if lg == "id" else self.programme.label_en
        out = [f"{name} — {head} {self.beneficiary_id}: {shown}"]
        if self.in_kind:
            out.append(f"  {self.in_kind}")
        for ln in self.lines:
            amt = unknown if ln.amount is None else ln.amount.format()
            unit = unknown if ln.unit_amount is None else ln.unit_amount.format()
            out.append(
                f"  {ln.label} {ln.start.isoformat()}..{ln.end.isoformat()}: "
                f"{ln.quantity} x {unit} = {amt}"
            )
            out.append(f"      {ln.parameter.cite()}")
        out.append(self.eligibility.explain(lg))
        return "\n".join(out)


def _is_bool(name: str) -> Any:
    def check(_: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, bool):
            raise ValidationError(name, "must be true or false", shown=repr(value))

    return check


def _of(cls: type, name: str) -> Any:
    def check(_: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, cls):
            raise ValidationError(name, f"must be a {cls.__name__}", shown=repr(value))

    return check


@define(frozen=True, slots=True)
class ProgrammeKpm:
    """A beneficiary family of a cash or voucher programme (Sembako, BST)."""

    family_id: str = field(validator=non_empty_text("family_id"))
    """Opaque identifier (never a No. KK)."""
    enrolled: bool = field(default=True, validator=_is_bool("enrolled"))
    """Determined as KPM of the programme."""
    in_sembako: bool = field(default=False, validator=_is_bool("in_sembako"))
    in_pkh: bool = field(default=False, validator=_is_bool("in_pkh"))


@define(frozen=True, slots=True)
class SustainmentApplicant:
    """A KPM PKH applying for the 2020 business-capital (sustainment) grant."""

    history: KpmHistory = field(validator=_of(KpmHistory, "history"))
    runs_micro_business: bool = field(validator=_is_bool("runs_micro_business"))
    affected_by_covid: bool = field(validator=_is_bool("affected_by_covid"))


def _nonneg(name: str) -> Any:
    def check(_: Any, attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(name, "must be a non-negative integer", shown=repr(value))

    return check


@define(frozen=True, slots=True)
class KubeGroup:
    """A joint-business group (Kelompok Usaha Bersama)."""

    group_id: str = field(validator=non_empty_text("group_id"))
    member_families: int = field(validator=_nonneg("member_families"))
    all_registered_poor: bool = field(validator=_is_bool("all_registered_poor"))
    """Every member family is a registered poor family (fakir miskin, DTKS)."""


@define(frozen=True, slots=True)
class RutilahuHousehold:
    """A household applying for house rehabilitation (RS-Rutilahu)."""

    household_id: str = field(validator=non_empty_text("household_id"))
    registered: bool = field(validator=_is_bool("registered"))
    house_unfit: bool = field(validator=_is_bool("house_unfit"))
    """The house is assessed as not fit for habitation (rumah tidak layak huni)."""


@define(frozen=True, slots=True)
class ProkusApplicant:
    """An individual or family applying for ProKUS social entrepreneurship support."""

    applicant_id: str = field(validator=non_empty_text("applicant_id"))
    registered: bool = field(validator=_is_bool("registered"))
    """Registered in DTKS/DTSEN (a PPKS or poor family)."""
    business_plan: bool = field(validator=_is_bool("business_plan"))
    """Has a micro business or a business plan accepted by the facilitator."""


@define(frozen=True, slots=True)
class KatCommunity:
    """A remote indigenous community (Komunitas Adat Terpencil) in the PKAT programme."""

    community_id: str = field(validator=non_empty_text("community_id"))
    recognised_kat: bool = field(validator=_is_bool("recognised_kat"))
    """Identified as a KAT (PPKS ``komunitas_adat_terpencil``)."""
    preparation_done: bool = field(validator=_is_bool("preparation_done"))
    """Social mapping and feasibility study completed."""
    empowerment_start: date | None = None
    """First day of empowerment year I (None: still in preparation)."""


@define(frozen=True, slots=True)
class HadirRecipient:
    """A person proposed for a 'Sembako Kemensos Hadir' package."""

    person_id: str = field(validator=non_empty_text("person_id"))
    group: SembakoHadirTargetGroup = field(validator=_of(SembakoHadirTargetGroup, "group"))
    affected_by_covid: bool = field(validator=_is_bool("affected_by_covid"))


_FOKUS: Final = LegalBasis(
    "Kemensos press release 'Fokus Dayasos', 21 Jul 2020",
    url="https://kemensos.go.id/fokus-dayasos-peningkatan-daya-individu-lembaga-dan-masyarakat",
)


class ApdRecipientKind(Category):
    """Who received APD (personal protective equipment) from Ditjen Dayasos in 2020."""

    TKSK = ("tksk", "Tenaga Kesejahteraan Sosial Kecamatan", "TKSK", _FOKUS, Confidence.HIGH)
    KARANG_TARUNA = ("karang_taruna", "Karang Taruna", "youth organisation", _FOKUS)
    PSM = ("psm", "Pekerja Sosial Masyarakat", "community social worker", _FOKUS)
    KELUARGA_PAHLAWAN = (
        "keluarga_pahlawan",
        "Keluarga pahlawan nasional",
        "family of a national hero",
        _FOKUS,
    )
    PERINTIS_KEMERDEKAAN = (
        "perintis_kemerdekaan",
        "Perintis kemerdekaan",
        "pioneer of independence",
        _FOKUS,
    )
    LAINNYA = ("lainnya", "Lainnya", "other", _FOKUS)
    """Anyone else: not among the recipients the facts name."""


@define(frozen=True, slots=True)
class ApdRecipient:
    """A proposed recipient of APD aid."""

    recipient_id: str = field(validator=non_empty_text("recipient_id"))
    kind: ApdRecipientKind = field(validator=_of(ApdRecipientKind, "kind"))


# ---------------------------------------------------------------------------- helpers


def _params(params: ParameterSet | None) -> ParameterSet:
    return load_parameters() if params is None else params


def _flag(code: str, ok: bool, id_: str, en: str, **kw: Any) -> Criterion:
    return Criterion(
        code,
        _PASS if ok else _FAIL,
        id_ if ok else "Tidak: " + id_,
        en if ok else "Not met: " + en,
        observed="true" if ok else "false",
        threshold="true",
        **kw,
    )


def _in_force(p: ParameterSet, name: str, at: date, programme: Programme) -> Criterion:
    try:
        pv = p.value(name, at)
    except ParameterDateError:
        return Criterion(
            "in_force",
            _FAIL,
            f"{programme.name_id} tidak berjalan pada {at.isoformat()}.",
            f"{programme.label_en}: not running on {at.isoformat()}.",
            observed=at.isoformat(),
            threshold=f"a date covered by {name}",
        )
    return Criterion(
        "in_force",
        _PASS,
        f"{programme.name_id} berjalan pada tanggal ini.",
        f"{programme.label_en}: running on this date.",
        observed=at.isoformat(),
        parameter=ParameterUse.of(name, pv),
    )


def _decide(programme: Programme, at: date, crit: Sequence[Criterion]) -> Decision:
    return Decision(programme.name_id, "eligibility", at, all(c.passed for c in crit), tuple(crit))


def _amount_known(p: ParameterSet, name: str, at: date) -> Criterion | None:
    """A not-applicable criterion saying the amount is unknown, or None if it is known."""
    try:
        pv = p.value(name, at)
    except ParameterDateError:
        return None
    if pv.known:
        return None
    return Criterion(
        "amount_known",
        _NA,
        "Nilai bantuan tidak diketahui dalam parameter; tetapkan dengan reformasi.",
        "The benefit value is unknown in the parameters; set one with a reform.",
        parameter=ParameterUse.of(name, pv),
    )


def _single(
    programme: Programme,
    beneficiary: str,
    at: date,
    decision: Decision,
    p: ParameterSet,
    name: str,
    label: str,
    quantity: int = 1,
    in_kind: str | None = None,
) -> ProgrammeEntitlement:
    """An entitlement of ``quantity`` times the value of parameter ``name`` on ``at``."""
    if not decision.outcome:
        return ProgrammeEntitlement(programme, beneficiary, at, _ZERO, (), decision)
    pv = p.value(name, at)
    unit = Rupiah(pv.value) if isinstance(pv.value, int) else None
    amount = None if unit is None else unit * quantity
    note = _amount_known(p, name, at)
    if note is not None:
        decision = Decision(
            decision.programme,
            decision.subject,
            decision.at,
            decision.outcome,
            (*decision.criteria, note),
        )
    line = AmountLine(label, at, at, quantity, unit, amount, ParameterUse.of(name, pv))
    return ProgrammeEntitlement(programme, beneficiary, at, amount, (line,), decision, in_kind)


def _monthly(
    programme: Programme,
    beneficiary: str,
    at: date,
    decision: Decision,
    p: ParameterSet,
    name: str,
    months: Callable[[Month], bool],
    label: str,
) -> ProgrammeEntitlement:
    """The sum over the months of ``at``'s year for which ``months`` holds and ``name`` has
    a value: one line per month."""
    if not decision.outcome:
        return ProgrammeEntitlement(programme, beneficiary, at, _ZERO, (), decision)
    lines: list[AmountLine] = []
    total = 0
    for m in range(1, 13):
        month = Month(at.year, m)
        if not months(month):
            continue
        try:
            pv = p.value(name, month.start)
        except ParameterDateError:
            continue
        if not isinstance(pv.value, int):
            continue
        amt = Rupiah(pv.value)
        total += pv.value
        lines.append(
            AmountLine(label, month.start, month.end, 1, amt, amt, ParameterUse.of(name, pv))
        )
    return ProgrammeEntitlement(programme, beneficiary, at, Rupiah(total), tuple(lines), decision)


# ---------------------------------------------------------------------------- sustainment grant

_GRANT = "penguatan_modal_usaha.amount"


def sustainment_eligibility(
    applicant: SustainmentApplicant, at: date, params: ParameterSet | None = None
) -> Decision:
    """Whether a KPM PKH qualifies on ``at`` for the 2020 business-capital (sustainment) grant:
    the grant runs on that date, the family is graduated (its history's status on ``at``), runs
    a micro business and was affected by COVID-19 (Fokus Dayasos, 21 Jul 2020, H).

    Examples:
        >>> from datetime import date
        >>> from dayasos.eligibility.lifecycle import KpmHistory, TransitionReason
        >>> from dayasos.eligibility.pkh import PkhStatus
        >>> h = KpmHistory.start("kpm-9", PkhStatus.AKTIF, date(2019, 1, 1)).transition(
        ...     PkhStatus.GRADUASI_SEJAHTERA_MANDIRI, date(2020, 3, 1),
        ...     TransitionReason.MENGUNDURKAN_DIRI)
        >>> a = SustainmentApplicant(h, runs_micro_business=True, affected_by_covid=True)
        >>> sustainment_eligibility(a, date(2020, 8, 1)).outcome
        True
    """
    p = _params(params)
    prog = Programme.PENGUATAN_MODAL_USAHA
    status = applicant.history.status_on(at)
    graduated = status in GRADUATED_STATUSES
    shown = "(none)" if status is None else status.code
    crit = [
        _in_force(p, _GRANT, at, prog),
        Criterion(
            "graduated_kpm_pkh",
            _PASS if graduated else _FAIL,
            f"KPM PKH graduasi (status {shown})."
            if graduated
            else f"Bukan KPM PKH graduasi (status {shown}).",
            f"Graduated KPM PKH (status {shown})."
            if graduated
            else f"Not a graduated KPM PKH (status {shown}).",
            observed=shown,
            threshold="graduasi*",
        ),
        _flag(
            "micro_business",
            applicant.runs_micro_business,
            "Menjalankan usaha mikro.",
            "Runs a micro business.",
        ),
        _flag(
            "affected_by_covid",
            applicant.affected_by_covid,
            "Terdampak COVID-19.",
            "Affected by COVID-19.",
        ),
    ]
    return _decide(prog, at, crit)


def sustainment_entitlement(
    applicant: SustainmentApplicant, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """The sustainment grant: ``penguatan_modal_usaha.amount`` once (Rp3,500,000 as commonly
    cited, U), Rp0 when not eligible."""
    p = _params(params)
    d = sustainment_eligibility(applicant, at, p)
    return _single(
        Programme.PENGUATAN_MODAL_USAHA,
        applicant.history.family_id,
        at,
        d,
        p,
        _GRANT,
        "Bantuan penguatan modal usaha",
    )


# ---------------------------------------------------------------------------- Sembako, BST


def sembako_eligibility(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> Decision:
    """Program Sembako / BPNT on ``at``: the programme runs and the family is an enrolled KPM."""
    p = _params(params)
    crit = [
        _in_force(p, "sembako.amount", at, Programme.SEMBAKO),
        _flag("enrolled", kpm.enrolled, "Ditetapkan sebagai KPM.", "Enrolled as KPM."),
    ]
    return _decide(Programme.SEMBAKO, at, crit)


def sembako_entitlement(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Program Sembako for the year of ``at``: ``sembako.amount`` for each month of the year in
    which it has a value (2019: 12 x Rp110,000; 2020: 2 x Rp150,000 + 10 x Rp200,000).

    Examples:
        >>> from datetime import date
        >>> sembako_entitlement(ProgrammeKpm("k"), date(2019, 6, 1)).amount
        Rupiah(1320000)
    """
    p = _params(params)
    d = sembako_eligibility(kpm, at, p)
    return _monthly(
        Programme.SEMBAKO,
        kpm.family_id,
        at,
        d,
        p,
        "sembako.amount",
        lambda m: True,
        "Bantuan Sembako per bulan",
    )


def bst_eligibility(kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None) -> Decision:
    """BST on ``at``: the programme's months are known for the year, and the family is an
    enrolled KPM. 2021 fails ``months_known`` until ``bst.months`` is supplied by a reform."""
    p = _params(params)
    crit = [_in_force(p, "bst.amount", at, Programme.BST)]
    try:
        pv = p.value("bst.months", at)
        known = pv.known
        crit.append(
            Criterion(
                "months_known",
                _PASS if known else _FAIL,
                "Bulan penyaluran diketahui." if known else "Bulan penyaluran tidak diketahui.",
                "Payment months known." if known else "Payment months unknown (set a reform).",
                parameter=ParameterUse.of("bst.months", pv),
            )
        )
    except ParameterDateError:
        crit.append(
            Criterion(
                "months_known",
                _FAIL,
                "Tidak ada bulan penyaluran BST pada tahun ini.",
                "No BST payment months in this year.",
            )
        )
    crit.append(_flag("enrolled", kpm.enrolled, "Ditetapkan sebagai KPM.", "Enrolled as KPM."))
    return _decide(Programme.BST, at, crit)


def bst_entitlement(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """BST for the year of ``at``: ``bst.amount`` for each month of ``bst.months`` (2020:
    3 x Rp600,000 + 6 x Rp300,000 = Rp3,600,000, worked example 5)."""
    p = _params(params)
    d = bst_eligibility(kpm, at, p)
    months: tuple[int, ...] = ()
    if d.outcome:
        months = p.months("bst.months", at)
    return _monthly(
        Programme.BST,
        kpm.family_id,
        at,
        d,
        p,
        "bst.amount",
        lambda m: m.month in months,
        "BST per bulan",
    )


def bst_sembako_non_pkh_eligibility(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> Decision:
    """The one-off BST of August 2020 to Program Sembako families not in PKH (H)."""
    p = _params(params)
    prog = Programme.BST_SEMBAKO_NON_PKH
    crit = [
        _in_force(p, "bst_sembako_non_pkh.amount", at, prog),
        _flag("in_sembako", kpm.in_sembako, "KPM Program Sembako.", "A Program Sembako KPM."),
        _flag("not_in_pkh", not kpm.in_pkh, "Bukan KPM PKH.", "Not a PKH KPM."),
    ]
    return _decide(prog, at, crit)


def bst_sembako_non_pkh_entitlement(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Rp500,000 once (``bst_sembako_non_pkh.amount``), Rp0 when not eligible."""
    p = _params(params)
    d = bst_sembako_non_pkh_eligibility(kpm, at, p)
    return _single(
        Programme.BST_SEMBAKO_NON_PKH,
        kpm.family_id,
        at,
        d,
        p,
        "bst_sembako_non_pkh.amount",
        "BST sekali bagi KPM Sembako non-PKH",
    )


def programme_cost(target_kpm: int, months: int, monthly: Rupiah) -> Rupiah:
    """The budget of a monthly benefit: families x months x amount (exact).

    Examples:
        >>> programme_cost(5_900_000, 12, Rupiah(200_000))
        Rupiah(14160000000000)
    """
    for name, v in (("target_kpm", target_kpm), ("months", months)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise ValidationError(name, "must be a non-negative integer", shown=repr(v))
    if not isinstance(monthly, Rupiah) or monthly < _ZERO:
        raise ValidationError("monthly", "must be a non-negative Rupiah", shown=repr(monthly))
    return monthly * (target_kpm * months)


def sembako_2022_proposal_cost(params: ParameterSet | None = None) -> Rupiah:
    """The Kartu Sembako 2022 additional proposal (budget.md W13, H): Rp14,160,000,000,000."""
    p = _params(params)
    at = date(2022, 1, 1)
    return programme_cost(
        p.integer("kartu_sembako_2022.target_kpm", at),
        p.integer("kartu_sembako_2022.months", at),
        p.rupiah("kartu_sembako_2022.amount", at),
    )


# ---------------------------------------------------------------------------- KUBE, Rutilahu, ProKUS


def kube_eligibility(group: KubeGroup, at: date, params: ParameterSet | None = None) -> Decision:
    """KUBE on ``at``: the grant runs, every member family is registered poor, and the group
    size is within ``kube.group_size.min``..``max`` (not applied while unknown)."""
    p = _params(params)
    crit = [
        _in_force(p, "kube.grant", at, Programme.KUBE),
        _flag(
            "registered_poor",
            group.all_registered_poor and group.member_families > 0,
            "Semua anggota keluarga miskin terdaftar.",
            "Every member family is a registered poor family.",
        ),
    ]
    for bound, name in (("min", "kube.group_size.min"), ("max", "kube.group_size.max")):
        try:
            pv = p.value(name, at)
        except ParameterDateError:
            continue
        use = ParameterUse.of(name, pv)
        n = group.member_families
        if not isinstance(pv.value, int):
            crit.append(
                Criterion(
                    f"group_size_{bound}",
                    _NA,
                    "Batas jumlah anggota KUBE tidak diketahui; tidak diterapkan.",
                    "The KUBE group-size bound is unknown; not applied.",
                    observed=str(n),
                    parameter=use,
                )
            )
            continue
        ok = n >= pv.value if bound == "min" else n <= pv.value
        crit.append(
            Criterion(
                f"group_size_{bound}",
                _PASS if ok else _FAIL,
                "Jumlah anggota sesuai." if ok else "Jumlah anggota di luar batas.",
                "Group size within bounds." if ok else "Group size out of bounds.",
                observed=str(n),
                threshold=(">= " if bound == "min" else "<= ") + str(pv.value),
                parameter=use,
            )
        )
    return _decide(Programme.KUBE, at, crit)


def kube_entitlement(
    group: KubeGroup, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """``kube.grant`` (Rp20,000,000, M) per eligible group."""
    p = _params(params)
    d = kube_eligibility(group, at, p)
    return _single(Programme.KUBE, group.group_id, at, d, p, "kube.grant", "Bantuan KUBE")


def rutilahu_eligibility(
    household: RutilahuHousehold, at: date, params: ParameterSet | None = None
) -> Decision:
    """RS-Rutilahu on ``at``: the programme runs, the household is registered and its house
    is not fit for habitation."""
    p = _params(params)
    crit = [
        _in_force(p, "rs_rutilahu.grant", at, Programme.RS_RUTILAHU),
        _flag("registered", household.registered, "Terdaftar di DTKS.", "Registered in DTKS."),
        _flag(
            "house_unfit",
            household.house_unfit,
            "Rumah tidak layak huni.",
            "The house is not fit for habitation.",
        ),
    ]
    return _decide(Programme.RS_RUTILAHU, at, crit)


def rutilahu_entitlement(
    household: RutilahuHousehold, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """``rs_rutilahu.grant`` (Rp15,000,000, M) per eligible household."""
    p = _params(params)
    d = rutilahu_eligibility(household, at, p)
    return _single(
        Programme.RS_RUTILAHU,
        household.household_id,
        at,
        d,
        p,
        "rs_rutilahu.grant",
        "Rehabilitasi rumah tidak layak huni",
    )


def prokus_eligibility(
    applicant: ProkusApplicant, at: date, params: ParameterSet | None = None
) -> Decision:
    """ProKUS on ``at`` (from the 2021 RKA): registered, with a business or accepted plan."""
    p = _params(params)
    crit = [
        _in_force(p, "prokus.capital_amount", at, Programme.PROKUS),
        _flag("registered", applicant.registered, "Terdaftar di DTKS.", "Registered in DTKS."),
        _flag(
            "business_plan",
            applicant.business_plan,
            "Memiliki usaha atau rencana usaha.",
            "Has a business or a business plan.",
        ),
    ]
    return _decide(Programme.PROKUS, at, crit)


def prokus_entitlement(
    applicant: ProkusApplicant, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Business capital (``prokus.capital_amount``, unknown: amount None) and mentoring."""
    p = _params(params)
    d = prokus_eligibility(applicant, at, p)
    return _single(
        Programme.PROKUS,
        applicant.applicant_id,
        at,
        d,
        p,
        "prokus.capital_amount",
        "Modal usaha ProKUS",
        in_kind="pendampingan usaha (business mentoring)",
    )


# ---------------------------------------------------------------------------- PKAT


class PkatStage(enum.Enum):
    """The stages of KAT empowerment (Permensos 12/2015 as summarised in the facts, U)."""

    PERSIAPAN = "persiapan"
    """Preparation: social mapping and feasibility study."""
    TAHUN_I = "tahun_1"
    TAHUN_II = "tahun_2"
    TAHUN_III = "tahun_3"
    TERMINASI = "terminasi"
    """Termination: the community leaves the programme."""


_JUKNIS_KAT_2017: Final = LegalBasis(
    "Petunjuk Teknis Pelaksanaan Pemberdayaan KAT melalui Dekonsentrasi dan Tugas Pembantuan "
    "Tahun 2017 (Direktorat PKAT, Kemensos)",
    url="https://vdocuments.site/bab-i-pendahuluan-untuk-melaksanakan-sebagian-kegiatan-"
    "pemberdayaan-sosial.html",
    note="Secondary copy (M): stages from preparation to referral and termination; the aid of "
    "empowerment year I (houses, infrastructure, jaminan hidup, seeds, work tools) and year II "
    "(infrastructure, jaminan hidup). Legal basis of KAT empowerment: Perpres 186/2014.",
)
_PKAT_BENEFITS: Final[dict[PkatStage, str]] = {
    PkatStage.TAHUN_I: "pembangunan rumah warga atau bahan bangunan rumah, sarana prasarana "
    "(balai sosial, air bersih, rumah petugas, sarana ibadah), jaminan hidup, bibit, peralatan "
    "kerja (houses or building materials, infrastructure, living allowance, seeds, work tools; "
    "juknis 2017, M)",
    PkatStage.TAHUN_II: "sarana prasarana, jaminan hidup (infrastructure, living allowance; "
    "juknis 2017, M; the rest of the list not read)",
    PkatStage.TAHUN_III: "pemberdayaan lanjutan; isi bantuan tidak diketahui (continued "
    "empowerment; the aid of year III is not in the sources read, U)",
}
"""What each empowerment year brings, as far as the sources read say (amounts unknown)."""


def pkat_stage(community: KatCommunity, at: date, params: ParameterSet | None = None) -> PkatStage:
    """The PKAT stage of ``community`` on ``at``: preparation until ``empowerment_start``, then
    years I.. ``pkat.empowerment_years`` (U: three), then termination."""
    p = _params(params)
    start = community.empowerment_start
    if start is None or at < start:
        return PkatStage.PERSIAPAN
    years = p.integer("pkat.empowerment_years", at)
    done = at.year - start.year - ((at.month, at.day) < (start.month, start.day))
    if done >= years:
        return PkatStage.TERMINASI
    return (PkatStage.TAHUN_I, PkatStage.TAHUN_II, PkatStage.TAHUN_III)[min(done, 2)]


def pkat_eligibility(
    community: KatCommunity, at: date, params: ParameterSet | None = None
) -> Decision:
    """PKAT support on ``at``: a recognised KAT, preparation completed, and in an empowerment
    year (not in preparation nor terminated)."""
    p = _params(params)
    stage = pkat_stage(community, at, p)
    years = ParameterUse.of("pkat.empowerment_years", p.value("pkat.empowerment_years", at))
    in_year = stage not in (PkatStage.PERSIAPAN, PkatStage.TERMINASI)
    crit = [
        _flag(
            "recognised_kat",
            community.recognised_kat,
            "Komunitas Adat Terpencil.",
            "A remote indigenous community (KAT).",
        ),
        _flag(
            "preparation_done",
            community.preparation_done,
            "Pemetaan sosial dan studi kelayakan selesai.",
            "Social mapping and feasibility study done.",
        ),
        Criterion(
            "empowerment_year",
            _PASS if in_year else _FAIL,
            f"Tahap {stage.value}.",
            f"Stage {stage.value}.",
            observed=stage.value,
            threshold="tahun_1..tahun_3",
            parameter=years,
        ),
    ]
    return _decide(Programme.PKAT, at, crit)


def pkat_entitlement(
    community: KatCommunity, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """What an empowerment year brings (in kind; amounts not in the facts, so None)."""
    p = _params(params)
    d = pkat_eligibility(community, at, p)
    if not d.outcome:
        return ProgrammeEntitlement(Programme.PKAT, community.community_id, at, _ZERO, (), d)
    stage = pkat_stage(community, at, p)
    return ProgrammeEntitlement(
        Programme.PKAT,
        community.community_id,
        at,
        None,
        (),
        d,
        f"{stage.value}: {_PKAT_BENEFITS[stage]}",
    )


# ---------------------------------------------------------------------------- Sembako Hadir, APD


def sembako_hadir_eligibility(
    recipient: HadirRecipient, at: date, params: ParameterSet | None = None
) -> Decision:
    """Sembako Kemensos Hadir (2020): affected by COVID-19 and in a target group (honorary
    teachers, scavengers, traders, daily/casual workers, laid-off workers, others)."""
    p = _params(params)
    prog = Programme.SEMBAKO_KEMENSOS_HADIR
    crit = [
        _in_force(p, "sembako_kemensos_hadir.packages_per_recipient", at, prog),
        Criterion(
            "target_group",
            _PASS,
            f"Kelompok sasaran: {recipient.group.name_id}.",
            f"Target group: {recipient.group.label_en}.",
            observed=recipient.group.code,
        ),
        _flag(
            "affected_by_covid",
            recipient.affected_by_covid,
            "Terdampak COVID-19.",
            "Affected by COVID-19.",
        ),
    ]
    return _decide(prog, at, crit)


def sembako_hadir_entitlement(
    recipient: HadirRecipient, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Packages per recipient (``sembako_kemensos_hadir.packages_per_recipient``, U: one); the
    package value is unknown, so the amount is None."""
    p = _params(params)
    prog = Programme.SEMBAKO_KEMENSOS_HADIR
    d = sembako_hadir_eligibility(recipient, at, p)
    if not d.outcome:
        return ProgrammeEntitlement(prog, recipient.person_id, at, _ZERO, (), d)
    n = p.integer("sembako_kemensos_hadir.packages_per_recipient", at)
    return _single(
        prog,
        recipient.person_id,
        at,
        d,
        p,
        "sembako_kemensos_hadir.package_value",
        "Paket Sembako Kemensos Hadir",
        quantity=n,
        in_kind=f"{n} paket sembako",
    )


_APD_RECIPIENTS: Final = frozenset(set(ApdRecipientKind) - {ApdRecipientKind.LAINNYA})


def apd_eligibility(
    recipient: ApdRecipient, at: date, params: ParameterSet | None = None
) -> Decision:
    """APD aid (2020): a social pillar (TKSK, Karang Taruna, PSM), a family of a national hero
    or a pioneer of independence (Fokus Dayasos, H)."""
    p = _params(params)
    ok = recipient.kind in _APD_RECIPIENTS
    crit = [
        _in_force(p, "apd_pilar.units_per_recipient", at, Programme.APD_PILAR),
        Criterion(
            "recipient_kind",
            _PASS if ok else _FAIL,
            f"Penerima: {recipient.kind.name_id}.",
            f"Recipient: {recipient.kind.label_en}.",
            observed=recipient.kind.code,
            threshold="tksk|karang_taruna|psm|keluarga_pahlawan|perintis_kemerdekaan",
        ),
    ]
    return _decide(Programme.APD_PILAR, at, crit)


def apd_entitlement(
    recipient: ApdRecipient, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """APD in kind; quantity and value unknown (``apd_pilar.units_per_recipient``)."""
    p = _params(params)
    d = apd_eligibility(recipient, at, p)
    if not d.outcome:
        return ProgrammeEntitlement(Programme.APD_PILAR, recipient.recipient_id, at, _ZERO, (), d)
    note = _amount_known(p, "apd_pilar.units_per_recipient", at)
    if note is not None:
        d = Decision(d.programme, d.subject, d.at, d.outcome, (*d.criteria, note))
    return ProgrammeEntitlement(
        Programme.APD_PILAR,
        recipient.recipient_id,
        at,
        None,
        (),
        d,
        "alat pelindung diri (APD, personal protective equipment)",
    )
