"""mkdocs hook: render the parameter catalogue from the shipped data files at build time.

A page containing the marker ``<!-- parameter-catalogue -->`` gets the marker replaced by
the catalogue rendered by :func:`dayasos.parameters.render_markdown`, a marker
``<!-- sources-and-confidence -->`` by every source with the values that use it and the values
still unverified or unknown (:func:`dayasos.parameters.render_sources_markdown`, parameters and
IKPA rule sets; no clock is read, so two builds of the same data are identical), and a marker
``<!-- category-table: PPKS -->`` by the table of that enumeration, so the documentation
never drifts from the data.

The catalogue's "in force" column is rendered for a fixed date, never the clock, so two
builds of one commit are identical: ``SOURCE_DATE_EPOCH`` when set (reproducible-build
convention), else the date of the commit being built (``git log -1``), else the newest start
date of any shipped value (a build from an unpacked sdist, without git).
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

MARKER = "<!-- parameter-catalogue -->"
SOURCES = "<!-- sources-and-confidence -->"
CATEGORY = re.compile(r"<!-- category-table: (\w+) -->")


def build_date() -> date:
    """The fixed date the catalogue is rendered for (see the module docstring)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return date.fromisoformat(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        from dayasos.parameters import load_parameters

        return max(v.start for p in load_parameters() for v in p.values)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if MARKER in markdown:
        from dayasos.parameters import load_parameters, render_markdown

        markdown = markdown.replace(MARKER, render_markdown(load_parameters(), at=build_date()))
    if SOURCES in markdown:
        from dayasos.budget.ikpa_rules import ikpa_source_uses
        from dayasos.parameters import load_parameters, render_sources_markdown, source_uses

        uses = (*source_uses(load_parameters()), *ikpa_source_uses())
        markdown = markdown.replace(SOURCES, render_sources_markdown(uses))
    if CATEGORY.search(markdown):
        import dayasos.categories as cats

        def table(m: re.Match[str]) -> str:
            return cats.render_markdown(getattr(cats, m.group(1)))

        markdown = CATEGORY.sub(table, markdown)
    return markdown
