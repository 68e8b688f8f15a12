"""CSV and JSON import and export of a registry.

**CSV** carries persons, families and memberships, one row per membership (the column layout
is :data:`CSV_COLUMNS`, documented with an example file in ``docs/registry-example.csv``):

=================  ========================================================================
column             content
=================  ========================================================================
``no_kk``          No. KK, 16 digits (empty for a person without a family)
``region``         region code of the family, dotted or not (``31.71.01.1001``)
``nik``            NIK, 16 digits (empty for a family without members)
``name``           full name
``birth_date``     ISO date, ``1980-05-02``
``sex``            ``L``/``P``, ``m``/``f`` or the name (``Laki-laki``, ``Perempuan``)
``relationship``   relationship to the head (``Kepala Keluarga``, ``Istri``, ``Anak``, ...)
``member_from``    first day of the membership, ISO date
``member_until``   day the membership ended (exclusive), empty while it lasts
``disability``     ``ringan``/``sedang``/``berat``, empty for none
``pregnancy_due``  expected delivery date, empty when not pregnant
``school_level``   ``SD``/``SMP``/``SMA``/``PT``, empty when not enrolled
=================  ========================================================================

A person in several families over time has one row per membership with the same person
columns. Importing a file again is idempotent: a row stating a stored membership (and its
person and family) exactly as stored is accepted and writes nothing. Every row is validated; :class:`ImportReport` lists the accepted lines and, for every
rejected one, its line number, the field and the reason. By default an import is
all-or-nothing: one rejected row and nothing is written (the report says so). With
``partial=True`` the accepted rows are written and the rejected ones reported.

**JSON** carries everything (also welfare ranks and the enrolment history) as one document
built with the shared cattrs converter. Nothing is coerced: a text field must be a JSON
string (``null`` is refused, not stored as ``"None"``), an integer field a JSON integer (a
desil of ``5.9`` or ``"5"`` is refused, not truncated), a date a ``YYYY-MM-DD`` string.

**Sources** follow one rule in every dayasos reader: a ``str`` or path-like is a file path;
content is passed as ``bytes`` or an open file (``io.StringIO(text)``). Files are UTF-8, with
or without a byte-order mark, with CRLF, LF or CR line ends; a file that is not UTF-8 raises
:class:`~dayasos.errors.TextDecodeError` naming the line. Every CSV record is counted: in the
report ``rows == len(accepted) + len(rejected)``; a record with an unbalanced quote is
rejected at its line and the lines after it are read on their own.

Exports write full NIK and No. KK numbers (a file is useless otherwise): calling an export is
the explicit request to reveal them. Reports and errors only ever show them masked.

The code lives in :mod:`dayasos.registry.csv_rows` (one CSV row both ways),
:mod:`dayasos.registry.csv_io` (the CSV import and export over a store),
:mod:`dayasos.registry.json_io` (JSON) and :mod:`dayasos.registry.io_common` (the report
types, the CSV reader, the atomic write); ranks and enrolments have CSV files of their own
(:mod:`dayasos.registry.history_csv`). This module keeps the names importable from
``dayasos.registry.io``.
"""

from __future__ import annotations

from dayasos.registry.csv_io import (
    CSV_COLUMNS,
    export_csv,
    import_csv,
    read_csv,
    to_csv_text,
)
from dayasos.registry.io_common import ImportReport, RejectedRow, RowFinding
from dayasos.registry.json_io import RegistryDocument, export_json, import_json, registry_converter

__all__ = [
    "CSV_COLUMNS",
    "ImportReport",
    "RegistryDocument",
    "RejectedRow",
    "RowFinding",
    "export_csv",
    "export_json",
    "import_csv",
    "import_json",
    "read_csv",
    "registry_converter",
    "to_csv_text",
]
