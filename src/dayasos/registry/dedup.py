"""Duplicate detection: candidate pairs with the matched fields and a score. Nothing is ever
merged: a person decides what a candidate means.

Three checks, over one or several sources (stores or :class:`RegistryDocument` snapshots,
e.g. the exports of two regional registries before they are combined):

* ``SAME_NIK_IN_TWO_FAMILIES``: one NIK is a member of two families on overlapping dates.
* ``SAME_NAME_AND_BIRTH_DATE``: two persons with different NIKs, the same name (case and
  spacing ignored) and birth date, living in the same kabupaten/kota.
* ``NO_KK_IN_TWO_REGIONS``: one No. KK recorded with two different regions.

Scores run from 0 to 100; they order the candidates for review and are not probabilities:

==========================  ====================================================================
check                       score
==========================  ====================================================================
same NIK, two families      100 when both memberships are still open, 80 otherwise
same name and birth date    70, +15 same sex, +15 same issuing kecamatan in the NIK
No. KK in two regions       100 other province, 80 other kabupaten/kota, 60 same kab/kota
==========================  ====================================================================

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Relationship, Sex
    >>> store = MemoryStore()
    >>> a = Person(Nik.parse("3171010205800001"), "Budi Santoso", date(1980, 5, 2), Sex.LAKI_LAKI)
    >>> b = Person(Nik.parse("3171010205800009"), "BUDI  santoso", date(1980, 5, 2), Sex.LAKI_LAKI)
    >>> store.add_persons([a, b])
    2
    >>> store.add_family(Family(NoKK.parse("3171012009000001"), RegionCode.parse("31.71.01.1001")))
    >>> store.add_family(Family(NoKK.parse("3171012009000002"), RegionCode.parse("31.71.02.1001")))
    >>> store.add_membership(Membership(NoKK.parse("3171012009000001"), a.nik, Relationship.KEPALA_KELUARGA, date(2009, 1, 1)))
    >>> store.add_membership(Membership(NoKK.parse("3171012009000002"), b.nik, Relationship.KEPALA_KELUARGA, date(2010, 1, 1)))
    >>> [(c.kind.value, c.matched, c.score) for c in find_duplicates(store)]
    [('same_name_and_birth_date', ('name', 'birth_date', 'region', 'sex', 'nik_region'), 100)]
"""

from __future__ import annotations

import enum
from collections import defaultdict
from itertools import combinations

from attrs import define

from dayasos.categories import normalise
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.json_io import RegistryDocument
from dayasos.registry.memory import MemoryStore
from dayasos.registry.model import Family, Membership, Person
from dayasos.registry.store import RegistryStore

__all__ = ["DuplicateCandidate", "DuplicateKind", "find_duplicates"]


class DuplicateKind(enum.Enum):
    """Which check found a candidate pair."""

    SAME_NIK_IN_TWO_FAMILIES = "same_nik_in_two_families"
    SAME_NAME_AND_BIRTH_DATE = "same_name_and_birth_date"
    NO_KK_IN_TWO_REGIONS = "no_kk_in_two_regions"


@define(frozen=True, slots=True)
class DuplicateCandidate:
    """A pair of records that may describe the same person or family.

    Attributes:
        kind: the check that found it.
        first, second: the two records' keys: two families (same NIK), two persons (same name
            and birth date), or the shared No. KK twice (No. KK in two regions).
        shared: what they share: the NIK, or the No. KK; ``None`` for the name check.
        matched: the fields that matched (or, for a No. KK, ``region`` that differs).
        score: 0-100, for ordering the review.
        regions: for ``NO_KK_IN_TWO_REGIONS``, the two regions; else empty.
    """

    kind: DuplicateKind
    first: Nik | NoKK
    second: Nik | NoKK
    shared: Nik | NoKK | None
    matched: tuple[str, ...]
    score: int
    regions: tuple[RegionCode, ...] = ()

    def __str__(self) -> str:
        """One line with every identifier labelled by its kind (``NIK 3171…0001``,
        ``No. KK 3171…0002``), so two masked numbers are never confused.

        Examples:
            >>> c = DuplicateCandidate(DuplicateKind.SAME_NIK_IN_TWO_FAMILIES,
            ...     NoKK.parse("3171012009000001"), NoKK.parse("3171012009000002"),
            ...     Nik.parse("3171010205800001"), ("nik",), 100)
            >>> print(c)
            same_nik_in_two_families (100): No. KK 3171…0001 and No. KK 3171…0002 share NIK 3171…0001
        """
        text = f"{self.kind.value} ({self.score}): {_label(self.first)} and {_label(self.second)}"
        if self.shared is not None and self.kind is not DuplicateKind.NO_KK_IN_TWO_REGIONS:
            text += f" share {_label(self.shared)}"
        if self.regions:
            text += " in regions " + " and ".join(str(r) for r in self.regions)
        return text


def _label(key: Nik | NoKK) -> str:
    digits = key.reveal()
    kind = "NIK" if isinstance(key, Nik) else "No. KK"
    return f"{kind} {digits[:4]}…{digits[-4:]}"


def _documents(sources: tuple[RegistryStore | RegistryDocument, ...]) -> RegistryDocument:
    persons: list[Person] = []
    families: list[Family] = []
    memberships: list[Membership] = []
    for s in sources:
        doc = s if isinstance(s, RegistryDocument) else RegistryDocument.of(s)
        persons.extend(doc.persons)
        families.extend(doc.families)
        memberships.extend(doc.memberships)
    return RegistryDocument(tuple(persons), tuple(families), tuple(memberships))


def _same_nik(doc: RegistryDocument) -> list[DuplicateCandidate]:
    by_nik: dict[Nik, list[Membership]] = defaultdict(list)
    for m in doc.memberships:
        by_nik[m.nik].append(m)
    out: list[DuplicateCandidate] = []
    for nik, ms in by_nik.items():
        seen: set[tuple[NoKK, NoKK]] = set()
        for a, b in combinations(sorted(ms, key=lambda m: m.no_kk.reveal()), 2):
            if a.no_kk == b.no_kk or not a.overlaps(b) or (a.no_kk, b.no_kk) in seen:
                continue
            seen.add((a.no_kk, b.no_kk))
            score = 100 if a.end is None and b.end is None else 80
            out.append(
                DuplicateCandidate(
                    DuplicateKind.SAME_NIK_IN_TWO_FAMILIES, a.no_kk, b.no_kk, nik, ("nik",), score
                )
            )
    return out


def _same_name(doc: RegistryDocument) -> list[DuplicateCandidate]:
    region_of: dict[NoKK, RegionCode] = {f.no_kk: f.region for f in doc.families}
    kabkota: dict[Nik, set[str]] = defaultdict(set)
    for m in doc.memberships:
        r = region_of.get(m.no_kk)
        if r is not None and len(r.digits) >= 4:
            kabkota[m.nik].add(r.digits[:4])
    groups: dict[tuple[str, str, str], dict[Nik, Person]] = defaultdict(dict)
    for p in doc.persons:
        places = kabkota.get(p.nik) or {p.nik.reveal()[:4]}
        for place in places:
            groups[(normalise(p.name), p.birth_date.isoformat(), place)][p.nik] = p
    out: list[DuplicateCandidate] = []
    seen: set[tuple[Nik, Nik]] = set()
    for members in groups.values():
        for a, b in combinations(sorted(members.values(), key=lambda p: p.nik.reveal()), 2):
            if (a.nik, b.nik) in seen:
                continue
            seen.add((a.nik, b.nik))
            matched = ["name", "birth_date", "region"]
            score = 70
            if a.sex is b.sex:
                matched.append("sex")
                score += 15
            if a.nik.reveal()[:6] == b.nik.reveal()[:6]:
                matched.append("nik_region")
                score += 15
            out.append(
                DuplicateCandidate(
                    DuplicateKind.SAME_NAME_AND_BIRTH_DATE,
                    a.nik,
                    b.nik,
                    None,
                    tuple(matched),
                    score,
                )
            )
    return out


def _same_kk(doc: RegistryDocument) -> list[DuplicateCandidate]:
    regions: dict[NoKK, list[RegionCode]] = defaultdict(list)
    for f in doc.families:
        if f.region not in regions[f.no_kk]:
            regions[f.no_kk].append(f.region)
    out: list[DuplicateCandidate] = []
    for kk, rs in regions.items():
        for a, b in combinations(sorted(rs), 2):
            if a.digits[:2] != b.digits[:2]:
                score = 100
            elif a.digits[:4] != b.digits[:4]:
                score = 80
            else:
                score = 60
            out.append(
                DuplicateCandidate(
                    DuplicateKind.NO_KK_IN_TWO_REGIONS, kk, kk, kk, ("no_kk",), score, (a, b)
                )
            )
    return out


def find_duplicates(*sources: RegistryStore | RegistryDocument) -> tuple[DuplicateCandidate, ...]:
    """Candidate duplicate pairs over the combined records of ``sources``, highest score first
    (then by kind and keys). Never changes a source."""
    doc = _documents(sources or (MemoryStore(),))
    found = [*_same_nik(doc), *_same_name(doc), *_same_kk(doc)]
    kinds = list(DuplicateKind)
    return tuple(
        sorted(
            found,
            key=lambda c: (-c.score, kinds.index(c.kind), c.first.reveal(), c.second.reveal()),
        )
    )
