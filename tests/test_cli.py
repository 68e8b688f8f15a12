"""The dayasos command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dayasos import __version__
from dayasos.cli import main


def test_default_prints_catalogue_and_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "pkh.index.sd" in out
    assert "total over 9 months: Rp3.600.000" in out


def test_params_at_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "--at", "2020-07-01", "--prefix", "pkh.index.sd"]) == 0
    out = capsys.readouterr().out
    assert "Rp900.000" in out and "pkh.index.smp" not in out


def test_params_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "--markdown", "--prefix", "bst."]) == 0
    assert "| from | until |" in capsys.readouterr().out


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["params", "--at", "juli"])
    assert info.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dayasos", "--version"], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == f"dayasos {__version__}"
