"""Shared builders for the registry tests."""

from __future__ import annotations

from datetime import date

from dayasos.categories import Sex
from dayasos.registry import Nik, NoKK, Person


def nik(born: date, sex: Sex, serial: int, prefix: str = "317101") -> Nik:
    day = born.day + (40 if sex is Sex.PEREMPUAN else 0)
    return Nik(f"{prefix}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}")


def person(name: str, born: date, sex: Sex, serial: int = 1, prefix: str = "317101") -> Person:
    return Person(nik(born, sex, serial, prefix), name, born, sex)


def kk(n: int, prefix: str = "317101") -> NoKK:
    return NoKK(f"{prefix}{n:010d}")
