"""A synthetic registry with planted duplicates of every kind, to measure record linkage.

:func:`planted_registry` draws persons with Indonesian-style names (a fixed list of common
given and family names: test data, not statistics), valid NIKs, families and regions, then
adds a second record for some persons, each changed in one of the ways duplicates arise
(:data:`DUPLICATE_KINDS`), and some hard non-duplicates (twins: same family name, birth
date and family, different given names). The planted pairs are returned, so recall and
precision of :func:`dayasos.registry.linkage.link` can be measured.

Examples:
    >>> records, planted = planted_registry(200, seed=1)
    >>> len(records) > 200, len(planted) > 0
    (True, True)
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Final

from dayasos.registry.linkage import LinkageRecord, pair_key, phonetic_key

__all__ = ["DUPLICATE_KINDS", "planted_registry"]

DUPLICATE_KINDS: Final = (
    "name_part",  # "Joko" vs "Joko Susilo"
    "birth_one_day",  # birth dates one day apart
    "case_other_kabupaten",  # "WATI" vs "Wati", registered in another kabupaten
    "day_month_swapped",  # 1980-05-02 vs 1980-02-05
    "nik_one_digit",  # the same person keyed with one NIK digit wrong
    "old_spelling",  # "Djoko Soesilo" vs "Joko Susilo"
    "typo",  # one letter of the name wrong
)
"""The ways a planted duplicate differs from its original."""

_GIVEN: Final = [
    "Joko",
    "Budi",
    "Agus",
    "Ahmad",
    "Slamet",
    "Bambang",
    "Hadi",
    "Eko",
    "Dwi",
    "Sri",
    "Siti",
    "Dewi",
    "Wati",
    "Yanti",
    "Rina",
    "Ani",
    "Nur",
    "Putri",
    "Ayu",
    "Indah",
    "Fitri",
    "Rudi",
    "Andi",
    "Hendra",
    "Dedi",
    "Iwan",
    "Yusuf",
    "Rahmat",
    "Taufik",
    "Wahyu",
    "Suharto",
    "Sutrisno",
    "Sugeng",
    "Purnomo",
    "Teguh",
    "Lestari",
    "Ratna",
    "Kartini",
    "Sulastri",
    "Suryani",
    "Endang",
    "Yuni",
    "Ida",
    "Fajar",
    "Rizki",
    "Dimas",
    "Bagus",
    "Galih",
    "Adi",
    "Arif",
    "Imam",
    "Surya",
    "Cahya",
    "Dian",
    "Maya",
    "Nia",
    "Tuti",
    "Umi",
    "Yati",
]
_FAMILY: Final = [
    "Susilo",
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Setiawan",
    "Kurniawan",
    "Pratama",
    "Nugroho",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Lubis",
    "Sitompul",
    "Hutapea",
    "Tanjung",
    "Rangkuti",
    "Pohan",
    "Daulay",
    "Sembiring",
    "Ginting",
    "Tarigan",
    "Purba",
    "Manurung",
    "Sinaga",
    "Pardede",
    "Situmorang",
    "Panjaitan",
    "Marpaung",
    "Wibowo",
    "Utomo",
    "Prasetyo",
    "Suryadi",
    "Gunawan",
    "Halim",
    "Salim",
    "Rahman",
    "Hasibuan",
    "Batubara",
    "Effendi",
]
_SYLLABLES: Final = [
    "su",
    "ri",
    "an",
    "to",
    "wa",
    "ti",
    "ha",
    "di",
    "ya",
    "ni",
    "ka",
    "ra",
    "ma",
    "de",
    "wi",
    "pu",
    "se",
    "ji",
    "ko",
    "bu",
    "mo",
    "lar",
    "tri",
    "yo",
    "no",
    "sih",
    "nah",
    "dar",
    "gus",
    "man",
]
_OLD: Final = (("u", "oe"), ("j", "dj"), ("c", "tj"))
# kabupaten/kota codes python-stdnum knows (valid NIK prefixes)
_PREFIXES: Final = ("1101", "1171", "3171", "3174", "3201", "3273", "3578", "5171", "7371")


def _given(rng: random.Random) -> str:
    """A given name: a common one, or two or three syllables (names are diverse)."""
    if rng.random() < 0.4:
        return rng.choice(_GIVEN)
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()


def _old_spelling(name: str) -> str:
    for new, old in _OLD:
        if new in name.lower():
            return name.replace(new, old).replace(new.upper(), old.capitalize())
    return name + "h"


def _typo(name: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(letters[1:] or letters)
    repl = rng.choice([c for c in "aeiounrstk" if c != name[i].lower()])
    return name[:i] + repl + name[i + 1 :]


def _nik(prefix: str, born: date, female: bool, serial: int) -> str:
    day = born.day + (40 if female else 0)
    kec, num = divmod(serial, 9999)
    return f"{prefix}{kec % 99 + 1:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{num + 1:04d}"


def planted_registry(
    persons: int, *, seed: int = 0, duplicate_share: float = 0.05, twin_share: float = 0.01
) -> tuple[list[LinkageRecord], set[tuple[str, str]]]:
    """``persons`` synthetic persons plus planted duplicates and twins.

    Args:
        persons: the originals.
        seed: the random seed (reproducible).
        duplicate_share: the share of originals that get a planted duplicate (kinds drawn
            in turn from :data:`DUPLICATE_KINDS`).
        twin_share: the share of originals that get a twin (a true non-duplicate).

    Returns:
        The records (originals, duplicates and twins, shuffled) and the planted duplicate
        pairs as NIK digit pairs (lower first).
    """
    rng = random.Random(seed)
    serials: dict[tuple[str, date, bool], int] = {}
    records: list[LinkageRecord] = []
    planted: set[tuple[str, str]] = set()

    def new_nik(prefix: str, born: date, female: bool) -> str:
        key = (prefix, born, female)
        serial = serials.get(key, 0)
        serials[key] = serial + 1
        return _nik(prefix, born, female, serial)

    for i in range(persons):
        prefix = rng.choice(_PREFIXES)
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(30_000))
        female = rng.random() < 0.5
        name = f"{_given(rng)} {rng.choice(_FAMILY)}"
        if rng.random() < 0.3:
            name = f"{_given(rng)} {name}"
        kk = f"{prefix}01{i:010d}"
        region = f"{prefix}{rng.randrange(1, 40):02d}{rng.choice('12')}{rng.randrange(1, 30):03d}"
        sex = "f" if female else "m"
        original = LinkageRecord(new_nik(prefix, born, female), name, born, sex, kk, region)
        records.append(original)
        if rng.random() < duplicate_share:
            kind = DUPLICATE_KINDS[len(planted) % len(DUPLICATE_KINDS)]
            d_name, d_born, d_prefix, d_region = name, born, prefix, region
            d_kk = f"{prefix}02{i:010d}"
            if kind == "name_part":
                d_name = name.split()[0] if rng.random() < 0.5 else f"{name} {rng.choice(_FAMILY)}"
            elif kind == "birth_one_day":
                d_born = born + timedelta(days=rng.choice((-1, 1)))
            elif kind == "case_other_kabupaten":
                d_name = name.upper()
                d_prefix = rng.choice([p for p in _PREFIXES if p != prefix])
                d_region = f"{d_prefix}{region[4:]}"
                d_kk = f"{d_prefix}02{i:010d}"
            elif kind == "day_month_swapped" and born.day <= 12 and born.day != born.month:
                d_born = date(born.year, born.day, born.month)
            elif kind == "old_spelling":
                d_name = _old_spelling(name)
            elif kind == "typo":
                d_name = _typo(name, rng)
            if kind == "nik_one_digit":
                # the serial's thousands digit: serials here stay below 1000, so the wrong
                # number never hits another person's
                digits = list(original.nik)
                digits[12] = str(rng.randrange(1, 10))
                d_nik = "".join(digits)
                d_kk = kk
            else:
                d_nik = new_nik(d_prefix, d_born, female)
            dup = LinkageRecord(d_nik, d_name, d_born, sex, d_kk, d_region)
            if d_nik != original.nik:
                records.append(dup)
                planted.add(pair_key(original.nik, d_nik))
        if rng.random() < twin_share:
            first = name.split()[0]
            given = _given(rng)
            while phonetic_key(given)[:1] == phonetic_key(first)[:1]:  # twins are named apart
                given = _given(rng)
            other = f"{given} {name.split()[-1]}"
            twin = LinkageRecord(new_nik(prefix, born, female), other, born, sex, kk, region)
            records.append(twin)
    # a NIK one digit off may collide with a real one: keep the first of each NIK
    seen: set[str] = set()
    unique = []
    for r in records:
        if r.nik not in seen:
            seen.add(r.nik)
            unique.append(r)
    planted = {p for p in planted if p[0] in seen and p[1] in seen}
    rng.shuffle(unique)
    return unique, planted
