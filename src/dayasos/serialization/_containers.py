"""Hooks of enums (every spelling a user may write), literals, sequences and mappings."""

from __future__ import annotations

import enum
import json
import typing
from collections.abc import Callable, Mapping
from typing import Any

import cattrs

from dayasos.categories._base import Category
from dayasos.errors import CategoryNotFoundError
from dayasos.serialization._leaves import (
    FIELD_ERRORS,
    add_problems,
    bulk,
    kind,
    one_problem,
)

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


def enum_hook(cls: type[enum.Enum]) -> Callable[[Any, type], Any]:
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
        raise one_problem(f"must be one of: {_valid_values(cls)}")

    return hook


def literal_hook(t: Any) -> Callable[[Any, Any], Any]:
    allowed = typing.get_args(t)
    shown = ", ".join(json.dumps(a) for a in allowed)

    def hook(value: Any, _: Any) -> Any:
        for a in allowed:  # bool is not 1, 1.0 is not 1
            if value == a and type(value) is type(a):
                return a
        raise one_problem(f"must be one of: {shown}")

    return hook


def is_literal(t: Any) -> bool:
    return typing.get_origin(t) is typing.Literal


def is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


# ---------------------------------------------------------------------------- containers


def sequence_factory(c: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(t: Any) -> Any:
        origin = typing.get_origin(t)
        args = typing.get_args(t)
        item = args[0] if args else Any
        as_tuple = origin is tuple
        item_hook: list[Callable[[Any, Any], Any]] = []

        def hook(value: Any, _: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise one_problem(f"must be an array, not {kind(value)}")
            if not item_hook:
                item_hook.append(c.get_structure_hook(item))
            structure_item = item_hook[0]
            out: list[Any] = []
            problems: list[tuple[str, str]] = []
            for i, v in enumerate(value):
                try:
                    out.append(structure_item(v, item))
                except FIELD_ERRORS as exc:
                    add_problems(problems, f"[{i}]", exc)
            if problems:
                raise bulk(problems)
            return tuple(out) if as_tuple else out

        return hook

    return factory


def is_homogeneous_sequence(t: Any) -> bool:
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin is list:
        return True
    return origin is tuple and len(args) == 2 and args[1] is Ellipsis


def mapping_factory(c: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(t: Any) -> Any:
        args = typing.get_args(t)
        value_type = args[1] if len(args) == 2 else Any

        def hook(value: Any, _: Any) -> Any:
            if not isinstance(value, Mapping):
                raise one_problem(f"must be an object, not {kind(value)}")
            out: dict[str, Any] = {}
            problems: list[tuple[str, str]] = []
            for k, v in value.items():
                if not isinstance(k, str):
                    problems.append(("", "keys must be texts"))
                    continue
                try:
                    out[k] = c.structure(v, value_type)
                except FIELD_ERRORS as exc:
                    add_problems(problems, f".{k}", exc)
            if problems:
                raise bulk(problems)
            return out

        return hook

    return factory


def is_str_mapping(t: Any) -> bool:
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    return origin in (dict, Mapping) and bool(args) and args[0] is str
