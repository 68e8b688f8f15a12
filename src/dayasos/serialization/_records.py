"""The hook of attrs classes: every problem of an object in one pass, a fast path for
valid documents, deprecated field names read for one release."""

from __future__ import annotations

import contextlib
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs
import cattrs

from dayasos.categories._base import Category
from dayasos.errors import BulkValidationError, DayasosError, ValidationError
from dayasos.money import Percentage, Rupiah
from dayasos.parameters.model import Parameter, ParameterValue, Unit
from dayasos.periods import FiscalYear, Month, Period, Semester, Triwulan
from dayasos.serialization._containers import is_enum, is_homogeneous_sequence, is_literal
from dayasos.serialization._leaves import (
    FIELD_ERRORS,
    add_problems,
    bulk,
    is_identity,
    is_region,
    kind,
    one_problem,
    pairs,
    problem_of,
)

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
    if is_enum(t):
        table = {str(m.value): m for m in t}
        if issubclass(t, Category):
            for m in t:
                for text in (m.name_id, *m.abbreviations):
                    table.setdefault(text, m)
        return lambda v: table.get(v, _SLOW) if type(v) is str else _SLOW
    if is_literal(t):
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
    if is_homogeneous_sequence(t):
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
            except FIELD_ERRORS:
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


def attrs_factory(c: cattrs.Converter) -> Callable[[type], Any]:
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

        def hook(value: Any, as_type: type) -> Any:
            if not fast:
                fast.append(None if is_identity(cls) or is_region(cls) else _fast_reader(cls, {}))
            read = fast[0]
            if read is not None:
                done = read(value)
                if done is not _SLOW:
                    return done
            if aliases and isinstance(value, Mapping) and any(k in value for k in aliases):
                return _aliased(value, aliases, lambda v: hook(v, as_type))
            if isinstance(value, cls):
                return value
            if not isinstance(value, Mapping):
                raise one_problem(f"must be an object ({cls.__name__}), not {kind(value)}")
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
                except FIELD_ERRORS as exc:
                    add_problems(problems, f".{key}", exc)
            if len(value) > present:
                problems.extend(
                    ("", f"has an unknown field {k!r}; the fields of {cls.__name__} are: {names}")
                    for k in value
                    if k not in keys
                )
            if not problems:
                # on failure, the checks below say every problem, not only the first
                with contextlib.suppress(*FIELD_ERRORS):
                    return cls(**kwargs)
            problems.extend(_field_checks(kwargs, keys))
            problems.extend(_partial_checks(cls, fields, kwargs, keys))
            if not problems:  # a failure no check could locate
                try:
                    return cls(**kwargs)
                except ValidationError as exc:
                    problems.append((_where(exc, keys), exc.problem))
                except FIELD_ERRORS as exc:
                    problems.append(("", problem_of(exc)))
            raise bulk(problems)

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
                raise bulk([(f".{old}", f"is the deprecated name of {new!r}; give only {new!r}")])
            renamed[new] = renamed.pop(old)
            back[f".{new}"] = f".{old}"
    try:
        return read(renamed)
    except BulkValidationError as exc:
        problems = []
        for path, problem in pairs(exc):
            for new, old in back.items():
                if path == new or path.startswith((new + ".", new + "[")):
                    path = old + path[len(new) :]
            problems.append((path, problem))
        raise bulk(problems) from None


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
        except FIELD_ERRORS as exc:
            problems.append((f".{key}", problem_of(exc)))
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


def structure_parameter(base: Callable[[Any, type], Any]) -> Callable[[Any, type], Parameter]:
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
            raise bulk(problems)
        return attrs.evolve(p, values=tuple(values))

    return hook
