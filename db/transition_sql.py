"""What a transition writes, built with SQLAlchemy Core (issue #15): named in
pengadaan/db/write_statements.py and run through ``run(statement, **args)`` — on the
ORM unit of work's connection (pengadaan/db/writing.py) — so no ORM flush, version
machinery or identity map stands between the rules and the three statements.

Every value is a named bind parameter (``b_…`` the row it targets, a value written as
write_statements names it: ``v_…``), so one built statement serves every run of its
shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from pengadaan.db.bulk import scalar_defaults
from pengadaan.db.history_text import HASHED
from pengadaan.db.models import DaftarHitam, Jadwal, Opd, Paket, Progres, Riwayat, Scm
from pengadaan.db.repository import step_condition
from pengadaan.db.write_statements import VALUE, jadwal_written, paket_written, plan_written

_P, _R, _J = Paket.__table__, Riwayat.__table__, Jadwal.__table__


def _values(table: sa.Table, values: dict[str, Any]) -> dict[str, Any]:
    """Each of ``values`` (by column of ``table``) as the named input that writes it."""
    return {name: sa.bindparam(VALUE + name, value, type_=table.c[name].type)
            for name, value in values.items()}


def update_paket(paket_id: int, version: int, values: dict[str, Any]) -> sa.Update:
    """The paket row's new values and its next version, only if it is still at
    ``version`` (the optimistic lock the ORM's ``version_id_col`` applied)."""
    return (sa.update(_P)
            .where(_P.c.id == sa.bindparam("b_id", paket_id, type_=sa.Integer),
                   _P.c.version == sa.bindparam("b_version", version, type_=sa.Integer))
            .values(**_values(_P, paket_written(version, values))))


RIWAYAT_COLUMNS = (*HASHED, "hash", "hash_sebelumnya", "nilai")


def insert_riwayat(entry: dict[str, Any]) -> sa.Insert:
    """One history entry, its hash already computed (db/history_text.entry_hash)."""
    return sa.insert(_R).values(**_defaults(_R, RIWAYAT_COLUMNS),
                                **_values(_R, {name: entry[name] for name in RIWAYAT_COLUMNS}))


def close_and_open_stage(paket_id: int, left: str, entered: str, when: Any) -> sa.Update:
    """In the schedule, the stage left ends and the stage entered starts on ``when`` (its
    end cleared), in one statement; returns the stages it touched."""
    is_entered = _J.c.tahap == sa.bindparam("entered", entered, type_=sa.String)
    on = sa.bindparam("when", when, type_=sa.Date)
    return (sa.update(_J)
            .where(_J.c.paket_id == sa.bindparam("b_paket_id", paket_id, type_=sa.Integer),
                   _J.c.tahap.in_([sa.bindparam("left", left, type_=sa.String),
                                   sa.bindparam("entered", entered, type_=sa.String)]))
            .values(realisasi_mulai=sa.case((is_entered, on), else_=_J.c.realisasi_mulai),
                    realisasi_selesai=sa.case((is_entered, sa.null()), else_=on))
            .returning(_J.c.tahap))


def _defaults(table: sa.Table, given: Iterable[str]) -> dict[str, Any]:
    """The models' Python defaults of the columns an INSERT does not give, as constants
    in its text (the ORM would bind them; the SQL cache keeps constants, not inputs)."""
    defaults = scalar_defaults(table, given)
    if defaults is None:
        raise TypeError(f"{table.name}: a callable default has no constant to cache")
    return {name: sa.literal(value, type_=table.c[name].type)
            for name, value in defaults.items()}


def insert_jadwal(paket_id: int, tahap: str, urutan: int, values: dict[str, Any]
                  ) -> sa.Insert:
    """A schedule row for a stage it had none for, with ``values`` (its dates)."""
    given = jadwal_written(paket_id, tahap, urutan, values)
    return sa.insert(_J).values(**_defaults(_J, given), **_values(_J, given))


def plan_stage(paket_id: int, tahap: str, mulai: Any, selesai: Any) -> sa.Update:
    """A stage's plan set as is, not counted as a change (a contract signed fixes its
    pelaksanaan); returns the stage when it has a row."""
    return (sa.update(_J)
            .where(_J.c.paket_id == sa.bindparam("b_paket_id", paket_id, type_=sa.Integer),
                   _J.c.tahap == sa.bindparam("b_tahap", tahap, type_=sa.String))
            .values(**_values(_J, plan_written(mulai, selesai)))
            .returning(_J.c.tahap))


# --- what a transition reads ---------------------------------------------------------

# The paket columns the rules read (PaketCase, the trigger's checks and notes, the
# version check and the chain head), its OPD's name, and its newest step.
LOCKED_COLUMNS = ("id", "kode", "opd_id", "tahap", "metode", "jenis", "tahun", "pagu", "hps",
                  "nilai_kontrak", "penyedia", "ulang", "tgl_kontrak_mulai",
                  "tgl_kontrak_selesai", "tahap_sejak", "version", "riwayat_hash")


def locked_row(kode: str) -> sa.Select:
    """The paket ``kode`` (:data:`LOCKED_COLUMNS`, ``opd_nama``, and ``langkah_pemicu`` /
    ``langkah_tanggal`` of its newest step), its row locked (``FOR UPDATE``; SQLite's
    write transaction holds the whole file)."""
    older = sa.orm.aliased(Riwayat)
    newest = (sa.select(sa.func.max(older.id))
              .where(older.paket_id == _P.c.id, step_condition(older))
              .correlate(_P).scalar_subquery())
    return (sa.select(*(_P.c[name] for name in LOCKED_COLUMNS),
                      Opd.__table__.c.nama.label("opd_nama"),
                      _R.c.pemicu.label("langkah_pemicu"), _R.c.tanggal.label("langkah_tanggal"))
            .join(Opd.__table__, Opd.__table__.c.id == _P.c.opd_id)
            .outerjoin(_R, _R.c.id == newest)
            .where(_P.c.kode == sa.bindparam("kode", kode, type_=sa.String))
            .with_for_update(of=_P))


def latest_progress(paket_id: int, on: Any, since: Any) -> sa.Select:
    """The report in force on ``on`` (none given: the latest), not before ``since``:
    latest date, then latest entry (a correction)."""
    p = Progres.__table__.c
    query = (sa.select(p.fisik_bp, p.rencana_bp, p.kritis, p.tanggal, p.keuangan)
             .where(p.paket_id == sa.bindparam("paket_id", paket_id, type_=sa.Integer)))
    if on is not None:
        query = query.where(p.tanggal <= sa.bindparam("on", on, type_=sa.Date))
    if since is not None:
        query = query.where(p.tanggal >= sa.bindparam("since", since, type_=sa.Date))
    return query.order_by(p.tanggal.desc(), p.id.desc()).limit(1)


def latest_scm(paket_id: int) -> sa.Select:
    """The paket's newest SCM: its number, date, target and uji coba end."""
    s = Scm.__table__.c
    return (sa.select(s.tahap, s.tanggal, s.target_bp, s.uji_coba)
            .where(s.paket_id == sa.bindparam("paket_id", paket_id, type_=sa.Integer))
            .order_by(s.id.desc()).limit(1))


def blacklisted(on: Any) -> sa.Select:
    """The penyedia on the daftar hitam on ``on``."""
    d = DaftarHitam.__table__.c
    day = sa.bindparam("on", on, type_=sa.Date)
    return sa.select(d.penyedia).where(d.mulai <= day, d.selesai > day)


def rest_rows(kode: str) -> sa.Select:
    """The paket ``kode`` (what the re-plan of its rest reads) beside each of its
    schedule rows (``jadwal_tahap`` None: it has none), in the workflow's order."""
    return (sa.select(*(_P.c[name] for name in ("kode", "tahap", "tahap_sejak", "metode",
                                                  "jenis", "tahun", "tgl_kontrak_mulai",
                                                  "tgl_kontrak_selesai")),
                      _J.c.tahap.label("jadwal_tahap"), _J.c.rencana_mulai,
                      _J.c.rencana_selesai, _J.c.realisasi_mulai)
            .select_from(_P.outerjoin(_J, _J.c.paket_id == _P.c.id))
            .where(_P.c.kode == sa.bindparam("kode", kode, type_=sa.String))
            .order_by(_J.c.urutan))
