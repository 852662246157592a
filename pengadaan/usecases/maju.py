"""A transition by paket kode (``paket maju``, the TUI's advance), one path for both
databases (issue #15): :func:`fire` reads the locked paket row and takes the steps of
usecases/langkah.py (the facts its guards judge, the rules, the row, its chained
history entry, the schedule and a signed contract's plan), all through named
statements (pengadaan/db/write_statements.py) run by ``run(statement, **args)``.

The ORM database runs them on its unit of work's connection
(:func:`pengadaan.usecases.paket.transition`); an existing SQLite file runs their cached
text with :mod:`sqlite3` in one ``BEGIN IMMEDIATE`` transaction, without importing
SQLAlchemy (:meth:`pengadaan.db.reading.CachedDatabase.writing`). What only the ORM
writes — a trigger's own records (SCM, kesempatan, daftar hitam and a follow-up paket:
execution_records.py) — raises :class:`Unusable` there before anything is written, and
the caller fires it through the ORM database as always; so does a database to migrate,
or a missing file. A locked file is said once (pengadaan/db/reading.py), not waited
for again by the ORM.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from pengadaan.db import write_statements as w
from pengadaan.db.reading import CachedDatabase
from pengadaan.domain.akses import Identitas
from pengadaan.usecases import langkah
from pengadaan.usecases.hari import days
from pengadaan.usecases.pelaku import current_user_sqlite
from pengadaan.usecases.reads import paket_not_found
from pengadaan.usecases.version import require_version


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
    with db.writing() as run:
        pelaku = current_user_sqlite(run, actor)
        return fire(run, kode, pemicu, pelaku, when, today, catatan, expected_version,
                    db.settings, inputs)


def fire(run, kode: str, pemicu: str, pelaku: Any, when: date, today: date,
         catatan: str | None, expected_version: int | None, settings: Any,
         inputs: dict[str, Any], orm: langkah.OrmSide | None = None) -> langkah.TahapBaru:
    """Fire ``pemicu`` on the paket ``kode`` inside the caller's write transaction:
    unknown kode, then the version the user read, then the steps of
    :func:`langkah.take` (``orm``: what only the ORM writes; without it such a trigger
    is :class:`Unusable`)."""
    paket = next(iter(run(w.PAKET_KUNCI, kode=kode)), None)
    if paket is None:
        raise paket_not_found(kode)
    require_version(paket, expected_version)
    newest = (None if paket.langkah_tanggal is None else
              SimpleNamespace(pemicu=paket.langkah_pemicu, tanggal=paket.langkah_tanggal))
    step = langkah.take(run, paket, paket.opd_nama, newest, pemicu, pelaku, when, today,
                        catatan, inputs, settings, orm)
    return langkah.TahapBaru(step.entered, when)
