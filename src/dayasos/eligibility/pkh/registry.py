"""PKH from the registry: build a :class:`~dayasos.eligibility.pkh.PkhFamily` from the records
of a :class:`~dayasos.registry.RegistryStore` on a date, and map enrolment statuses both ways.

The one mapping between the registry's general :class:`~dayasos.registry.EnrolmentStatus` and
PKH's :class:`~dayasos.eligibility.pkh.PkhStatus` is :data:`ENROLMENT_TO_PKH` (and its inverse
:data:`PKH_TO_ENROLMENT`). It is one-to-one for every status the lifecycle
(:mod:`dayasos.eligibility.lifecycle`) can reach; ``PkhStatus.GRADUASI`` (a graduation whose
kind is not recorded) is never reached by the lifecycle and has no registry counterpart.

Personal data (UU 27/2022) stays in the registry: members get opaque ids made of their
relationship and birth order (``head-1``, ``child-1``, ``child-2``, ...), the id -> NIK mapping
is returned separately, and the family id defaults to the masked No. KK.

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Relationship, Sex
    >>> from dayasos.registry import Family, Membership, MemoryStore, Nik, NoKK, Person
    >>> from dayasos.registry import RegionCode
    >>> store = MemoryStore()
    >>> kk = NoKK.parse("3171012009000001")
    >>> mother = Person(Nik.parse("3171015708900001"), "Siti Aminah", date(1990, 8, 17),
    ...                 Sex.PEREMPUAN, pregnancy_due=date(2021, 9, 1))
    >>> store.add_person(mother)
    >>> store.add_family(Family(kk, RegionCode.parse("31.71.01.1001")))
    >>> store.add_membership(Membership(kk, mother.nik, Relationship.KEPALA_KELUARGA,
    ...                                 date(2009, 1, 5)))
    >>> family, niks = pkh_family_from_registry(store, kk, date(2021, 7, 1),
    ...                                         status=PkhStatus.AKTIF)
    >>> [m.member_id for m in family.members], family.family_id
    (['head-1'], '3171********0001')
    >>> niks["head-1"] == mother.nik
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Final

from dayasos.categories import Programme, Relationship
from dayasos.eligibility.pkh.model import PkhFamily, PkhMember, PkhStatus
from dayasos.eligibility.pkh.result import PkhEntitlement
from dayasos.eligibility.pkh.rules import entitlement
from dayasos.errors import ValidationError
from dayasos.parameters import ParameterSet
from dayasos.registry.identity import Nik, NoKK
from dayasos.registry.model import EnrolmentStatus
from dayasos.registry.store import RegistryStore

__all__ = [
    "ENROLMENT_TO_PKH",
    "PKH_TO_ENROLMENT",
    "enrolment_status_of",
    "entitlement_from_registry",
    "pkh_family_from_registry",
    "pkh_status_of",
]

_E = EnrolmentStatus
_S = PkhStatus

ENROLMENT_TO_PKH: Final[Mapping[EnrolmentStatus, PkhStatus]] = MappingProxyType(
    {
        _E.CANDIDATE: _S.KANDIDAT,
        _E.ACTIVE: _S.AKTIF,
        _E.SUSPENDED: _S.DITANGGUHKAN,
        _E.GRADUATED_ALAMIAH: _S.GRADUASI_ALAMIAH,
        _E.GRADUATED_SEJAHTERA_MANDIRI: _S.GRADUASI_SEJAHTERA_MANDIRI,
        _E.TERMINATED: _S.DIHENTIKAN,
        _E.CANCELLED: _S.DIBATALKAN,
    }
)
"""The registry's enrolment status -> the PKH status (the one mapping table; one-to-one)."""

PKH_TO_ENROLMENT: Final[Mapping[PkhStatus, EnrolmentStatus]] = MappingProxyType(
    {pkh: enrolment for enrolment, pkh in ENROLMENT_TO_PKH.items()}
)
"""The inverse of :data:`ENROLMENT_TO_PKH`; ``PkhStatus.GRADUASI`` is not in it."""


def pkh_status_of(status: EnrolmentStatus | None) -> PkhStatus:
    """The PKH status of a registry enrolment status; no enrolment (None) is ``KANDIDAT``.

    Examples:
        >>> pkh_status_of(EnrolmentStatus.CANCELLED), pkh_status_of(None)
        (PkhStatus.DIBATALKAN, PkhStatus.KANDIDAT)
    """
    if status is None:
        return _S.KANDIDAT
    if not isinstance(status, EnrolmentStatus):
        raise ValidationError("status", "must be an EnrolmentStatus or None", shown=repr(status))
    return ENROLMENT_TO_PKH[status]


def enrolment_status_of(status: PkhStatus) -> EnrolmentStatus:
    """The registry enrolment status of a PKH status.

    Raises:
        ValidationError: for ``PkhStatus.GRADUASI`` (its kind is unknown; record
            ``GRADUASI_ALAMIAH`` or ``GRADUASI_SEJAHTERA_MANDIRI`` instead).

    Examples:
        >>> enrolment_status_of(PkhStatus.DIHENTIKAN)
        <EnrolmentStatus.TERMINATED: 'terminated'>
    """
    found = PKH_TO_ENROLMENT.get(status)
    if found is None:
        raise ValidationError(
            "status",
            "has no registry enrolment status (a graduation must record its kind: "
            "graduasi_alamiah or graduasi_sejahtera_mandiri)",
            shown=repr(status),
        )
    return found


_RELATIONSHIP_ORDER: Final = {r: i for i, r in enumerate(Relationship)}


def pkh_family_from_registry(
    store: RegistryStore,
    no_kk: NoKK,
    on: date,
    *,
    remote_area: bool = False,
    status: PkhStatus | None = None,
    family_id: str | None = None,
) -> tuple[PkhFamily, Mapping[str, Nik]]:
    """The family as the PKH rules see it on ``on``, built from the registry, and the mapping
    from its opaque member ids to NIKs.

    * members: the memberships in force on ``on``; each member's birth date, sex, school level
      and disability from the person record, pregnancy from :meth:`Person.pregnant_on`, the
      relationship from the membership. Member ids are ``<relationship code>-<n>``, ``n``
      counting from 1 by birth date (then NIK) within the relationship, so they are
      deterministic and carry no personal data.
    * ``registered``: True (the family is in the registry); ``desil``: the rank in
      force on ``on`` (None when none is recorded).
    * ``status``: the PKH enrolment status in force on ``on`` through :data:`ENROLMENT_TO_PKH`
      (``KANDIDAT`` when the family has no PKH enrolment), unless ``status`` is given.
    * ``family_id``: the masked No. KK unless given (pass an opaque id of your own when
      several families are assessed together: masked numbers may coincide).

    Raises:
        RecordNotFoundError: the family is not in the store.
    """
    if not isinstance(no_kk, NoKK):
        raise ValidationError("no_kk", "must be a NoKK", shown=type(no_kk).__name__)
    if not isinstance(on, date):
        raise ValidationError("on", "must be a date", shown=repr(on))
    if status is not None and not isinstance(status, PkhStatus):
        raise ValidationError("status", "must be a PkhStatus or None", shown=repr(status))
    store.get_family(no_kk)
    rows = []
    for m in store.members_on(no_kk, on):
        p = store.get_person(m.nik)
        rows.append((_RELATIONSHIP_ORDER[m.relationship], p.birth_date, m.nik.reveal(), m, p))
    rows.sort(key=lambda r: r[:3])
    members: list[PkhMember] = []
    ids: dict[str, Nik] = {}
    counts: dict[Relationship, int] = {}
    for _, _, _, m, p in rows:
        n = counts[m.relationship] = counts.get(m.relationship, 0) + 1
        mid = f"{m.relationship.code}-{n}"
        ids[mid] = m.nik
        members.append(
            PkhMember(
                mid,
                p.birth_date,
                p.sex,
                pregnant_or_postpartum=p.pregnant_on(on),
                school_level=p.school_level,
                disability=p.disability,
                relationship=m.relationship,
            )
        )
    rank = store.rank_on(no_kk, on)
    if status is None:
        status = pkh_status_of(store.status_on(Programme.PKH, no_kk, on))
    family = PkhFamily(
        family_id if family_id is not None else str(no_kk),
        tuple(members),
        registered=True,
        desil=None if rank is None else rank.desil,
        remote_area=remote_area,
        status=status,
    )
    return family, MappingProxyType(ids)


def entitlement_from_registry(
    store: RegistryStore,
    no_kk: NoKK,
    on: date,
    params: ParameterSet | None = None,
    *,
    remote_area: bool = False,
    status: PkhStatus | None = None,
    family_id: str | None = None,
) -> PkhEntitlement:
    """The PKH entitlement of a registry family assessed on ``on``
    (:func:`pkh_family_from_registry` with the same keyword arguments, then
    :func:`~dayasos.eligibility.pkh.entitlement` with ``params``)."""
    family, _ = pkh_family_from_registry(
        store, no_kk, on, remote_area=remote_area, status=status, family_id=family_id
    )
    return entitlement(family, on, params)
