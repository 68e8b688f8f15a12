"""``dayasos simulate``: PKH over a synthetic population or a registry (needs numpy)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from dayasos.cli._common import parse_date
from dayasos.errors import DayasosError
from dayasos.parameters import ParameterSet, load_reform

__all__ = ["NAME", "add_parser", "run"]

NAME = "simulate"

MAX_FAMILIES = 1_000_000_000
"""The most families ``--families`` takes (a bound of the command line, not of PKH)."""


def _count(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, or an error naming it."""

    def parse(text: str) -> int:
        t = text.strip()
        digits = t[1:] if t.startswith("-") else t
        if not digits.isascii() or not digits.isdigit() or len(digits) > 20:
            raise argparse.ArgumentTypeError(f"not a whole number: {text[:24]!r}")
        value = int(t)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:,} to {high:,}, got {value:,}")
        return value

    return parse


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``simulate`` subcommand to the ``dayasos`` parser."""
    s = sub.add_parser("simulate", help="PKH over a synthetic population (needs numpy)")
    s.add_argument(
        "--families",
        type=_count(0, MAX_FAMILIES),
        default=100_000,
        help=f"families to generate (0 to {MAX_FAMILIES:,})",
    )
    s.add_argument(
        "--seed",
        type=_count(0, 2**63 - 1),
        default=1,
        help="seed of the synthetic population (a whole number >= 0)",
    )
    s.add_argument(
        "--at", type=parse_date, default=date(2021, 7, 1), help="assessment date (its year)"
    )
    s.add_argument("--reform", help="a reform file of parameter overrides (TOML)")
    src = s.add_mutually_exclusive_group()
    src.add_argument(
        "--registry",
        metavar="FILE",
        help="read the population from this dayasos SQLite registry (opened read-only; a "
        "file that is not a dayasos registry is refused, unchanged)",
    )
    src.add_argument(
        "--store-synthetic",
        metavar="FILE",
        help="write the synthetic population into this new SQLite registry file first, then "
        "read it (an existing file is refused)",
    )
    s.add_argument(
        "--include-unenrolled",
        action="store_true",
        help="with a registry: evaluate families without a PKH enrolment as if enrolled",
    )


def run(args: argparse.Namespace, params: ParameterSet) -> int:
    """Run ``dayasos simulate``; returns the exit status."""
    print(_simulate(args, params))
    return 0


def _simulate(args: argparse.Namespace, params: ParameterSet) -> str:
    try:
        from dayasos.population.simulate import registry_population, simulate_text
    except ImportError as exc:
        raise DayasosError(
            f"simulate needs numpy: pip install 'dayasos[fast]' ({exc.msg})"
        ) from None
    reform = load_reform(args.reform, params) if args.reform else None

    def progress(step: str) -> None:
        print(f"[simulate] {step}", file=sys.stderr, flush=True)

    path = args.registry or args.store_synthetic
    if path is None:
        return simulate_text(args.families, args.seed, args.at, params, reform, progress)
    synthetic = None if args.registry else (args.families, args.seed)
    pop = registry_population(
        path,
        args.at,
        include_unenrolled=args.include_unenrolled,
        synthetic=synthetic,
        progress=progress,
    )
    what = "synthetic, not real data, " if synthetic else ""
    source = f"from the registry {path} ({what}status and rank on {args.at})"
    return simulate_text(
        args.families, args.seed, args.at, params, reform, progress, population=pop, source=source
    )
