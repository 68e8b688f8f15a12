"""Provenance a user can follow.

* Every parameter name written as a string literal in ``src/`` resolves in the shipped set
  (read at test time, so it holds for whatever files are shipped, whoever edits them).
* Every parameter value's source, and every source of the budget rule files, is public (an
  address or a regulation named by its number) and cites no research notes.
* No source file, data file, doc page or the README cites the research notes.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.budget.ikpa import ikpa_source_uses
from dayasos.law import Confidence, LegalBasis
from dayasos.parameters import (
    ParameterSet,
    load_parameters,
    render_sources_markdown,
    shipped_files,
    source_uses,
    unverified_only,
    unverified_uses,
)
from dayasos.testing import reforms

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "dayasos"
PARAMS = load_parameters()

NOTES = re.compile(
    r"(?i:shared/|social-aid|(?<![\w/(])budget\.md|researched facts|worked examples? \d"
    r"|\b(?:in|from|by|per|as|to) the facts\b"
    r"|\bthe facts (?:researched|rate|give|do not|say|state|list))"
    r"|(?<![\w\]])\[(?:[A-Z]{1,3}\d{1,2}b?|[A-Z]{2,4})\](?!\()"
)
"""A citation of the project's research notes (paths, note names, their bracketed keys)."""

NAME = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$")
_FILE_SUFFIXES = (".toml", ".py", ".csv", ".json", ".md", ".txt", ".parquet", ".sqlite")

# ------------------------------------------------------------------ parameter names in src


def parameter_literals(source: str, prefixes: frozenset[str]) -> set[str]:
    """The string literals of ``source`` that look like parameter names: dotted lowercase
    words whose first word starts a shipped parameter name (``bst.amount``), not file names."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if (
                NAME.match(text)
                and text.split(".", 1)[0] in prefixes
                and not text.endswith(_FILE_SUFFIXES)
            ):
                out.add(text)
    return out


def _prefixes() -> frozenset[str]:
    return frozenset(n.split(".", 1)[0] for n in PARAMS.names())


def _literals() -> Iterator[tuple[str, str]]:
    prefixes = _prefixes()
    for path in sorted(SRC.rglob("*.py")):
        for name in parameter_literals(path.read_text(encoding="utf-8"), prefixes):
            yield str(path.relative_to(ROOT)), name


def test_extractor_finds_names_and_skips_the_rest() -> None:
    code = 'p.value("bst.amout", d); x = "pkh.toml"; y = "dayasos.cli"; """sembako.amount"""'
    assert parameter_literals(code, frozenset({"bst", "pkh", "sembako"})) == {
        "bst.amout",
        "sembako.amount",
    }


def test_every_parameter_name_in_src_resolves() -> None:
    found = list(_literals())
    assert len({n for _, n in found}) > 40, "the scan must see the rules' parameter names"
    unknown = sorted(f"{file}: {name!r}" for file, name in found if name not in PARAMS)
    assert not unknown, "parameter names that are not in the shipped set:\n" + "\n".join(unknown)


# ------------------------------------------------------------------ sources are public


def _problems(where: str, source: LegalBasis, *, flagged: bool = False) -> list[str]:
    """What is wrong with ``source``. A value flagged unverified (U) may rest on no public source
    (a documented dayasos rule or assumption, listed as unverified on the Sources page); every
    other value needs a public one."""
    out = []
    if not source.is_public and not flagged:
        out.append(f"{where}: source {source.instrument!r} has no url and is not a regulation")
    for field in ("instrument", "article", "note", "quote", "publisher"):
        text = getattr(source, field)
        if text and NOTES.search(text):
            out.append(f"{where}: source {field} cites the research notes: {text!r}")
    return out


@pytest.mark.parametrize("file", shipped_files(), ids=str)
def test_parameter_sources_are_public(file: str) -> None:
    problems: list[str] = []
    for p in PARAMS:
        if p.file != file:
            continue
        for text in (p.label, p.label_en, p.description or ""):
            if NOTES.search(text):
                problems.append(f"{p.name}: label or description cites the notes: {text!r}")
        for v in p.values:
            where = f"{p.name} from {v.start.isoformat()}"
            flagged = v.confidence is Confidence.UNVERIFIED
            problems += _problems(where, v.source, flagged=flagged)
            if v.note and NOTES.search(v.note):
                problems.append(f"{where}: note cites the research notes: {v.note!r}")
    assert not problems, "\n".join(problems)


def test_every_shipped_parameter_value_is_checked() -> None:
    uses = source_uses(PARAMS)
    assert len(uses) == sum(len(p.values) for p in PARAMS)
    assert {u.file for u in uses} == set(shipped_files())


def test_budget_rule_sources_are_public() -> None:
    problems: list[str] = []
    for use in ikpa_source_uses():
        problems += _problems(use.name, use.source)
        if use.note and NOTES.search(use.note):
            problems.append(f"{use.name}: note cites the research notes: {use.note!r}")
    data = resources.files("dayasos.budget") / "data"
    doc = tomllib.loads((data / "kemensos.toml").read_text(encoding="utf-8"))
    for key, raw in doc["sources"].items():
        problems += _problems(f"kemensos.toml sources.{key}", LegalBasis.from_table(raw))
    assert not problems, "\n".join(problems)


def test_public_source_check_can_fail() -> None:
    assert _problems("x", LegalBasis("dayasos modelling assumption"))
    assert _problems("x", LegalBasis("Permensos No. 1 Tahun 2018", note="see social-aid.md"))
    assert not _problems("x", LegalBasis("Permensos No. 1 Tahun 2018"))
    assert not _problems("x", LegalBasis("A page", url="https://kemensos.go.id/x"))


# ------------------------------------------------------------------ no notes anywhere


def _text_files() -> list[str]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    files += [p for p in sorted(SRC.rglob("*")) if p.suffix in (".py", ".toml")]
    return [str(p.relative_to(ROOT)) for p in files]


@pytest.mark.parametrize("file", _text_files(), ids=str)
def test_no_file_cites_the_research_notes(file: str) -> None:
    lines = (ROOT / file).read_text(encoding="utf-8").splitlines()
    hits = [f"{file}:{i}: {ln.strip()}" for i, ln in enumerate(lines, 1) if NOTES.search(ln)]
    assert not hits, "\n".join(hits)


# ------------------------------------------------------------------ sources page, unverified


def test_sources_page_is_deterministic_and_complete() -> None:
    uses = (*source_uses(PARAMS), *ikpa_source_uses())
    page = render_sources_markdown(uses)
    assert page == render_sources_markdown(tuple(reversed(uses)))  # order of input is irrelevant
    # one section per document, however many data files cite it
    sources = {(u.source.instrument, u.source.article, u.source.url) for u in uses}
    assert page.count("\n### ") == len(sources)
    assert page.startswith(f"{len(sources)} sources support {len(uses)} values")
    table = page.split("## Values still unverified or unknown", 1)[1]
    rows = [ln for ln in table.splitlines() if ln.startswith("| `")]
    assert len(rows) == len(unverified_uses(uses)) > 0
    assert '- Quote: "belum pernah menerima bantuan dari manapun"' in page
    assert "kemensos.go.id/kemensos-beri-prokus-senilai-5m" in page


@settings(max_examples=40, deadline=None)
@given(reforms(), st.none() | st.dates(date(2016, 1, 1), date(2031, 12, 31)))
def test_unverified_only_keeps_exactly_the_unverified(
    params: ParameterSet, at: date | None
) -> None:
    kept = unverified_only(params, at=at)
    for p in params:
        if at is None:
            expected = tuple(v for v in p.values if v.status != "verified")
            assert (p.name in kept) == bool(expected)
            if expected:
                assert kept.parameter(p.name).values == expected
        else:
            try:
                status = p.at(at).status
            except LookupError:
                assert p.name not in kept
                continue
            assert (p.name in kept) == (status != "verified")
    assert set(kept.names()) <= set(params.names())
