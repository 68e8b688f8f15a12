"""The ``dayasos`` command.

``dayasos`` with no arguments prints the parameter catalogue (values in force today) and an
example computed from the shipped parameters. Subcommands:

* ``dayasos params [--at DATE] [--prefix TEXT] [--unverified] [--markdown]``: the catalogue
  (every value, or the value in force at a date); ``--unverified`` keeps only the values that
  are unverified (confidence M or U) or unknown;
* ``dayasos example``: the example alone (BST 2020 for one family);
* ``dayasos simulate [--families N] [--seed S] [--at DATE] [--reform FILE]``: PKH over a
  synthetic population (needs numpy, the ``fast`` extra): KPM, cost by province and by
  component, and with a reform file the change; ``--registry FILE`` reads a SQLite registry
  instead, ``--store-synthetic FILE`` writes the synthetic population into a new SQLite
  registry first and reads it from there;
* ``dayasos serve [--host H] [--port P] [--workers N]``: the HTTP API (the ``service``
  extra), OpenAPI document at ``/openapi.json``;
* ``dayasos registry import|dedup|review|export|stats``: operate a SQLite registry (bulk
  import, duplicate review sheet, decisions, plain or pseudonymised export, counts);
* ``dayasos --version``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date

from dayasos._version import __version__
from dayasos.cli import registry, serve, simulate
from dayasos.cli._common import Command, parse_date
from dayasos.errors import DayasosError
from dayasos.money import Rupiah
from dayasos.parameters import (
    ParameterSet,
    load_parameters,
    render_markdown,
    render_text,
    unverified_only,
)
from dayasos.periods import FiscalYear, Period

__all__ = ["main", "monthly_payments"]


def monthly_payments(
    params: ParameterSet, name: str, period: Period
) -> tuple[tuple[str, Rupiah, str], ...]:
    """The monthly payments of a ``rupiah/.../month`` parameter over ``period``: one
    ``(month, amount, citation)`` per month in which the parameter has a known value."""
    out = []
    for month in period.months():
        try:
            v = params.value(name, month.start)
        except LookupError:
            continue
        if isinstance(v.value, int) and not isinstance(v.value, bool):
            out.append((str(month), Rupiah(v.value), f"{v.source.cite()} [{v.confidence.value}]"))
    return tuple(out)


def _example(params: ParameterSet) -> str:
    payments = monthly_payments(params, "bst.amount", FiscalYear(2020))
    lines = [
        "Example: Bantuan Sosial Tunai (BST) 2020 for one KPM, "
        "Rp600.000 a month April-June and Rp300.000 a month July-December",
    ]
    for month, amount, cite in payments:
        lines.append(f"  {month}  {amount.format():>12}  {cite}")
    total = Rupiah.total(a for _, a, _ in payments)
    lines.append(f"  total over {len(payments)} months: {total}")
    return "\n".join(lines)


#: The subcommand modules beyond ``params`` and ``example``: each has ``NAME``,
#: ``add_parser(sub)`` and ``run(args, params) -> int``. A new subcommand is a new module
#: under ``dayasos.cli`` and one entry here.
_COMMANDS: tuple[Command, ...] = (simulate, serve, registry)
_BY_NAME: dict[str, Command] = {c.NAME: c for c in _COMMANDS}


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dayasos",
        description="Rules of Indonesia's social-assistance programmes: parameters and examples.",
    )
    parser.add_argument("--version", action="version", version=f"dayasos {__version__}")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("params", help="print the parameter catalogue")
    p.add_argument("--at", type=parse_date, help="only the value in force at this date")
    p.add_argument("--prefix", default="", help="only parameters whose name starts with this")
    p.add_argument(
        "--unverified",
        action="store_true",
        help="only values that are unverified (confidence M or U) or unknown",
    )
    p.add_argument("--markdown", action="store_true", help="full catalogue as Markdown")
    sub.add_parser("example", help="print the BST 2020 example")
    for command in _COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dayasos`` command; returns the exit status."""
    args = _build_parser().parse_args(argv)
    try:
        params = load_parameters()
        if args.command == "params":
            selected = ParameterSet(
                {n: params.parameter(n) for n in params.names(args.prefix)}, name=params.name
            )
            if args.unverified:
                selected = unverified_only(selected, at=args.at)
            text = (
                render_markdown(selected, at=args.at)
                if args.markdown
                else render_text(selected, at=args.at)
            )
            print(text)
        elif args.command == "example":
            print(_example(params))
        elif args.command in _BY_NAME:
            return _BY_NAME[args.command].run(args, params)
        else:
            today = date.today()
            print(f"dayasos {__version__}: {len(params)} parameters; values in force {today}")
            print("(confidence: H official text, M secondary source, U unverified)\n")
            print(render_text(params, at=today))
            print()
            print(_example(params))
    except DayasosError as exc:
        print(f"dayasos: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (``dayasos params | head``): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
