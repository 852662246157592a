"""Use cases on packages: create, advance, list, show.

The only way anything about a paket changes. Each change is one transaction: the
new state, the history row and the schedule dates commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm.attributes import set_committed_value

from pengadaan.db import history_text as tracked
from pengadaan.db import repository as repo
from pengadaan.db.history import append_history
from pengadaan.db.limits_check import BATAS
from pengadaan.db.models import Paket
from pengadaan.db.uow import Database
from pengadaan.db.writing import runner
from pengadaan.domain import limits
from pengadaan.domain.akses import Identitas, Pelaku, Peran, refusal_to_change, require
from pengadaan.domain.errors import Conflict, GuardFailed, InvalidInput
from pengadaan.domain.vocabulary import CREATE_TRIGGER, Jenis, Metode, parse_choice
from pengadaan.domain.workflow import PaketCase, allowed
from pengadaan.domain.workflow import guards as g
from pengadaan.settings import Settings
from pengadaan.usecases import langkah, maju
from pengadaan.usecases.acting import acting
from pengadaan.usecases.daftar import list_paket, paket_filter, ringkas_of  # noqa: F401  (re-exported)
from pengadaan.usecases.execution_records import RECORDS
from pengadaan.usecases.hari import days, require_past
from pengadaan.usecases.jadwal import plan_schedule
from pengadaan.usecases.kendala import kendala_of
from pengadaan.usecases.lookup import require_opd
from pengadaan.usecases.reads import paket_not_found
from pengadaan.usecases.results import (
    LangkahRiwayat,
    PaketDetail,
    TahapJadwal,
)


@dataclass(frozen=True)
class PaketBaru:
    """Input of :func:`create_paket` as typed by a user (validated there)."""

    kode: str
    nama: str
    opd: str
    metode: str
    jenis: str
    pagu: int
    hps: int | None = None
    tahun: int | None = None
    mulai_pemilihan: date | None = None
    kode_rup: str | None = None
    sumber_dana: str | None = None
    ppk: str | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def check_texts(**values: str | None) -> None:
    """The paket's text fields against their declared limits (domain/limits.py): refused
    alike on SQLite (which would store them) and PostgreSQL (which would fail in English)."""
    for name, value in values.items():
        Paket.__table__.c[name].info[BATAS].periksa_opsional(value)


def check_metode_fits_jenis(metode: Metode, jenis: Jenis) -> None:
    """Seleksi is for jasa konsultansi; tender is for everything else (docs/aturan.md §2)."""
    if metode == Metode.SELEKSI and jenis != Jenis.KONSULTANSI:
        raise InvalidInput("metode seleksi hanya untuk jenis konsultansi; gunakan tender")
    if metode in (Metode.TENDER, Metode.TENDER_CEPAT) and jenis == Jenis.KONSULTANSI:
        raise InvalidInput("jasa konsultansi dipilih melalui seleksi, bukan tender")


def create_paket(db: Database, data: PaketBaru, actor: str | Identitas,
                 as_of: date | None = None, today: date | None = None) -> str:
    """Register a planned package in ``rencana`` on ``as_of`` (default today); returns
    its kode. A package entered late keeps the date it was really registered.

    The PPK plans its own OPD's packages (docs/aturan.md §1.2); an admin may too.
    """
    today, as_of = days(as_of, today)
    require_past(as_of, today)
    kode = data.kode.strip()
    if not kode:
        raise InvalidInput("kode: wajib diisi")
    if not data.nama.strip():
        raise InvalidInput("nama: wajib diisi")
    check_texts(kode=kode, nama=data.nama, kode_rup=data.kode_rup,
                  sumber_dana=data.sumber_dana, ppk=data.ppk)
    metode = parse_choice(Metode, data.metode, "metode")
    jenis = parse_choice(Jenis, data.jenis, "jenis")
    check_metode_fits_jenis(metode, jenis)
    if data.pagu <= 0:
        raise InvalidInput("pagu: harus lebih dari Rp 0")
    tahun = data.tahun or as_of.year
    limits.tahun(tahun)
    limits.rupiah(data.pagu, "pagu")
    if data.hps is not None:
        limits.rupiah(data.hps, "HPS")
    if data.mulai_pemilihan is not None:
        limits.tanggal(data.mulai_pemilihan, "mulai pemilihan")
    case = PaketCase("rencana", metode, jenis, tahun, data.pagu, data.hps)
    for guard in (g.hps_within_pagu, g.pl_ceiling):
        reason = guard(case, {"tanggal": data.mulai_pemilihan})
        if reason:
            raise GuardFailed(reason)

    with acting(db, actor) as act:
        session, pelaku = act.session, act.pelaku
        opd = require_opd(session, data.opd)
        require(refusal_to_change(pelaku, opd.id, opd.nama, "menambah paket", Peran.PPK))
        if repo.get_paket(session, kode) is not None:
            raise Conflict(f"paket dengan kode '{kode}' sudah ada")
        now = _now()
        paket = Paket(
            kode=kode, kode_rup=data.kode_rup, nama=data.nama.strip(), opd_id=opd.id,
            tahun=tahun, jenis=jenis, metode=metode, sumber_dana=data.sumber_dana,
            pagu=data.pagu, hps=data.hps, ppk=data.ppk, tahap="rencana",
            tgl_awal_pemilihan=data.mulai_pemilihan, tahap_sejak=as_of,
            dibuat=now, diubah=now,
        )
        session.add(paket)
        session.flush()
        append_history(session, paket.id, None, "rencana", CREATE_TRIGGER, as_of, now,
                       pelaku.nama, nilai=tracked.snapshot(paket))
        plan_schedule(session, paket, as_of)
        act.commit()
    return kode


def advance(db: Database, kode: str, pemicu: str, actor: str | Identitas,
            **options) -> PaketDetail:
    """:func:`transition` (same options), answered with the paket's whole detail: the
    screen a user fired from shows it again."""
    transition(db, kode, pemicu, actor, **options)
    return show_paket(db, kode)


def transition(
    db: Database,
    kode: str,
    pemicu: str,
    actor: str | Identitas,
    tanggal: date | None = None,
    catatan: str | None = None,
    expected_version: int | None = None,
    today: date | None = None,
    **inputs,
) -> langkah.TahapBaru:
    """Fire ``pemicu`` on a paket: state, history and schedule in one transaction;
    returns only the stage entered and its date (``paket maju`` prints no more).

    ``expected_version`` is the version the user's screen was based on; a newer
    version in the database means someone else changed it meanwhile (:class:`Conflict`).
    """
    today, when = days(tanggal, today)
    with acting(db, actor) as act:
        orm = ViaOrm(act.session, pemicu, act.pelaku, when, catatan, inputs)
        entered = maju.fire(runner(act.session), kode, pemicu, act.pelaku, when, today,
                            catatan, expected_version, db.settings, inputs, orm)
        act.commit()
    return entered


def apply_trigger(session, paket: Paket, pemicu: str, pelaku: Pelaku, when: date, today: date,
                  catatan: str | None = None, settings: Settings = Settings(),
                  **inputs) -> str:
    """Fire ``pemicu`` on a loaded paket inside the caller's unit of work: the steps of
    :func:`langkah.take`, as ``paket maju`` takes them.

    State, history, schedule and the trigger's own records (the SCM target, the
    kesempatan adendum, the daftar hitam: execution_records.py) change together;
    returns the stage left. The contract use cases call this too, so the role check
    there covers them all. ``settings`` is the caller's ``db.settings``.
    """
    step = langkah.take(runner(session), paket, repo.get_opd(session, paket.opd_id).nama,
                        repo.newest_step(session, paket.id), pemicu, pelaku, when, today,
                        catatan, inputs, settings,
                        ViaOrm(session, pemicu, pelaku, when, catatan, inputs, paket))
    return step.left


@dataclass(frozen=True)
class ViaOrm:
    """What only the ORM does after a transition's row and schedule are written
    (:class:`langkah.OrmSide`); ``loaded``: the caller's paket object, if it holds one."""

    session: Any
    pemicu: str
    pelaku: Pelaku
    when: date
    catatan: str | None
    inputs: dict[str, Any]
    loaded: Paket | None = None

    def follow(self, written: langkah.Ditulis) -> None:
        """The loaded paket as the transition left its row, nothing pending: the caller's
        unit of work goes on with it (a contract use case, the follow-up paket) and never
        flushes it again for this change."""
        if self.loaded is None:
            return
        for name, value in written.values.items():
            set_committed_value(self.loaded, name, value)
        set_committed_value(self.loaded, "version", written.version)
        repo.remember_newest(self.session, self.loaded.id, SimpleNamespace(**written.entry))

    def records(self, paket_id: int, step: langkah.Langkah) -> None:
        """The trigger's own records (execution_records.py), on the paket as written
        (the loaded one, or read now in this transaction)."""
        paket = self.loaded or self.session.get(Paket, paket_id)
        RECORDS[self.pemicu].write(self.session, paket, step.left, self.when,
                                   self.pelaku.nama, self.inputs, self.catatan)


def show_paket(db: Database, kode: str) -> PaketDetail:
    """Everything about one paket, with the triggers allowed now."""
    with db.unit_of_work() as uow:
        session = uow.session
        row = repo.paket_detail_row(session, kode)
        if row is None:
            raise paket_not_found(kode)
        return PaketDetail(
            paket=ringkas_of(row),
            opd_nama=row.opd_nama,
            pemicu=allowed(PaketCase.of(row)),
            jadwal=[TahapJadwal(*j) for j in repo.schedule_view(session, row.id)],
            riwayat=[LangkahRiwayat(**h._mapping) for h in repo.history(session, row.id)],
            kendala=kendala_of(session, row.id),
        )
