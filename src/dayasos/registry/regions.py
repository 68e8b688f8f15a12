"""Province codes in Indonesia's two numbering systems, on a date.

Kemendagri (the Ministry of Home Affairs: NIK, No. KK, every administrative region code of
the registry) and BPS (Statistics Indonesia: statistical tables) give the same 2-digit code to
most provinces but not in Papua: Kemendagri numbers Papua 91 and Papua Barat 92, BPS numbers
Papua 94 and Papua Barat 91. A bare ``"91"`` is therefore ambiguous, and every code here comes
with its :class:`CodeSystem`. The table is package data (``registry/data/provinces.toml``)
with a source and a confidence for every code, read by :mod:`dayasos.registry.province_table`;
it covers the days from the creation of Kalimantan Utara (16 November 2012) on, including the
four provinces created in 2022 (Papua Selatan, Papua Tengah and Papua Pegunungan on 25 July
2022, Papua Barat Daya on 8 December 2022: Kemendagri 93-96, confidence M; their BPS codes are
unknown here).

Examples:
    >>> from datetime import date
    >>> province("91", date(2020, 3, 1), CodeSystem.KEMENDAGRI).name
    'Papua'
    >>> province("91", date(2020, 3, 1), CodeSystem.BPS).name
    'Papua Barat'
    >>> ProvinceCode("94", CodeSystem.BPS).to(CodeSystem.KEMENDAGRI, date(2020, 3, 1))
    ProvinceCode('91', CodeSystem.KEMENDAGRI)
    >>> ProvinceCode("94", CodeSystem.KEMENDAGRI).name(date(2023, 1, 1))
    'Papua Tengah'
    >>> len(provinces(date(2020, 3, 1))), len(provinces(date(2023, 1, 1)))
    (34, 38)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import define, field

from dayasos.errors import ValidationError
from dayasos.registry.province_table import (
    CodeSystem,
    Province,
    ProvinceEntry,
    is_province_code,
    province_table,
)

__all__ = [
    "CodeSystem",
    "Province",
    "ProvinceCode",
    "convert_province_code",
    "province",
    "province_changes",
    "province_mapping",
    "province_table_start",
    "provinces",
]


def province_table_start() -> date:
    """The first day the province table describes (the creation of Kalimantan Utara).

    Examples:
        >>> province_table_start()
        datetime.date(2012, 11, 16)
    """
    return province_table().start


def province_changes() -> tuple[date, ...]:
    """The days the set of provinces changed, in order (a province was created).

    Examples:
        >>> [str(d) for d in province_changes()]
        ['2012-11-16', '2022-07-25', '2022-12-08']
    """
    return province_table().changes


def _check_on(on: date | None) -> None:
    if on is None:
        return
    if not isinstance(on, date):
        raise ValidationError("on", "must be a date", shown=repr(on))
    start = province_table().start
    if on < start:
        raise ValidationError(
            "on",
            f"is before {start.isoformat()}, the first day the province table describes",
            shown=on.isoformat(),
        )


def provinces(
    on: date | None = None, system: CodeSystem = CodeSystem.KEMENDAGRI
) -> tuple[Province, ...]:
    """The provinces with a code in ``system`` on the day ``on``, ordered by code.

    Args:
        on: the day; ``None`` for the current table (every province of the data file).
        system: the numbering system (default Kemendagri, the registry's).

    Raises:
        ValidationError: ``on`` is before :func:`province_table_start`.

    Examples:
        >>> len(provinces())
        38
        >>> provinces()[0]
        Province(code='11', name='Aceh', system=<CodeSystem.KEMENDAGRI: 'kemendagri'>, confidence=<Confidence.HIGH: 'H'>, since=None)
        >>> [p.name for p in provinces(date(2020, 3, 1), CodeSystem.BPS)][-2:]
        ['Papua Barat', 'Papua']
    """
    _check_on(on)
    system = CodeSystem.parse(system)
    out = [
        e.codes[system]
        for e in province_table().entries
        if system in e.codes and (on is None or e.codes[system].exists_on(on))
    ]
    return tuple(sorted(out, key=lambda p: p.code))


def province(
    code: str, on: date | None = None, system: CodeSystem = CodeSystem.KEMENDAGRI
) -> Province:
    """The province with ``code`` in ``system`` on the day ``on``.

    Args:
        code: the 2-digit code.
        on: the day; ``None`` for the current table.
        system: the numbering system of ``code`` (default Kemendagri, the registry's).

    Raises:
        ValidationError: no province has this code in ``system`` on ``on``, or ``on`` is
            before :func:`province_table_start`.

    Examples:
        >>> province("92").name, province("91", system=CodeSystem.BPS).name
        ('Papua Barat', 'Papua Barat')
        >>> province("94", date(2020, 3, 1))
        Traceback (most recent call last):
        ...
        dayasos.errors.ValidationError: province: is not a Kemendagri province code on 2020-03-01 (got 94)
    """
    _check_on(on)
    system = CodeSystem.parse(system)
    e = province_table().by_code.get((system, code)) if isinstance(code, str) else None
    if e is not None and (on is None or e.codes[system].exists_on(on)):
        return e.codes[system]
    when = "" if on is None else f" on {on.isoformat()}"
    raise ValidationError(
        "province", f"is not a {system.label} province code{when}", shown=str(code)
    )


def _entry(code: str, on: date | None, system: CodeSystem) -> ProvinceEntry:
    province(code, on, system)  # raises unless the code denotes a province on ``on``
    return province_table().by_code[system, code]


def convert_province_code(
    code: str, *, source: CodeSystem, target: CodeSystem, on: date | None = None
) -> str:
    """The code in ``target`` of the province with ``code`` in ``source`` on ``on``.

    Raises:
        ValidationError: ``code`` is not a ``source`` code on ``on``, or the province has no
            ``target`` code in the table (the BPS codes of the four provinces created in 2022
            are unknown here).

    Examples:
        >>> convert_province_code("91", source=CodeSystem.KEMENDAGRI, target=CodeSystem.BPS)
        '94'
        >>> convert_province_code("91", source=CodeSystem.BPS, target=CodeSystem.KEMENDAGRI)
        '92'
    """
    source, target = CodeSystem.parse(source), CodeSystem.parse(target)
    e = _entry(code, on, source)
    found = e.codes.get(target)
    if found is None:
        raise ValidationError(
            "province",
            f"{source.label} {code} ({e.name}) has no {target.label} code in the province table",
            shown=str(code),
        )
    return found.code


def province_mapping(
    on: date | None = None,
    *,
    source: CodeSystem = CodeSystem.BPS,
    target: CodeSystem = CodeSystem.KEMENDAGRI,
) -> dict[str, str]:
    """Every ``source`` code on ``on`` that has a ``target`` code, mapped to it.

    Examples:
        >>> m = province_mapping(date(2020, 3, 1))
        >>> m["91"], m["94"], m["65"], len(m)
        ('92', '91', '65', 34)
        >>> len(province_mapping(source=CodeSystem.KEMENDAGRI, target=CodeSystem.BPS))
        34
    """
    source, target = CodeSystem.parse(source), CodeSystem.parse(target)
    out: dict[str, str] = {}
    for p in provinces(on, source):
        e = _entry(p.code, on, source)
        if target in e.codes:
            out[p.code] = e.codes[target].code
    return out


def _system(value: str | CodeSystem) -> CodeSystem:
    return CodeSystem.parse(value)  # a named function: mypy's attrs plugin takes no bound method


def _check_province_code(_: Any, __: Any, code: str) -> None:
    if not is_province_code(code):
        raise ValidationError("province", "must be a 2-digit code", shown=repr(code))


@define(frozen=True, slots=True, repr=False)
class ProvinceCode:
    """A province code together with its numbering system.

    The code is checked for form only (two digits): which province it denotes depends on the
    day, see :meth:`province`.

    Examples:
        >>> code = ProvinceCode("91", CodeSystem.KEMENDAGRI)
        >>> str(code), code.name(date(2020, 3, 1)), str(code.to(CodeSystem.BPS, date(2020, 3, 1)))
        ('Kemendagri 91', 'Papua', 'BPS 94')
    """

    code: str = field(validator=_check_province_code)
    system: CodeSystem = field(converter=_system, default=CodeSystem.KEMENDAGRI)

    def province(self, on: date | None = None) -> Province:
        """The province this code denotes on ``on`` (``None``: the current table)."""
        return province(self.code, on, self.system)

    def name(self, on: date | None = None) -> str:
        """The name of the province this code denotes on ``on``."""
        return self.province(on).name

    def to(self, system: CodeSystem, on: date | None = None) -> ProvinceCode:
        """The same province's code in ``system`` (see :func:`convert_province_code`)."""
        system = CodeSystem.parse(system)
        return ProvinceCode(
            convert_province_code(self.code, source=self.system, target=system, on=on), system
        )

    def __str__(self) -> str:
        return f"{self.system.label} {self.code}"

    def __repr__(self) -> str:
        return f"ProvinceCode({self.code!r}, CodeSystem.{self.system.name})"
