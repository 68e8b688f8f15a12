"""The dayasos command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dayasos import __version__
from dayasos.cli import main
from dayasos.parameters import load_parameters, unverified_only


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


def test_params_unverified_lists_only_unverified_or_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["params", "--unverified"]) == 0
    out = capsys.readouterr().out
    assert "sembako_kemensos_hadir.package_value" in out and "unknown" in out
    assert "kartu_sembako_2022.amount" not in out  # confidence H: verified
    names = [ln.split()[0] for ln in out.splitlines() if ln and not ln.startswith(" ")]
    expected = unverified_only(load_parameters())
    assert names == list(expected.names()) and len(names) < len(load_parameters())
    value_lines = [ln for ln in out.splitlines() if ln.startswith("    ")]
    assert len(value_lines) == sum(len(p.values) for p in expected)


def test_params_unverified_at_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "--unverified", "--at", "2021-07-01", "--prefix", "sembako."]) == 0
    out = capsys.readouterr().out
    assert "sembako.amount" in out and "sembako.extra_months" in out
    assert main(["params", "--unverified", "--at", "2019-07-01", "--prefix", "sembako."]) == 0
    assert "sembako.amount" not in capsys.readouterr().out  # 2019 is H


def test_example_cites_no_research_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["example"]) == 0
    out = capsys.readouterr().out
    assert "Rp3.600.000" in out and "shared/" not in out and "social-aid" not in out


def test_closed_pipe_ends_quietly() -> None:
    """A reader that stops early (``| head``) ends the command without a traceback; the
    Markdown catalogue is larger than a pipe's buffer, so the write does hit the closed pipe."""
    import subprocess
    import sys

    proc = subprocess.run(
        f"{sys.executable} -m dayasos params --markdown | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip()
    assert "Traceback" not in proc.stderr
