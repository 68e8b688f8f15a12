"""Programmes for particular groups: Sembako Kemensos Hadir, APD aid, PENA and Bansos
Sembako Jabodetabek.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from dayasos.categories import Programme
from dayasos.eligibility.decision import (
    Criterion,
    Decision,
    ParameterUse,
)
from dayasos.eligibility.programmes.common import (
    FAIL,
    NA,
    PASS,
    ZERO,
    amount_known,
    decide,
    flag,
    in_force,
    params_or_default,
    single,
)
from dayasos.eligibility.programmes.values import (
    AmountLine,
    ApdRecipient,
    ApdRecipientKind,
    HadirRecipient,
    JabodetabekHousehold,
    PenaApplicant,
    ProgrammeEntitlement,
)
from dayasos.errors import ParameterDateError, ValidationError
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet
from dayasos.periods import Month, age

__all__ = [
    "apd_eligibility",
    "apd_entitlement",
    "jabodetabek_eligibility",
    "jabodetabek_entitlement",
    "pena_eligibility",
    "pena_entitlement",
    "sembako_hadir_eligibility",
    "sembako_hadir_entitlement",
]


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
    p = params_or_default(params)
    prog = Programme.SEMBAKO_KEMENSOS_HADIR
    crit = [
        in_force(p, "sembako_kemensos_hadir.packages_per_recipient", at, prog),
        Criterion(
            "target_group",
            PASS,
            f"Kelompok sasaran: {recipient.group.name_id}.",
            f"Target group: {recipient.group.label_en}.",
            observed=recipient.group.code,
        ),
        flag(
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
        status = (PASS if none else FAIL) if required else NA
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
    return decide(prog, at, crit)


def sembako_hadir_entitlement(
    recipient: HadirRecipient, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Packages per recipient (``sembako_kemensos_hadir.packages_per_recipient``, U: one); the
    package value is unknown, so the amount is None."""
    p = params_or_default(params)
    prog = Programme.SEMBAKO_KEMENSOS_HADIR
    d = sembako_hadir_eligibility(recipient, at, p)
    if not d.outcome:
        return ProgrammeEntitlement(prog, recipient.person_id, at, ZERO, (), d)
    n = p.integer("sembako_kemensos_hadir.packages_per_recipient", at)
    return single(
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
    p = params_or_default(params)
    ok = recipient.kind in _APD_RECIPIENTS
    crit = [
        in_force(p, "apd_pilar.units_per_recipient", at, Programme.APD_PILAR),
        Criterion(
            "recipient_kind",
            PASS if ok else FAIL,
            f"Penerima: {recipient.kind.name_id}.",
            f"Recipient: {recipient.kind.label_en}.",
            observed=recipient.kind.code,
            threshold="tksk|karang_taruna|psm|keluarga_pahlawan|perintis_kemerdekaan",
        ),
    ]
    return decide(Programme.APD_PILAR, at, crit)


def apd_entitlement(
    recipient: ApdRecipient, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """APD in kind; quantity and value unknown (``apd_pilar.units_per_recipient``)."""
    p = params_or_default(params)
    d = apd_eligibility(recipient, at, p)
    if not d.outcome:
        return ProgrammeEntitlement(Programme.APD_PILAR, recipient.recipient_id, at, ZERO, (), d)
    note = amount_known(p, "apd_pilar.units_per_recipient", at)
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
    p = params_or_default(params)
    prog = Programme.PENA
    crit = [in_force(p, "pena.amount", at, prog)]
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
                PASS if ok else FAIL,
                f"Usia {years} tahun" + (" memenuhi batas." if ok else " di luar batas."),
                f"Age {years}" + (" within the bound." if ok else " out of bounds."),
                observed=str(years),
                threshold=(">= " if bound == "min" else "<= ") + str(pv.value),
                parameter=ParameterUse.of(name, pv),
            )
        )
    crit.append(
        flag(
            "graduated_kpm_or_entrepreneur",
            applicant.graduated_kpm or applicant.entrepreneur,
            "KPM graduasi atau wirausaha.",
            "A graduated KPM or an entrepreneur.",
        )
    )
    return decide(prog, at, crit)


def pena_entitlement(
    applicant: PenaApplicant, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """``pena.amount`` (Rp6,000,000, M) once per eligible recipient; Rp0 when not eligible."""
    p = params_or_default(params)
    d = pena_eligibility(applicant, at, p)
    return single(
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
    p = params_or_default(params)
    prog = Programme.BANSOS_SEMBAKO_JABODETABEK
    crit = [
        in_force(p, "bansos_jabodetabek.package_value", at, prog),
        flag(
            "in_jabodetabek",
            household.in_jabodetabek,
            "Berdomisili di Jabodetabek.",
            "Lives in Jabodetabek.",
        ),
        flag("enrolled", household.enrolled, "Ditetapkan sebagai penerima.", "Enrolled."),
    ]
    return decide(prog, at, crit)


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
    p = params_or_default(params)
    prog = Programme.BANSOS_SEMBAKO_JABODETABEK
    d = jabodetabek_eligibility(household, at, p)
    if not d.outcome:
        return ProgrammeEntitlement(prog, household.household_id, at, ZERO, (), d)
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
