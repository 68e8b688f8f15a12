"""The PKH entitlement: a frozen value with the total, member lines and stage lines."""

from __future__ import annotations

import enum
from datetime import date

from attrs import define

from dayasos.eligibility.decision import (
    Decision,
    Lang,
    ParameterUse,
    check_lang,
    in_lang,
    render_criterion,
)
from dayasos.eligibility.pkh.model import PkhComponent
from dayasos.money import Rupiah

__all__ = ["FixedKind", "LineReason", "MemberLine", "PkhEntitlement", "StageLine"]


class LineReason(enum.Enum):
    """Why a member line is counted or not."""

    COUNTED = "counted"
    EXCLUDED_BY_CAP = "excluded_by_cap"
    """The member has a component but the family already has the maximum number counted."""
    EXCLUDED_BY_LIMIT = "excluded_by_limit"
    """An early-childhood child beyond the most counted per family
    (``pkh.anak_usia_dini.max_children``)."""
    NO_COMPONENT = "no_component"
    FLAT_YEAR = "flat_year"
    """2017-2018: PKH paid a flat amount per family, no components."""
    FAMILY_NOT_ELIGIBLE = "family_not_eligible"
    """The member has a component but the family is not eligible (see its criteria)."""
    NOT_YET_BORN = "not_yet_born"

    def text(self, lang: Lang) -> str:
        """The reason in ``lang``."""
        return in_lang(_REASONS[self], lang)


_REASONS = {
    LineReason.COUNTED: ("dihitung", "counted"),
    LineReason.EXCLUDED_BY_CAP: (
        "tidak dihitung: melebihi batas jumlah jiwa (nilai tertinggi lebih dulu)",
        "not counted: over the cap on persons (highest amounts first)",
    ),
    LineReason.EXCLUDED_BY_LIMIT: (
        "tidak dihitung: melebihi jumlah maksimal anak usia dini per keluarga",
        "not counted: over the most early-childhood children counted per family",
    ),
    LineReason.NO_COMPONENT: ("tidak memenuhi komponen apa pun", "no eligible component"),
    LineReason.FLAT_YEAR: (
        "tahun bantuan flat per keluarga, tanpa komponen",
        "flat amount per family that year, no components",
    ),
    LineReason.FAMILY_NOT_ELIGIBLE: (
        "tidak dihitung: keluarga tidak memenuhi syarat",
        "not counted: the family is not eligible",
    ),
    LineReason.NOT_YET_BORN: ("belum lahir pada tanggal acuan", "not yet born on the date"),
}


class FixedKind(enum.Enum):
    """The per-family amount of the year, if any."""

    REGULER = "reguler"
    """Bantuan tetap, regular areas."""
    AKSES = "akses"
    """Bantuan tetap, PKH akses (remote areas)."""
    FLAT = "flat"
    """The 2017-2018 flat amount per family."""

    def text(self, lang: Lang) -> str:
        """The kind in ``lang``."""
        return in_lang(_FIXED[self], lang)


_FIXED = {
    FixedKind.REGULER: ("bantuan tetap reguler", "fixed component, regular area"),
    FixedKind.AKSES: ("bantuan tetap PKH akses", "fixed component, PKH akses (remote area)"),
    FixedKind.FLAT: ("bantuan flat per keluarga", "flat amount per family"),
}


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[n - 1]


@define(frozen=True, slots=True)
class MemberLine:
    """One member's line: the component (or none), its annual amount for the year, and why it
    is or is not counted. ``amount`` is the component's amount whether counted or not (Rp0
    without a component); only counted lines enter the total."""

    member_id: str
    component: PkhComponent | None
    amount: Rupiah
    reason: LineReason
    parameters: tuple[ParameterUse, ...] = ()
    """The component's index values used for the year (with dates and sources)."""

    @property
    def counted(self) -> bool:
        """Whether the line enters the total."""
        return self.reason is LineReason.COUNTED


@define(frozen=True, slots=True)
class StageLine:
    """One payment of the year: a tahap (three months) or, in Apr-Dec 2020, one month."""

    number: int
    """1-based position in the year."""
    start: date
    end: date
    months: int
    """Months covered (3 for a tahap, 1 for a monthly payment)."""
    monthly: bool
    amount: Rupiah
    parameters: tuple[ParameterUse, ...]
    """Parameters in force at ``start`` that set the amount (indices, fixed, schedule)."""


@define(frozen=True, slots=True)
class PkhEntitlement:
    """A family's PKH entitlement for the fiscal year of ``at``.

    ``total`` equals the sum of the counted member lines plus ``fixed``, and the sum of the
    stage amounts.
    """

    family_id: str
    at: date
    """Reference date: eligibility and components are assessed on it."""
    year: int
    total: Rupiah
    fixed: Rupiah
    fixed_kind: FixedKind | None
    members: tuple[MemberLine, ...]
    """One line per member, ordered by ``member_id``."""
    stages: tuple[StageLine, ...]
    eligibility: Decision
    parameters: tuple[ParameterUse, ...]
    """Every parameter value the computation used, with dates and sources."""

    @property
    def eligible(self) -> bool:
        """Whether the family is eligible on ``at``."""
        return self.eligibility.outcome

    @property
    def counted(self) -> tuple[MemberLine, ...]:
        """The counted member lines."""
        return tuple(m for m in self.members if m.counted)

    @property
    def graduasi_alamiah(self) -> bool:
        """True if no member has a component in a component year: the condition of natural
        graduation (graduasi alamiah) is met."""
        c = next((c for c in self.eligibility.criteria if c.code == "component"), None)
        return c is not None and not c.passed

    def explain(self, lang: str = "id") -> str:
        """The entitlement as text in ``"id"`` (Bahasa Indonesia) or ``"en"`` (English)."""
        lg = check_lang(lang)
        idn = lg == "id"
        out = [
            (
                f"Hak bantuan PKH tahun {self.year} (tanggal acuan {self.at.isoformat()}): "
                f"{self.total}"
                if idn
                else f"PKH entitlement for {self.year} (reference date {self.at.isoformat()}): "
                f"{self.total}"
            ),
            "Kelayakan:" if idn else "Eligibility:",
        ]
        out.extend(render_criterion(c, lg) for c in self.eligibility.criteria)
        out.append("Anggota:" if idn else "Members:")
        for m in self.members:
            comp = (
                "-"
                if m.component is None
                else (m.component.name_id if idn else m.component.label_en)
            )
            out.append(f"  {m.member_id}: {comp}, {m.amount}, {m.reason.text(lg)}")
        if self.fixed_kind is not None:
            out.append(f"  {self.fixed_kind.text(lg)}: {self.fixed}")
        out.append("Tahap penyaluran:" if idn else "Disbursement:")
        stage_no = 0
        for s in self.stages:
            if s.monthly:
                label = f"{'bulan' if idn else 'month'} {s.start:%Y-%m}"
            else:
                stage_no += 1
                label = f"{'tahap' if idn else 'stage'} {_roman(stage_no)}"
            out.append(f"  {label} ({s.start.isoformat()}–{s.end.isoformat()}): {s.amount}")
        if any(s.monthly for s in self.stages):
            out.append(
                "  Setiap pembayaran = indeks tahunan yang berlaku pada hari pertamanya × jumlah "
                "bulan / 12 (tahap: 3 bulan, pembayaran bulanan: 1 bulan); dengan satu indeks "
                "sepanjang tahun, total setahun = indeks tahunan. Rupiah sisa pembagian "
                "dibagi dengan metode sisa terbesar (aturan pembulatan belum terverifikasi, U)."
                if idn
                else "  Each payment = the annual index in force on its first day × its months "
                "/ 12 (a stage: 3 months, a monthly payment: 1 month); with one index for the "
                "whole year, the year's total is the annual index. Rupiah left over by the "
                "division go by the largest-remainder method (the rounding rule is unverified, U)."
            )
        if self.graduasi_alamiah:
            out.append(
                "Keluarga memenuhi kondisi graduasi alamiah (tidak ada komponen)."
                if idn
                else "The family meets the condition for natural graduation (no component)."
            )
        out.append("Parameter:" if idn else "Parameters:")
        out.extend(f"  {p.cite()}" for p in self.parameters)
        return "\n".join(out)
