"""Every ```python block of the documentation and the README runs as written, and prints
what the page shows.

The blocks of one page run in order in one shared namespace, in a temporary directory, so a
page reads like a notebook. A ```text block that follows a ```python block directly (only
blank lines between them) is that block's expected output: what the block prints must equal
it, line by line, trailing spaces and trailing blank lines aside. An output that cannot be
compared (timings, paths of a temporary directory) is marked by the line
``<!-- output: not compared -->`` between the two blocks; the marker is invisible in the
rendered page.

After a change of behaviour, ``python tests/test_docs_examples.py [PAGE ...]`` rewrites the
stale output blocks of the pages given (of every page without arguments) with what the
examples now print; read the diff before committing it.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import types
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
NOT_COMPARED = "<!-- output: not compared -->"


@attrs.define(frozen=True)
class Example:
    """One ```python block, the ```text block under it (if any) and whether to compare."""

    code: str
    expected: str | None
    compared: bool
    span: tuple[int, int] | None = None
    """Where the expected output's text is in the page (for rewriting it)."""


def examples(text: str) -> list[Example]:
    """The python blocks of a page, each with the output block right under it."""
    fences = list(FENCE.finditer(text))
    found: list[Example] = []
    for i, fence in enumerate(fences):
        if fence.group(1) != "python":
            continue
        expected: str | None = None
        compared = True
        span: tuple[int, int] | None = None
        if i + 1 < len(fences) and fences[i + 1].group(1) == "text":
            between = text[fence.end() : fences[i + 1].start()]
            rest = between.replace(NOT_COMPARED, "")
            if not rest.strip():
                expected = fences[i + 1].group(2)
                compared = NOT_COMPARED not in between
                span = fences[i + 1].span(2)
        found.append(Example(fence.group(2), expected, compared, span))
    return found


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()).rstrip()


def test_pages_found() -> None:
    assert any(p.name == "index.md" for p in PAGES)


def test_examples_pair_code_with_the_output_block_under_it() -> None:
    page = (
        "```python\nprint(1)\n```\n\n```text\n1\n```\n\nprose\n\n```text\nlater\n```\n"
        "```python\nprint(2)\n```\n" + NOT_COMPARED + "\n```text\nwhatever\n```\n"
        "```python\nx = 3\n```\nprose between\n```text\nnot an output\n```\n"
    )
    found = examples(page)
    assert [e.expected for e in found] == ["1\n", "whatever\n", None]
    assert [e.compared for e in found] == [True, False, True]


def test_a_wrong_output_is_noticed() -> None:
    assert _normal("a  \nb\n\n") == _normal("a\nb")
    assert _normal("a\nb") != _normal("a\nc")


def _run(page: Path, found: list[Example], module: types.ModuleType) -> list[str]:
    """Run the examples of a page in order; what each printed."""
    printed: list[str] = []
    for i, example in enumerate(found):
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(example.code, f"{page.name}[block {i}]", "exec"), module.__dict__)
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{page.name}, python block {i} failed: {exc!r}")
        printed.append(out.getvalue())
    return printed


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = examples(page.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    # a real module, so that classes defined in a page resolve their annotations
    module = types.ModuleType(f"docs_{page.stem.replace('-', '_')}")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    stale = [
        i
        for i, (example, printed) in enumerate(zip(found, _run(page, found, module), strict=True))
        if example.expected is not None
        and example.compared
        and _normal(printed) != _normal(example.expected)
    ]
    assert not stale, (
        f"{page.name}, python block(s) {stale}: the output shown under it is stale "
        f"(python tests/test_docs_examples.py {page.name} rewrites it)"
    )


def _rewrite(page: Path) -> bool:  # pragma: no cover - a maintenance tool, run by hand
    import os
    import tempfile

    text = page.read_text(encoding="utf-8")
    found = examples(text)
    module = types.ModuleType(f"docs_{page.stem.replace('-', '_')}")
    sys.modules[module.__name__] = module
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            printed = _run(page, found, module)
        finally:
            os.chdir(here)
    for example, out in reversed(list(zip(found, printed, strict=True))):
        if example.span is None or not example.compared:
            continue
        if example.expected is not None and _normal(out) != _normal(example.expected):
            start, end = example.span
            text = text[:start] + _normal(out) + "\n" + text[end:]
    changed = text != page.read_text(encoding="utf-8")
    if changed:
        page.write_text(text, encoding="utf-8")
    return changed


if __name__ == "__main__":  # pragma: no cover
    names = set(sys.argv[1:])
    for page in PAGES:
        if (not names or page.name in names) and _rewrite(page):
            print("rewrote", page.relative_to(ROOT))
