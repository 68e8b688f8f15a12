"""Reading the data files shipped with dayasos: one reader for every packaged TOML file.

Every data file (parameters, IKPA rule sets, the Kemensos organisation, statistics, region
codes) is read through :func:`read_toml` or :func:`parse_toml`, and its ``[sources]`` table
through :func:`parse_sources`, so every loader reports a malformed file the same way: a
:class:`~dayasos.errors.ParameterFileError` naming the file, the key path and the problem.

Examples:
    >>> doc = parse_toml('[sources.s]\\ninstrument = "PMK 62 Tahun 2023"\\n', "x.toml")
    >>> parse_sources(doc["sources"], "x.toml")["s"].cite()
    'PMK 62 Tahun 2023'
    >>> parse_toml("a = ", "x.toml")
    Traceback (most recent call last):
    ...
    dayasos.errors.ParameterFileError: x.toml: TOML: is not valid TOML: ...
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

from dayasos.errors import ParameterFileError, ValidationError
from dayasos.law import SOURCE_FIELDS, LegalBasis

__all__ = [
    "data_file_names",
    "parse_sources",
    "parse_toml",
    "read_data_text",
    "read_toml",
    "source_problems",
    "table",
]


def read_data_text(package: str, name: str) -> str:
    """The text of the data file ``name`` shipped in ``package``'s ``data`` folder.

    Args:
        package: the package holding the file, e.g. ``"dayasos.budget"``.
        name: the file name, e.g. ``"ikpa.toml"``.
    """
    return (resources.files(package) / "data" / name).read_text(encoding="utf-8")


def data_file_names(package: str, suffix: str = ".toml") -> tuple[str, ...]:
    """The names of the data files shipped in ``package``'s ``data`` folder, sorted."""
    folder = resources.files(package) / "data"
    return tuple(sorted(f.name for f in folder.iterdir() if f.name.endswith(suffix)))


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """The TOML document ``text`` read from ``file``.

    Raises:
        ParameterFileError: the text is not TOML, or is nested too deeply; the message names
            ``file``, the key path ``TOML`` and the decoder's explanation (line and column).
    """
    if not isinstance(text, str):
        raise ValidationError("text", f"must be the TOML text (a str), not {type(text).__name__}")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParameterFileError(file, "TOML", f"is not valid TOML: {exc}") from None
    except RecursionError:
        raise ParameterFileError(file, "TOML", "is nested too deeply") from None


def read_toml(package: str, name: str) -> dict[str, Any]:
    """The shipped data file ``name`` of ``package`` as a TOML document (see :func:`parse_toml`)."""
    return parse_toml(read_data_text(package, name), name)


def table(value: object, file: str, where: str) -> Mapping[str, Any]:
    """``value`` if it is a TOML table, else a ParameterFileError naming ``file`` and ``where``."""
    if isinstance(value, dict):
        return value
    raise ParameterFileError(file, where, "must be a table")


def source_problems(
    raw: object, file: str
) -> tuple[dict[str, LegalBasis], list[ParameterFileError]]:
    """Every source of a ``[sources]`` table and every problem found, nothing dropped.

    Each entry must be a table with the fields of :class:`~dayasos.law.LegalBasis`
    (``instrument`` required; ``published`` a TOML date, the others texts); a problem names
    ``sources.KEY`` or ``sources.KEY.FIELD``. A malformed entry is left out of the sources.
    """
    problems: list[ParameterFileError] = []
    sources: dict[str, LegalBasis] = {}
    if not isinstance(raw, dict):
        return sources, [ParameterFileError(file, "sources", "must be a table")]
    for key, entry in raw.items():
        where = f"sources.{key}"
        if not isinstance(entry, dict):
            problems.append(ParameterFileError(file, where, "must be a table"))
            continue
        extra = set(entry) - set(SOURCE_FIELDS)
        if extra:
            problems.append(ParameterFileError(file, where, f"unknown fields {sorted(extra)}"))
        texts = set(SOURCE_FIELDS) - {"published"}
        if not all(isinstance(entry.get(k, ""), str) for k in texts):
            problems.append(
                ParameterFileError(file, where, "every field but 'published' must be a text")
            )
            continue
        try:
            sources[key] = LegalBasis.from_table(
                {k: v for k, v in entry.items() if k in SOURCE_FIELDS}, where
            )
        except ValidationError as exc:
            problems.append(ParameterFileError(file, f"{where}.{exc.field}", exc.problem))
    return sources, problems


def parse_sources(raw: object, file: str) -> dict[str, LegalBasis]:
    """The sources of a ``[sources]`` table by key (see :func:`source_problems`).

    Raises:
        ParameterFileError: the first problem found.
    """
    sources, problems = source_problems(raw, file)
    if problems:
        raise problems[0]
    return sources
