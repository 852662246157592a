"""``peringatan``: every (paket, flag) that holds on a date, with the kendala that
explains it. Reads through ``db.reading()`` (pengadaan/db/reading.py), so a cron run
is answered from cached SQL without importing SQLAlchemy; the ORM database runs the
same statements (pengadaan/db/statements.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pengadaan.db import statements
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.kalender import Kalender
from pengadaan.domain.lateness import FLAGS, Temuan, ambang, temuan
from pengadaan.usecases.alert_results import KendalaRef, Peringatan, TindakLanjutRef
from pengadaan.usecases.gc_pause import gc_paused
from pengadaan.usecases.reads import kalender_read, opd_id_read

if TYPE_CHECKING:
    from pengadaan.db.reading import CachedDatabase
    from pengadaan.db.uow import Database


def check_flag(flag: str | None) -> str | None:
    if flag is not None and flag not in FLAGS:
        raise InvalidInput(f"jenis peringatan: '{flag}' tidak dikenal (pilihan: "
                           f"{', '.join(FLAGS)})")
    return flag


def alerts(db: Database | CachedDatabase, as_of: date, opd: str | None = None,
           flag: str | None = None, with_kendala: bool = True) -> list[Peringatan]:
    """Every (paket, flag) that holds, by OPD, then most severe, then most late; each
    with the paket's open kendala and its latest tindak lanjut (issue #13), unless the
    caller only counts them (``with_kendala=False``: the login banner, cron)."""
    check_flag(flag)
    with db.reading() as read, gc_paused():
        kalender = kalender_read(read, as_of)
        a = ambang(as_of, kalender, db.settings.hampir_hari_kerja)
        opd_id = opd_id_read(read, opd)
        reasons = _open_kendala(read, as_of, opd_id) if with_kendala else None
        rows = read(statements.PERINGATAN, a=a, opd_id=opd_id, flags=(flag,) if flag else None)
        return alert_list(rows, as_of, kalender, reasons)


def _open_kendala(read, as_of: date, opd_id: int | None
                  ) -> dict[int, tuple[KendalaRef, TindakLanjutRef | None]]:
    """Per paket id, its latest kendala open on ``as_of`` and that kendala's latest
    tindak lanjut (two queries for every paket, as db/kendala.open_on)."""
    result = {}
    found = statements.latest_open(read(statements.KENDALA_TERBUKA, as_of=as_of, opd_id=opd_id),
                        read(statements.TINDAK_LANJUT_TERBUKA, as_of=as_of, opd_id=opd_id))
    for paket_id, (k, t) in found.items():
        follow = None if t is None else TindakLanjutRef(t.uraian, t.pelaksana, t.batas,
                                                        t.status)
        result[paket_id] = (KendalaRef(k.id, k.kategori, k.uraian, k.tanggal), follow)
    return result


_NO_KENDALA = (None, None)


def alert_list(rows, as_of: date, kalender: Kalender,
               reasons: dict[int, tuple] | None = None) -> list[Peringatan]:
    result = []
    reasons = reasons or {}
    known: dict[tuple, Temuan] = {}  # deadlines repeat: one working-day count per date
    for kode, nama, opd, tahap, flag, sev, tgl, tahun, nilai, paket_id in rows:
        if flag == "lewat_kontrak":  # the denda depends on the contract value
            t = temuan(flag, tgl, tahun, nilai, as_of, kalender)
        else:
            t = known.get((flag, tgl, tahun))
            if t is None:
                t = known[flag, tgl, tahun] = temuan(flag, tgl, tahun, None, as_of, kalender)
        result.append(Peringatan(kode, nama, opd, tahap, flag, t.batas, t.hari, t.denda, sev,
                                 *reasons.get(paket_id, _NO_KENDALA)))
    return result
