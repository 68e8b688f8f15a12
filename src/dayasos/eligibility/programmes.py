"""The other programmes: eligibility and entitlement, explained, with sources.

Every programme has an ``*_eligibility`` rule returning a
:class:`~dayasos.eligibility.decision.Decision` and an ``*_entitlement`` rule returning a
:class:`ProgrammeEntitlement` (Rp0 and the failed criteria when not eligible; ``amount`` None
when the value is not known in the parameters, the ``amount_known`` criterion then says so).
Amounts and thresholds come from ``parameters/data/sembako.toml``, ``dayasos.toml`` and
``programmes.toml``; values that only press reports give are confidence M, values no public
source gives are U or unknown, and each parameter names its public source.

* **Sustainment grant** (bantuan penguatan modal usaha, 2020) for a graduated KPM PKH (status
  graduated on the date, from its :class:`~dayasos.eligibility.lifecycle.KpmHistory`) that runs
  a micro business and was affected by COVID-19, in two tiers: the BSIMU stimulus
  (``penguatan_modal_usaha.bsimu.amount``, Rp500,000) and, for KPM selected for the
  1,000-KPM pilot, business capital (``penguatan_modal_usaha.amount``, Rp3,500,000).
* **Program Sembako / BPNT**: an enrolled KPM gets ``sembako.amount`` for each month of the
  year in which it is in force, and once more in each month of ``sembako.extra_months``.
* **BST**: an enrolled KPM gets ``bst.amount`` for each month of ``bst.months``; the months of
  ``bst.deferred_months`` are paid in ``bst.deferred_paid_in`` (2021: May-June in July).
* **BST for Sembako KPM not in PKH** (Aug 2020): ``bst_sembako_non_pkh.amount`` once.
* **BLT BBM 2022**: ``blt_bbm.payments`` times ``blt_bbm.amount``.
* **PENA**: ``pena.amount`` to a graduated KPM or entrepreneur aged ``pena.age.min``..``max``.
* **Bansos Sembako Jabodetabek 2020**: ``bansos_jabodetabek.packages_per_month`` packages of
  ``bansos_jabodetabek.package_value`` a month, April-June 2020.
* **KUBE**: ``kube.grant_per_family`` per member family of a group of ``kube.group_size.min``
  to ``max`` registered poor families.
* **RS-Rutilahu**: ``rs_rutilahu.grant`` per registered household with an unfit house.
* **ProKUS**: business capital (``prokus.capital_amount``) and mentoring.
* **PKAT**: preparation, empowerment years I..``pkat.empowerment_years``, termination.
* **Sembako Kemensos Hadir** (2020): people of the target groups affected by COVID-19 who had
  received no other aid (the caller passes their other enrolments).
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
from dayasos.categories.social import FOKUS_DAYASOS_2020
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
from dayasos.periods import Month, age

__all__ = [
    "AmountLine",
    "ApdRecipient",
    "ApdRecipientKind",
    "HadirRecipient",
    "JabodetabekHousehold",
    "KatCommunity",
    "KubeGroup",
    "PenaApplicant",
    "PkatStage",
    "ProgrammeEntitlement",
    "ProgrammeKpm",
    "ProkusApplicant",
    "RutilahuHousehold",
    "SustainmentApplicant",
    "SustainmentTier",
    "apd_eligibility",
    "apd_entitlement",
    "blt_bbm_eligibility",
    "blt_bbm_entitlement",
    "bst_eligibility",
    "bst_entitlement",
    "bst_sembako_non_pkh_eligibility",
    "bst_sembako_non_pkh_entitlement",
    "jabodetabek_eligibility",
    "jabodetabek_entitlement",
    "kube_eligibility",
    "kube_entitlement",
    "pena_eligibility",
    "pena_entitlement",
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
    paid_in: date | None = None
    """The first day of the month the line is paid in, when it is paid later than the period it
    is due for (BST May-June 2021, paid in July); None when paid in its own period."""


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
        paid_word = "dibayar" if lg == "id" else "paid"
        shown = unknown if self.amount is None else self.amount.format()
        name = self.programme.name_id if lg == "id" else self.programme.label_en
        out = [f"{name} — {head} {self.beneficiary_id}: {shown}"]
        if self.in_kind:
            out.append(f"  {self.in_kind}")
        for ln in self.lines:
            amt = unknown if ln.amount is None else ln.amount.format()
            unit = unknown if ln.unit_amount is None else ln.unit_amount.format()
            paid = "" if ln.paid_in is None else f" ({paid_word} {ln.paid_in.isoformat()[:7]})"
            out.append(
                f"  {ln.label} {ln.start.isoformat()}..{ln.end.isoformat()}: "
                f"{ln.quantity} x {unit} = {amt}{paid}"
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


class SustainmentTier(enum.Enum):
    """The two tiers of the 2020 sustainment grant in the official release."""

    BSIMU = "bsimu"
    """The stimulus (BSIMU), Rp500,000 per KPM to 10,000 graduated KPM PKH."""
    MODAL_USAHA = "modal_usaha"
    """Business capital, Rp3,500,000 per KPM selected for the 1,000-KPM pilot."""


@define(frozen=True, slots=True)
class SustainmentApplicant:
    """A KPM PKH applying for a tier of the 2020 business-capital (sustainment) grant."""

    history: KpmHistory = field(validator=_of(KpmHistory, "history"))
    runs_micro_business: bool = field(validator=_is_bool("runs_micro_business"))
    affected_by_covid: bool = field(validator=_is_bool("affected_by_covid"))
    tier: SustainmentTier = field(
        default=SustainmentTier.BSIMU, validator=_of(SustainmentTier, "tier")
    )
    selected: bool = field(default=False, validator=_is_bool("selected"))
    """Selected by the programme for the business-capital pilot (needed for ``MODAL_USAHA``)."""


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


def _programmes(value: Any) -> tuple[Programme, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise ValidationError(
            "other_enrolments", "must be a sequence of Programme values", shown=repr(value)
        )
    out = tuple(value)
    for i, v in enumerate(out):
        if not isinstance(v, Programme):
            raise ValidationError(f"other_enrolments[{i}]", "must be a Programme", shown=repr(v))
    return tuple(sorted(set(out), key=lambda p: p.code))


@define(frozen=True, slots=True)
class HadirRecipient:
    """A person proposed for a 'Sembako Kemensos Hadir' package.

    ``other_enrolments`` are the programmes the person has received aid from (the caller
    gathers them, e.g. from the registry); the package went to people with none.
    """

    person_id: str = field(validator=non_empty_text("person_id"))
    group: SembakoHadirTargetGroup = field(validator=_of(SembakoHadirTargetGroup, "group"))
    affected_by_covid: bool = field(validator=_is_bool("affected_by_covid"))
    other_enrolments: tuple[Programme, ...] = field(default=(), converter=_programmes)


@define(frozen=True, slots=True)
class PenaApplicant:
    """A person applying for PENA (Pahlawan Ekonomi Nusantara) business support."""

    applicant_id: str = field(validator=non_empty_text("applicant_id"))
    birth_date: date = field(validator=_of(date, "birth_date"))
    graduated_kpm: bool = field(validator=_is_bool("graduated_kpm"))
    """A graduated KPM (of PKH or another programme)."""
    entrepreneur: bool = field(validator=_is_bool("entrepreneur"))
    """Runs a business (the press reports name 'graduated KPM / entrepreneurs')."""


@define(frozen=True, slots=True)
class JabodetabekHousehold:
    """A household proposed for the 2020 sembako aid in Jabodetabek (Greater Jakarta)."""

    household_id: str = field(validator=non_empty_text("household_id"))
    in_jabodetabek: bool = field(validator=_is_bool("in_jabodetabek"))
    """Lives in Jakarta, Bogor, Depok, Tangerang or Bekasi."""
    enrolled: bool = field(default=True, validator=_is_bool("enrolled"))
    """Determined as a recipient."""


_FOKUS: Final = FOKUS_DAYASOS_2020


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
    """Anyone else: not among the recipients the release names."""


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
    *,
    extra: Callable[[Month], bool] = lambda m: False,
    extra_label: str = "",
    paid_in: Callable[[Month], date | None] = lambda m: None,
) -> ProgrammeEntitlement:
    """The sum over the months of ``at``'s year for which ``months`` holds and ``name`` has
    a value: one line per month, and a second line in the months where ``extra`` holds;
    ``paid_in`` gives the month a line is paid in when later than its own."""
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
        use = ParameterUse.of(name, pv)
        paid = paid_in(month)
        for text in (label, extra_label) if extra(month) else (label,):
            total += pv.value
            lines.append(AmountLine(text, month.start, month.end, 1, amt, amt, use, paid))
    return ProgrammeEntitlement(programme, beneficiary, at, Rupiah(total), tuple(lines), decision)


# ---------------------------------------------------------------------------- sustainment grant

_TIER_AMOUNT: Final = {
    SustainmentTier.BSIMU: "penguatan_modal_usaha.bsimu.amount",
    SustainmentTier.MODAL_USAHA: "penguatan_modal_usaha.amount",
}
_TIER_LABEL: Final = {
    SustainmentTier.BSIMU: "Stimulus BSIMU",
    SustainmentTier.MODAL_USAHA: "Bantuan penguatan modal usaha",
}


def sustainment_eligibility(
    applicant: SustainmentApplicant, at: date, params: ParameterSet | None = None
) -> Decision:
    """Whether a KPM PKH qualifies on ``at`` for its tier of the 2020 sustainment grant: the
    tier runs on that date, the family is graduated (its history's status on ``at``), runs a
    micro business and was affected by COVID-19 (Fokus Dayasos, 21 Jul 2020, H); the
    business-capital tier also needs the KPM to be ``selected`` for the pilot (H).

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
        _in_force(p, _TIER_AMOUNT[applicant.tier], at, prog),
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
    if applicant.tier is SustainmentTier.MODAL_USAHA:
        crit.append(
            _flag(
                "selected",
                applicant.selected,
                "Terpilih untuk uji coba modal usaha.",
                "Selected for the business-capital pilot.",
            )
        )
    return _decide(prog, at, crit)


def sustainment_entitlement(
    applicant: SustainmentApplicant, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """The sustainment grant of the applicant's tier, once: Rp500,000 (BSIMU) or Rp3,500,000
    (business capital, selected KPM), both H; Rp0 when not eligible.

    Examples:
        >>> from datetime import date
        >>> from dayasos.eligibility.lifecycle import KpmHistory, TransitionReason
        >>> from dayasos.eligibility.pkh import PkhStatus
        >>> h = KpmHistory.start("kpm-9", PkhStatus.AKTIF, date(2019, 1, 1)).transition(
        ...     PkhStatus.GRADUASI_ALAMIAH, date(2020, 3, 1), TransitionReason.TIDAK_ADA_KOMPONEN)
        >>> a = SustainmentApplicant(h, True, True, SustainmentTier.MODAL_USAHA, selected=True)
        >>> sustainment_entitlement(a, date(2020, 9, 1)).amount
        Rupiah(3500000)
    """
    p = _params(params)
    d = sustainment_eligibility(applicant, at, p)
    return _single(
        Programme.PENGUATAN_MODAL_USAHA,
        applicant.history.family_id,
        at,
        d,
        p,
        _TIER_AMOUNT[applicant.tier],
        _TIER_LABEL[applicant.tier],
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


def _months_param(p: ParameterSet, name: str, at: date) -> tuple[int, ...]:
    """The months of a ``month_numbers`` parameter on ``at``; () when it has no value then."""
    try:
        pv = p.value(name, at)
    except ParameterDateError:
        return ()
    return pv.value if isinstance(pv.value, tuple) else ()


def sembako_entitlement(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Program Sembako for the year of ``at``: ``sembako.amount`` for each month of the year in
    which it has a value, and once more in each month of ``sembako.extra_months`` (2019:
    12 x Rp110,000; 2020: 2 x Rp150,000 + 10 x Rp200,000; 2021: 14 x Rp200,000).

    Examples:
        >>> from datetime import date
        >>> sembako_entitlement(ProgrammeKpm("k"), date(2019, 6, 1)).amount
        Rupiah(1320000)
        >>> sembako_entitlement(ProgrammeKpm("k"), date(2021, 6, 1)).amount
        Rupiah(2800000)
    """
    p = _params(params)
    d = sembako_eligibility(kpm, at, p)
    extra = _months_param(p, "sembako.extra_months", at)
    return _monthly(
        Programme.SEMBAKO,
        kpm.family_id,
        at,
        d,
        p,
        "sembako.amount",
        lambda m: True,
        "Bantuan Sembako per bulan",
        extra=lambda m: m.month in extra,
        extra_label="Bantuan Sembako bulan tambahan",
    )


def bst_eligibility(kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None) -> Decision:
    """BST on ``at``: the programme runs (April-December 2020, January-June 2021), its months
    are known for the year, and the family is an enrolled KPM."""
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
    3 x Rp600,000 + 6 x Rp300,000 = Rp3,600,000; 2021: 6 x Rp300,000 = Rp1,800,000, the
    May and June amounts paid together in July, ``AmountLine.paid_in``).

    Examples:
        >>> from datetime import date
        >>> e = bst_entitlement(ProgrammeKpm("k"), date(2021, 2, 1))
        >>> e.amount, [ln.paid_in for ln in e.lines if ln.paid_in]
        (Rupiah(1800000), [datetime.date(2021, 7, 1), datetime.date(2021, 7, 1)])
    """
    p = _params(params)
    d = bst_eligibility(kpm, at, p)
    months: tuple[int, ...] = ()
    deferred: tuple[int, ...] = ()
    paid_to: date | None = None
    if d.outcome:
        months = p.months("bst.months", at)
        deferred = _months_param(p, "bst.deferred_months", at)
        if deferred:
            paid_to = Month(at.year, p.months("bst.deferred_paid_in", at)[0]).start
    return _monthly(
        Programme.BST,
        kpm.family_id,
        at,
        d,
        p,
        "bst.amount",
        lambda m: m.month in months,
        "BST per bulan",
        paid_in=lambda m: paid_to if m.month in deferred else None,
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
    """The Kartu Sembako 2022 additional proposal (Kemensos, 26 Aug 2021, H): 5,900,000 KPM x
    12 months x Rp200,000 = Rp14,160,000,000,000."""
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
    size is within ``kube.group_size.min``..``max`` (5..20 families, M; a bound is not applied
    while unknown)."""
    p = _params(params)
    crit = [
        _in_force(p, "kube.grant_per_family", at, Programme.KUBE),
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
    """``kube.grant_per_family`` (Rp2,000,000, M) times the member families of an eligible
    group (Rp20,000,000 for a 10-family group).

    Examples:
        >>> from datetime import date
        >>> kube_entitlement(KubeGroup("g", 10, True), date(2020, 5, 1)).amount
        Rupiah(20000000)
    """
    p = _params(params)
    d = kube_eligibility(group, at, p)
    return _single(
        Programme.KUBE,
        group.group_id,
        at,
        d,
        p,
        "kube.grant_per_family",
        "Bantuan KUBE per keluarga anggota",
        quantity=group.member_families,
    )


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
    """``rs_rutilahu.grant`` (Rp15,000,000 in 2021, M; the 2020 value U) per eligible
    household."""
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
    """ProKUS on ``at`` (from 2021): registered, with a business or accepted plan."""
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
    """Business capital (``prokus.capital_amount``: Rp3,500,000 in 2021, M; unknown from 2022,
    amount None) and mentoring."""
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
    """The stages of KAT empowerment (Permensos 12/2015, text not read, U)."""

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
    """What an empowerment year brings (in kind; amounts not in a public source read, so None)."""
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
    """Sembako Kemensos Hadir (2020): affected by COVID-19, in a target group (honorary
    teachers, scavengers, traders, daily/casual workers, laid-off workers, others) and, while
    ``sembako_kemensos_hadir.requires_no_other_aid`` holds, enrolled in no other programme
    ("belum pernah menerima bantuan dari manapun", Kemensos, H).

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import SembakoHadirTargetGroup as G
        >>> r = HadirRecipient("p", G.PEMULUNG, True, other_enrolments=[Programme.BST])
        >>> d = sembako_hadir_eligibility(r, date(2020, 7, 1))
        >>> d.outcome, d.criterion("no_other_aid").observed
        (False, 'bst')
    """
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
    other = [q for q in recipient.other_enrolments if q is not prog]
    shown = ",".join(q.code for q in other) or "-"
    name = "sembako_kemensos_hadir.requires_no_other_aid"
    try:
        pv = p.value(name, at)
    except ParameterDateError:
        pv = None
    if pv is not None:
        required = pv.value is True
        none = not other
        status = (_PASS if none else _FAIL) if required else _NA
        crit.append(
            Criterion(
                "no_other_aid",
                status,
                "Belum pernah menerima bantuan lain."
                if none
                else f"Sudah menerima bantuan lain: {shown}.",
                "Has received no other aid." if none else f"Already receives other aid: {shown}.",
                observed=shown,
                threshold="none" if required else None,
                parameter=ParameterUse.of(name, pv),
            )
        )
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


# ---------------------------------------------------------------------------- BLT BBM, PENA, Jabodetabek


def blt_bbm_eligibility(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> Decision:
    """BLT BBM (2022) on ``at``: the programme runs and the family is an enrolled KPM (M)."""
    p = _params(params)
    crit = [
        _in_force(p, "blt_bbm.amount", at, Programme.BLT_BBM),
        _flag("enrolled", kpm.enrolled, "Ditetapkan sebagai KPM.", "Enrolled as KPM."),
    ]
    return _decide(Programme.BLT_BBM, at, crit)


def blt_bbm_entitlement(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """BLT BBM: ``blt_bbm.payments`` (4) times ``blt_bbm.amount`` (Rp150,000) = Rp600,000 per
    eligible KPM in 2022 (M); Rp0 when not eligible.

    Examples:
        >>> from datetime import date
        >>> blt_bbm_entitlement(ProgrammeKpm("k"), date(2022, 9, 1)).amount
        Rupiah(600000)
    """
    p = _params(params)
    d = blt_bbm_eligibility(kpm, at, p)
    n = p.integer("blt_bbm.payments", at) if d.outcome else 0
    return _single(
        Programme.BLT_BBM,
        kpm.family_id,
        at,
        d,
        p,
        "blt_bbm.amount",
        "BLT BBM per penyaluran",
        quantity=n,
    )


def pena_eligibility(
    applicant: PenaApplicant, at: date, params: ParameterSet | None = None
) -> Decision:
    """PENA on ``at`` (from 2022, M): aged ``pena.age.min``..``pena.age.max`` (25..45, both
    included) in completed years on ``at``, and a graduated KPM or an entrepreneur.

    Examples:
        >>> from datetime import date
        >>> a = PenaApplicant("a", date(1990, 5, 1), graduated_kpm=True, entrepreneur=False)
        >>> pena_eligibility(a, date(2022, 6, 1)).outcome
        True
    """
    p = _params(params)
    prog = Programme.PENA
    crit = [_in_force(p, "pena.amount", at, prog)]
    if applicant.birth_date > at:
        raise ValidationError("birth_date", f"is after the assessment date {at.isoformat()}")
    years = age(applicant.birth_date, at)
    for bound, name in (("min", "pena.age.min"), ("max", "pena.age.max")):
        try:
            pv = p.value(name, at)
        except ParameterDateError:
            continue
        if not isinstance(pv.value, int):
            continue
        ok = years >= pv.value if bound == "min" else years <= pv.value
        crit.append(
            Criterion(
                f"age_{bound}",
                _PASS if ok else _FAIL,
                f"Usia {years} tahun" + (" memenuhi batas." if ok else " di luar batas."),
                f"Age {years}" + (" within the bound." if ok else " out of bounds."),
                observed=str(years),
                threshold=(">= " if bound == "min" else "<= ") + str(pv.value),
                parameter=ParameterUse.of(name, pv),
            )
        )
    crit.append(
        _flag(
            "graduated_kpm_or_entrepreneur",
            applicant.graduated_kpm or applicant.entrepreneur,
            "KPM graduasi atau wirausaha.",
            "A graduated KPM or an entrepreneur.",
        )
    )
    return _decide(prog, at, crit)


def pena_entitlement(
    applicant: PenaApplicant, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """``pena.amount`` (Rp6,000,000, M) once per eligible recipient; Rp0 when not eligible."""
    p = _params(params)
    d = pena_eligibility(applicant, at, p)
    return _single(
        Programme.PENA,
        applicant.applicant_id,
        at,
        d,
        p,
        "pena.amount",
        "Bantuan PENA",
        in_kind="pendampingan usaha (business mentoring)" if d.outcome else None,
    )


def jabodetabek_eligibility(
    household: JabodetabekHousehold, at: date, params: ParameterSet | None = None
) -> Decision:
    """Bansos Sembako Jabodetabek (April-June 2020, M) on ``at``: the aid runs, the household
    lives in Jabodetabek and is determined as a recipient."""
    p = _params(params)
    prog = Programme.BANSOS_SEMBAKO_JABODETABEK
    crit = [
        _in_force(p, "bansos_jabodetabek.package_value", at, prog),
        _flag(
            "in_jabodetabek",
            household.in_jabodetabek,
            "Berdomisili di Jabodetabek.",
            "Lives in Jabodetabek.",
        ),
        _flag("enrolled", household.enrolled, "Ditetapkan sebagai penerima.", "Enrolled."),
    ]
    return _decide(prog, at, crit)


def jabodetabek_entitlement(
    household: JabodetabekHousehold, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """The Jabodetabek sembako aid of the year of ``at``: for each month in which it runs,
    ``bansos_jabodetabek.packages_per_month`` (2) packages of
    ``bansos_jabodetabek.package_value`` (Rp300,000): Rp600,000 a month, Rp1,800,000 over
    April-June 2020.

    Examples:
        >>> from datetime import date
        >>> e = jabodetabek_entitlement(JabodetabekHousehold("h", True), date(2020, 4, 9))
        >>> e.amount, len(e.lines), e.lines[0].quantity
        (Rupiah(1800000), 3, 2)
    """
    p = _params(params)
    prog = Programme.BANSOS_SEMBAKO_JABODETABEK
    d = jabodetabek_eligibility(household, at, p)
    if not d.outcome:
        return ProgrammeEntitlement(prog, household.household_id, at, _ZERO, (), d)
    lines: list[AmountLine] = []
    for m in range(1, 13):
        month = Month(at.year, m)
        try:
            pv = p.value("bansos_jabodetabek.package_value", month.start)
            n = p.integer("bansos_jabodetabek.packages_per_month", month.start)
        except ParameterDateError:
            continue
        if not isinstance(pv.value, int):
            continue
        unit = Rupiah(pv.value)
        lines.append(
            AmountLine(
                "Paket sembako Jabodetabek",
                month.start,
                month.end,
                n,
                unit,
                unit * n,
                ParameterUse.of("bansos_jabodetabek.package_value", pv),
            )
        )
    total = Rupiah.total(ln.amount for ln in lines if ln.amount is not None)
    return ProgrammeEntitlement(
        prog, household.household_id, at, total, tuple(lines), d, "paket sembako"
    )
