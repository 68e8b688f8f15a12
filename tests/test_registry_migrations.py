"""Schema migrations of the SQLite store, and the lifecycle's basis and note in columns."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from dayasos.categories import Programme
from dayasos.eligibility.lifecycle import KpmHistory, TransitionReason
from dayasos.eligibility.lifecycle.registry import history_from_registry, record_transitions
from dayasos.eligibility.pkh import PkhStatus
from dayasos.law import LegalBasis
from dayasos.registry import (
    SCHEMA_VERSION,
    EnrolmentStatus,
    Family,
    NoKK,
    RegionCode,
    SQLiteStore,
    StatusChange,
)
from dayasos.registry.sqlite import MIGRATIONS

KK = NoKK.parse("3171012009000001")


def test_a_version_1_file_is_migrated_and_its_history_reads_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO family VALUES (?, ?)", (int(KK.reveal()), "3171011001"))
    legacy = '{"legal_basis": "Permensos 1/2018", "note": "lama", "reason": "penetapan"}'
    db.execute(
        "INSERT INTO status_change (programme, subject_kind, subject, status, effective, "
        "recorded, reason) VALUES ('pkh', 'family', ?, 'active', '2019-01-01', '2019-01-01', ?)",
        (int(KK.reveal()), legacy),
    )
    db.close()
    with SQLiteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 4
        (change,) = store.history(Programme.PKH, KK)
        assert change.reason == legacy and change.basis == "" and change.note == ""
        history = history_from_registry(store, KK)
        assert history.transitions[0].note == "lama"
        assert history.transitions[0].legal_basis.cite() == "Permensos 1/2018"


def test_lifecycle_basis_and_note_are_columns_not_json_in_the_reason() -> None:
    basis = LegalBasis("Keputusan Dirjen Linjamsos (contoh)")
    h = KpmHistory.start("kpm", PkhStatus.AKTIF, date(2019, 1, 1)).transition(
        PkhStatus.GRADUASI_ALAMIAH,
        date(2021, 7, 1),
        TransitionReason.TIDAK_ADA_KOMPONEN,
        basis=basis,
        note="anak terakhir lulus SMA",
    )
    with SQLiteStore() as store:
        store.add_family(Family(KK, RegionCode.parse("31.71.01.1001")))
        record_transitions(store, KK, h.transitions)
        last = store.history(Programme.PKH, KK)[-1]
        assert last.reason == TransitionReason.TIDAK_ADA_KOMPONEN.code
        assert last.basis == basis.cite() and last.note == "anak terakhir lulus SMA"
        assert history_from_registry(store, KK, family_id="kpm") == h
        store.record_status(
            StatusChange(
                Programme.PKH, KK, EnrolmentStatus.ACTIVE, date(2022, 1, 1), date(2022, 1, 1)
            )
        )
        assert store.history(Programme.PKH, KK)[-1].basis == ""
