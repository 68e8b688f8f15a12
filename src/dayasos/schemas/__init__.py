"""JSON Schemas of the public value types, generated from the attrs classes.

Each public input and output type has a JSON Schema (draft 2020-12) generated from its attrs
class by :func:`json_schema`, so the schema cannot drift from the code. The generated files
ship with the package (``dayasos/schemas/*.schema.json``, one per name of :data:`SCHEMA_TYPES`);
:func:`shipped_schema` reads one, :func:`write_schemas` (or ``python -m dayasos.schemas DIR``)
regenerates them, and a test holds the shipped files equal to the generated ones.

The schemas describe what the converter of :mod:`dayasos.serialization` writes, and accept
every documented spelling it reads (enum codes, Indonesian names and CSV letters as written
in the docs; the converter also ignores their case). Unknown keys are rejected
(``additionalProperties: false``).

Examples:
    >>> schema = json_schema(PkhFamily)
    >>> schema["$ref"], sorted(schema["$defs"])[:2]
    ('#/$defs/PkhFamily', ['PkhFamily', 'PkhMember'])
    >>> schema["$defs"]["PkhMember"]["properties"]["sex"]["enum"][:4]
    ['m', 'f', 'Laki-laki', 'Perempuan']
"""

from __future__ import annotations

import ast
import enum
import functools
import inspect
import itertools
import json
import textwrap
import types
import typing
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from dayasos.budget.codes import BudgetLineKey
from dayasos.budget.dipa import DipaLine, MonthlyPlan, PaguEvent, Realization
from dayasos.eligibility.decision import Decision
from dayasos.eligibility.pkh import PkhEntitlement, PkhFamily, PkhMember
from dayasos.eligibility.programmes import ProgrammeEntitlement
from dayasos.errors import ValidationError
from dayasos.money import Percentage, Rupiah
from dayasos.parameters.model import Parameter, Unit, Value
from dayasos.periods import FiscalYear, Month, Period, Semester, Triwulan
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.model import Family, Membership, Person, WelfareRank
from dayasos.schemas.compact import (
    CompactDecision,
    CompactPkhEntitlement,
    CompactProgrammeEntitlement,
)
from dayasos.serialization import enum_spellings

__all__ = [
    "DIALECT",
    "SCHEMA_TYPES",
    "generate_schemas",
    "json_schema",
    "shipped_schema",
    "write_schemas",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schemas (also the one of OpenAPI 3.1)."""

_PERIOD = r"^[0-9]{4}(-(0[1-9]|1[0-2])|-T[1-4]|-S[12])?$"
_LEAVES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    float: {"type": "number"},
    date: {"type": "string", "format": "date"},
    Decimal: {"type": "string", "pattern": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"},
    Fraction: {"type": "string", "pattern": r"^[+-]?[0-9]+(/[0-9]+)?$"},
    Rupiah: {"type": "integer", "description": "An amount in whole rupiah."},
    Percentage: {"type": "string", "pattern": r"^[+-]?[0-9]+(/[0-9]+)?$"},
    Period: {"type": "string", "pattern": _PERIOD},
    Month: {"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$"},
    Triwulan: {"type": "string", "pattern": r"^[0-9]{4}-T[1-4]$"},
    Semester: {"type": "string", "pattern": r"^[0-9]{4}-S[12]$"},
    FiscalYear: {"type": "string", "pattern": r"^[0-9]{4}$"},
    Unit: {"type": "string", "description": "A unit such as 'rupiah/person/year'."},
    Nik: {
        "type": "string",
        "pattern": r"^[0-9]{4}([0-9]{8}|\*{8})[0-9]{4}$",
        "description": "NIK: 16 digits; written masked (3171********0001) unless revealed.",
    },
    NoKK: {
        "type": "string",
        "pattern": r"^[0-9]{4}([0-9]{8}|\*{8})[0-9]{4}$",
        "description": "No. KK: 16 digits; written masked unless revealed.",
    },
    RegionCode: {"type": "string", "pattern": r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"},
    Value | None: {
        "anyOf": [
            {"type": "integer"},
            {"type": "boolean"},
            {"type": "string"},
            {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 12}},
            {"type": "null"},
        ]
    },
    MonthlyPlan: {
        "type": "object",
        "propertyNames": {"pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$"},
        "additionalProperties": {"type": "integer"},
        "description": "Planned disbursement by month (YYYY-MM), in rupiah.",
    },
    Any: {},
    type(None): {"type": "null"},
}

SCHEMA_TYPES: Mapping[str, type] = {
    # inputs and values
    "pkh-family": PkhFamily,
    "pkh-member": PkhMember,
    "person": Person,
    "family": Family,
    "membership": Membership,
    "welfare-rank": WelfareRank,
    "parameter": Parameter,
    "budget-line-key": BudgetLineKey,
    "pagu-event": PaguEvent,
    "realization": Realization,
    "dipa-line": DipaLine,
    # outputs
    "decision": Decision,
    "compact-decision": CompactDecision,
    "pkh-entitlement": PkhEntitlement,
    "compact-pkh-entitlement": CompactPkhEntitlement,
    "programme-entitlement": ProgrammeEntitlement,
    "compact-programme-entitlement": CompactProgrammeEntitlement,
}
"""The types with a shipped schema, by file stem (``pkh-family.schema.json``). The request
and response documents of ``dayasos serve`` are added by :mod:`dayasos.service`."""


def _bounds(validator: Any) -> dict[str, Any]:
    """Bounds a shared validator declares in its closure (``int_in_range``), if any."""
    if validator is None or not inspect.isfunction(validator):
        return {}
    qual = validator.__qualname__
    free = inspect.getclosurevars(validator).nonlocals
    out: dict[str, Any] = {}
    if qual.startswith("int_in_range."):
        if free.get("low") is not None:
            out["minimum"] = free["low"]
        if free.get("high") is not None:
            out["maximum"] = free["high"]
    elif qual.startswith("non_empty_text."):
        out["minLength"] = 1
        out["pattern"] = r"\S"
    return out


class _Builder:
    def __init__(self, ref_prefix: str) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.prefix = ref_prefix

    def of(self, t: Any) -> dict[str, Any]:
        leaf = _LEAVES.get(t)
        if leaf is not None:
            return dict(leaf)
        origin = typing.get_origin(t)
        args = typing.get_args(t)
        if origin in (typing.Union, types.UnionType):
            options = [self.of(a) for a in args]
            return {"anyOf": options}
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin in (tuple, list):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                return {"type": "array", "prefixItems": [self.of(a) for a in args], "items": False}
            return {"type": "array", "items": self.of(args[0]) if args else {}}
        if origin in (dict, Mapping) or t is dict:
            return {"type": "object", "additionalProperties": self.of(args[1]) if args else {}}
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return {"type": "string", "enum": list(enum_spellings(t))}
        if isinstance(t, type) and attrs.has(t):
            return self.attrs_class(t)
        raise ValidationError("type", f"no JSON Schema for {t!r}")

    def attrs_class(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        ref = {"$ref": f"{self.prefix}{name}"}
        if name in self.defs:
            return ref
        self.defs[name] = {}  # placeholder: recursive references resolve to the ref
        hints = typing.get_type_hints(cls)
        props: dict[str, Any] = {}
        required: list[str] = []
        for a in attrs.fields(cls):
            if not a.init:
                continue
            key = a.alias or a.name
            prop = self.of(hints[a.name])
            prop.update(_bounds(a.validator))
            doc = _field_doc(cls, a.name)
            if doc and "$ref" not in prop:
                prop["description"] = doc
            if a.default is attrs.NOTHING:
                required.append(key)
            props[key] = prop
        for old, new in getattr(cls, "JSON_ALIASES", {}).items():
            props[old] = {
                **{k: v for k, v in props[new].items() if k != "description"},
                "deprecated": True,
                "description": f"Deprecated name of {new!r}, read until 0.2.0; give {new!r}.",
            }
        schema: dict[str, Any] = {"type": "object", "title": name}
        summary = _summary(cls)
        if summary:
            schema["description"] = summary
        schema["properties"] = props
        schema["required"] = required
        schema["additionalProperties"] = False
        self.defs[name] = schema
        return ref


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return doc.split("\n\n")[0].replace("\n", " ").strip()


@functools.cache
def _field_docs(cls: type) -> dict[str, str]:
    """The docstrings written under the fields of a class (``x: int`` then a string)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    out: dict[str, str] = {}
    for node, nxt in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            out[node.target.id] = " ".join(nxt.value.value.split())
    return out


def _field_doc(cls: type, name: str) -> str | None:
    return _field_docs(cls).get(name)


def json_schema(cls: type, *, ref_prefix: str = "#/$defs/") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an attrs class, its nested classes in ``$defs``.

    Args:
        cls: an attrs class the converter of :mod:`dayasos.serialization` knows.
        ref_prefix: where references point (``"#/components/schemas/"`` for OpenAPI).
    """
    b = _Builder(ref_prefix)
    root = b.of(cls)
    return {
        "$schema": DIALECT,
        "title": cls.__name__,
        **root,
        "$defs": dict(sorted(b.defs.items())),
    }


def component_schemas(types: typing.Iterable[type]) -> dict[str, dict[str, Any]]:
    """The schemas of ``types`` and every class they use, by class name, with references
    into ``#/components/schemas/`` (the ``components.schemas`` of an OpenAPI document)."""
    b = _Builder("#/components/schemas/")
    for t in types:
        b.of(t)
    return dict(sorted(b.defs.items()))


def _all_types() -> dict[str, type]:
    from dayasos.service import SERVICE_SCHEMA_TYPES

    return {**SCHEMA_TYPES, **SERVICE_SCHEMA_TYPES}


def generate_schemas() -> dict[str, dict[str, Any]]:
    """Every shipped schema, generated now, by file stem."""
    return {stem: json_schema(cls) for stem, cls in _all_types().items()}


def _dump(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(directory: str | Path | None = None) -> list[Path]:
    """Write every schema as ``<stem>.schema.json`` into ``directory`` (default: the
    package's own ``schemas`` folder), remove the ``*.schema.json`` files of types that no
    longer have one, and return the paths written."""
    target = Path(directory) if directory is not None else Path(__file__).parent
    target.mkdir(parents=True, exist_ok=True)
    schemas = generate_schemas()
    for old in target.glob("*.schema.json"):  # a type that was renamed or removed
        if old.name.removesuffix(".schema.json") not in schemas:
            old.unlink()
    out = []
    for stem, schema in schemas.items():
        path = target / f"{stem}.schema.json"
        path.write_text(_dump(schema), encoding="utf-8")
        out.append(path)
    return out


def shipped_schema(stem: str) -> dict[str, Any]:
    """The shipped schema ``<stem>.schema.json`` (see :data:`SCHEMA_TYPES`)."""
    if stem not in _all_types():
        known = ", ".join(_all_types())
        raise ValidationError("stem", f"no shipped schema {stem!r}; known: {known}")
    text = resources.files("dayasos.schemas").joinpath(f"{stem}.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
