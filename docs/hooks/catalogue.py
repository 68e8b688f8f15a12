"""mkdocs hook: render the parameter catalogue from the shipped data files at build time.

A page containing the marker ``<!-- parameter-catalogue -->`` gets the marker replaced by
the catalogue rendered by :func:`dayasos.parameters.render_markdown`, so the documentation
never drifts from the data.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- parameter-catalogue -->"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if MARKER not in markdown:
        return markdown
    from dayasos.parameters import load_parameters, render_markdown

    return markdown.replace(MARKER, render_markdown(load_parameters()))
