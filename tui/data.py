"""The TUI's only door to the data: every read and write goes through a use case.

Screens call :class:`Sumber`; it knows which use case answers what, so a change of
use case touches this module only. It hands back the use cases' result objects as
they are (re-exported here, so no screen imports pengadaan.usecases). No SQL here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from pengadaan.db.reading import CachedDatabase, Unusable

from pengadaan.domain.akses import Identitas, Pelaku
from pengadaan.domain.alert_kinds import LATE_FLAGS
from pengadaan.domain.errors import TidakBerwenang
from pengadaan.domain.lateness import Temuan
from pengadaan.lazy import module
from pengadaan.usecases import dasbor, lateness_results, pelaku, reads
from pengadaan.usecases.daftar import PaketRingkas
from pengadaan.usecases.lateness_results import Page, PaketStatus, Peringatan

if TYPE_CHECKING:
    from pengadaan.usecases.opd_view import OpdView

# The ORM's use cases and the modules of the result types they hand back (SQLAlchemy,
# SQLModel, the models, pydantic: ±0,4 s CPU), imported on first use: the dashboard's
# first page and summary need none of them (issue #15). Each module is named here once;
# the annotations below and the re-exports name what these bindings hold.
alerts_uc = module("pengadaan.usecases.alerts")
changes = module("pengadaan.usecases.changes")
jadwal = module("pengadaan.usecases.jadwal")
sisa_jadwal = module("pengadaan.usecases.sisa_jadwal")
kendala = module("pengadaan.usecases.kendala")
lateness = module("pengadaan.usecases.lateness")
progres = module("pengadaan.usecases.progres")
proyeksi = module("pengadaan.usecases.proyeksi")
rapor = module("pengadaan.usecases.rapor")
paket_uc = module("pengadaan.usecases.paket")
pengguna_uc = module("pengadaan.usecases.pengguna")
results = module("pengadaan.usecases.results")
uow = module("pengadaan.db.uow")
workflow = module("pengadaan.domain.workflow")

# Re-exported result types whose modules load the ORM or pydantic, by the binding above
# that holds each: imported when a screen that shows them is (PEP 562), not before the
# first paint. Screens import them from here.
_LATER = {name: holder for holder, names in (
    (uow, ("Database",)), (workflow, ("Allowed",)), (jadwal, ("BarisJadwal",)),
    (sisa_jadwal, ("SisaJadwal",)), (pengguna_uc, ("HakPaket",)),
    (proyeksi, ("BarisProyeksi", "HasilProyeksi", "RingkasProyeksi")),
    (rapor, ("BarisRekap", "PaketTerburuk", "RaporOpd")),
    (results, ("KendalaView", "PaketDetail", "TahapJadwal", "TindakLanjutView")),
) for name in names}

__all__ = ["LATE_FLAGS", "Saringan", "Ringkasan", "Sumber", "SumberBaca", "Basis", "Page",
           "PaketRingkas", "PaketStatus", "open_named", *_LATER]


def __getattr__(name: str) -> Any:
    if name in _LATER:
        return getattr(_LATER[name], name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


T = TypeVar("T")


class Basis:
    """The database of one app session, two ways: the ORM :class:`Database`, opened on
    first need (``opener``), and optionally the same SQLite file answered from cached SQL
    (pengadaan/db/reading.py), which draws the dashboard before SQLAlchemy is imported
    (issue #15). Thread-safe: the summary and the ORM's loading run in workers."""

    def __init__(self, opener: Callable[[], uow.Database], cached: CachedDatabase | None = None
                 ) -> None:
        self._opener = opener
        self._db: uow.Database | None = None
        self._lock = threading.Lock()
        self.cached = cached

    @classmethod
    def of(cls, db: uow.Database | Basis) -> Basis:
        return db if isinstance(db, Basis) else cls(lambda: db)

    @property
    def db(self) -> uow.Database:
        with self._lock:
            if self._db is None:
                self._db = self._opener()
            return self._db

    def read(self, use_case: Callable[[uow.Database | CachedDatabase], T],
             orm: Callable[[uow.Database], T] | None = None) -> T:
        """``use_case(db)`` of a read through ``db.reading()``: from cached SQL when it
        can (no schema to migrate, the file readable), else the ORM's (``orm(db)``
        instead, for a use case that reads the ORM another way); a file still locked
        after the busy timeout is said at once, not waited for twice."""
        if self.cached is not None:
            try:
                return use_case(self.cached)
            except Unusable:
                pass
        return (orm or use_case)(self.db)


@dataclass(frozen=True)
class Saringan:
    """What the dashboard shows: filters, search and order (all applied in SQL)."""

    opd: str | None = None
    tahap: str | None = None
    metode: str | None = None
    only_late: bool = False
    cari: str = ""
    sort: str = "kode"
    descending: bool = False

    def but(self, **changes: Any) -> Saringan:
        return replace(self, **changes)


@dataclass(frozen=True)
class Ringkasan(lateness_results.Ringkasan):
    """The summary bar's numbers: the use case's summary plus the absorption and alert
    totals derived from it."""

    @property
    def penyerapan(self) -> float | None:
        """Realisasi keuangan as a percentage of pagu (budget absorption)."""
        return 100 * self.realisasi / self.pagu if self.pagu else None

    @property
    def alerts(self) -> int:
        return sum(self.per_flag.values())


def _acting_sqlite(db: CachedDatabase, actor: str | Identitas) -> Pelaku:
    """Who acts, read from cached SQL (SQLite: nobody but the desk verifies it)."""
    with db.reading() as read:
        return pelaku.current_user_sqlite(read, actor)


def open_named() -> uow.Database:
    """The database ``$PENGADAAN_DB`` names, as a web app opens it (pengadaan/tui/web.py):
    migrated already by the server that started the app, so opening writes nothing."""
    from pengadaan.db.uow import open_database

    from pengadaan.settings import Settings

    return open_database(None, migrate=False, settings=Settings.from_env(), create=False)


class SumberBaca:
    """Reads for one app session, judged as of ``per``; nothing here writes. The web
    and the Rapim app get this one: a write is not refused there, it does not exist
    (:class:`Sumber` adds the writes)."""

    def __init__(self, db: uow.Database | Basis, per: date) -> None:
        self.basis = Basis.of(db)
        self.per = per

    @property
    def db(self) -> uow.Database:
        """The ORM database (opened on first use)."""
        return self.basis.db

    def page(self, f: Saringan, offset: int, limit: int) -> Page:
        return self.basis.read(lambda db: dasbor.dashboard_page(
            db, self.per, opd=f.opd, tahap=f.tahap, metode=f.metode,
            only_late=f.only_late, cari=f.cari or None, sort=f.sort,
            descending=f.descending, offset=offset, limit=limit))

    def summary(self, opd: str | None) -> Ringkasan:
        s = self.basis.read(lambda db: dasbor.summary(db, self.per, opd=opd))
        return Ringkasan(**{f.name: getattr(s, f.name) for f in fields(s)})

    def alerts(self, opd: str | None = None) -> list[Peringatan]:
        return self.basis.read(lambda db: alerts_uc.alerts(db, self.per, opd=opd))

    def proyeksi(self, opd: str | None = None) -> proyeksi.HasilProyeksi:
        """The year-end forecast (issue #17) of the fiscal year of ``per`` with its
        at-risk list (the y screen: ±22.800 rows at 100,000 paket), from cached SQL when
        it can, as the dashboard's line is (issue #15)."""
        return self.basis.read(lambda db: proyeksi.proyeksi(db, self.per, opd))

    def proyeksi_ringkas(self) -> proyeksi.RingkasProyeksi:
        """The forecast's sums per OPD and for the kabupaten (the dashboard's line):
        folded as the rows stream, from cached SQL when it can (issue #4)."""
        return self.basis.read(lambda db: proyeksi.ringkas(db, self.per))

    def usul_target(self, opd: str | None = None) -> list:
        """Uji potensi (issue #17): the proposed monthly targets of the year of ``per``,
        beside the set ones."""
        from pengadaan.usecases.target_usul import usul

        return usul(self.db, self.per.year, opd)

    def rekap(self, forecast: bool = False) -> tuple[list[rapor.BarisRekap], rapor.BarisRekap]:
        """One row per OPD in the order of ``pengadaan rekap`` (by peringkat, OPDs
        without packages last), and the kabupaten total; the forecast's columns only
        where shown (the Rapim), since they cost a second pass over the year."""
        result = self.basis.read(lambda db: rapor.rekap(db, self.per, forecast=forecast))
        return result.baris, result.total

    def rapor(self, opd: str) -> rapor.RaporOpd:
        """One OPD's report card (its rank among all OPDs) as of the app's date."""
        return rapor.rapor(self.db, opd, self.per)

    def terburuk(self, n: int) -> list[rapor.PaketTerburuk]:
        """The kabupaten's ``n`` worst packages with their kendala and tindak lanjut."""
        return rapor.terburuk(self.db, self.per, n)

    def opd_list(self) -> list[OpdView]:
        return self.basis.read(reads.opd_views)

    # -- who is using the app ---------------------------------------------------------
    def who(self, actor: str | Identitas) -> tuple[Pelaku | None, str | None]:
        """The acting user, or None and why they may only read (unknown, inactive)."""
        try:
            return self.basis.read(lambda db: _acting_sqlite(db, actor),
                                   orm=lambda db: pengguna_uc.current_user(db, actor)), None
        except TidakBerwenang as err:
            return None, str(err)

    def rights(self, actor: str | Identitas, kode: str) -> pengguna_uc.HakPaket:
        return pengguna_uc.paket_rights(self.db, actor, kode)

    # -- one package -----------------------------------------------------------------
    def detail(self, kode: str) -> results.PaketDetail:
        return paket_uc.show_paket(self.db, kode)

    def flags(self, kode: str) -> list[Temuan]:
        return lateness.paket_flags(self.db, kode, self.per)

    def schedule(self, kode: str) -> list[jadwal.BarisJadwal]:
        return jadwal.show_schedule(self.db, kode)

    def progress(self, kode: str) -> list[progres.LaporanProgres]:
        return progres.list_progress(self.db, kode)

    def s_curve(self, kode: str) -> progres.KurvaS:
        return progres.s_curve(self.db, kode)

    def rest_of_plan(self, kode: str) -> sisa_jadwal.SisaJadwal | None:
        return sisa_jadwal.rest_of_plan(self.db, kode, self.per)

    def marker(self) -> tuple:
        """Changes whenever anyone commits a change (cheap enough to poll)."""
        return changes.data_version(self.db)


class Sumber(SumberBaca):
    """Reads and writes for one app session, judged as of ``per``."""

    def advance(self, kode: str, pemicu: str, actor: str, tanggal: date,
                catatan: str | None, version: int, **isian: Any) -> results.PaketDetail:
        return paket_uc.advance(self.db, kode, pemicu, actor, tanggal=tanggal,
                                catatan=catatan, expected_version=version,
                                today=self.per, **isian)

    def record_progress(self, kode: str, tanggal: date, fisik_bp: int, actor: str,
                        keuangan: int | None, catatan: str | None,
                        alasan_koreksi: str | None, version: int) -> progres.LaporanProgres:
        return progres.record_progress(self.db, kode, tanggal, fisik_bp, actor,
                                       keuangan=keuangan, catatan=catatan,
                                       alasan_koreksi=alasan_koreksi, today=self.per,
                                       expected_version=version)

    def change_stage(self, kode: str, tahap: str, mulai: date, selesai: date, alasan: str,
                     actor: str, version: int) -> None:
        jadwal.change_stage(self.db, kode, tahap, mulai, selesai, alasan, actor,
                            today=self.per, expected_version=version)

    def replan_rest(self, kode: str, alasan: str, actor: str | Identitas,
                    version: int) -> sisa_jadwal.SisaJadwal:
        return jadwal.replan_rest(self.db, kode, alasan, actor, today=self.per,
                                  expected_version=version)

    def record_kendala(self, kode: str, kategori: str, uraian: str, tanggal: date,
                       actor: str | Identitas) -> results.KendalaView:
        return kendala.record_kendala(self.db, kode, kategori, uraian, actor,
                                      tanggal=tanggal, today=self.per)

    def resolve_kendala(self, kendala_id: int, catatan: str, tanggal: date,
                        actor: str | Identitas) -> results.KendalaView:
        return kendala.resolve_kendala(self.db, kendala_id, catatan, actor,
                                       tanggal=tanggal, today=self.per)

    def record_tindak_lanjut(self, kendala_id: int, uraian: str, pelaksana: str,
                             batas: date, actor: str | Identitas, rekomendasi: bool,
                             status: str | None) -> results.TindakLanjutView:
        return kendala.record_tindak_lanjut(self.db, kendala_id, uraian, pelaksana, batas,
                                            actor, rekomendasi=rekomendasi, status=status)

    def update_tindak_lanjut(self, tl_id: int, status: str, catatan: str | None,
                             actor: str | Identitas) -> results.TindakLanjutView:
        return kendala.update_tindak_lanjut(self.db, tl_id, status, actor, catatan=catatan)
