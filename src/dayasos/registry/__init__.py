"""The beneficiary registry: who is who, which family they belong to and when, where they
live, how poor the family is ranked and which programmes they are enrolled in, over time.

* :mod:`~dayasos.registry.identity`: NIK and No. KK, masking;
  :mod:`~dayasos.registry.region_code`: Kemendagri region codes.
* :mod:`~dayasos.registry.regions`: the province table on a date, in the Kemendagri and the
  BPS numbering systems, and the mapping between them (the table itself:
  :mod:`~dayasos.registry.province_table`).
* :mod:`~dayasos.registry.model`: persons, families, dated memberships, welfare ranks,
  enrolment status history; :mod:`~dayasos.registry.in_force`: the one "in force" rule.
* :mod:`~dayasos.registry.store`: the :class:`RegistryStore` protocol;
  :mod:`~dayasos.registry.memory`: :class:`MemoryStore`.
* :mod:`~dayasos.registry.sqlite`: :class:`SQLiteStore`, the embedded default (its schema:
  :mod:`~dayasos.registry.sqlite_schema`).
* :mod:`~dayasos.registry.io`: CSV (:mod:`~dayasos.registry.csv_io`) and JSON
  (:mod:`~dayasos.registry.json_io`) import and export with a row-level report; ranks and
  enrolments in CSV files of their own (:mod:`~dayasos.registry.history_csv`).
* :mod:`~dayasos.registry.dedup`: duplicate candidates (never merged).
"""

from dayasos.registry.dedup import DuplicateCandidate, DuplicateKind, find_duplicates
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
from dayasos.registry.io import (
    CSV_COLUMNS,
    ImportReport,
    RegistryDocument,
    RejectedRow,
    RowFinding,
    export_csv,
    export_json,
    import_csv,
    import_json,
)
from dayasos.registry.memory import MemoryStore
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
from dayasos.registry.regions import (
    CodeSystem,
    ProvinceCode,
    convert_province_code,
    province_mapping,
)
from dayasos.registry.sqlite import SCHEMA_VERSION, SQLiteStore
from dayasos.registry.store import RegistryStore, family_findings

__all__ = [
    "CSV_COLUMNS",
    "SCHEMA_VERSION",
    "CodeSystem",
    "DuplicateCandidate",
    "DuplicateKind",
    "EnrolmentStatus",
    "Family",
    "Finding",
    "ImportReport",
    "Membership",
    "MemoryStore",
    "Nik",
    "NoKK",
    "Person",
    "Province",
    "ProvinceCode",
    "RegionCode",
    "RegionLevel",
    "RegistryDocument",
    "RegistryStore",
    "RejectedRow",
    "RowFinding",
    "SQLiteStore",
    "StatusChange",
    "Subject",
    "SubjectKind",
    "WelfareRank",
    "convert_province_code",
    "export_csv",
    "export_json",
    "family_findings",
    "find_duplicates",
    "import_csv",
    "import_json",
    "mask_digits",
    "mask_name",
    "province",
    "province_mapping",
    "provinces",
    "status_in_force",
]
