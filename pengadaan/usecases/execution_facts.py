"""Facts about a contract's execution that the workflow guards judge.

The state machine stays the one place of workflow truth: the advance use case reads
these facts from the progress reports and SCM rows and passes them as trigger inputs;
the guards in pengadaan/workflow/guards.py decide. A fact nobody recorded (no report,
no SCM, uji coba still running) is left out, and an absent fact never refuses — except
for hand-over, which needs a report of 100% (``realisasi_fisik_bp`` present but None).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pengadaan.db import write_statements as w
from pengadaan.settings import Settings

HANDOVER = ("pho", "bast")
KRITIS_TRIGGERS = ("nyatakan_kritis", "pulih")
SCM_TRIGGERS = ("adakan_scm", "beri_sp", "pulih")
AWARD = ("tetapkan_pemenang", "tanda_tangan_kontrak")


def _latest_progress(run, paket_id: int, on: date | None = None, since: date | None = None):
    return next(iter(run(w.PROGRES_BERLAKU, paket_id=paket_id, on=on, since=since)), None)


def uji_coba_facts(run, paket: Any, when: date) -> dict[str, Any]:
    """The uji coba of the SCM the paket is in, judged on ``when``.

    Met as soon as a report since the SCM reaches the target (even before the trial
    ends); still running until its date; after it, missed unless a report dated within
    the trial reached the target (no report is no evidence, so missed too).
    """
    if not paket.tahap.startswith("scm_"):
        return {}
    scm = next(iter(run(w.SCM_TERAKHIR, paket_id=paket.id)), None)
    if scm is None or scm.tahap != int(paket.tahap[-1]):
        return {}
    report = _latest_progress(run, paket.id, on=min(when, scm.uji_coba), since=scm.tanggal)
    if report is not None and report.fisik_bp >= scm.target_bp:
        return {"uji_coba_tercapai": True}
    if scm.uji_coba > when:
        return {"uji_coba_sampai": scm.uji_coba}
    return {"uji_coba_tercapai": False}


def execution_facts(run, paket: Any, pemicu: str, when: date,
                    settings: Settings) -> dict[str, Any]:
    """The facts ``pemicu``'s guards need, as trigger inputs (only those known);
    ``run(statement, **args)`` reads them (pengadaan/db/write_statements.py) in the
    transition's transaction, on either write path."""
    facts: dict[str, Any] = {}
    if pemicu in HANDOVER + KRITIS_TRIGGERS:
        report = _latest_progress(run, paket.id, on=when)
        if report is not None:
            facts["realisasi_fisik_bp"] = report.fisik_bp
            facts["kritis"] = report.kritis
            facts["laporan_rencana_bp"] = report.rencana_bp  # for the riwayat note
            facts["laporan_tanggal"] = report.tanggal
        elif pemicu in HANDOVER:
            facts["realisasi_fisik_bp"] = None  # known: nothing reported yet
    if pemicu == "fho" and paket.tahap == "pemeliharaan":
        facts["pho_tanggal"] = paket.tahap_sejak
        facts["pemeliharaan_bulan"] = settings.pemeliharaan_bulan
    if pemicu in AWARD:
        facts["daftar_hitam"] = frozenset(
            r.penyedia.strip().lower() for r in run(w.DAFTAR_HITAM_BERLAKU, on=when))
    if pemicu in SCM_TRIGGERS:
        facts.update(uji_coba_facts(run, paket, when))
    return facts
