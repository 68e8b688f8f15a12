"""Registry JSON import and export: everything in a store (also welfare ranks and the
enrolment history) as one document built with the shared cattrs converter, nothing coerced
(see :mod:`dayasos.registry.io`)."""

from __future__ import annotations

import json
import os
from datetime import date
from typing import IO, Any, Final

import cattrs
from attrs import define

from dayasos._textio import Source, iso_date, read_source
from dayasos.categories import DisabilitySeverity, Programme, Relationship, SchoolLevel, Sex
from dayasos.errors import ValidationError
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.io_common import atomic_write, check_store, parse_code
from dayasos.registry.model import (
    Family,
    Membership,
    Person,
    StatusChange,
    WelfareRank,
)
from dayasos.registry.status_change_fields import (
    STATUS_CHANGE_FIELDS,
    STATUS_CHANGE_OPTIONAL,
    change_fields,
    change_of_fields,
)
from dayasos.registry.store import RegistryStore
from dayasos.serialization import make_converter, structure

__all__ = ["RegistryDocument", "export_json", "import_json", "registry_converter"]


@define(frozen=True, slots=True)
class RegistryDocument:
    """Everything in a store, as one value (the JSON form of a registry)."""

    persons: tuple[Person, ...] = ()
    families: tuple[Family, ...] = ()
    memberships: tuple[Membership, ...] = ()
    ranks: tuple[WelfareRank, ...] = ()
    status_changes: tuple[StatusChange, ...] = ()

    @classmethod
    def of(cls, store: RegistryStore) -> RegistryDocument:
        """A snapshot of the store's records, in the store's iteration order."""
        return cls(
            tuple(store.persons()),
            tuple(store.families()),
            tuple(store.memberships()),
            tuple(store.ranks()),
            tuple(store.status_changes()),
        )


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValidationError("text", f"must be a JSON string, not {_json_type(value)}")
    return value


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("integer", f"must be a JSON integer, not {_json_type(value)}")
    return value


def _strict_date(value: Any, _: type) -> date:
    if not isinstance(value, str):
        raise ValidationError("date", f"must be a YYYY-MM-DD string, not {_json_type(value)}")
    return iso_date(value, "date")


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return names.get(type(value), type(value).__name__)


def _digits_hook(cls: type[Nik] | type[NoKK]) -> Any:
    def structure(value: Any, _: type) -> Any:
        if not isinstance(value, str):
            raise ValidationError(cls.__name__.lower(), "must be a text of 16 digits")
        return cls.parse(value)

    return structure


def _category_hook(value: Any, cls: type) -> Any:
    if not isinstance(value, str):
        raise ValidationError(cls.__name__, "must be a text code")
    return parse_code(cls, value, cls.__name__)


def _region_hook(value: Any, _: type) -> RegionCode:
    if not isinstance(value, str):
        raise ValidationError("region", f"must be a JSON string, not {_json_type(value)}")
    return RegionCode.parse(value)


def _change_structure(value: Any, _: type) -> StatusChange:
    if not isinstance(value, dict):
        raise ValidationError("status_change", "must be an object")
    extra = set(value) - set(STATUS_CHANGE_FIELDS)
    if extra:
        raise ValidationError("status_change", f"has unknown keys {sorted(extra)}")
    for key in STATUS_CHANGE_FIELDS:
        given = value.get(key, "" if key in STATUS_CHANGE_OPTIONAL else None)
        if not isinstance(given, str):
            needed = "must be" if key in STATUS_CHANGE_OPTIONAL else "is required:"
            raise ValidationError(key, f"{needed} a JSON string, not {_json_type(given)}")
    return change_of_fields(value)


def registry_converter() -> cattrs.Converter:
    """The shared dayasos converter extended with the registry's identities and records."""
    c = make_converter(reveal=True)  # export_json is a real export: names in full
    c.register_structure_hook(str, _strict_str)
    c.register_structure_hook(int, _strict_int)
    c.register_structure_hook(date, _strict_date)
    for cls in (Nik, NoKK):
        c.register_unstructure_hook(cls, lambda v: v.reveal())
        c.register_structure_hook(cls, _digits_hook(cls))
    c.register_unstructure_hook(RegionCode, str)
    c.register_structure_hook(RegionCode, _region_hook)
    for cat in (Sex, DisabilitySeverity, SchoolLevel, Relationship, Programme):
        c.register_unstructure_hook(cat, lambda v: v.code)
        c.register_structure_hook(cat, _category_hook)
    c.register_unstructure_hook(StatusChange, change_fields)
    c.register_structure_hook(StatusChange, _change_structure)
    return c


_converter: Final = registry_converter()


def export_json(
    store: RegistryStore, target: str | os.PathLike[str] | IO[str] | None = None
) -> str:
    """The store as a JSON document (full numbers: an explicit reveal); also written to
    ``target`` if given (a path is written through a temporary file renamed over it, so a
    failure never leaves a truncated file)."""
    check_store(store)
    text = json.dumps(_converter.unstructure(RegistryDocument.of(store)), ensure_ascii=False)
    if isinstance(target, str | os.PathLike):
        atomic_write(target, lambda fh: fh.write(text))
    elif target is not None:
        target.write(text)
    return text


def import_json(source: Source, store: RegistryStore) -> RegistryDocument:
    """Read a registry JSON document into ``store``, all or nothing.

    Args:
        source: a file path (``str`` or path-like), ``bytes`` or an open file
            (``io.StringIO(text)`` for a text in memory).
        store: the store to write to.

    Raises:
        ValidationError: the text is not JSON, is nested too deeply, or is not an object.
        BulkValidationError: listing every malformed field with its path
            (``$.persons[2].birth_date``); nothing is written.
        RegistryConflictError: a record contradicts the store; nothing is written.
        SourceError, TextDecodeError: the source cannot be read or is not UTF-8.
    """
    check_store(store)
    _, text = read_source(source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError("$", f"is not JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise ValidationError("$", "is nested too deeply to be a registry document") from None
    if not isinstance(data, dict):
        raise ValidationError("$", f"must be a JSON object, not {_json_type(data)}")
    doc = structure(data, RegistryDocument, using=_converter)
    with store.transaction():
        store.add_persons(doc.persons)
        store.add_families(doc.families)
        store.add_memberships(doc.memberships)
        for r in doc.ranks:
            store.record_rank(r)
        for c in doc.status_changes:
            store.record_status(c)
    return doc
