"""The spellings a registry file uses for the category columns, and back.

Imports accept any code, Indonesian name or abbreviation of a category (``L``, ``m``,
``Laki-laki``); exports write the spellings of the Dukcapil forms and of the example file
``docs/registry-example.csv``: ``L``/``P``, ``Kepala Keluarga``, ``Istri``, ``Anak``...,
``SD``/``SMP``/``SMA``/``PT`` and ``ringan``/``sedang``/``berat``, so an exported file reads
like the file it came from and imports back to the same records.

Examples:
    >>> from dayasos.categories import Relationship, Sex
    >>> SEX_SPELLING[Sex.LAKI_LAKI.code], RELATIONSHIP_SPELLING[Relationship.KEPALA_KELUARGA.code]
    ('L', 'Kepala Keluarga')
"""

from __future__ import annotations

from typing import Final

from dayasos.categories import DisabilitySeverity, Relationship, SchoolLevel, Sex

__all__ = [
    "DISABILITY_SPELLING",
    "RELATIONSHIP_SPELLING",
    "SCHOOL_SPELLING",
    "SEX_SPELLING",
]

SEX_SPELLING: Final[dict[str, str]] = {Sex.LAKI_LAKI.code: "L", Sex.PEREMPUAN.code: "P"}
"""Stored sex code to the file spelling (``L``, ``P``)."""

RELATIONSHIP_SPELLING: Final[dict[str, str]] = {r.code: r.name_id for r in Relationship}
"""Stored relationship code to its Kartu Keluarga name (``Kepala Keluarga``, ``Anak``...)."""

SCHOOL_SPELLING: Final[dict[str, str]] = {
    SchoolLevel.NONE.code: "",
    SchoolLevel.SD.code: "SD",
    SchoolLevel.SMP.code: "SMP",
    SchoolLevel.SMA.code: "SMA",
    SchoolLevel.HIGHER.code: "PT",
}
"""Stored school level code to the file spelling (empty when not enrolled)."""

DISABILITY_SPELLING: Final[dict[str, str]] = {
    d.code: ("" if d is DisabilitySeverity.NONE else d.code) for d in DisabilitySeverity
}
"""Stored disability code to the file spelling (empty when none)."""
