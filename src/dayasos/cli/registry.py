"""``dayasos registry``: import, deduplicate, review, export and count a SQLite registry.

Subcommands (the registry file is ``--db``, default ``registry.db``):

* ``import FILE [--partial] [--batch N] [--correct --who WHO --why WHY]``: bulk-load a
  registry CSV or Parquet file (:func:`dayasos.registry.bulk.bulk_import`); prints the report
  and every rejected line. Rows stated as stored are recognised (importing again is
  idempotent); rows that state a stored person or family differently are rejected, or with
  ``--correct`` applied as audited corrections. A
  rank or enrolment file (:mod:`dayasos.registry.history_csv`, recognised by its header) is
  recorded into the existing registry.
* ``dedup --out REVIEW.csv [--threshold W] [--reveal-names]``: probable duplicates
  (:func:`dayasos.registry.linkage.link`, decided pairs left out) as a review sheet.
* ``review SHEET``: record the decisions filled into a review sheet.
* ``export --out FILE [--pseudonymised] [--key KEY] [--ranks FILE] [--enrolments FILE]``:
  the registry as CSV or Parquet (by suffix), ranks and enrolments in their own CSV files; pseudonymised: keyed hashes instead of NIK and No. KK and no names, the key
  from ``--key`` or the environment variable ``DAYASOS_PSEUDONYM_KEY``.
* ``stats [--at DATE]``: counts by province, by PKH status and by desil.

CSV written for spreadsheets neutralises formulas (a text cell starting with ``=``, ``+``,
``-`` or ``@`` gets a leading ``'``); ``--no-neutralise`` turns that off. A progress line is
drawn on standard error only when it is a terminal.

Exit status: 0 done; 1 an error (unreadable file, wrong header, missing key: the message
says which); 3 the import rejected rows (with ``--partial`` the accepted ones were written,
without it nothing was).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, Final

from dayasos.cli._common import parse_date
from dayasos.errors import ValidationError
from dayasos.parameters import ParameterSet

__all__ = ["EXIT_REJECTED", "KEY_ENV", "NAME", "add_parser", "run"]

NAME = "registry"
KEY_ENV: Final = "DAYASOS_PSEUDONYM_KEY"
"""The environment variable holding the pseudonymisation key."""
EXIT_REJECTED: Final = 3
"""Exit status of an import that rejected rows."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``registry`` subcommand and its own subcommands."""
    r = sub.add_parser("registry", help="import, deduplicate, export and count a registry")
    actions = r.add_subparsers(dest="action", required=True)

    def db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default="registry.db", help="the SQLite registry file")

    p = actions.add_parser("import", help="bulk-load a registry CSV or Parquet file")
    p.add_argument("file", help="a registry CSV (or .parquet) file")
    db(p)
    p.add_argument("--partial", action="store_true", help="write the accepted rows anyway")
    p.add_argument("--batch", type=int, default=100_000, help="rows checked at a time")
    p.add_argument(
        "--correct",
        action="store_true",
        help="apply rows that state a stored person or family differently as audited "
        "corrections (default: reject them)",
    )
    p.add_argument("--who", default="import", help="who the corrections are recorded for")
    p.add_argument("--why", default="re-import", help="the reason recorded for them")
    p = actions.add_parser("dedup", help="write a review sheet of probable duplicates")
    db(p)
    p.add_argument("--out", required=True, help="the review sheet (CSV)")
    p.add_argument("--threshold", type=float, default=None, help="least score of a pair")
    p.add_argument("--reveal-names", action="store_true", help="full names in the sheet")
    p.add_argument("--no-neutralise", action="store_true", help="keep formula-like cells")
    p = actions.add_parser("review", help="record the decisions of a filled review sheet")
    p.add_argument("sheet", help="the review sheet with decision and reviewer filled in")
    db(p)
    p = actions.add_parser("export", help="write the registry as CSV or Parquet")
    db(p)
    p.add_argument("--out", required=True, help="the file (.parquet: Parquet, else CSV)")
    p.add_argument(
        "--pseudonymised",
        action="store_true",
        help=f"keyed hashes instead of NIK and No. KK, no names (key: --key or ${KEY_ENV})",
    )
    p.add_argument("--key", default=None, help="the pseudonymisation key")
    p.add_argument("--ranks", default=None, help="also write the welfare ranks to this CSV")
    p.add_argument("--enrolments", default=None, help="also write the enrolments to this CSV")
    p.add_argument("--no-neutralise", action="store_true", help="keep formula-like cells")
    p = actions.add_parser("stats", help="counts by province, status and desil")
    db(p)
    p.add_argument("--at", type=parse_date, default=None, help="the date (default today)")
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")


def _progress(what: str) -> Any:
    if not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        print(f"\r{what}: {done:,} rows", end="", file=sys.stderr, flush=True)

    return show


def _open(path: str, must_exist: bool = True) -> Any:
    from dayasos.registry import SQLiteStore

    if must_exist and not Path(path).exists():
        raise ValidationError("db", "no registry file at this path", shown=path)
    return SQLiteStore(path)


def run(args: argparse.Namespace, params: ParameterSet) -> int:
    """Run ``dayasos registry ...``; returns the exit status."""
    action = args.action
    if action == "import":
        return _import(args)
    if action == "dedup":
        return _dedup(args)
    if action == "review":
        from dayasos.registry.review import record_decisions

        with _open(args.db) as store:
            n = record_decisions(store, args.sheet)
        print(f"recorded {n} decisions")
        return 0
    if action == "export":
        return _export(args)
    return _stats(args)


def _history_import(args: argparse.Namespace, header: set[str]) -> int | None:
    """Import a rank or enrolment file (recognised by its header); ``None`` otherwise."""
    from dayasos.registry.history_csv import (
        ENROLMENT_COLUMNS,
        RANK_COLUMNS,
        import_enrolments_csv,
        import_ranks_csv,
    )

    if header == set(RANK_COLUMNS):
        importer = import_ranks_csv
    elif "programme" in header and header <= set(ENROLMENT_COLUMNS):
        importer = import_enrolments_csv
    else:
        return None
    with _open(args.db) as store:
        report = importer(args.file, store, partial=args.partial)
    print(report.summary())
    for r in report.rejected:
        print(f"rejected {r}")
    return EXIT_REJECTED if report.rejected else 0


def _import(args: argparse.Namespace) -> int:
    from dayasos.registry.bulk import bulk_import

    if not Path(args.file).exists():
        raise ValidationError("file", "does not exist", shown=args.file)
    if not args.file.lower().endswith(".parquet"):
        with open(args.file, encoding="utf-8-sig", errors="replace") as fh:
            header = {h.strip() for h in fh.readline().strip().split(",")}
        done = _history_import(args, header)
        if done is not None:
            return done
    with _open(args.db, must_exist=False) as store:
        progress = _progress("import")
        report = bulk_import(
            args.file,
            store,
            partial=args.partial,
            batch_rows=args.batch,
            progress=progress,
            on_change="correct" if args.correct else "reject",
            who=args.who,
            why=args.why,
        )
        if progress is not None:
            print(file=sys.stderr)
    print(report.summary())
    print(
        f"added {report.persons_added} persons, {report.families_added} families, "
        f"{report.memberships_added} memberships; {report.unchanged} rows unchanged, "
        f"{report.corrected} corrected"
    )
    for r in report.rejected:
        print(f"rejected {r}")
    for f in report.findings:
        print(f"finding {f}")
    return EXIT_REJECTED if report.rejected else 0


def _dedup(args: argparse.Namespace) -> int:
    from dayasos.registry.linkage import DEFAULT_THRESHOLD, link, records_of
    from dayasos.registry.review import decided_pairs, propose, write_sheet

    tty = sys.stderr.isatty()
    with _open(args.db) as store:
        if tty:
            print("reading persons...", file=sys.stderr, flush=True)
        records = records_of(store)
        if tty:
            print(f"linking {len(records):,} persons...", file=sys.stderr, flush=True)
        threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
        result = link(records, threshold=threshold, exclude=decided_pairs(store))
        rows = propose(store, result.candidates, records=records, reveal_names=args.reveal_names)
    n = write_sheet(rows, args.out, neutralise_formulas=not args.no_neutralise)
    print(
        f"{len(records)} persons, {result.pairs_compared} pairs compared, {n} candidate pairs "
        f"written to {args.out}"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from dayasos.registry.bulk import bulk_export

    key = None
    if args.pseudonymised:
        text = args.key or os.environ.get(KEY_ENV, "")
        if not text:
            raise ValidationError("key", f"a pseudonymised export needs --key or ${KEY_ENV}")
        key = text.encode("utf-8")
    with _open(args.db) as store:
        progress = _progress("export")
        n = bulk_export(
            store,
            args.out,
            neutralise_formulas=not args.no_neutralise,
            pseudonymise_key=key,
            progress=progress,
        )
        if progress is not None:
            print(file=sys.stderr)
        if args.ranks or args.enrolments:
            if key is not None:
                raise ValidationError("ranks", "rank and enrolment files are not pseudonymised")
            from dayasos.registry.history_csv import export_enrolments_csv, export_ranks_csv

            if args.ranks:
                print(f"wrote {export_ranks_csv(store, args.ranks)} ranks to {args.ranks}")
            if args.enrolments:
                done = export_enrolments_csv(store, args.enrolments)
                print(f"wrote {done} status changes to {args.enrolments}")
    what = "pseudonymised " if key is not None else ""
    print(f"wrote {n} {what}rows to {args.out}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from dayasos.categories import Programme
    from dayasos.registry.columnar import STATUS_CODES, member_columns

    on: date = args.at or date.today()
    with _open(args.db) as store:
        cols = member_columns(store, on, Programme.PKH)
        persons = int(store.count_persons())
    import numpy as np

    fam_prov = cols["province"].astype(np.int64)
    per_person = fam_prov[cols["family"]]
    provinces = {
        f"{p:02d}": {
            "families": int((fam_prov == p).sum()),
            "members": int((per_person == p).sum()),
        }
        for p in sorted(set(fam_prov.tolist()))
    }
    status = {
        ("none" if code < 0 else STATUS_CODES[code].value): int((cols["status"] == code).sum())
        for code in sorted(set(cols["status"].tolist()))
    }
    desil = {
        ("unranked" if d == 0 else str(d)): int((cols["desil"] == d).sum())
        for d in sorted(set(cols["desil"].tolist()))
    }
    figures = {
        "on": on.isoformat(),
        "persons": persons,
        "families_with_members": len(cols["no_kk"]),
        "members": len(cols["family"]),
        "by_province": provinces,
        "by_pkh_status": status,
        "by_desil": desil,
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    print(
        f"on {figures['on']}: {persons} persons; {figures['families_with_members']} families "
        f"with {figures['members']} members"
    )
    from dayasos.registry import province

    print("by province (families, members):")
    for code, v in provinces.items():
        try:
            name = province(code).name
        except ValidationError:
            name = "(not in the province table)"
        print(f"  {code} {name:<28} {v['families']:>10}  {v['members']:>10}")
    print("by PKH status (families):")
    for k, count in status.items():
        print(f"  {k:<28} {count:>10}")
    print("by desil (families):")
    for k, count in desil.items():
        print(f"  {k:<9} {count:>10}")
    return 0
