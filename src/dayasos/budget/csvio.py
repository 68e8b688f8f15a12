"""CSV import of DIPA and realization rows, with row-level validation and a rejection report.

Two files, modelled on the Treasury's (OM-SPAN / SAKTI) exports; the layout is documented in
``docs/budget.md`` and an example is shipped in ``docs/examples/``. Both start with the key
columns::

    tahun,ba,eselon1,satker,program,kegiatan,output,sub_output,komponen,akun,kewenangan,sumber_dana

``output``/``sub_output`` hold the output and sub-output before TA 2021 and the KRO and RO
from TA 2021. The DIPA file adds ``catatan,tanggal,bulan,kode,jumlah``, where ``catatan`` is
``PAGU`` (the initial DIPA, one row per line), ``REVISI`` (a pagu change with its revision ``kode``),
``BLOKIR`` (blocked; negative = unblocked), ``RPD`` (halaman III plan for ``bulan``; with a ``tanggal`` it is an update of that month's
plan from that date) or
``KOMITMEN``. The realization file adds ``tanggal_sp2d,nomor_sp2d,jumlah`` (negative =
refund). Amounts are integers in the unit you state when reading (rupiah or ribu rupiah);
there is no default unit. An amount is written with ASCII digits only, an optional leading
minus and no thousands separator: ``40,000,000`` or ``40.000.000`` is rejected, never read as
40. A PAGU (initial DIPA) amount must not be negative.

Every rejected row is listed with all its problems; nothing is dropped silently: the header
must hold each column once (no missing, unknown or repeated column), a row with more or fewer
fields than the header is rejected (an unquoted ``40,000,000`` splits into three fields), and
``rows_read == accepted + len(rejected)``. Sources follow the dayasos rule: a ``str`` or
path-like is a file path, content is ``bytes`` or an open file (``io.StringIO(text)``); UTF-8
with or without a byte-order mark, any line end; a file that is not UTF-8 raises
:class:`~dayasos.errors.TextDecodeError` naming the line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from attrs import define, evolve

from dayasos._textio import Source, csv_records, iso_date, read_source
from dayasos.budget.codes import (
    Akun,
    BudgetLineKey,
    Kewenangan,
    Output,
    RincianOutput,
    SumberDana,
)
from dayasos.budget.dipa import (
    AmountUnit,
    Blokir,
    Commitment,
    DipaLine,
    PaguEvent,
    PlanUpdate,
    Realization,
)
from dayasos.errors import BulkValidationError, DayasosError, ValidationError
from dayasos.money import Rupiah
from dayasos.periods import Month

__all__ = [
    "DIPA_COLUMNS",
    "KEY_COLUMNS",
    "REALIZATION_COLUMNS",
    "ImportResult",
    "RejectedRow",
    "read_budget_csv",
]

KEY_COLUMNS = (
    "tahun", "ba", "eselon1", "satker", "program", "kegiatan", "output", "sub_output",
    "komponen", "akun", "kewenangan", "sumber_dana",
)  # fmt: skip
DIPA_COLUMNS = (*KEY_COLUMNS, "catatan", "tanggal", "bulan", "kode", "jumlah")
REALIZATION_COLUMNS = (*KEY_COLUMNS, "tanggal_sp2d", "nomor_sp2d", "jumlah")

_INT = re.compile(r"-?[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")
_MONTH = re.compile(r"[0-9]{1,2}")


@define(frozen=True, slots=True)
class RejectedRow:
    """A rejected row: where it is and every problem found in it."""

    source: str
    row: int
    """Line number in the file (the header is line 1)."""
    problems: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.source}, line {self.row}: " + "; ".join(self.problems)


@define(frozen=True, slots=True)
class ImportResult:
    """DIPA lines built from the accepted rows, and every rejected row."""

    lines: tuple[DipaLine, ...]
    rows_read: int
    rejected: tuple[RejectedRow, ...]

    @property
    def accepted(self) -> int:
        """Rows that went into the lines."""
        return self.rows_read - len(self.rejected)

    def report(self) -> str:
        """Rejection report: counts, then one line per rejected row."""
        head = (
            f"{self.rows_read} rows read, {self.accepted} accepted, {len(self.rejected)} rejected"
        )
        return "\n".join([head, *(f"  {r}" for r in self.rejected)])


def _text(source: Source, argument: str) -> tuple[str, str]:
    name, text = read_source(source, argument)
    return (Path(name).name if isinstance(source, str | Path) else name), text


def _date(value: str, name: str) -> date:
    return iso_date(value, name)


def _amount(value: str, unit: AmountUnit) -> Rupiah:
    v = value.strip()
    if not _INT.fullmatch(v):
        raise ValidationError(
            "jumlah",
            f"must be an integer number of {unit.name.lower()}, digits only (no thousands "
            "separator)",
            shown=repr(v[:24]),
        )
    return unit.to_rupiah(int(v))


def _key(row: dict[str, str]) -> BudgetLineKey:
    """The key of a row; every bad column is reported, not only the first."""
    problems: list[ValidationError] = []

    def attempt(fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except ValidationError as exc:
            problems.append(exc)
            return None

    year = attempt(_year_of, row["tahun"])
    out, sub = row["output"].strip(), row["sub_output"].strip()
    output: Any = None
    if year is not None:
        output = (
            attempt(RincianOutput, out, sub) if year >= 2021 else attempt(Output, out, sub or None)
        )
    akun = attempt(Akun, row["akun"].strip())
    kw = attempt(Kewenangan.parse, row["kewenangan"])
    sd = attempt(SumberDana.parse, row["sumber_dana"])
    if not problems:
        return BudgetLineKey(
            year, row["ba"].strip(), row["eselon1"].strip(), row["satker"].strip(), row["program"].strip(),
            row["kegiatan"].strip(), output, row["komponen"].strip(), akun, kw, sd,
        )  # fmt: skip
    # check the plain code columns too, so that the report lists them all
    for name in ("ba", "eselon1", "satker", "program", "kegiatan", "komponen"):
        attempt(_check_code, name, row[name].strip())
    raise BulkValidationError("key", problems)


def _year_of(text: str) -> int:
    if not _YEAR.fullmatch(text.strip()):
        raise ValidationError("tahun", "must be a year of four digits", shown=repr(text[:8]))
    return int(text)


_PROBE = BudgetLineKey(
    2020, "000", "X", "000000", "X", "X", Output("X"), "X", Akun("511111"),
    Kewenangan.KANTOR_PUSAT, SumberDana.RM,
)  # fmt: skip


def _check_code(name: str, value: str) -> None:
    changes: dict[str, Any] = {name: value}
    evolve(_PROBE, **changes)


def _rows(
    name: str, text: str, columns: tuple[str, ...]
) -> Iterable[tuple[int, dict[str, str] | list[str]]]:
    """``(line, row)`` for each record, or ``(line, problems)`` for a record that cannot be
    read or has the wrong number of fields. The header must hold each column once."""
    records = csv_records(text)
    first = next(records, None)
    if first is None:
        raise ValidationError(f"{name}: header", "is missing: the file is empty")
    if isinstance(first[1], ValidationError):
        raise ValidationError(f"{name}: header", first[1].problem)
    header = [h.strip() for h in first[1]]
    missing = [c for c in columns if c not in header]
    unknown = [h for h in header if h not in columns]
    repeated = sorted({h for h in header if header.count(h) > 1})
    problems = []
    if missing:
        problems.append(f"misses the columns {', '.join(missing)}")
    if unknown:
        problems.append(f"has unknown columns {', '.join(repr(u[:24]) for u in unknown)}")
    if repeated:
        problems.append(f"repeats the columns {', '.join(repeated)}")
    if problems:
        raise ValidationError(f"{name}: header", "; ".join(problems))
    for line, values in records:
        if isinstance(values, ValidationError):
            yield line, [str(values)]
        elif len(values) != len(header):
            yield (
                line,
                [
                    f"row: has {len(values)} fields, the header has {len(header)} (a thousands "
                    "separator in an unquoted amount splits it into fields)"
                ],
            )
        else:
            yield line, dict(zip(header, values, strict=True))


_EVENT_KINDS = ("PAGU", "REVISI", "BLOKIR", "RPD", "KOMITMEN")


def _problems(exc: Exception) -> list[str]:
    if isinstance(exc, BulkValidationError):
        return [str(e) for e in exc.errors]
    if isinstance(exc, DayasosError):
        return [str(exc)]
    return [f"{type(exc).__name__}: {exc}"]


def _in_ta(field: str, on: date, key: BudgetLineKey | None) -> None:
    """An event's date ``on`` (column ``field``) must fall in its line's fiscal year (TA);
    not checked while the row's key is invalid."""
    if key is not None and on.year != key.fiscal_year:
        raise ValidationError(field, f"must fall in TA {key.fiscal_year}", shown=on.isoformat())


def read_budget_csv(
    dipa: Source,
    realizations: Source | None = None,
    *,
    unit: AmountUnit,
    realization_unit: AmountUnit | None = None,
) -> ImportResult:
    """Read a DIPA file (and optionally a realization file) into DIPA lines.

    Args:
        dipa: the DIPA file: a path (``str`` or path-like), ``bytes`` or an open file
            (``io.StringIO(text)`` for a text in memory).
        realizations: the realization file, in the same forms, or ``None``.
        unit: the unit of the DIPA amounts (required; there is no default).
        realization_unit: the unit of the realization amounts (default: ``unit``).

    Returns:
        The lines and every rejected row (``rows_read == accepted + len(rejected)``). A
        realization row whose key has no DIPA line is rejected, not dropped.

    Raises:
        ValidationError: a header is wrong, or ``unit`` is not an AmountUnit.
        SourceError, TextDecodeError: a file cannot be read or is not UTF-8.
    """
    for arg, given in (("unit", unit), ("realization_unit", realization_unit)):
        if not isinstance(given, AmountUnit) and not (arg != "unit" and given is None):
            raise ValidationError(
                arg, "must be an AmountUnit (rupiah or ribu rupiah)", shown=repr(given)[:40]
            )
    r_unit = unit if realization_unit is None else realization_unit
    events: dict[BudgetLineKey, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    rejected: list[RejectedRow] = []
    read = 0
    name, text = _text(dipa, "dipa")
    rows = list(_rows(name, text, DIPA_COLUMNS))
    if realizations is not None:
        rname, rtext = _text(realizations, "realizations")
        rrows = list(_rows(rname, rtext, REALIZATION_COLUMNS))
    for line_no, row in rows:
        read += 1
        if isinstance(row, list):
            rejected.append(RejectedRow(name, line_no, tuple(row)))
            continue
        problems: list[str] = []
        key: BudgetLineKey | None = None
        try:
            key = _key(row)
        except Exception as exc:  # every problem of a row is reported, none hidden
            problems += _problems(exc)
        kind = row["catatan"].strip().upper()
        event: Any = None
        try:
            if kind not in _EVENT_KINDS:
                raise ValidationError(
                    "catatan", f"must be one of {', '.join(_EVENT_KINDS)}", shown=repr(kind[:12])
                )
            amount = _amount(row["jumlah"], unit)
            if kind == "RPD":
                month = int(row["bulan"]) if _MONTH.fullmatch(row["bulan"].strip()) else 0
                if key is None:
                    raise ValidationError("bulan", "cannot be checked without a valid key")
                if amount.amount < 0:
                    raise ValidationError(
                        "jumlah", "of an RPD month must not be negative", shown=str(amount)
                    )
                target = Month(key.fiscal_year, month)
                if row["tanggal"].strip():
                    on = _date(row["tanggal"], "tanggal")
                    _in_ta("tanggal", on, key)
                    kind = "RPD_UPDATE"
                    event = PlanUpdate(on, target, amount)
                    if any(u.on == on and u.month == target for u in events[key][kind]):
                        raise ValidationError(
                            "tanggal", f"a second update of {target} on the same date"
                        )
                else:
                    event = (target, amount)
                    if any(m == target for m, _ in events[key]["RPD"]):
                        raise ValidationError(
                            "bulan",
                            f"a second RPD row for {target}; an update carries its tanggal",
                        )
            else:
                on = _date(row["tanggal"], "tanggal")
                _in_ta("tanggal", on, key)
                if kind == "PAGU":
                    if amount.amount < 0:
                        raise ValidationError(
                            "jumlah", "of a PAGU row must not be negative", shown=str(amount)
                        )
                    event = PaguEvent(on, amount, row["kode"].strip() or "awal")
                elif kind == "REVISI":
                    if not row["kode"].strip():
                        raise ValidationError("kode", "a REVISI row needs its revision code")
                    event = PaguEvent(on, amount, row["kode"].strip())
                elif kind == "BLOKIR":
                    event = Blokir(on, amount)
                else:
                    event = Commitment(on, amount)
        except Exception as exc:
            problems += _problems(exc)
        if key is not None and kind == "PAGU" and not problems and events[key]["PAGU"]:
            problems.append(
                "catatan: a second PAGU row for the same line; record changes as REVISI"
            )
        if problems or key is None:
            rejected.append(RejectedRow(name, line_no, tuple(problems)))
            continue
        events[key][kind].append(event)
    if realizations is not None:
        for line_no, row in rrows:
            read += 1
            if isinstance(row, list):
                rejected.append(RejectedRow(rname, line_no, tuple(row)))
                continue
            problems = []
            key = None
            try:
                key = _key(row)
            except Exception as exc:
                problems += _problems(exc)
            try:
                on = _date(row["tanggal_sp2d"], "tanggal_sp2d")
                real = Realization(
                    on, _amount(row["jumlah"], r_unit), row["nomor_sp2d"].strip() or None
                )
                if key is not None and key not in events:
                    raise ValidationError(
                        "key", "has no DIPA line (no PAGU/REVISI/RPD row with this key)"
                    )
                _in_ta("tanggal_sp2d", on, key)
            except Exception as exc:
                problems += _problems(exc)
            if problems or key is None:
                rejected.append(RejectedRow(rname, line_no, tuple(problems)))
                continue
            events[key]["REALISASI"].append(real)
    lines = []
    for key, ev in events.items():
        plan = dict(ev["RPD"])
        lines.append(
            DipaLine(
                key,
                pagu_events=[*ev["PAGU"], *ev["REVISI"]],
                blokir=ev["BLOKIR"],
                plan=plan,
                commitments=ev["KOMITMEN"],
                realizations=ev["REALISASI"],
                plan_updates=ev["RPD_UPDATE"],
            )
        )
    return ImportResult(tuple(lines), read, tuple(rejected))
