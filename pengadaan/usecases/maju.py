"""``paket maju`` on an existing SQLite file without SQLAlchemy (issue #15).

The same rules and writes as :func:`pengadaan.usecases.paket.transition`
(usecases/langkah.py: the role check, the workflow, the version-checked UPDATE, the
chained history entry, the schedule), read and written through the named statements'
cached SQLite text in one ``BEGIN IMMEDIATE`` transaction
(:meth:`pengadaan.db.reading.CachedDatabase.writing`). What only the ORM writes — a
trigger's own records (SCM, kesempatan, daftar hitam: execution_records.py), a signed
contract's schedule (jadwal.follow_contract), a penyedia checked against its column's
limit — raises :class:`Unusable` before anything is written, and the caller fires it
through the ORM database as always; so does a database to migrate, locked or missing.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from pengadaan.db import statements
from pengadaan.db import write_statements as w
from pengadaan.db.reading import CachedDatabase, Unusable
from pengadaan.domain.akses import Identitas, Verifikasi
from pengadaan.usecases import langkah
from pengadaan.usecases.execution_facts import execution_facts
from pengadaan.usecases.execution_records import RECORDS
from pengadaan.usecases.hari import days
from pengadaan.usecases.pelaku import IZINKAN_PILIH, clean_name, decide
from pengadaan.usecases.reads import paket_not_found
from pengadaan.usecases.version import require_version

# Changed by signing a contract: its schedule follows (ORM only, jadwal.follow_contract).
CONTRACT_DATES = frozenset({"tgl_kontrak_mulai", "tgl_kontrak_selesai"})


def transition(db: Any, kode: str, pemicu: str, actor: str | Identitas, **options: Any
               ) -> langkah.TahapBaru:
    """:func:`pengadaan.usecases.paket.transition` on either database: the cached SQLite
    path when it can (``db`` a :class:`CachedDatabase`; :class:`Unusable` otherwise,
    and the caller asks the ORM database), the ORM use case for the ORM database."""
    if isinstance(db, CachedDatabase):
        return _cached(db, kode, pemicu, actor, **options)
    from pengadaan.usecases.paket import transition as orm_transition

    return orm_transition(db, kode, pemicu, actor, **options)


def _cached(db: CachedDatabase, kode: str, pemicu: str, actor: str | Identitas,
            tanggal: date | None = None, catatan: str | None = None,
            expected_version: int | None = None, today: date | None = None,
            **inputs: Any) -> langkah.TahapBaru:
    today, when = days(tanggal, today)
    records = RECORDS.get(pemicu)
    if (records and records.write) or inputs.get("penyedia") is not None:
        raise Unusable("pemicu ini ditulis lewat ORM")
    ident = Identitas.of(actor)
    with db.writing() as run:
        facts = next(iter(run(statements.PELAKU_SQLITE, nama=clean_name(ident.nama),
                              kunci=IZINKAN_PILIH)))
        pelaku = decide(ident, facts, Verifikasi.SATU_MEJA)
        paket = next(iter(run(w.PAKET_KUNCI, kode=kode)), None)
        if paket is None:
            raise paket_not_found(kode)
        require_version(paket, expected_version)
        newest = (None if paket.langkah_tanggal is None else
                  SimpleNamespace(pemicu=paket.langkah_pemicu, tanggal=paket.langkah_tanggal))
        known = execution_facts(run, paket, pemicu, when, db.settings)
        step = langkah.decide(paket, paket.opd_nama, newest, pemicu, pelaku, when, today,
                              catatan, known, inputs, records)
        if step.changed.keys() & CONTRACT_DATES:
            raise Unusable("kontrak ditandatangani: jadwalnya ditulis lewat ORM")
        langkah.write(run, paket, step, pemicu, when, pelaku.nama)
        langkah.record_actual_dates(run, paket, step, when)
    return langkah.TahapBaru(step.entered, when)
