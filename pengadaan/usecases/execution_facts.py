"""Facts about a contract's execution that the workflow guards judge.

The state machine stays the one place of workflow truth: the advance use case reads
these facts from the progress reports and SCM rows and passes them as trigger inputs;
the guards in pengadaan/workflow/guards.py decide. A fact nobody recorded (no report,
no SCM, uji coba still running) is left out, and an absent fact never refuses.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from db import progres as q
from db.models import Paket

HANDOVER = ("pho", "bast")
KRITIS_TRIGGERS = ("nyatakan_kritis", "pulih")
SCM_TRIGGERS = ("adakan_scm", "beri_sp", "pulih")
AWARD = ("tetapkan_pemenang", "tanda_tangan_kontrak")


def uji_coba_result(session, paket: Paket, when: date) -> bool | None:
    """Whether the uji coba of the SCM the paket is in met its target (None: unknown).

    Judged on the latest report dated from the SCM to its uji coba date, once that
    date has come.
    """
    if not paket.tahap.startswith("scm_"):
        return None
    scm = q.latest_scm(session, paket.id)
    if scm is None or scm.tahap != int(paket.tahap[-1]) or scm.uji_coba > when:
        return None
    report = q.latest_progress(session, paket.id, on=scm.uji_coba, since=scm.tanggal)
    if report is None:
        return None
    return report.fisik_bp >= scm.target_bp


def execution_facts(session, paket: Paket, pemicu: str, when: date) -> dict[str, Any]:
    """The facts ``pemicu``'s guards need, as trigger inputs (only those known)."""
    facts: dict[str, Any] = {}
    if pemicu in HANDOVER + KRITIS_TRIGGERS:
        report = q.latest_progress(session, paket.id, on=when)
        if report is not None:
            facts["realisasi_fisik_bp"] = report.fisik_bp
            facts["kritis"] = report.kritis
    if pemicu in AWARD:
        facts["daftar_hitam"] = frozenset(
            r.penyedia.strip().lower() for r in q.blacklist(session, on=when))
    if pemicu in SCM_TRIGGERS:
        met = uji_coba_result(session, paket, when)
        if met is not None:
            facts["uji_coba_tercapai"] = met
    return facts
