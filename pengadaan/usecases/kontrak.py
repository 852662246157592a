"""Use cases on a contract under way (docs/aturan.md §5.2–5.4).

Adendum (perpanjangan waktu, nilai), pemberian kesempatan with denda, the kritis →
SCM I–III → SP 1–3 → putus kontrak chain, daftar hitam, serah terima. Each is one
unit of work: the transition (via :func:`apply_trigger`, so the workflow guards
decide), its history note and the extra rows commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pengadaan.db import progres as q
from pengadaan.db.history import append_history
from pengadaan.db.models import Adendum, Paket
from pengadaan.db.uow import Database
from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import GuardFailed, InvalidInput
from pengadaan.domain.execution import denda as dn
from pengadaan.domain.execution import kritis as kr
from pengadaan.domain.execution.serah_terima import akhir_pemeliharaan, retensi
from pengadaan.domain.formatting import rupiah, today_wib
from pengadaan.domain.formatting import tanggal as fmt
from pengadaan.domain.vocabulary import EXECUTION, Jenis, tahap_label
from pengadaan.domain.workflow import PaketCase
from pengadaan.domain.workflow.guards import kesempatan_within_limit
from pengadaan.usecases.acting import Acting, acting
from pengadaan.usecases.execution_records import check_kesempatan, write_kesempatan
from pengadaan.usecases.hari import days, require_past
from pengadaan.usecases.jadwal import follow_contract
from pengadaan.usecases.lookup import require_paket
from pengadaan.usecases.paket import apply_trigger
from pengadaan.usecases.progres import Kontrak, kontrak_of


@dataclass(frozen=True)
class AdendumView:
    jenis: str
    tanggal: date
    selesai_lama: date | None
    selesai_baru: date | None
    nilai_lama: int | None
    nilai_baru: int | None
    alasan: str


@dataclass(frozen=True)
class ScmView:
    tahap: int
    tanggal: date
    target_bp: int
    uji_coba: date


@dataclass(frozen=True)
class StatusKontrak:
    """Where a contract stands on ``per``: plan, progress, kritis, denda, retensi."""

    kode: str
    nama: str
    tahap: str
    jenis: str
    penyedia: str | None
    nilai_kontrak: int | None
    per: date
    spmk: date | None
    selesai: date | None
    kesempatan_sampai: date | None
    rencana_bp: int | None
    realisasi_bp: int | None
    deviasi_bp: int | None
    kritis: str | None
    hari_terlambat: int
    denda: int
    pho: date | None
    akhir_pemeliharaan: date | None
    retensi: int | None  # withheld until FHO; None once released or without contract
    adendum: list[AdendumView] = field(default_factory=list)
    scm: list[ScmView] = field(default_factory=list)


@dataclass(frozen=True)
class DaftarHitamView:
    penyedia: str
    mulai: date
    selesai: date
    alasan: str
    curang: bool
    paket: str | None


def _now() -> datetime:
    return datetime.now(UTC)


def _reason(text: str | None, field_name: str = "alasan") -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"{field_name}: wajib diisi")
    return text


def _handover_date(session, paket: Paket) -> date | None:
    """When the work stopped counting late: hand-over, or termination."""
    return q.last_step_date(session, paket.id, ("pho", "bast", "putus_kontrak"))


def _lateness(k: Kontrak, per: date, handed_over: date | None,
              bagian: int | None) -> tuple[int, int]:
    """Days late and denda: from the day after the contract end to hand-over or ``per``,
    on the late part when the kesempatan named one, else on the whole nilai kontrak.

    Perpanjangan moved the end (no denda); pemberian kesempatan did not (denda accrues).
    """
    if k.selesai is None or not k.paket.nilai_kontrak:
        return 0, 0
    until = min(per, handed_over) if handed_over else per
    days = dn.hari_terlambat(k.selesai, until)
    return days, dn.denda(dn.dasar_denda(bagian or k.paket.nilai_kontrak), days)


def contract_status(db: Database, kode: str, per: date | None = None) -> StatusKontrak:
    """Everything a supervisor asks about a contract under way, judged on ``per``."""
    per = per or today_wib()
    with db.unit_of_work() as uow:
        session = uow.session
        paket = require_paket(session, kode)
        k = kontrak_of(session, paket)
        report = q.latest_progress(session, paket.id, on=per)
        rencana = k.rencana_bp(per)
        realisasi = report.fisik_bp if report else None
        deviasi = reason = None
        if rencana is not None and realisasi is not None:
            deviasi = kr.deviasi_bp(rencana, realisasi)
            reason = kr.kritis_reason(rencana, realisasi, k.selesai_efektif, paket.tahun)
        handed = _handover_date(session, paket)
        rows = q.adendum(session, paket.id)
        bagian = next((a.nilai_baru for a in reversed(rows) if a.jenis == "kesempatan"), None)
        days, denda = _lateness(k, per, handed, bagian)
        pho = q.last_step_date(session, paket.id, ("pho",))
        # Retensi is the konstruksi guarantee for the pemeliharaan: held until FHO.
        konstruksi = paket.jenis == Jenis.KONSTRUKSI and paket.metode != "swakelola"
        held = (retensi(paket.nilai_kontrak)
                if konstruksi and paket.nilai_kontrak
                and paket.tahap not in ("selesai", "batal") else None)
        return StatusKontrak(
            kode=paket.kode, nama=paket.nama, tahap=paket.tahap, jenis=paket.jenis,
            penyedia=paket.penyedia, nilai_kontrak=paket.nilai_kontrak, per=per,
            spmk=k.spmk, selesai=k.selesai, kesempatan_sampai=k.kesempatan_sampai,
            rencana_bp=rencana, realisasi_bp=realisasi, deviasi_bp=deviasi, kritis=reason,
            hari_terlambat=days, denda=denda, pho=pho,
            akhir_pemeliharaan=(akhir_pemeliharaan(pho, db.settings.pemeliharaan_bulan)
                                if pho else None),
            retensi=held if paket.tahap != "putus_kontrak" else None,
            adendum=[AdendumView(a.jenis, a.tanggal, a.selesai_lama, a.selesai_baru,
                                 a.nilai_lama, a.nilai_baru, a.alasan) for a in rows],
            scm=[ScmView(s.tahap, s.tanggal, s.target_bp, s.uji_coba)
                 for s in q.scm_rows(session, paket.id)],
        )


# --- adendum -----------------------------------------------------------------------------

# Their riwayat entries: at the contract's stage (dari = ke), like a schedule change.
PEMICU_PERPANJANGAN = "adendum_waktu"
PEMICU_NILAI = "adendum_nilai"


def _record(session, paket: Paket, pemicu: str, when: date, oleh: str, note: str,
            **nilai) -> None:
    """The paket changed, and its chain records the new contract values."""
    paket.diubah = _now()
    append_history(session, paket.id, paket.tahap, paket.tahap, pemicu, when, paket.diubah,
                   oleh, note, nilai=nilai)



def _open_contract(act: Acting, kode: str, when: date, today: date,
                   expected_version: int | None) -> Paket:
    paket = act.paket(kode, expected_version, change="mengubah kontrak")
    require_past(when, today)
    if paket.tahap not in EXECUTION:
        raise InvalidInput(f"paket {kode} pada tahap '{tahap_label(paket.tahap)}'; adendum "
                           "hanya selama pelaksanaan kontrak")
    return paket


def _open_contract_with_end(act: Acting, kode: str, when: date, today: date,
                            expected_version: int | None):
    """The contract under way and its period; refused when no end date is known."""
    paket = _open_contract(act, kode, when, today, expected_version)
    k = kontrak_of(act.session, paket)
    if k.selesai is None:
        raise InvalidInput(f"paket {kode} belum memiliki tanggal selesai kontrak")
    return paket, k


def extend_contract(db: Database, kode: str, selesai_baru: date, alasan: str,
                    actor: str | Identitas, tanggal: date | None = None,
                    today: date | None = None,
                    expected_version: int | None = None) -> StatusKontrak:
    """Adendum perpanjangan waktu: a delay not the provider's fault; no denda.

    Signed before the contract period ends (docs/aturan.md §5.3); the new end replaces
    the contract end, the old one stays in the adendum row.
    """
    today, when = days(tanggal, today)
    alasan = _reason(alasan)
    with acting(db, actor) as act:
        session, pelaku = act.session, act.pelaku
        paket, k = _open_contract_with_end(act, kode, when, today, expected_version)
        if paket.tahap == "kesempatan":
            raise InvalidInput("perpanjangan waktu tidak dapat diberikan selama pemberian "
                               "kesempatan (keterlambatan karena penyedia)")
        if when > k.selesai:
            raise InvalidInput(
                f"perpanjangan waktu harus diadendum sebelum masa kontrak berakhir "
                f"({fmt(k.selesai)}); untuk keterlambatan penyedia gunakan pemberian kesempatan"
            )
        if selesai_baru <= k.selesai:
            raise InvalidInput(f"selesai baru {fmt(selesai_baru)} harus sesudah tanggal selesai "
                               f"kontrak {fmt(k.selesai)}")
        session.add(Adendum(paket_id=paket.id, jenis="perpanjangan", tanggal=when,
                            selesai_lama=k.selesai, selesai_baru=selesai_baru, alasan=alasan,
                            dicatat=_now(), oleh=pelaku.nama))
        paket.tgl_kontrak_selesai = selesai_baru
        _record(session, paket, PEMICU_PERPANJANGAN, when, pelaku.nama,
                f"perpanjangan waktu: selesai {fmt(k.selesai)} menjadi {fmt(selesai_baru)}; "
                f"alasan: {alasan}", tgl_kontrak_selesai=selesai_baru)
        follow_contract(session, paket)
        act.commit()
    return contract_status(db, kode, when)


def change_value(db: Database, kode: str, nilai_baru: int, alasan: str, actor: str | Identitas,
                 tanggal: date | None = None, today: date | None = None,
                 expected_version: int | None = None) -> StatusKontrak:
    """Adendum nilai kontrak: the new value stays within the pagu (docs/aturan.md §5.3)."""
    today, when = days(tanggal, today)
    alasan = _reason(alasan)
    with acting(db, actor) as act:
        session, pelaku = act.session, act.pelaku
        paket = _open_contract(act, kode, when, today, expected_version)
        if nilai_baru <= 0:
            raise InvalidInput("nilai baru: harus lebih dari Rp 0")
        if nilai_baru > paket.pagu:
            raise InvalidInput(f"nilai baru {rupiah(nilai_baru)} melebihi pagu "
                               f"{rupiah(paket.pagu)}")
        report = q.latest_progress(session, paket.id)
        if report and report.keuangan and nilai_baru < report.keuangan:
            raise InvalidInput(f"nilai baru {rupiah(nilai_baru)} di bawah realisasi keuangan "
                               f"{rupiah(report.keuangan)} ({fmt(report.tanggal)})")
        session.add(Adendum(paket_id=paket.id, jenis="nilai", tanggal=when,
                            nilai_lama=paket.nilai_kontrak, nilai_baru=nilai_baru,
                            alasan=alasan, dicatat=_now(), oleh=pelaku.nama))
        note = (f"adendum nilai kontrak: {rupiah(paket.nilai_kontrak)} menjadi "
                f"{rupiah(nilai_baru)}; alasan: {alasan}")
        paket.nilai_kontrak = nilai_baru
        _record(session, paket, PEMICU_NILAI, when, pelaku.nama, note, nilai_kontrak=nilai_baru)
        act.commit()
    return contract_status(db, kode, when)


def grant_extra_time(db: Database, kode: str, sampai: date, alasan: str, actor: str | Identitas,
                     tanggal: date | None = None, today: date | None = None,
                     bagian: int | None = None,
                     expected_version: int | None = None) -> StatusKontrak:
    """Pemberian kesempatan: provider's fault, ≤ 50 hari kalender after the contract end.

    Denda accrues from the day after the contract end; it may cross the fiscal year
    (Perpres 16/2018 Pasal 56; Peraturan LKPP 12/2021 7.20). Granting it again while
    in kesempatan moves its end, still within the 50 days. ``bagian`` is the value of
    the late part of the contract when denda is on that part only (Pasal 79(4)).
    """
    today, when = days(tanggal, today)
    alasan = _reason(alasan)
    inputs = {"kesempatan_sampai": sampai, "bagian_terlambat": bagian}
    with acting(db, actor) as act:
        session, pelaku = act.session, act.pelaku
        paket = _open_contract(act, kode, when, today, expected_version)
        if paket.tahap != "kesempatan":  # the contract end is checked with the inputs
            apply_trigger(session, paket, "beri_kesempatan", pelaku, when, today, alasan,
                          settings=db.settings, **inputs)
        else:  # moving its end: the same rules, no transition
            check_kesempatan(paket, when, {**inputs, "catatan": alasan})
            reason = kesempatan_within_limit(PaketCase.of(paket), inputs)
            if reason:
                raise GuardFailed(reason)
            write_kesempatan(session, paket, paket.tahap, when, pelaku.nama, inputs, alasan)
            paket.diubah = _now()
        act.commit()
    return contract_status(db, kode, when)


# --- kritis → SCM → SP → putus kontrak ------------------------------------------------------


def _step(db: Database, kode: str, pemicu: str, actor: str | Identitas, tanggal: date | None,
          catatan: str | None, today: date | None, expected_version: int | None,
          **inputs) -> StatusKontrak:
    """Fire one execution trigger: its guards judge the progress facts, and
    apply_trigger writes its note and records (execution_records.py)."""
    today, when = days(tanggal, today)
    with acting(db, actor) as act:
        paket = act.paket(kode, expected_version)
        apply_trigger(act.session, paket, pemicu, act.pelaku, when, today, catatan,
                      settings=db.settings, **inputs)
        act.commit()
    return contract_status(db, kode, when)


def declare_kritis(db: Database, kode: str, actor: str | Identitas, tanggal: date | None = None,
                   catatan: str | None = None, today: date | None = None,
                   expected_version: int | None = None) -> StatusKontrak:
    """Nyatakan kontrak kritis: refused when the latest report is not kritis."""
    return _step(db, kode, "nyatakan_kritis", actor, tanggal, catatan, today, expected_version)


def hold_scm(db: Database, kode: str, target_bp: int, uji_coba: date, actor: str | Identitas,
             tanggal: date | None = None, catatan: str | None = None,
             today: date | None = None, expected_version: int | None = None) -> StatusKontrak:
    """SCM tahap berikutnya with its uji coba: reach ``target_bp`` by ``uji_coba``.

    From kritis → SCM I; from SCM I/II only when the previous uji coba was missed
    (the workflow guard decides on the reported progress).
    """
    return _step(db, kode, "adakan_scm", actor, tanggal, catatan, today, expected_version,
                 target_uji_coba=target_bp, tgl_uji_coba=uji_coba)


def recover(db: Database, kode: str, actor: str | Identitas, tanggal: date | None = None,
            catatan: str | None = None, today: date | None = None,
            expected_version: int | None = None) -> StatusKontrak:
    """Kembali normal: the uji coba target was met (or the report is no longer kritis)."""
    return _step(db, kode, "pulih", actor, tanggal, catatan, today, expected_version)


def warn(db: Database, kode: str, actor: str | Identitas, tanggal: date | None = None,
         catatan: str | None = None, today: date | None = None,
         expected_version: int | None = None) -> StatusKontrak:
    """Surat peringatan berikutnya (after SCM III missed: SP 1, 2, 3)."""
    return _step(db, kode, "beri_sp", actor, tanggal, catatan, today, expected_version)


def terminate(db: Database, kode: str, alasan: str, actor: str | Identitas, curang: bool = False,
              lanjutan: str | None = None, tanggal: date | None = None,
              today: date | None = None, expected_version: int | None = None) -> StatusKontrak:
    """Putus kontrak: the penyedia goes on the daftar hitam (1 year, 2 for fraud) and,
    optionally, a follow-up paket ``lanjutan`` is created in rencana for the rest of the
    work, linked to this one in both histories."""
    return _step(db, kode, "putus_kontrak", actor, tanggal, _reason(alasan), today,
                 expected_version, curang=curang, lanjutan=lanjutan)


def hand_over(db: Database, kode: str, actor: str | Identitas, tanggal: date | None = None,
              catatan: str | None = None, today: date | None = None,
              expected_version: int | None = None) -> StatusKontrak:
    """PHO (konstruksi) or BAST (others): only at realisasi fisik 100% (workflow guard)."""
    with db.unit_of_work() as uow:
        paket = require_paket(uow.session, kode)
        pemicu = ("pho" if paket.jenis == Jenis.KONSTRUKSI and paket.metode != "swakelola"
                  else "bast")
    return _step(db, kode, pemicu, actor, tanggal, catatan, today, expected_version)


def blacklist(db: Database, penyedia: str | None = None,
              per: date | None = None) -> list[DaftarHitamView]:
    """Daftar hitam; with ``per``, only entries in force on that date."""
    with db.unit_of_work() as uow:
        session = uow.session
        rows = q.blacklist(session, penyedia, per)
        kode = {r.paket_id: session.get(Paket, r.paket_id).kode for r in rows if r.paket_id}
        return [DaftarHitamView(r.penyedia, r.mulai, r.selesai, r.alasan, r.curang,
                                kode.get(r.paket_id)) for r in rows]

