"""Reading and validating parameter data files (TOML) and reform files.

The shipped files live in ``dayasos/parameters/data/``. Loading is lazy (nothing is read at
import) and cached; every problem is reported with the file, the parameter and the field,
and all problems of a load are reported together.

Files follow the dayasos source rule: a ``str`` or path-like is a file path; content is
``bytes`` or an open file (``io.StringIO(text)``); :func:`parse_parameter_document` takes
the TOML text itself. Files are UTF-8 (a byte-order mark is dropped); a file that is not
raises :class:`~dayasos.errors.TextDecodeError` naming the line. Dates are TOML dates
(``2021-01-01``): a date-time or a quoted string is rejected, never converted.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping, Set
from datetime import date
from typing import Any, NoReturn

from dayasos._data import data_file_names, parse_toml, read_data_text, source_problems
from dayasos._textio import Source, read_source
from dayasos.errors import (
    BulkValidationError,
    DayasosError,
    ParameterFileError,
    SourceError,
    ValidationError,
)
from dayasos.law import Confidence, LegalBasis
from dayasos.parameters.model import Override, Parameter, ParameterSet, ParameterValue, Unit

__all__ = [
    "load_parameter_files",
    "load_parameters",
    "load_reform",
    "parse_parameter_document",
    "shipped_files",
]

_PARAM_KEYS = frozenset({"label", "label_en", "unit", "values", "description"})
_VALUE_KEYS = frozenset({"from", "until", "value", "unknown", "source", "confidence", "note"})


def shipped_files() -> tuple[str, ...]:
    """Names of the parameter data files shipped with the package."""
    return data_file_names("dayasos.parameters")


@functools.cache
def load_parameters() -> ParameterSet:
    """The shipped parameter set (read and validated once, then cached).

    Examples:
        >>> from datetime import date
        >>> load_parameters().rupiah("pkh.index.smp", date(2021, 1, 1))
        Rupiah(1500000)
    """
    docs = [(name, read_data_text("dayasos.parameters", name)) for name in shipped_files()]
    return _build(docs, name="shipped")


def load_parameter_files(paths: Iterable[Source], *, name: str = "custom") -> ParameterSet:
    """A parameter set from your own TOML files in the shipped format (for other programmes,
    provinces' own rules, or tests).

    Args:
        paths: the files: paths (``str`` or path-like), ``bytes`` or open files. A single
            path is refused (pass a list of one).
        name: the name of the set.

    Raises:
        BulkValidationError: every problem of every file (file, parameter, field).
        SourceError, TextDecodeError: a file cannot be read or is not UTF-8.
    """
    if isinstance(paths, str | bytes | os.PathLike):
        raise SourceError("paths", "must be a list of files, not a single one")
    if not isinstance(paths, Iterable):
        raise SourceError("paths", f"must be a list of files, not {type(paths).__name__}")
    if not isinstance(name, str) or not name.strip():
        raise ValidationError("name", "must be a non-empty text", shown=repr(name)[:40])
    docs = [read_source(p, "paths") for p in paths]
    return _build(docs, name=name)


def _build(docs: Iterable[tuple[str, str]], *, name: str) -> ParameterSet:
    params: dict[str, Parameter] = {}
    errors: list[ValidationError] = []
    for file, text in docs:
        try:
            parsed = parse_parameter_document(text, file=file)
        except BulkValidationError as exc:
            errors.extend(exc.errors)
            continue
        for p in parsed:
            if p.name in params:
                errors.append(
                    ParameterFileError(file, p.name, f"already defined in {params[p.name].file}")
                )
            params[p.name] = p
    if errors:
        raise BulkValidationError("parameter files", errors)
    return ParameterSet(params, name=name)


def parse_parameter_document(text: str, *, file: str = "<string>") -> tuple[Parameter, ...]:
    """Parse and validate one TOML parameter document; raise BulkValidationError listing
    every problem (file, parameter, field)."""
    problems: list[ParameterFileError] = []

    def bad(where: str, problem: str) -> None:
        problems.append(ParameterFileError(file, where, problem))

    try:
        doc = parse_toml(text, file)
    except ParameterFileError as exc:
        raise BulkValidationError(file, [exc]) from None

    unknown_top = set(doc) - {"sources", "parameters"}
    if unknown_top:
        bad(
            "top level",
            f"unknown tables {sorted(unknown_top)}; expected [sources] and [parameters]",
        )

    sources, source_errors = source_problems(doc.get("sources", {}), file)
    problems += source_errors

    out: list[Parameter] = []
    for pname, raw in _table(doc.get("parameters", {}), "parameters", bad).items():
        p = _parse_parameter(pname, raw, sources, file, bad)
        if p is not None:
            out.append(p)
    if problems:
        raise BulkValidationError(file, problems)
    return tuple(out)


def _only_known(raw: Mapping[str, object], known: Set[str], where: str, bad: Any) -> bool:
    """Whether the table ``raw`` has only fields of ``known``; if not, ``bad`` is told at
    ``where`` which fields are unknown."""
    extra = set(raw) - known
    if extra:
        bad(where, f"unknown fields {sorted(extra)}")
    return not extra


def _raise(file: str) -> Callable[[str, str], NoReturn]:
    """A ``bad`` that raises the problem at once (the reform files stop at the first one)."""

    def bad(where: str, problem: str) -> NoReturn:
        raise ParameterFileError(file, where, problem)

    return bad


def _is_day(value: object) -> bool:
    """A TOML local date (a :class:`datetime.date`, not a date-time)."""
    return isinstance(value, date) and not hasattr(value, "hour")


def _table(value: object, where: str, bad: Any) -> Mapping[str, Any]:
    if isinstance(value, dict):
        return value
    bad(where, "must be a table")
    return {}


def _parse_parameter(
    pname: str,
    raw: object,
    sources: Mapping[str, LegalBasis],
    file: str,
    bad: Any,
) -> Parameter | None:
    where = f"parameters.{pname}"
    if not isinstance(raw, dict):
        bad(where, "must be a table")
        return None
    ok = _only_known(raw, _PARAM_KEYS, where, bad)
    for key in ("label", "label_en"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            bad(f"{where}.{key}", "is required (a non-empty text)")
            ok = False
    if not isinstance(raw.get("unit"), str):
        bad(f"{where}.unit", "is required (a text)")
        return None
    try:
        unit = Unit.parse(raw["unit"])
    except ValidationError as exc:
        bad(f"{where}.unit", exc.problem)
        return None
    values_raw = raw.get("values")
    if not isinstance(values_raw, list) or not values_raw:
        bad(f"{where}.values", "is required: a non-empty list of dated values")
        return None
    values: list[ParameterValue] = []
    for i, v in enumerate(values_raw):
        pv = _parse_value(f"{where}.values[{i}]", v, unit, sources, bad)
        if pv is None:
            ok = False
        else:
            values.append(pv)
    # ordering and overlaps
    for i in range(1, len(values)):
        prev, cur = values[i - 1], values[i]
        if cur.start <= prev.start:
            bad(f"{where}.values[{i}].from", "dates must be in increasing order")
            ok = False
        elif prev.end is not None and cur.start <= prev.end:
            bad(
                f"{where}.values[{i}].from",
                f"overlaps the previous value, which runs until {prev.end.isoformat()}",
            )
            ok = False
    if not ok:
        return None
    # an open-ended value is closed by the next one's start
    closed = [
        v
        if v.end is not None or i + 1 == len(values)
        else ParameterValue(
            start=v.start,
            end=date.fromordinal(values[i + 1].start.toordinal() - 1),
            value=v.value,
            source=v.source,
            confidence=v.confidence,
            note=v.note,
        )
        for i, v in enumerate(values)
    ]
    return Parameter(
        name=pname,
        label=raw["label"],
        label_en=raw["label_en"],
        unit=unit,
        values=tuple(closed),
        file=file,
        description=raw.get("description"),
    )


def _parse_value(
    where: str,
    raw: object,
    unit: Unit,
    sources: Mapping[str, LegalBasis],
    bad: Any,
) -> ParameterValue | None:
    if not isinstance(raw, dict):
        bad(where, "must be a table")
        return None
    ok = _only_known(raw, _VALUE_KEYS, where, bad)
    start, end = raw.get("from"), raw.get("until")
    if not _is_day(start):
        bad(f"{where}.from", "is required: a date like 2020-01-01")
        ok = False
    if end is not None and not _is_day(end):
        bad(f"{where}.until", "must be a date like 2020-12-31")
        ok = False
    if ok and end is not None and end < start:
        bad(f"{where}.until", "is before 'from'")
        ok = False
    named = raw.get("source", "")
    source = sources.get(named) if isinstance(named, str) else None
    if source is None:
        bad(
            f"{where}.source",
            f"is required and must name a [sources] entry, got {raw.get('source')!r}",
        )
        ok = False
    try:
        given = raw.get("confidence", "")
        if not isinstance(given, str):
            raise ValidationError("confidence", "must be H, M or U (a text)")
        confidence = Confidence.parse(given)
    except ValidationError as exc:
        bad(f"{where}.confidence", exc.problem)
        ok = False
    note = raw.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        bad(f"{where}.note", "must be a non-empty text")
        ok = False
    unknown = raw.get("unknown", False)
    if not isinstance(unknown, bool):
        bad(f"{where}.unknown", "must be true or false")
        ok = False
    value: Any = None
    if unknown is True:
        if "value" in raw:
            bad(where, "has both 'unknown = true' and a value")
            ok = False
        if not note:
            bad(f"{where}.note", "is required for an unknown value: say what was searched")
            ok = False
    elif "value" not in raw:
        bad(f"{where}.value", "is required (or 'unknown = true' with a note)")
        ok = False
    else:
        try:
            value = unit.check(raw["value"], f"{where}.value")
        except ValidationError as exc:
            bad(exc.field, exc.problem)
            ok = False
    if ok and confidence is not Confidence.HIGH and not note:
        bad(f"{where}.note", "is required when confidence is M or U: say what is uncertain")
        ok = False
    if not ok:
        return None
    assert isinstance(start, date)
    assert source is not None
    return ParameterValue(
        start=start,
        end=end,
        value=value,
        source=source,
        confidence=confidence,
        note=note,
    )


def load_reform(path: Source, base: ParameterSet | None = None) -> ParameterSet:
    """Apply a reform file to ``base`` (default: the shipped set) and return the new set.

    A reform file names itself and lists overrides::

        [reform]
        name = "SD index Rp1.200.000"
        description = "Raise the SD component from 2021"

        [[override]]
        parameter = "pkh.index.sd"
        from = 2021-01-01
        value = 1200000
        note = "proposal under study"

    Unknown parameters are reported with suggestions (``ParameterNotFoundError``).

    Args:
        path: the reform file: a path (``str`` or path-like), ``bytes`` or an open file.
        base: the parameter set to change (default: the shipped set).

    Raises:
        ParameterFileError: the file is malformed (names the file and the field).
        ParameterNotFoundError: an override names an unknown parameter.
        ValidationError: an override's value does not fit the parameter's unit.
        SourceError, TextDecodeError: the file cannot be read or is not UTF-8.
    """
    if base is not None and not isinstance(base, ParameterSet):
        raise ValidationError("base", f"must be a ParameterSet, not {type(base).__name__}")
    file, text = read_source(path, "path")
    doc = parse_toml(text, file)
    head = doc.get("reform", {})
    name = head.get("name") if isinstance(head, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise ParameterFileError(file, "reform.name", "is required (a non-empty text)")
    assert isinstance(head, dict)
    description = head.get("description")
    if description is not None and not isinstance(description, str):
        raise ParameterFileError(file, "reform.description", "must be a text")
    _only_known(head, {"name", "description"}, "reform", _raise(file))
    raw_overrides = doc.get("override", [])
    if not isinstance(raw_overrides, list) or not raw_overrides:
        raise ParameterFileError(file, "override", "at least one [[override]] table is required")
    overrides = []
    for i, o in enumerate(raw_overrides):
        where = f"override[{i}]"
        if not isinstance(o, dict):
            raise ParameterFileError(file, where, "must be a table")
        _only_known(o, {"parameter", "from", "until", "value", "note"}, where, _raise(file))
        for key in ("parameter", "from", "value"):
            if key not in o:
                raise ParameterFileError(file, f"{where}.{key}", "is required")
        start, end = o["from"], o.get("until")
        if not _is_day(start):
            raise ParameterFileError(file, f"{where}.from", "must be a date like 2021-01-01")
        if end is not None and not _is_day(end):
            raise ParameterFileError(file, f"{where}.until", "must be a date")
        if not isinstance(o["parameter"], str):
            raise ParameterFileError(file, f"{where}.parameter", "must be a parameter name (text)")
        if o.get("note") is not None and not isinstance(o["note"], str):
            raise ParameterFileError(file, f"{where}.note", "must be a text")
        overrides.append(
            Override(
                parameter=o["parameter"],
                value=o["value"],
                start=start,
                end=end,
                source=LegalBasis(f"Reform: {name}", note=description or None),
                note=o.get("note"),
            )
        )
    try:
        return (base or load_parameters()).with_overrides(overrides, reform=name)
    except DayasosError:
        raise
    except (TypeError, ValueError, OverflowError) as exc:  # a value no unit check caught
        raise ParameterFileError(file, "override", f"cannot be applied ({exc})") from None
