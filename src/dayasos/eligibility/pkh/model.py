"""Plain typed inputs of the PKH rules: components, family status, members and families.

The rules read only these values, so an adapter from registry families (``dayasos.registry``)
only has to build a :class:`PkhFamily`. Personal identifiers are not part of them: a member
is known by an opaque ``member_id`` chosen by the caller (never a NIK).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, ClassVar, Final

from attrs import define, field
from attrs.validators import optional

from dayasos._validators import a_bool, a_date, instance_of, int_in_range, non_empty_text
from dayasos.categories import DisabilitySeverity, Relationship, SchoolLevel, Sex
from dayasos.categories._base import Category
from dayasos.errors import ValidationError
from dayasos.law import Confidence, LegalBasis

__all__ = ["PkhComponent", "PkhFamily", "PkhMember", "PkhStatus"]

_PERMENSOS_1_2018: Final = LegalBasis(
    "Peraturan Menteri Sosial No. 1 Tahun 2018 tentang Program Keluarga Harapan",
    publisher="Kementerian Sosial Republik Indonesia",
    note="Legal basis of PKH; the component categories (confidence H) as reported for each "
    "year, their age bounds M (see the pkh.* parameters for the public sources).",
)
_PEDUM: Final = LegalBasis(
    "Pedoman Umum Program Keluarga Harapan (Ditjen Linjamsos)",
    note="Conditionalities, suspension and cancellation as commonly stated (M; the exact "
    "sanction sequence U).",
)
_H = Confidence.HIGH
_M = Confidence.MEDIUM
_U = Confidence.UNVERIFIED


class PkhComponent(Category):
    """A PKH benefit component (komponen). The declaration order is the tie-break order of the
    priority and cap rules (see :func:`dayasos.eligibility.pkh.component_of`)."""

    IBU_HAMIL = (
        "ibu_hamil",
        "Ibu hamil/nifas",
        "pregnant or postpartum mother",
        _PERMENSOS_1_2018,
        _H,
        ("ibu hamil", "nifas", "bumil"),
    )
    ANAK_USIA_DINI = (
        "anak_usia_dini",
        "Anak usia dini",
        "early-childhood child",
        _PERMENSOS_1_2018,
        _H,
        ("aud", "balita"),
    )
    SD = ("sd", "Anak SD/sederajat", "primary-school child", _PERMENSOS_1_2018, _H, ())
    SMP = ("smp", "Anak SMP/sederajat", "junior-secondary child", _PERMENSOS_1_2018, _H, ())
    SMA = ("sma", "Anak SMA/sederajat", "senior-secondary child", _PERMENSOS_1_2018, _H, ())
    DISABILITAS_BERAT = (
        "disabilitas_berat",
        "Penyandang disabilitas berat",
        "person with severe disability",
        _PERMENSOS_1_2018,
        _H,
        ("disabilitas",),
    )
    LANJUT_USIA = (
        "lanjut_usia",
        "Lanjut usia",
        "elderly person",
        _PERMENSOS_1_2018,
        _H,
        ("lansia",),
    )

    @property
    def index_parameter(self) -> str:
        """Name of the parameter holding this component's annual index."""
        return f"pkh.index.{self.code}"


class PkhStatus(Category):
    """Participation status of a family in PKH; only ``AKTIF`` families are paid.

    ``GRADUASI`` is a graduation whose kind is not recorded; the lifecycle
    (:mod:`dayasos.eligibility.lifecycle`) records the kind (``GRADUASI_ALAMIAH`` or
    ``GRADUASI_SEJAHTERA_MANDIRI``) and uses ``KANDIDAT`` and ``DIHENTIKAN`` besides.
    """

    AKTIF = ("aktif", "Aktif", "active", _PEDUM, _M, ("active",))
    GRADUASI = ("graduasi", "Graduasi", "graduated", _PEDUM, _M, ("graduated",))
    KANDIDAT = ("kandidat", "Calon KPM", "candidate", _PEDUM, _M, ("calon", "candidate"))
    GRADUASI_ALAMIAH = (
        "graduasi_alamiah",
        "Graduasi alamiah",
        "graduated naturally",
        _PEDUM,
        _M,
        ("alamiah",),
    )
    GRADUASI_SEJAHTERA_MANDIRI = (
        "graduasi_sejahtera_mandiri",
        "Graduasi sejahtera mandiri",
        "graduated self-reliant",
        _PEDUM,
        _M,
        ("sejahtera mandiri", "mandiri"),
    )
    DIHENTIKAN = (
        "dihentikan",
        "Dihentikan (alasan lain)",
        "terminated for another reason",
        _PEDUM,
        _U,
        ("terminated",),
    )
    DITANGGUHKAN = (
        "ditangguhkan",
        "Ditangguhkan (penangguhan)",
        "suspended",
        _PEDUM,
        _U,
        ("penangguhan", "suspended"),
    )
    DIBATALKAN = (
        "dibatalkan",
        "Dibatalkan (pembatalan)",
        "cancelled",
        _PEDUM,
        _U,
        ("pembatalan", "cancelled"),
    )


@define(frozen=True, slots=True)
class PkhMember:
    """A member of a family as the PKH rules see it on the assessment date.

    ``pregnant_or_postpartum`` and ``school_level`` describe the member on that date; the age is
    computed from ``birth_date``. ``pregnancy_order`` (1 for a first pregnancy counted by PKH,
    2 for a second, ...) is optional; when given it is compared with the unverified parameter
    ``pkh.ibu_hamil.max_pregnancies``.

    Examples:
        >>> from datetime import date
        >>> m = PkhMember("m1", date(2015, 3, 1), Sex.PEREMPUAN, school_level=SchoolLevel.SD)
        >>> m.school_level
        SchoolLevel.SD
    """

    member_id: str = field(validator=non_empty_text("member_id"))
    """Opaque identifier, unique in the family (never a NIK)."""
    birth_date: date = field(validator=a_date("birth_date"))
    sex: Sex = field(validator=instance_of("sex", Sex, "a Sex"))
    pregnant_or_postpartum: bool = field(default=False, validator=a_bool("pregnant_or_postpartum"))
    pregnancy_order: int | None = field(
        default=None, validator=optional(int_in_range("pregnancy_order", 1, 20))
    )
    school_level: SchoolLevel = field(
        default=SchoolLevel.NONE,
        validator=instance_of("school_level", SchoolLevel, "a SchoolLevel"),
    )
    disability: DisabilitySeverity = field(
        default=DisabilitySeverity.NONE,
        validator=instance_of("disability", DisabilitySeverity, "a DisabilitySeverity"),
    )
    relationship: Relationship = field(
        default=Relationship.LAINNYA,
        validator=instance_of("relationship", Relationship, "a Relationship"),
    )

    def __attrs_post_init__(self) -> None:
        if self.pregnant_or_postpartum and self.sex is not Sex.PEREMPUAN:
            raise ValidationError(
                "pregnant_or_postpartum", "can only be true for a member of sex PEREMPUAN"
            )
        if self.pregnancy_order is not None and not self.pregnant_or_postpartum:
            raise ValidationError(
                "pregnancy_order", "is only meaningful when pregnant_or_postpartum is true"
            )


def _as_members(value: Iterable[PkhMember]) -> tuple[PkhMember, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise ValidationError("members", "must be a sequence of PkhMember", shown=repr(value))
    return tuple(value)


def _members(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple):
        raise ValidationError("members", "must be a tuple of PkhMember")
    seen: set[str] = set()
    for i, m in enumerate(value):
        if not isinstance(m, PkhMember):
            raise ValidationError(
                "members", f"must be a PkhMember, not {type(m).__name__}", index=i
            )
        if m.member_id in seen:
            raise ValidationError(
                "members", "member_id must be unique in the family (duplicate id)", index=i
            )
        seen.add(m.member_id)


@define(frozen=True, slots=True)
class PkhFamily:
    """A family (KPM candidate) as the PKH rules see it on the assessment date.

    Examples:
        >>> from datetime import date
        >>> f = PkhFamily("kk-1", (PkhMember("a", date(1990, 1, 1), Sex.PEREMPUAN),))
        >>> f.status, f.remote_area, f.desil
        (PkhStatus.AKTIF, False, None)

    The JSON field ``welfare_decile`` (the name before 0.1.0) is read as ``desil`` until 0.2.0
    (:attr:`JSON_ALIASES`); the attribute :attr:`welfare_decile` reads ``desil`` as well.
    """

    JSON_ALIASES: ClassVar[Mapping[str, str]] = MappingProxyType({"welfare_decile": "desil"})
    """Deprecated JSON field names (until 0.2.0) and the field each stands for."""

    family_id: str = field(validator=non_empty_text("family_id"))
    """Opaque identifier (never a No. KK)."""
    members: tuple[PkhMember, ...] = field(converter=_as_members, validator=_members)
    registered: bool = field(default=True, validator=a_bool("registered"))
    """Registered in DTKS/DTSEN."""
    desil: int | None = field(default=None, validator=optional(int_in_range("desil", 1, 10)))
    """DTSEN welfare decile (desil) 1-10 (1 the poorest), or None when not ranked."""
    remote_area: bool = field(default=False, validator=a_bool("remote_area"))
    """Lives in an area served by PKH akses (remote or hard to reach)."""
    status: PkhStatus = field(
        default=PkhStatus.AKTIF, validator=instance_of("status", PkhStatus, "a PkhStatus")
    )
    """Participation status on the assessment date."""

    @property
    def welfare_decile(self) -> int | None:
        """Deprecated (until 0.2.0): the same as :attr:`desil`."""
        return self.desil
