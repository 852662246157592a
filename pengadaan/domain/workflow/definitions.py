"""The workflows as data: one list of steps per metode (docs/aturan.md §3–§5).

Each step is a ``transitions`` transition: a trigger, its source stages, its
destination, the guards that may refuse it, the effects that copy its inputs onto
the case, and the inputs a user must or may give (declared once in isian.py, from
which the CLI options and the TUI fields are derived).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from pengadaan.domain.vocabulary import (
    ESCALATION,
    EXECUTION,
    FINAL_TAHAP,
    TAHAP,
    Metode,
    tahap_label,
)
from pengadaan.domain.workflow import guards as g
from pengadaan.domain.workflow import isian


@dataclass(frozen=True)
class Step:
    trigger: str
    source: tuple[str, ...]
    dest: str
    guards: tuple[g.Guard, ...] = ()
    effects: tuple[g.Effect, ...] = ()
    inputs: tuple[isian.Isian, ...] = ()


PEMICU_LABEL: dict[str, str] = {
    "siapkan": "Mulai persiapan (PPK menyusun HPS/spesifikasi)",
    "umumkan": "Umumkan tender/seleksi",
    "beri_penjelasan": "Pemberian penjelasan (aanwijzing)",
    "buka_penawaran": "Pemasukan/pembukaan penawaran",
    "mulai_evaluasi": "Evaluasi penawaran",
    "buktikan_kualifikasi": "Pembuktian kualifikasi",
    "mulai_negosiasi": "Klarifikasi teknis dan negosiasi",
    "tetapkan_pemenang": "Penetapan dan pengumuman pemenang",
    "buka_sanggah": "Masa sanggah",
    "sanggah_banding": "Sanggah banding (konstruksi)",
    "terbitkan_sppbj": "Terbitkan SPPBJ",
    "tanda_tangan_kontrak": "Tanda tangan kontrak/SPK/surat pesanan",
    "terbitkan_spmk": "Terbitkan SPMK/SP, mulai pelaksanaan",
    "undang": "Undang penyedia (pengadaan/penunjukan langsung)",
    "undang_ulang": "Undang ulang setelah gagal",
    "pesan": "Pesan melalui e-katalog",
    "pesan_ulang": "Pesan ulang setelah gagal",
    "laksanakan": "Mulai pelaksanaan swakelola",
    "nyatakan_gagal": "Nyatakan gagal",
    "evaluasi_ulang": "Evaluasi ulang",
    "tender_ulang": "Tender/seleksi ulang",
    "penunjukan_langsung": "Alihkan ke penunjukan langsung (tender ulang gagal)",
    "nyatakan_kritis": "Nyatakan kontrak kritis",
    "adakan_scm": "Adakan SCM (tahap berikutnya)",
    "pulih": "Kembali normal",
    "beri_sp": "Terbitkan surat peringatan (SP) berikutnya",
    "beri_kesempatan": "Pemberian kesempatan",
    "putus_kontrak": "Putus kontrak",
    "bast": "Serah terima (BAST)",
    "pho": "Serah terima pertama (PHO)",
    "fho": "Serah terima akhir (FHO)",
    "selesaikan": "Selesaikan",
    "batalkan": "Batalkan paket",
}



def choice_label(pemicu: str, ke: str) -> str:
    """A trigger as a user picks it: the action and where it leads, never the stage
    twice ("Lanjut ke Masa Sanggah", not "Masa sanggah → Masa Sanggah")."""
    label = PEMICU_LABEL[pemicu]
    action, _, note = label.partition(" (")
    dest = tahap_label(ke).split(" (")[0]
    if action.casefold() == dest.casefold():
        return f"Lanjut ke {dest}" + (f" ({note}" if note else "")
    return f"{label} → {dest}"


TENDER_SELECTION = (
    "pengumuman", "penjelasan", "penawaran", "evaluasi", "pembuktian",
    "penetapan", "sanggah", "sanggah_banding",
)
# Seleksi is for jasa konsultansi, and sanggah banding is for konstruksi only: seleksi
# never reaches it, so its graph does not have it.
SELEKSI_SELECTION = tuple(s for s in TENDER_SELECTION if s != "sanggah_banding")
TENDER_CEPAT_SELECTION = ("pengumuman", "penawaran", "evaluasi", "penetapan", "sanggah")
NON_TENDER_SELECTION = ("penawaran", "evaluasi", "negosiasi")


def _planning() -> list[Step]:
    return [Step("siapkan", ("rencana",), "persiapan")]


def _winner_and_contract(last_selection: tuple[str, ...]) -> list[Step]:
    return [
        Step("terbitkan_sppbj", last_selection, "sppbj", (g.penyedia_required,)),
        *_contract(("sppbj",)),
    ]


def _contract(source: tuple[str, ...]) -> list[Step]:
    return [
        Step(
            "tanda_tangan_kontrak", source, "kontrak",
            (g.contract_complete, g.nilai_within_ceiling, g.within_fiscal_year,
             g.penyedia_not_blacklisted, g.contract_period_valid),
            (g.take_winner, g.take_contract_dates),
            (isian.PENYEDIA, isian.NILAI_KONTRAK, isian.MULAI_KONTRAK, isian.SELESAI_KONTRAK),
        ),
        Step("terbitkan_spmk", ("kontrak",), "pelaksanaan"),
    ]


# What the SCM records (pengadaan/usecases/execution_records.py): target %, trial end.
SCM_INPUTS = (isian.TARGET_UJI_COBA, isian.TGL_UJI_COBA)


def _execution() -> list[Step]:
    """Execution sub-states (§5.2–5.3): kritis → SCM I–III → SP 1–3 → putus kontrak.

    The guards judge facts the use case reads from the progress reports and SCM rows
    (pengadaan/usecases/execution_facts.py); a fact that is unknown never refuses.
    """
    return [
        Step("nyatakan_kritis", ("pelaksanaan",), "kritis", (g.kritis_reported,)),
        Step("adakan_scm", ("kritis",), "scm_1", inputs=SCM_INPUTS),
        Step("adakan_scm", ("scm_1",), "scm_2", (g.uji_coba_missed,), inputs=SCM_INPUTS),
        Step("adakan_scm", ("scm_2",), "scm_3", (g.uji_coba_missed,), inputs=SCM_INPUTS),
        Step("beri_sp", ("scm_3",), "sp_1", (g.uji_coba_missed,)),
        Step("beri_sp", ("sp_1",), "sp_2"),
        Step("beri_sp", ("sp_2",), "sp_3"),
        Step("pulih", ESCALATION, "pelaksanaan", (g.recovered,)),
        Step("beri_kesempatan", ("pelaksanaan", *ESCALATION), "kesempatan",
             (g.kesempatan_within_limit,),
             inputs=(isian.KESEMPATAN_SAMPAI, isian.BAGIAN_TERLAMBAT)),
        Step("putus_kontrak", EXECUTION, "putus_kontrak", (g.reason_required,),
             inputs=(isian.CURANG, isian.LANJUTAN)),
        *_handover(("pelaksanaan", "kesempatan")),
    ]


def _handover(source: tuple[str, ...]) -> list[Step]:
    return [
        Step("bast", source, "serah_terima", (g.bast_not_konstruksi, g.fisik_complete)),
        Step("selesaikan", ("serah_terima",), "selesai"),
        Step("pho", source, "pemeliharaan", (g.pho_only_konstruksi, g.fisik_complete)),
        Step("fho", ("pemeliharaan",), "selesai", (g.maintenance_over,)),
    ]


def _chain(stages: tuple[str, ...], triggers: dict[str, str]) -> list[Step]:
    """Consecutive steps through ``stages``, each named by its destination's trigger."""
    pairs = zip(stages, stages[1:], strict=False)
    return [Step(triggers[dest], (src,), dest) for src, dest in pairs]


_ENTER = {
    "penjelasan": "beri_penjelasan",
    "penawaran": "buka_penawaran",
    "evaluasi": "mulai_evaluasi",
    "pembuktian": "buktikan_kualifikasi",
    "negosiasi": "mulai_negosiasi",
    "sanggah": "buka_sanggah",
}


def _tender_like(selection: tuple[str, ...]) -> list[Step]:
    """Tender, seleksi and tender cepat (docs/aturan.md §3.1, §3.4)."""
    before_winner = selection[: selection.index("penetapan")]
    steps = [
        *_planning(),
        Step("umumkan", ("persiapan",), "pengumuman",
             (g.hps_required, g.hps_within_pagu), (g.take_hps,), (isian.HPS,)),
        *_chain(before_winner, _ENTER),
        Step("tetapkan_pemenang", (before_winner[-1],), "penetapan",
             (g.penyedia_required, g.nilai_within_ceiling, g.penyedia_not_blacklisted),
             (g.take_winner,),
             (isian.PENYEDIA, isian.NILAI_KONTRAK)),
        Step("buka_sanggah", ("penetapan",), "sanggah"),
    ]
    after_sanggah: tuple[str, ...] = ("sanggah",)
    if "sanggah_banding" in selection:
        steps.append(Step("sanggah_banding", ("sanggah",), "sanggah_banding",
                          (g.only_konstruksi,)))
        after_sanggah = ("sanggah", "sanggah_banding")
    steps += [
        *_winner_and_contract(after_sanggah),
        Step("nyatakan_gagal", selection, "gagal"),
        Step("evaluasi_ulang", ("gagal",), "evaluasi"),
        Step("tender_ulang", ("gagal",), "pengumuman", (), (g.count_repeat, g.clear_winner)),
        Step("penunjukan_langsung", ("gagal",), "penawaran",
             (g.repeat_failed_with_approval,), (g.switch_to_penunjukan_langsung,),
             (isian.PERSETUJUAN,)),
        *_execution(),
    ]
    return steps


def _non_tender() -> list[Step]:
    """Pengadaan langsung and penunjukan langsung (docs/aturan.md §3.3)."""
    return [
        *_planning(),
        Step("undang", ("persiapan",), "penawaran",
             (g.hps_within_pagu, g.pl_ceiling), (g.take_hps,), (isian.HPS,)),
        *_chain(NON_TENDER_SELECTION, _ENTER),
        *_contract(("negosiasi",)),
        Step("nyatakan_gagal", NON_TENDER_SELECTION, "gagal"),
        Step("undang_ulang", ("gagal",), "penawaran", (), (g.count_repeat, g.clear_winner)),
        *_execution(),
    ]


def _e_purchasing() -> list[Step]:
    """Katalog elektronik: order, surat pesanan, delivery (docs/aturan.md §3.3)."""
    return [
        *_planning(),
        Step("pesan", ("persiapan",), "pemesanan", (g.hps_within_pagu,), (g.take_hps,),
             (isian.HPS,)),
        *_contract(("pemesanan",)),
        Step("nyatakan_gagal", ("pemesanan",), "gagal"),
        Step("pesan_ulang", ("gagal",), "pemesanan", (), (g.count_repeat, g.clear_winner)),
        *_execution(),
    ]


def _swakelola() -> list[Step]:
    """Swakelola: no selection and no contract with a penyedia."""
    return [
        *_planning(),
        Step("laksanakan", ("persiapan",), "pelaksanaan"),
        Step("bast", ("pelaksanaan",), "serah_terima", (g.fisik_complete,)),
        Step("selesaikan", ("serah_terima",), "selesai"),
    ]


def _with_cancel(steps: list[Step]) -> list[Step]:
    """Batal from any non-final stage, always with a reason."""
    stages = {"rencana"} | {s.dest for s in steps} | {src for s in steps for src in s.source}
    open_stages = tuple(sorted(stages - FINAL_TAHAP))
    return [*steps, Step("batalkan", open_stages, "batal", (g.reason_required,))]


WORKFLOWS: dict[Metode, list[Step]] = {
    Metode.TENDER: _with_cancel(_tender_like(TENDER_SELECTION)),
    Metode.SELEKSI: _with_cancel(_tender_like(SELEKSI_SELECTION)),
    Metode.TENDER_CEPAT: _with_cancel(_tender_like(TENDER_CEPAT_SELECTION)),
    Metode.PENGADAAN_LANGSUNG: _with_cancel(_non_tender()),
    Metode.PENUNJUKAN_LANGSUNG: _with_cancel(_non_tender()),
    Metode.E_PURCHASING: _with_cancel(_e_purchasing()),
    Metode.SWAKELOLA: _with_cancel(_swakelola()),
}


@cache
def stages_of(metode: str) -> tuple[str, ...]:
    """The stages of a workflow in the order a package normally meets them (cached:
    imports and schedules ask once per row)."""
    used = {stage for step in WORKFLOWS[metode] for stage in (*step.source, step.dest)}
    return tuple(stage for stage in TAHAP if stage in used)


@cache
def stage_order(metode: str) -> Mapping[str, int]:
    """Each stage of ``metode`` -> its place in the workflow (a schedule row's
    ``urutan``, what comes before what); also the set of its stages. Shared, so
    read-only."""
    return MappingProxyType({stage: i for i, stage in enumerate(stages_of(metode))})


def stage_place(metode: str, tahap: str) -> int:
    """A schedule row's ``urutan``: the stage's place in its workflow, after them all
    when it is not one of them (a stage met under an earlier metode)."""
    order = stage_order(metode)
    return order.get(tahap, len(order))
