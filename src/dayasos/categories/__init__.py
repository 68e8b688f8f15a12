"""Category enumerations: PPKS, PSKS, social pillars, empowerment targets, programmes.

Each member carries its stable ``code`` (the enum value), its official Indonesian name
(``name_id``, also its ``str()``), an English label, its legal basis and the confidence of
that fact. ``parse()`` accepts the code, the Indonesian name or an abbreviation, in any case,
with spaces, hyphens, underscores and slashes interchangeable.

Examples:
    >>> Programme.parse("bpnt")
    Programme.SEMBAKO
    >>> str(PPKS.parse("anak jalanan"))
    'Anak Jalanan'
    >>> [str(m) for m in EmpowermentTarget.MASYARAKAT.members]
    ['Komunitas Adat Terpencil', 'Generasi Muda']
"""

from dayasos.categories._base import Category, normalise, render_markdown
from dayasos.categories.empowerment import EmpowermentTarget, SocialPillar, TargetMember
from dayasos.categories.person import DisabilitySeverity, Relationship, SchoolLevel, Sex
from dayasos.categories.programmes import BeneficiaryUnit, Programme, SembakoHadirTargetGroup
from dayasos.categories.social import (
    FOKUS_DAYASOS_2020,
    PERMENSOS_8_2012,
    PPKS,
    PSKS,
    RAKOR_DAYASOS_2020,
)

__all__ = [
    "FOKUS_DAYASOS_2020",
    "PERMENSOS_8_2012",
    "PPKS",
    "PSKS",
    "RAKOR_DAYASOS_2020",
    "BeneficiaryUnit",
    "Category",
    "DisabilitySeverity",
    "EmpowermentTarget",
    "Programme",
    "Relationship",
    "SchoolLevel",
    "SembakoHadirTargetGroup",
    "Sex",
    "SocialPillar",
    "TargetMember",
    "normalise",
    "render_markdown",
]
