"""The beneficiary registry: who is who, which family they belong to and when, where they
live, how poor the family is ranked and which programmes they are enrolled in, over time.

* :mod:`~dayasos.registry.identity`: NIK, No. KK, region codes, the province table; masking.
* :mod:`~dayasos.registry.model`: persons, families, dated memberships, welfare ranks,
  enrolment status history.
* :mod:`~dayasos.registry.store`: the :class:`RegistryStore` protocol, :class:`MemoryStore`.
* :mod:`~dayasos.registry.sqlite`: :class:`SQLiteStore`, the embedded default.
"""

from dayasos.registry.identity import (
    Finding,
    Nik,
    NoKK,
    Province,
    RegionCode,
    RegionLevel,
    mask_digits,
    mask_name,
    province,
    provinces,
)
from dayasos.registry.model import (
    EnrolmentStatus,
    Family,
    Membership,
    Person,
    StatusChange,
    Subject,
    SubjectKind,
    WelfareRank,
    status_in_force,
)
from dayasos.registry.sqlite import SCHEMA_VERSION, SQLiteStore
from dayasos.registry.store import MemoryStore, RegistryStore, family_findings

__all__ = [
    "SCHEMA_VERSION",
    "EnrolmentStatus",
    "Family",
    "Finding",
    "Membership",
    "MemoryStore",
    "Nik",
    "NoKK",
    "Person",
    "Province",
    "RegionCode",
    "RegionLevel",
    "RegistryStore",
    "SQLiteStore",
    "StatusChange",
    "Subject",
    "SubjectKind",
    "WelfareRank",
    "family_findings",
    "mask_digits",
    "mask_name",
    "province",
    "provinces",
    "status_in_force",
]
