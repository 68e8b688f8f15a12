"""``dayasos simulate``: PKH, or another household programme (``--programme``), over a
synthetic population or a registry (needs numpy)."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from dayasos.cli._common import parse_date
from dayasos.errors import DayasosError, UnknownParameterWarning
from dayasos.parameters import ParameterSet, load_reform

if TYPE_CHECKING:
    from dayasos.population import Population

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


def _columns(text: str) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in text.split(",") if k.strip())
    if not keys:
        raise argparse.ArgumentTypeError("name at least one column, e.g. province,desil")
    return keys


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
    s.add_argument(
        "--programme",
        default="pkh",
        metavar="NAME",
        help="pkh (default) or a household programme: sembako, bst, bst_sembako_non_pkh, "
        "blt_bbm (KPM and cost by province; --by and --plot apply to pkh only)",
    )
    s.add_argument(
        "--kpm-target",
        type=_count(1, MAX_FAMILIES),
        metavar="N",
        help="weight the synthetic families to N KPM (default: the pkh.target_kpm parameter "
        "when it has a value, else unweighted)",
    )
    s.add_argument(
        "--by",
        type=_columns,
        default=("province",),
        metavar="COLUMN[,COLUMN]",
        help="break the figures down by these columns (family: province, desil, remote, "
        "excluded, registered, size, size_band, cause; person: sex, disability, school, "
        "pregnant, component); default province",
    )
    s.add_argument(
        "--format",
        choices=("text", "csv", "json"),
        default="text",
        help="text tables (default), the breakdown as CSV, or everything as JSON",
    )
    s.add_argument(
        "--plot",
        metavar="FILE.png",
        help="also write a chart: the reform's change by decile, or the cost by province "
        "(needs matplotlib: dayasos[plot])",
    )
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
        from dayasos.population.progress import terminal_progress
        from dayasos.population.simulate import (
            check_columns,
            registry_population,
            render,
            simulate,
            write_chart,
        )
    except ImportError as exc:
        raise DayasosError(
            f"simulate needs numpy: pip install 'dayasos[fast]' ({exc.msg})"
        ) from None
    reform = load_reform(args.reform, params) if args.reform else None
    if args.programme != "pkh":
        return _programme(args, params, reform)
    check_columns(args.by)

    def progress(step: str) -> None:
        print(f"[simulate] {step}", file=sys.stderr, flush=True)

    bar, close_bar = terminal_progress(sys.stderr, "simulate")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnknownParameterWarning)
        try:
            path = args.registry or args.store_synthetic
            # without a registry, simulate draws the synthetic population itself
            pop: Population | None = None
            source = ""
            if path is not None:
                synthetic = None if args.registry else (args.families, args.seed)
                pop = registry_population(
                    path,
                    args.at,
                    include_unenrolled=args.include_unenrolled,
                    synthetic=synthetic,
                    progress=progress,
                    read_progress=bar,
                )
                what = "synthetic, not real data, " if synthetic else ""
                source = f"from the registry {path} ({what}status and rank on {args.at})"
            sim = simulate(
                args.families,
                args.seed,
                args.at,
                params,
                reform,
                progress,
                population=pop,
                source=source,
                kpm_target=args.kpm_target if pop is None else None,
                step_progress=bar,
            )
        finally:
            close_bar()
    for w in caught:
        if issubclass(w.category, UnknownParameterWarning):
            print(f"dayasos: warning: {w.message}", file=sys.stderr)
        else:  # not ours to reword: pass it on unchanged
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    out = render(sim, args.by, args.format)
    if args.plot:
        try:
            what = write_chart(sim, args.plot)
        except ImportError as exc:
            raise DayasosError(
                f"--plot needs matplotlib: pip install 'dayasos[plot]' ({exc})"
            ) from None
        progress(f"wrote {what} to {args.plot}")
    return out


def _programme(args: argparse.Namespace, params: ParameterSet, reform: ParameterSet | None) -> str:
    """``--programme NAME`` for a household programme: KPM and cost by province."""
    from dayasos.population.programmes import programme_report, programme_spec
    from dayasos.population.simulate import registry_population
    from dayasos.population.synthetic import synthetic_population

    spec = programme_spec(args.programme)
    if args.plot:
        raise DayasosError("--plot applies to --programme pkh only")
    path = args.registry or args.store_synthetic
    if path is None:
        pop = synthetic_population(
            args.families, seed=args.seed, at=args.at, kpm_target=args.kpm_target, params=params
        )
        source = f"synthetic population (seed {args.seed}; not real data)"
    else:
        synthetic = None if args.registry else (args.families, args.seed)
        pop = registry_population(
            path, args.at, include_unenrolled=args.include_unenrolled, synthetic=synthetic
        )
        source = f"from the registry {path}"
    return programme_report(pop, spec, args.at, params, reform, args.format, source)
