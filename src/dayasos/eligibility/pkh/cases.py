"""Published PKH test cases: TOML files an analyst writes without Python.

A case gives a family, a reference date, optional parameter overrides (a reform) and the
expected result; :func:`load_case` reads and validates a file (every error names the file and
the field, e.g. ``cases/x.toml: family.members[1].birth_date: must be a date``) and
:func:`check_case` compares the computed entitlement with the expectation. The format is
documented in ``docs/pkh.md``.

Examples:
    >>> case = parse_case('''
    ... title = "One SD child, 2021"
    ... date = 2021-07-01
    ... [family]
    ... id = "f1"
    ... [[family.members]]
    ... id = "a"
    ... birth_date = 2012-01-01
    ... sex = "laki-laki"
    ... school_level = "sd"
    ... [expected]
    ... total = 900000
    ... stages = [225000, 225000, 225000, 225000]
    ... ''', "inline.toml")
    >>> check_case(case)
    []
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from attrs import define

from dayasos._data import parse_toml
from dayasos.categories import DisabilitySeverity, Relationship, SchoolLevel, Sex
from dayasos.eligibility.pkh.case_reader import (
    CaseReader,
    as_amount,
    as_bool,
    as_date,
    as_int,
    as_text,
)
from dayasos.eligibility.pkh.model import PkhComponent, PkhFamily, PkhMember, PkhStatus
from dayasos.eligibility.pkh.result import LineReason, PkhEntitlement
from dayasos.eligibility.pkh.rules import entitlement
from dayasos.errors import CaseFileError, DayasosError, ParameterFileError
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet, load_parameters

__all__ = [
    "CaseOverride",
    "ExpectedLine",
    "PkhCase",
    "check_case",
    "load_case",
    "load_cases",
    "parse_case",
]

T = TypeVar("T")


@define(frozen=True, slots=True)
class ExpectedLine:
    """The expected line of one member; fields left out of the file are not checked."""

    member_id: str
    component: PkhComponent | None
    """``None`` when the file says ``component = "none"``."""
    component_given: bool
    amount: Rupiah | None
    counted: bool | None
    reason: LineReason | None


@define(frozen=True, slots=True)
class CaseOverride:
    """A parameter value set by the case (a reform)."""

    parameter: str
    value: Any
    start: date
    end: date | None


@define(frozen=True, slots=True)
class PkhCase:
    """One published test case."""

    file: str
    title: str
    at: date
    family: PkhFamily
    overrides: tuple[CaseOverride, ...]
    total: Rupiah
    eligible: bool | None
    fixed: Rupiah | None
    stages: tuple[Rupiah, ...] | None
    lines: tuple[ExpectedLine, ...]
    source: str | None = None

    def parameters(self, base: ParameterSet | None = None) -> ParameterSet:
        """``base`` (default: the shipped set) with the case's overrides applied."""
        params = load_parameters() if base is None else base
        for o in self.overrides:
            params = params.with_value(
                o.parameter, o.value, start=o.start, end=o.end, reform=f"case {self.file}"
            )
        return params


_MEMBER_KEYS = {
    "id",
    "birth_date",
    "sex",
    "pregnant_or_postpartum",
    "pregnancy_order",
    "school_level",
    "disability",
    "relationship",
}
_FAMILY_KEYS = {"id", "members", "registered", "desil", "welfare_decile", "remote_area", "status"}
"""``welfare_decile`` is the deprecated name of ``desil`` (read until 0.2.0)."""
_LINE_KEYS = {"id", "component", "amount", "counted", "reason"}
_EXPECTED_KEYS = {"total", "eligible", "fixed", "stages", "members"}
_OVERRIDE_KEYS = {"parameter", "value", "from", "until"}
_TOP_KEYS = {"title", "source", "date", "family", "parameters", "expected"}


def _member(r: CaseReader, data: object, where: str) -> PkhMember:
    d = r.table(data, where, _MEMBER_KEYS)
    mid = r.get(d, where, "id", as_text, "a non-empty text", required=True)
    birth = r.get(d, where, "birth_date", as_date, "a date like 2015-07-01", required=True)
    sex = r.category(d, where, "sex", Sex, None)
    if sex is None:
        raise r.fail(f"{where}.sex", "is required (laki-laki or perempuan)")
    assert mid is not None and birth is not None
    pregnant = r.get(d, where, "pregnant_or_postpartum", as_bool, "true or false")
    order = r.get(d, where, "pregnancy_order", as_int, "a whole number")
    try:
        return PkhMember(
            mid,
            birth,
            sex,
            pregnant_or_postpartum=bool(pregnant),
            pregnancy_order=order,
            school_level=r.category(d, where, "school_level", SchoolLevel, SchoolLevel.NONE)
            or SchoolLevel.NONE,
            disability=r.category(
                d, where, "disability", DisabilitySeverity, DisabilitySeverity.NONE
            )
            or DisabilitySeverity.NONE,
            relationship=r.category(d, where, "relationship", Relationship, Relationship.LAINNYA)
            or Relationship.LAINNYA,
        )
    except CaseFileError:
        raise
    except DayasosError as exc:
        field = getattr(exc, "field", "")
        raise r.fail(f"{where}.{field}", getattr(exc, "problem", str(exc))) from None


def _family(r: CaseReader, data: object) -> PkhFamily:
    where = "family"
    d = r.table(data, where, _FAMILY_KEYS)
    fid = r.get(d, where, "id", as_text, "a non-empty text", required=True)
    raw = d.get("members", [])
    if not isinstance(raw, list):
        raise r.fail("family.members", "must be a list of member tables ([[family.members]])")
    members = [_member(r, m, f"family.members[{i}]") for i, m in enumerate(raw)]
    assert fid is not None
    key = "welfare_decile" if "welfare_decile" in d else "desil"
    if key != "desil" and "desil" in d:
        raise r.fail("family.welfare_decile", "is the deprecated name of desil; give only desil")
    decile = r.get(d, where, key, as_int, "a decile from 1 to 10")
    try:
        return PkhFamily(
            fid,
            members,
            registered=r.get(d, where, "registered", as_bool, "true or false") is not False,
            desil=decile,
            remote_area=bool(r.get(d, where, "remote_area", as_bool, "true or false")),
            status=r.category(d, where, "status", PkhStatus, PkhStatus.AKTIF) or PkhStatus.AKTIF,
        )
    except DayasosError as exc:
        field = getattr(exc, "field", "")
        index = getattr(exc, "index", None)
        at = f"[{index}]" if index is not None else ""
        raise r.fail(f"family.{field}{at}", getattr(exc, "problem", str(exc))) from None


def _line(r: CaseReader, data: object, where: str) -> ExpectedLine:
    d = r.table(data, where, _LINE_KEYS)
    mid = r.get(d, where, "id", as_text, "a non-empty text", required=True)
    assert mid is not None
    component: PkhComponent | None = None
    given = "component" in d
    if given and d["component"] != "none":
        component = r.category(d, where, "component", PkhComponent, None)
    reason = None
    if "reason" in d:
        try:
            reason = LineReason(d["reason"])
        except ValueError:
            codes = ", ".join(x.value for x in LineReason)
            raise r.fail(f"{where}.reason", f"must be one of: {codes}", d["reason"]) from None
    return ExpectedLine(
        mid,
        component,
        given,
        r.get(d, where, "amount", as_amount, "a whole number of rupiah"),
        r.get(d, where, "counted", as_bool, "true or false"),
        reason,
    )


def _override(r: CaseReader, data: object, where: str) -> CaseOverride:
    d = r.table(data, where, _OVERRIDE_KEYS)
    name = r.get(d, where, "parameter", as_text, "a parameter name", required=True)
    start = r.get(d, where, "from", as_date, "a date", required=True)
    if "value" not in d:
        raise r.fail(f"{where}.value", "is required")
    assert name is not None and start is not None
    return CaseOverride(name, d["value"], start, r.get(d, where, "until", as_date, "a date"))


def parse_case(text: str, file: str = "<case>") -> PkhCase:
    """Parse the TOML text of a case; errors name ``file`` and the field."""
    r = CaseReader(file)
    try:
        raw = parse_toml(text, file)
    except ParameterFileError as exc:  # not TOML, or nested too deeply
        raise r.fail("$", exc.problem) from None
    d = r.table(raw, "$", _TOP_KEYS)
    title = r.get(d, "$", "title", as_text, "a non-empty text", required=True)
    at = r.get(d, "$", "date", as_date, "a date like 2021-07-01", required=True)
    if "family" not in d:
        raise r.fail("family", "is required ([family] table)")
    family = _family(r, d["family"])
    raw_over = d.get("parameters", [])
    if not isinstance(raw_over, list):
        raise r.fail("parameters", "must be a list of tables ([[parameters]])")
    overrides = tuple(_override(r, o, f"parameters[{i}]") for i, o in enumerate(raw_over))
    if "expected" not in d:
        raise r.fail("expected", "is required ([expected] table)")
    e = r.table(d["expected"], "expected", _EXPECTED_KEYS)
    total = r.get(e, "expected", "total", as_amount, "a whole number of rupiah", required=True)
    stages = None
    if "stages" in e:
        if not isinstance(e["stages"], list):
            raise r.fail("expected.stages", "must be a list of amounts")
        stages = tuple(
            _req(r, as_amount(v), f"expected.stages[{i}]", "a whole number of rupiah", v)
            for i, v in enumerate(e["stages"])
        )
    raw_lines = e.get("members", [])
    if not isinstance(raw_lines, list):
        raise r.fail("expected.members", "must be a list of tables ([[expected.members]])")
    lines = tuple(_line(r, x, f"expected.members[{i}]") for i, x in enumerate(raw_lines))
    ids = {m.member_id for m in family.members}
    for i, ln in enumerate(lines):
        if ln.member_id not in ids:
            raise r.fail(f"expected.members[{i}].id", "names no member of the family", ln.member_id)
    assert title is not None and at is not None and total is not None
    return PkhCase(
        file,
        title,
        at,
        family,
        overrides,
        total,
        r.get(e, "expected", "eligible", as_bool, "true or false"),
        r.get(e, "expected", "fixed", as_amount, "a whole number of rupiah"),
        stages,
        lines,
        r.get(d, "$", "source", as_text, "a non-empty text"),
    )


def _req(r: CaseReader, value: T | None, where: str, what: str, raw: object) -> T:
    if value is None:
        raise r.fail(where, f"must be {what}", raw)
    return value


def load_case(path: str | Path) -> PkhCase:
    """Read and validate one case file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CaseFileError(str(p), "$", f"cannot be read: {exc.strerror}") from None
    return parse_case(text, str(p))


def load_cases(folder: str | Path) -> tuple[PkhCase, ...]:
    """Every ``*.toml`` case under ``folder``, sorted by file name."""
    return tuple(load_case(p) for p in sorted(Path(folder).glob("*.toml")))


def check_case(case: PkhCase, base: ParameterSet | None = None) -> list[str]:
    """Compute the case and list every difference from the expectation (empty: it passes)."""
    result: PkhEntitlement = entitlement(case.family, case.at, case.parameters(base))
    out: list[str] = []

    def differ(where: str, expected: object, got: object) -> None:
        if expected is not None and expected != got:
            out.append(f"{case.file}: {where}: expected {expected}, got {got}")

    differ("expected.total", case.total, result.total)
    differ("expected.eligible", case.eligible, result.eligible)
    differ("expected.fixed", case.fixed, result.fixed)
    if case.stages is not None:
        differ("expected.stages", list(case.stages), [s.amount for s in result.stages])
    lines = {ln.member_id: ln for ln in result.members}
    for i, exp in enumerate(case.lines):
        got = lines[exp.member_id]
        where = f"expected.members[{i}] ({exp.member_id})"
        if exp.component_given and exp.component is not got.component:
            out.append(
                f"{case.file}: {where}.component: expected "
                f"{exp.component.code if exp.component else 'none'}, got "
                f"{got.component.code if got.component else 'none'}"
            )
        differ(f"{where}.amount", exp.amount, got.amount)
        differ(f"{where}.counted", exp.counted, got.counted)
        differ(f"{where}.reason", exp.reason, got.reason)
    return out
