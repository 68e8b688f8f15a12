"""The JSON contract of dayasos: one converter for every public value type.

One :class:`cattrs.Converter` knows the foundation types and the value types of the rules and
the registry, so every surface (registry import/export, the CLI, ``dayasos serve``, your own
service) reads and writes them the same way:

==============================  ==============================================
type                            JSON form
==============================  ==============================================
:class:`~dayasos.money.Rupiah`  integer number of rupiah (``"Rp1.625.000"`` also read)
:class:`~dayasos.money.Percentage`  exact fraction as text, ``"6031/100"``
``Decimal``                     text, ``"60.31"`` (never a float)
``Fraction``                    text, ``"1/3"``
``date``                        ISO text, ``"2020-07-01"``
periods                         their written form: ``"2020-T2"``, ``"2020-07"``
category enums                  their code (``"f"``); read from the code, the Indonesian
                                name (``"Perempuan"``), the CSV letter (``"P"``) or an
                                abbreviation, in any case
other enums                     their value (``"counted"``); the member name is also read
``int``                         an integer: ``true`` and ``2.7`` are rejected, not coerced
NIK, No. KK                     masked (``"3171********0001"``) unless revealed
person names                    masked (``"S*** A***"``) unless revealed
attrs classes                   objects, recursively; unknown keys are rejected
==============================  ==============================================

Examples:
    >>> from dayasos.money import Rupiah
    >>> from dayasos.periods import Triwulan
    >>> to_json({"paid": Rupiah(1_625_000), "period": Triwulan(2021, 2)})
    '{"paid": 1625000, "period": "2021-T2"}'
    >>> from_json('"Rp1.625.000"', Rupiah)
    Rupiah(1625000)

Structuring reports **every** problem of a document in one pass: the wrong types, the values
out of range and the rules between fields of each object (a man cannot be pregnant), each with
its JSON path (``$.members[2].birth_date``), as one :class:`~dayasos.errors.BulkValidationError`.
The rejected values are never echoed, so personal data in an input cannot reach a message.
"""

from __future__ import annotations

import enum
import json
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import CattrsError

from dayasos.categories._base import Category
from dayasos.errors import BulkValidationError, CategoryNotFoundError, DayasosError, ValidationError
from dayasos.money import Percentage, Rupiah
from dayasos.parameters.model import Parameter, ParameterValue, Unit, Value
from dayasos.periods import FiscalYear, Month, Period, Semester, Triwulan, parse_period

__all__ = [
    "converter",
    "enum_spellings",
    "from_json",
    "make_converter",
    "revealing_converter",
    "structure",
    "to_json",
    "unstructure",
]

T = TypeVar("T")


_FIELD_ERRORS = (DayasosError, ValueError, TypeError, LookupError, CattrsError)
"""What a hook may raise for a bad value (besides the BulkValidationError of a nested one)."""


def _bulk(problems: list[tuple[str, str]]) -> BulkValidationError:
    """Problems found below one value, each ``field`` a path relative to it (``.members[0]``);
    the enclosing object or array prefixes its own part, :func:`structure` the ``$``."""
    return BulkValidationError(
        "value", [ValidationError(path, problem) for path, problem in problems]
    )


def _one(problem: str) -> BulkValidationError:
    return _bulk([("", problem)])


def _join(prefix: str, path: str) -> str:
    return prefix + path if not path or path[0] in ".[" else f"{prefix}.{path}"


def _pairs(exc: BulkValidationError) -> list[tuple[str, str]]:
    return [(e.field, e.problem) for e in exc.errors]


def _problem_of(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return exc.problem
    if isinstance(exc, CategoryNotFoundError):
        return f"is not a known {exc.category}"
    return str(exc) or type(exc).__name__


# ---------------------------------------------------------------------------- leaf hooks


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    raise _one(f"must be a text, not {_kind(value)}")


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _one(f"must be an integer, not {_kind(value)}")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise _one(f"must be true or false, not {_kind(value)}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise _one(f"must be a number, not {_kind(value)}")


def _structure_rupiah(value: Any, _: type) -> Rupiah:
    if isinstance(value, Rupiah):
        return value
    if isinstance(value, str):
        return Rupiah.parse(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Rupiah(value)
    raise _one("must be an integer number of rupiah or a text like 'Rp1.000'")


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, float | bool):
        raise _one("must be a decimal written as text, not a float or bool")
    try:
        d = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise _one("is not a decimal number") from None
    if not d.is_finite():
        raise _one("must be finite")
    return d


def _structure_fraction(value: Any, _: type) -> Fraction:
    if isinstance(value, float | bool):
        raise _one("must be a fraction written as text, not a float or bool")
    try:
        return Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise _one("is not a fraction like '1/3'") from None


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _one("must be an ISO date like 2020-07-01")


def _structure_period(value: Any, cls: type) -> Period:
    if not isinstance(value, Period | str):
        raise _one("must be a period like '2020', '2020-07', '2020-T2' or '2020-S1'")
    p = value if isinstance(value, Period) else parse_period(value)
    if cls is not Period and not isinstance(p, cls):
        raise _one(f"must be a {cls.__name__}")
    return p


def _structure_value(value: Any, _: Any) -> Value | None:
    """A parameter value as read from JSON; its unit finishes the conversion (see
    :func:`_structure_parameter`)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return tuple(value)
    raise _one("must be an integer, a decimal text, a boolean, a code or a list of months")


def _is_identity(t: Any) -> bool:
    """A personal number (NIK, No. KK): a type with ``reveal()`` and ``parse()``. Found by
    shape, so this module does not import the registry (which imports it)."""
    return (
        isinstance(t, type)
        and callable(getattr(t, "reveal", None))
        and callable(getattr(t, "parse", None))
    )


def _is_region(t: Any) -> bool:
    return isinstance(t, type) and (t.__module__, t.__name__) == (
        "dayasos.registry.identity",
        "RegionCode",
    )


def _is_monthly_plan(t: Any) -> bool:
    return isinstance(t, type) and (t.__module__, t.__name__) == (
        "dayasos.budget.dipa",
        "MonthlyPlan",
    )


def _monthly_plan_hook(cls: type) -> Callable[[Any, Any], Any]:
    """A budget plan: an object from month (``"2022-03"``) to rupiah."""

    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            raise _one(f"must be an object from month to rupiah, not {_kind(value)}")
        out: dict[Month, Rupiah] = {}
        problems: list[tuple[str, str]] = []
        for k, v in value.items():
            try:
                out[_structure_period(k, Month)] = _structure_rupiah(v, Rupiah)  # type: ignore[index]
            except BulkValidationError as p:
                problems.extend((_join(f".{k}", sub), m) for sub, m in _pairs(p))
            except _FIELD_ERRORS as exc:
                problems.append((f".{k}", _problem_of(exc)))
        if problems:
            raise _bulk(problems)
        return cls(out)

    return hook


def _text_hook(cls: type) -> Callable[[Any, type], Any]:
    parse = cls.parse  # type: ignore[attr-defined]

    def hook(value: Any, _: type) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise _one(f"must be a text, not {_kind(value)}")
        return parse(value)

    return hook


# ---------------------------------------------------------------------------- enums


def enum_spellings(cls: type[enum.Enum]) -> tuple[str, ...]:
    """Every documented spelling the converter reads for ``cls``, canonical value first.

    For a category enum: the code, the Indonesian name, the member name and the abbreviations
    (among them the CSV letters, ``"P"`` and ``"L"`` for :class:`~dayasos.categories.Sex`),
    each also in lower and upper case; for other enums the value and the member name. The
    converter also accepts categories in any other case, with spaces, hyphens, underscores
    and slashes interchangeable.

    Examples:
        >>> from dayasos.categories import Sex
        >>> enum_spellings(Sex)[:4]
        ('m', 'f', 'Laki-laki', 'Perempuan')
        >>> {"perempuan", "P", "PEREMPUAN"} <= set(enum_spellings(Sex))
        True
    """
    out: list[str] = []
    if issubclass(cls, Category):
        members: list[Category] = list(cls)
        base = [
            *(m.code for m in members),
            *(m.name_id for m in members),
            *(m.name for m in members),
            *(a for m in members for a in m.abbreviations),
        ]
        groups: list[list[str]] = [base, [t.lower() for t in base], [t.upper() for t in base]]
    else:
        groups = [[str(m.value) for m in cls], [m.name for m in cls]]
    for group in groups:
        for s in group:
            if s not in out:
                out.append(s)
    return tuple(out)


def _valid_values(cls: type[enum.Enum]) -> str:
    if issubclass(cls, Category):
        return ", ".join(f"{m.code} ({m.name_id})" for m in cls)
    return ", ".join(str(m.value) for m in cls)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, type], Any]:
    by_text: dict[str, enum.Enum] = {}
    for m in cls:
        by_text.setdefault(str(m.value), m)
        by_text.setdefault(m.name, m)
        if isinstance(m, Category):
            for text in (m.name_id, *m.abbreviations):
                by_text.setdefault(text, m)

    def hook(value: Any, _: type) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            found = by_text.get(value)
            if found is not None:
                return found
            if issubclass(cls, Category):
                try:
                    return cls.parse(value)
                except CategoryNotFoundError:
                    pass
        raise _one(f"must be one of: {_valid_values(cls)}")

    return hook


def _literal_hook(t: Any) -> Callable[[Any, Any], Any]:
    allowed = typing.get_args(t)
    shown = ", ".join(json.dumps(a) for a in allowed)

    def hook(value: Any, _: Any) -> Any:
        for a in allowed:  # bool is not 1, 1.0 is not 1
            if value == a and type(value) is type(a):
                return a
        raise _one(f"must be one of: {shown}")

    return hook


def _is_literal(t: Any) -> bool:
    return typing.get_origin(t) is typing.Literal


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


# ---------------------------------------------------------------------------- containers


def _sequence_factory(c: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(t: Any) -> Any:
        origin = typing.get_origin(t)
        args = typing.get_args(t)
        item = args[0] if args else Any
        as_tuple = origin is tuple
        item_hook: list[Callable[[Any, Any], Any]] = []

        def hook(value: Any, _: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise _one(f"must be an array, not {_kind(value)}")
            if not item_hook:
                item_hook.append(c.get_structure_hook(item))
            structure_item = item_hook[0]
            out: list[Any] = []
            problems: list[tuple[str, str]] = []
            for i, v in enumerate(value):
                try:
                    out.append(structure_item(v, item))
                except BulkValidationError as p:
                    problems.extend((_join(f"[{i}]", sub), m) for sub, m in _pairs(p))
                except _FIELD_ERRORS as exc:
                    problems.append((f"[{i}]", _problem_of(exc)))
            if problems:
                raise _bulk(problems)
            return tuple(out) if as_tuple else out

        return hook

    return factory


def _is_homogeneous_sequence(t: Any) -> bool:
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin is list:
        return True
    return origin is tuple and len(args) == 2 and args[1] is Ellipsis


def _mapping_factory(c: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(t: Any) -> Any:
        args = typing.get_args(t)
        value_type = args[1] if len(args) == 2 else Any

        def hook(value: Any, _: Any) -> Any:
            if not isinstance(value, Mapping):
                raise _one(f"must be an object, not {_kind(value)}")
            out: dict[str, Any] = {}
            problems: list[tuple[str, str]] = []
            for k, v in value.items():
                if not isinstance(k, str):
                    problems.append(("", "keys must be texts"))
                    continue
                try:
                    out[k] = c.structure(v, value_type)
                except BulkValidationError as p:
                    problems.extend((_join(f".{k}", sub), m) for sub, m in _pairs(p))
                except _FIELD_ERRORS as exc:
                    problems.append((f".{k}", _problem_of(exc)))
            if problems:
                raise _bulk(problems)
            return out

        return hook

    return factory


def _is_str_mapping(t: Any) -> bool:
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    return origin in (dict, Mapping) and bool(args) and args[0] is str


# ---------------------------------------------------------------------------- attrs classes


_SLOW: Any = object()
"""What a fast reader returns when a value is not in the plain form it handles."""

Fast = Callable[[Any], Any]


def _fast_reader(t: Any, seen: dict[Any, Fast | None]) -> Fast | None:
    """A reader for the plain, well-formed JSON of ``t`` (exact types, canonical spellings),
    returning :data:`_SLOW` for anything else; ``None`` when ``t`` has no plain form. Well-formed
    documents (the common case of a service) are read without the cattrs dispatch; a value the
    fast reader declines goes through the hooks that report every problem."""
    if t in seen:
        return seen[t]
    seen[t] = None  # no fast path through a recursive type
    out = _build_fast(t, seen)
    seen[t] = out
    return out


def _build_fast(t: Any, seen: dict[Any, Fast | None]) -> Fast | None:
    if t is str or t is int or t is bool:
        return lambda v: v if type(v) is t else _SLOW
    if t is date:

        def read_date(v: Any) -> Any:
            if type(v) is not str or len(v) != 10:
                return _SLOW
            try:
                return date.fromisoformat(v)
            except ValueError:
                return _SLOW

        return read_date
    if _is_enum(t):
        table = {str(m.value): m for m in t}
        if issubclass(t, Category):
            for m in t:
                for text in (m.name_id, *m.abbreviations):
                    table.setdefault(text, m)
        return lambda v: table.get(v, _SLOW) if type(v) is str else _SLOW
    if _is_literal(t):
        allowed = {(type(a), a) for a in typing.get_args(t)}
        return lambda v: v if (type(v), v) in allowed else _SLOW
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            return None
        inner = _fast_reader(rest[0], seen)
        if inner is None:
            return None
        return lambda v: None if v is None else inner(v)
    if _is_homogeneous_sequence(t):
        item = _fast_reader(args[0], seen) if args else None
        if item is None:
            return None
        as_tuple = origin is tuple

        def read_items(v: Any) -> Any:
            if type(v) is not list:
                return _SLOW
            out = [item(x) for x in v]
            if any(x is _SLOW for x in out):
                return _SLOW
            return tuple(out) if as_tuple else out

        return read_items
    if isinstance(t, type) and attrs.has(t) and t not in _CUSTOM:
        hints = typing.get_type_hints(t)
        fields = [
            (a.alias or a.name, a.default is attrs.NOTHING, hints[a.name])
            for a in attrs.fields(t)
            if a.init
        ]
        readers = []
        for key, required, ft in fields:
            r = _fast_reader(ft, seen)
            if r is None:
                return None
            readers.append((key, required, r))
        keys = frozenset(k for k, _, _ in readers)
        cls = t

        def read_object(v: Any) -> Any:
            if type(v) is not dict or not keys.issuperset(v):
                return _SLOW
            kwargs = {}
            for key, required, r in readers:
                if key in v:
                    x = r(v[key])
                    if x is _SLOW:
                        return _SLOW
                    kwargs[key] = x
                elif required:
                    return _SLOW
            try:
                return cls(**kwargs)
            except _FIELD_ERRORS:
                return _SLOW

        return read_object
    return None


_CUSTOM: set[Any] = {
    Rupiah,
    Percentage,
    Parameter,
    Unit,
    Period,
    Month,
    Triwulan,
    Semester,
    FiscalYear,
}
"""attrs classes with their own hook: no generic fast path."""


def _attrs_factory(c: cattrs.Converter) -> Callable[[type], Any]:
    def factory(cls: type) -> Any:
        fields = attrs.fields(cls)
        keys = {a.alias or a.name: a for a in fields if a.init}
        names = ", ".join(keys)
        field_hooks: list[tuple[str, Any, Callable[[Any, Any], Any], bool]] = []
        fast: list[Fast | None] = []

        def hooks() -> list[tuple[str, Any, Callable[[Any, Any], Any], bool]]:
            if not field_hooks:  # resolved on first use, so recursive types work
                hints = typing.get_type_hints(cls)
                for key, a in keys.items():
                    t = hints[a.name]
                    required = a.default is attrs.NOTHING
                    field_hooks.append((key, t, c.get_structure_hook(t), required))
            return field_hooks

        aliases: Mapping[str, str] = getattr(cls, "JSON_ALIASES", {})

        def hook(value: Any, t: type) -> Any:
            if aliases and isinstance(value, Mapping) and any(k in value for k in aliases):
                return _aliased(value, aliases, lambda v: read_fields(v, t))
            return read_fields(value, t)

        def read_fields(value: Any, _: type) -> Any:
            if not fast:
                fast.append(None if _is_identity(cls) or _is_region(cls) else _fast_reader(cls, {}))
            read = fast[0]
            if read is not None:
                done = read(value)
                if done is not _SLOW:
                    return done
            if isinstance(value, cls):
                return value
            if not isinstance(value, Mapping):
                raise _one(f"must be an object ({cls.__name__}), not {_kind(value)}")
            problems: list[tuple[str, str]] = []
            kwargs: dict[str, Any] = {}
            present = 0
            for key, t, structure_field, required in hooks():
                if key not in value:
                    if required:
                        problems.append((f".{key}", "is required"))
                    continue
                present += 1
                try:
                    kwargs[key] = structure_field(value[key], t)
                except BulkValidationError as p:
                    problems.extend((_join(f".{key}", sub), m) for sub, m in _pairs(p))
                except _FIELD_ERRORS as exc:
                    problems.append((f".{key}", _problem_of(exc)))
            if len(value) > present:
                problems.extend(
                    ("", f"has an unknown field {k!r}; the fields of {cls.__name__} are: {names}")
                    for k in value
                    if k not in keys
                )
            if not problems:
                try:
                    return cls(**kwargs)
                except _FIELD_ERRORS:
                    pass  # the checks below say every problem, not only the first
            problems.extend(_field_checks(kwargs, keys))
            problems.extend(_partial_checks(cls, fields, kwargs, keys))
            if not problems:  # a failure no check could locate
                try:
                    return cls(**kwargs)
                except ValidationError as exc:
                    problems.append((_where(exc, keys), exc.problem))
                except _FIELD_ERRORS as exc:
                    problems.append(("", _problem_of(exc)))
            raise _bulk(problems)

        return hook

    return factory


def _aliased(
    value: Mapping[str, Any], aliases: Mapping[str, str], read: Callable[[Any], Any]
) -> Any:
    """Read ``value`` with its deprecated keys (``aliases``: old key to field name) renamed;
    a problem of a renamed field is reported under the key given."""
    renamed = dict(value)
    back: dict[str, str] = {}
    for old, new in aliases.items():
        if old in renamed:
            if new in renamed:
                raise _bulk([(f".{old}", f"is the deprecated name of {new!r}; give only {new!r}")])
            renamed[new] = renamed.pop(old)
            back[f".{new}"] = f".{old}"
    try:
        return read(renamed)
    except BulkValidationError as exc:
        problems = []
        for path, problem in _pairs(exc):
            for new, old in back.items():
                if path == new or path.startswith((new + ".", new + "[")):
                    path = old + path[len(new) :]
            problems.append((path, problem))
        raise _bulk(problems) from None


def _field_checks(kwargs: dict[str, Any], keys: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Run each field's converter and validator on the structured fields; keep the converted
    values in ``kwargs`` and drop the rejected ones."""
    problems: list[tuple[str, str]] = []
    for key in list(kwargs):
        a = keys[key]
        try:
            v = kwargs[key]
            if a.converter is not None:
                v = a.converter(v)
            if a.validator is not None:
                a.validator(None, a, v)
            kwargs[key] = v
        except ValidationError as exc:
            where = f".{key}" if exc.index is None else f".{key}[{exc.index}]"
            problems.append((where, exc.problem))
            del kwargs[key]
        except _FIELD_ERRORS as exc:
            problems.append((f".{key}", _problem_of(exc)))
            del kwargs[key]
    return problems


def _where(exc: ValidationError, keys: Mapping[str, Any]) -> str:
    if exc.field in keys:
        return f".{exc.field}" if exc.index is None else f".{exc.field}[{exc.index}]"
    return ""


def _partial_checks(
    cls: type, fields: Any, kwargs: Mapping[str, Any], keys: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Run the class's rules between fields on the fields that were valid, so one pass reports
    them beside the field problems; a rule that reads an invalid field is skipped."""
    post = getattr(cls, "__attrs_post_init__", None)
    if post is None:
        return []
    partial: Any = object.__new__(cls)
    for a in fields:
        key = a.alias or a.name
        if key in kwargs:
            object.__setattr__(partial, a.name, kwargs[key])
        elif a.default is not attrs.NOTHING and not isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            object.__setattr__(partial, a.name, a.default)
    try:
        post(partial)
    except ValidationError as exc:
        return [(_where(exc, keys), exc.problem)]
    except (AttributeError, DayasosError, ValueError, TypeError):
        return []
    return []


def _structure_parameter(base: Callable[[Any, type], Any]) -> Callable[[Any, type], Parameter]:
    def hook(value: Any, cls: type) -> Parameter:
        p: Parameter = base(value, cls)
        values: list[ParameterValue] = []
        problems: list[tuple[str, str]] = []
        for i, v in enumerate(p.values):
            try:
                checked = None if v.value is None else p.unit.check(v.value, "value")
                values.append(attrs.evolve(v, value=checked))
            except ValidationError as exc:
                problems.append((f".values[{i}].value", exc.problem))
        if problems:
            raise _bulk(problems)
        return attrs.evolve(p, values=tuple(values))

    return hook


# ---------------------------------------------------------------------------- unstructure


def _masking_factory(c: cattrs.Converter) -> Callable[[type], Any]:
    """attrs classes whose fields have a masking ``repr`` (person names) write that masked form."""

    def factory(cls: type) -> Any:
        masked = {a.name: a.repr for a in attrs.fields(cls) if callable(a.repr)}
        names = [(a.name, a.alias or a.name) for a in attrs.fields(cls) if a.init]

        def hook(obj: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name, key in names:
                v = getattr(obj, name)
                mask = masked.get(name)
                out[key] = mask(v) if mask is not None else c.unstructure(v)
            return out

        return hook

    return factory


def _has_masked_field(t: Any) -> bool:
    return attrs.has(t) and any(callable(a.repr) for a in attrs.fields(t))


def make_converter(*, reveal: bool = False) -> cattrs.Converter:
    """A new converter with the dayasos hooks; extend it for your own types.

    Args:
        reveal: write NIK, No. KK and person names in full. Only for real exports to a
            place allowed to hold personal data; the default masks them.
    """
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_structure_hook(str, _structure_str)
    c.register_structure_hook(int, _structure_int)
    c.register_structure_hook(bool, _structure_bool)
    c.register_structure_hook(float, _structure_float)
    # predicates registered later are tried first: the generic attrs hook goes first
    attrs_hook = _attrs_factory(c)
    c.register_structure_hook_factory(attrs.has, attrs_hook)
    c.register_unstructure_hook(Rupiah, lambda r: r.amount)
    c.register_structure_hook(Rupiah, _structure_rupiah)
    c.register_unstructure_hook(Percentage, lambda p: f"{p.value.numerator}/{p.value.denominator}")
    c.register_structure_hook(Percentage, lambda v, _: Percentage(_structure_fraction(v, Fraction)))
    c.register_unstructure_hook(Decimal, str)
    c.register_structure_hook(Decimal, _structure_decimal)
    c.register_unstructure_hook(Fraction, str)
    c.register_structure_hook(Fraction, _structure_fraction)
    c.register_unstructure_hook(date, date.isoformat)
    c.register_structure_hook(date, _structure_date)
    for cls in (Period, Month, Triwulan, Semester, FiscalYear):
        c.register_unstructure_hook(cls, str)
        c.register_structure_hook(cls, _structure_period)
    c.register_unstructure_hook(Unit, str)
    c.register_structure_hook(Unit, lambda v, _: Unit.parse(v))
    c.register_structure_hook(Value | None, _structure_value)
    c.register_unstructure_hook_func(_is_identity, (lambda v: v.reveal()) if reveal else str)
    c.register_structure_hook_factory(_is_identity, _text_hook)
    c.register_unstructure_hook_func(
        _is_monthly_plan, lambda plan: {str(m): r.amount for m, r in plan.items()}
    )
    c.register_structure_hook_factory(_is_monthly_plan, _monthly_plan_hook)
    c.register_unstructure_hook_func(_is_region, str)
    c.register_structure_hook_factory(_is_region, _text_hook)
    c.register_unstructure_hook_func(_is_enum, lambda e: e.value)
    c.register_structure_hook_factory(_is_enum, _enum_hook)
    c.register_structure_hook_factory(_is_literal, _literal_hook)
    c.register_structure_hook_factory(_is_homogeneous_sequence, _sequence_factory(c))
    c.register_structure_hook_factory(_is_str_mapping, _mapping_factory(c))
    c.register_structure_hook(Parameter, _structure_parameter(attrs_hook(Parameter)))
    if not reveal:
        c.register_unstructure_hook_factory(_has_masked_field, _masking_factory(c))
    return c


converter = make_converter()
"""The shared converter: personal identifiers and names are written masked."""

revealing_converter = make_converter(reveal=True)
"""The converter of real exports: NIK, No. KK and names written in full."""


def unstructure(obj: Any, *, reveal: bool = False) -> Any:
    """``obj`` as plain JSON-ready data (dicts, lists, str, int, bool, None).

    Args:
        obj: any value the converter knows.
        reveal: write NIK, No. KK and names in full (default: masked).
    """
    return (revealing_converter if reveal else converter).unstructure(obj)


def structure(data: Any, cls: type[T], *, using: cattrs.Converter | None = None) -> T:
    """Build a ``cls`` from plain data, reporting every problem of the document at once.

    Args:
        data: parsed JSON (dicts, lists, texts, numbers, booleans, null).
        cls: the type to build.
        using: a converter made with :func:`make_converter` and extended (default: the
            shared one).

    Raises:
        BulkValidationError: one :class:`~dayasos.errors.ValidationError` per problem, its
            ``field`` the JSON path (``$.members[2].birth_date``) and ``problem`` what is
            wrong (for an enum, the valid values).
    """
    try:
        return (using or converter).structure(data, cls)
    except BulkValidationError as p:
        errors = [ValidationError(_join("$", path), problem) for path, problem in _pairs(p)]
    except ValidationError as exc:
        errors = [ValidationError("$", exc.problem)]
    except (DayasosError, ValueError, TypeError, LookupError, cattrs.BaseValidationError) as exc:
        errors = [ValidationError("$", _problem_of(exc))]
    raise BulkValidationError(_type_name(cls), errors)


def _type_name(cls: Any) -> str:
    return getattr(cls, "__name__", None) or str(cls)


def to_json(obj: Any, *, indent: int | None = None, reveal: bool = False) -> str:
    """``obj`` as JSON text (UTF-8 characters kept).

    Args:
        obj: any value the converter knows.
        indent: pretty-print with this indent.
        reveal: write NIK, No. KK and names in full (an explicit choice for real exports).
    """
    return json.dumps(unstructure(obj, reveal=reveal), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Parse JSON text into a ``cls`` (see :func:`structure`); text that is not JSON is
    reported as one problem at ``$``."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise BulkValidationError(
            _type_name(cls), [ValidationError("$", f"is not JSON ({msg}{where})")]
        ) from None
    except RecursionError:
        raise BulkValidationError(
            _type_name(cls), [ValidationError("$", "is nested too deeply")]
        ) from None
    return structure(data, cls)
