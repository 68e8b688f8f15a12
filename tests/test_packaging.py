"""The packaging metadata names only files that exist."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_sdist_lists_only_files_that_exist() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert "README.md" in include
    missing = [name for name in include if not (ROOT / name).exists()]
    assert not missing, f"the sdist lists files that do not exist: {missing}"
