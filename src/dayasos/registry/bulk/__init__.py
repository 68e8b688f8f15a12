"""Bulk load and export of a registry at national scale: CSV and Parquet into
:class:`~dayasos.registry.SQLiteStore` and back, in batches.

:func:`bulk_import` reads the registry CSV layout of :mod:`dayasos.registry.io`
(:data:`~dayasos.registry.CSV_COLUMNS`, any column order) or a Parquet file with the same
columns, ``batch_rows`` rows at a time: memory is bounded by the batch, not by the file. Every
row is validated exactly as :func:`~dayasos.registry.import_csv` validates it (the same
identifier checks, the same rejection report with line, field and reason, the same findings);
the difference is the method:

* well-formed rows (16-digit NIK and No. KK, ISO dates, known spellings) are parsed and
  checked column by column with pyarrow and numpy; python-stdnum is asked once per NIK
  region prefix and once per birth-date part;
* any other row goes through the row parser of :func:`~dayasos.registry.import_csv`, so its
  rejection names the same field and reason;
* cross-row checks (a NIK stated twice with different data, a No. KK with two regions,
  overlapping memberships, two heads) are decided per batch against the store, which holds
  every row accepted before: rows that cannot conflict are accepted as a set, the others
  one by one in line order. Into a store that held no person and no family when the import
  started, only the keys the import may have written are looked up (a fixed-size bit set
  says which);
* accepted rows are written in key order, many rows per ``INSERT``, with a larger page cache
  for the import's duration, while the next batch is read, parsed and made ready to write in
  a worker thread; accepted persons are held for a few batches and inserted together in NIK
  order once the person table has grown.

The package's modules, one concept each: ``read`` (CSV and Parquet batches), ``parse``
(column-wise parsing and validation), ``parsed`` (a parsed batch and the rows it writes),
``check`` (cross-row and store checks), ``seen`` (the keys an import may have written),
``pending`` (accepted persons held to be inserted together in NIK order), ``load`` (the
driver and :class:`BulkReport`), ``export`` and ``export_format``; the inserts themselves are
:mod:`dayasos.registry.sqlite_load`. Only the names below are the public API.

The import runs in one transaction. By default it is all or nothing: one rejected row and the
transaction is rolled back after the whole file has been checked (the report lists every
rejection). With ``partial=True`` the accepted rows are kept.

Line numbers: CSV lines count from the header (line 1); a Parquet row ``i`` (from 0) is
reported as line ``i + 2``, the line it would have in the CSV form of the same table.

:func:`bulk_export` writes the persons, families and memberships as a registry CSV or a
Parquet file (the spellings of :mod:`dayasos.registry.spelling`), read from the store with
set-based queries in batches. Exports write full NIK and No. KK numbers: calling an export
is the explicit request to reveal them.

Examples:
    >>> import io
    >>> from dayasos.registry import SQLiteStore
    >>> text = (
    ...     "no_kk,region,nik,name,birth_date,sex,relationship,member_from,member_until,"
    ...     "disability,pregnancy_due,school_level\\n"
    ...     "3171012009000001,31.71.01.1001,3171010205800001,Budi,1980-05-02,L,"
    ...     "Kepala Keluarga,2009-01-05,,,,\\n"
    ...     "3171012009000001,31.71.01.1001,31710102058000,Ani,1980-05-02,P,Anak,2009-01-05,,,,SD\\n"
    ... )
    >>> with SQLiteStore() as store:
    ...     report = bulk_import(io.BytesIO(text.encode()), store, partial=True)
    ...     print(report.summary())
    ...     print(report.rejected[0])
    2 rows: 1 accepted, 1 rejected; written
    line 3: nik: must be 16 digits
"""

from dayasos.registry.bulk.export import bulk_export, pseudonym
from dayasos.registry.bulk.load import BATCH_ROWS, BulkReport, bulk_import

__all__ = ["BATCH_ROWS", "BulkReport", "bulk_export", "bulk_import", "pseudonym"]
