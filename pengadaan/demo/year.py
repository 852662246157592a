"""A deterministic demo fiscal year for a kabupaten like Kudus.

Every history step is produced by firing the real workflow on a case, so the demo
can only contain legal transitions. Packages move through the year at a pace drawn
per package; whatever would happen after the as-of date has not happened yet.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from pengadaan.demo.names import LOKASI, NamaPaket, fitting, is_road, opd_label
from pengadaan.domain.config import pl_limit
from pengadaan.domain.execution import eskalasi as esk
from pengadaan.domain.schedule_templates import contract_end
from pengadaan.domain.vocabulary import Jenis, Metode
from pengadaan.domain.workflow import PaketCase, fire
from pengadaan.domain.workflow.guards import history_note

OPD_KUDUS: tuple[tuple[str, str, str], ...] = (
    ("1.03.01", "Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR"),
    ("2.15.01", "Dinas Perhubungan", "DISHUB"),
    ("2.11.01", "Dinas Perumahan, Kawasan Permukiman dan Lingkungan Hidup", "PKPLH"),
    ("2.07.01", "Dinas Tenaga Kerja, Perindustrian, Koperasi dan UKM", "DISNAKER"),
    ("1.02.02", "Rumah Sakit Umum Daerah dr. Loekmono Hadi", "RSUD"),
    ("2.12.01", "Dinas Kependudukan dan Pencatatan Sipil", "DISDUKCAPIL"),
    ("5.01.01", "Badan Perencanaan Pembangunan Daerah", "BAPPEDA"),
    ("5.02.01", "Badan Pengelolaan Pendapatan, Keuangan dan Aset Daerah", "BPPKAD"),
    ("6.01.01", "Inspektorat Daerah", "INSPEKTORAT"),
    ("1.01.01", "Dinas Pendidikan, Kepemudaan dan Olahraga", "DISDIKPORA"),
    ("1.02.01", "Dinas Kesehatan", "DINKES"),
    ("1.05.01", "Satuan Polisi Pamong Praja", "SATPOLPP"),
    ("1.05.02", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("1.06.01", "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak", "DINSOS"),
    ("2.08.01", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB"),
    ("2.13.01", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD"),
    ("2.16.01", "Dinas Komunikasi dan Informatika", "DISKOMINFO"),
    ("2.18.01", "Dinas Penanaman Modal dan PTSP", "DPMPTSP"),
    ("2.23.01", "Dinas Arsip dan Perpustakaan", "ARPUS"),
    ("3.25.01", "Dinas Pertanian dan Pangan", "DISPERTAPA"),
    ("3.30.01", "Dinas Perdagangan", "DISDAG"),
    ("3.26.01", "Dinas Kebudayaan dan Pariwisata", "DISBUDPAR"),
    ("4.01.01", "Sekretariat Daerah", "SETDA"),
    ("4.02.01", "Sekretariat DPRD", "SETWAN"),
    ("5.03.01", "Badan Kepegawaian dan Pengembangan SDM", "BKPSDM"),
    ("8.01.01", "Badan Kesatuan Bangsa dan Politik", "KESBANGPOL"),
    ("7.01.01", "Kecamatan Kota Kudus", "KEC-KOTA"),
    ("7.01.02", "Kecamatan Jekulo", "KEC-JEKULO"),
)

PENYEDIA = (
    "CV Karya Muria", "PT Menara Kudus Konstruksi", "CV Sinar Jati", "PT Gebog Jaya Abadi",
    "CV Dawe Makmur", "PT Kaliwungu Teknik", "CV Undaan Sejahtera", "PT Medika Utama Semarang",
    "CV Bina Mandiri", "PT Cipta Rekayasa Nusantara", "CV Tunas Harapan", "PT Sarana Data Prima",
    "CV Mejobo Lestari", "PT Jepara Karya Sentosa", "CV Barokah Teknik",
)

# Providers whose contract the demo terminates go on the daftar hitam, so they get
# names no other demo package awards (a barred provider cannot win again that year):
# one name per package number up to 1.600, so two demo packages on their way to a
# termination never share one below that size.
_DIPUTUS_NAMA = ("CV Surya Pratama", "CV Mulia Bangun", "PT Anugerah Konstruksi", "CV Lintas Karya",
                 "CV Putra Mandala", "PT Bumi Rekayasa", "CV Sekar Jaya", "PT Tirta Cipta")
_DIPUTUS_TEMPAT = ("Welahan", "Jekulo", "Pati", "Bae", "Jati", "Kaliwungu", "Gebog", "Dawe",
                   "Mejobo", "Undaan")
_DIPUTUS_CABANG = ("", " Utara", " Selatan", " Timur", " Barat", " Raya", " Baru", " Lor",
                   " Kidul", " Wetan", " Kulon", " Tengah", " Kota", " Indah", " Asri",
                   " Permai", " Makmur", " Sentosa", " Abadi", " Sejati")


def penyedia_diputus(kode: str) -> str:
    number = int(kode[-5:])
    nama, rest = number % len(_DIPUTUS_NAMA), number // len(_DIPUTUS_NAMA)
    tempat, cabang = rest % len(_DIPUTUS_TEMPAT), rest // len(_DIPUTUS_TEMPAT)
    return (f"{_DIPUTUS_NAMA[nama]} {_DIPUTUS_TEMPAT[tempat]}"
            f"{_DIPUTUS_CABANG[cabang % len(_DIPUTUS_CABANG)]}")

SUMBER_DANA = ("APBD", "APBD", "APBD", "DAU", "DAK", "BK Provinsi", "DBHCHT", "BLUD")

# Planned selection start, days after 6 January (triangular, mode 30): large packages
# (from LARGE_PAGU) are planned early in the year, their works need the dry season.
LATEST_START = 260
LATEST_START_LARGE = 120
LARGE_PAGU = 2_500_000_000
# HPS as a share of pagu, nilai kontrak as a share of HPS: the sisa tender (about 9% of
# pagu) is never absorbed, one reason absorption stays below 100% (docs/dasar.md).
HPS_OF_PAGU = (0.95, 1.0)
NILAI_OF_HPS = (0.88, 0.99)

# (metode, jenis, weight, pagu range in juta Rupiah)
MIX: tuple[tuple[Metode, Jenis, int, tuple[int, int]], ...] = (
    (Metode.PENGADAAN_LANGSUNG, Jenis.BARANG, 14, (15, 200)),
    (Metode.PENGADAAN_LANGSUNG, Jenis.KONSTRUKSI, 10, (50, 400)),
    (Metode.PENGADAAN_LANGSUNG, Jenis.JASA_LAINNYA, 8, (15, 200)),
    (Metode.PENGADAAN_LANGSUNG, Jenis.KONSULTANSI, 6, (20, 100)),
    (Metode.TENDER, Jenis.KONSTRUKSI, 14, (450, 25_000)),
    (Metode.TENDER, Jenis.BARANG, 6, (250, 8_000)),
    (Metode.TENDER, Jenis.JASA_LAINNYA, 3, (250, 3_000)),
    (Metode.TENDER_CEPAT, Jenis.BARANG, 3, (250, 2_000)),
    (Metode.SELEKSI, Jenis.KONSULTANSI, 5, (150, 2_500)),
    (Metode.E_PURCHASING, Jenis.BARANG, 14, (15, 3_000)),
    (Metode.E_PURCHASING, Jenis.JASA_LAINNYA, 3, (15, 800)),
    (Metode.SWAKELOLA, Jenis.JASA_LAINNYA, 8, (15, 1_000)),
    (Metode.SWAKELOLA, Jenis.KONSTRUKSI, 3, (50, 800)),
    (Metode.PENUNJUKAN_LANGSUNG, Jenis.BARANG, 1, (100, 1_500)),
)

# Typical days a step takes after the previous one (LPSE practice; docs/aturan.md §3.1).
STEP_DAYS: dict[str, tuple[int, int]] = {
    "siapkan": (5, 30), "umumkan": (10, 30), "beri_penjelasan": (2, 4), "buka_penawaran": (3, 7),
    "mulai_evaluasi": (1, 3), "buktikan_kualifikasi": (3, 7), "tetapkan_pemenang": (2, 5),
    "buka_sanggah": (1, 2), "sanggah_banding": (8, 10), "terbitkan_sppbj": (5, 8),
    "tanda_tangan_kontrak": (3, 18), "terbitkan_spmk": (2, 10), "undang": (5, 20),
    "mulai_negosiasi": (1, 4), "pesan": (5, 20), "laksanakan": (5, 20),
    "bast": (40, 150), "pho": (60, 180), "fho": (184, 190), "selesaikan": (5, 20),
    "nyatakan_gagal": (1, 5), "tender_ulang": (5, 15), "evaluasi_ulang": (2, 6),
    "undang_ulang": (3, 10), "pesan_ulang": (3, 10), "penunjukan_langsung": (5, 10),
    "nyatakan_kritis": (30, 70), "adakan_scm": (7, 14), "pulih": (14, 30), "batalkan": (5, 60),
    "beri_kesempatan": (1, 3), "putus_kontrak": (10, 30), "beri_sp": (7, 10),
}


def happy_path(metode: Metode, jenis: Jenis) -> list[str]:
    """The triggers that take a package of this kind from rencana to selesai."""
    handover = ["pho", "fho"] if jenis == Jenis.KONSTRUKSI else ["bast", "selesaikan"]
    contract = ["tanda_tangan_kontrak", "terbitkan_spmk", *handover]
    if metode in (Metode.TENDER, Metode.SELEKSI):
        banding = ["sanggah_banding"] if jenis == Jenis.KONSTRUKSI else []
        return ["siapkan", "umumkan", "beri_penjelasan", "buka_penawaran", "mulai_evaluasi",
                "buktikan_kualifikasi", "tetapkan_pemenang", "buka_sanggah", *banding,
                "terbitkan_sppbj", *contract]
    if metode == Metode.TENDER_CEPAT:
        return ["siapkan", "umumkan", "buka_penawaran", "mulai_evaluasi", "tetapkan_pemenang",
                "buka_sanggah", "terbitkan_sppbj", *contract]
    if metode in (Metode.PENGADAAN_LANGSUNG, Metode.PENUNJUKAN_LANGSUNG):
        return ["siapkan", "undang", "mulai_evaluasi", "mulai_negosiasi", *contract]
    if metode == Metode.E_PURCHASING:
        return ["siapkan", "pesan", *contract]
    return ["siapkan", "laksanakan", "bast", "selesaikan"]


def _with_detour(path: list[str], metode: Metode, rng: random.Random) -> list[str]:
    """Some packages fail and are repeated, get cancelled, or run into trouble."""
    roll = rng.random()
    if metode in (Metode.TENDER, Metode.SELEKSI, Metode.TENDER_CEPAT) and roll < 0.12:
        at = path.index("mulai_evaluasi") + 1
        if roll > 0.10:  # failed, the Pokja has not decided what next
            return [*path[:at], "nyatakan_gagal"]
        if roll > 0.085:  # an evaluation error: the Pokja evaluates again
            return [*path[:at], "nyatakan_gagal", "evaluasi_ulang", *path[at:]]
        retry = path[path.index("umumkan") + 1: at]
        if roll < 0.04:  # the repeat tender fails again: penunjukan langsung
            pl = ["nyatakan_gagal", "penunjukan_langsung", "mulai_evaluasi", "mulai_negosiasi"]
            return [*path[:at], "nyatakan_gagal", "tender_ulang", *retry, *pl,
                    *path[path.index("tanda_tangan_kontrak"):]]
        return [*path[:at], "nyatakan_gagal", "tender_ulang", *retry, *path[at:]]
    if metode in (Metode.PENGADAAN_LANGSUNG,) and roll < 0.05:
        at = path.index("mulai_evaluasi") + 1
        return [*path[:at], "nyatakan_gagal", "undang_ulang", *path[path.index("undang") + 1:]]
    if metode == Metode.E_PURCHASING and roll < 0.04:  # the order is refused: order again
        at = path.index("pesan") + 1
        return [*path[:at], "nyatakan_gagal", "pesan_ulang", *path[at:]]
    if roll > 0.97:
        return path[: rng.randint(1, min(4, len(path) - 1))] + ["batalkan"]
    if "terbitkan_spmk" in path and roll > 0.88:
        at = path.index("terbitkan_spmk") + 1
        if roll > 0.96:  # late by the provider's fault, but able to finish
            return [*path[:at], "beri_kesempatan", *path[at:]]
        trouble = ["nyatakan_kritis", "adakan_scm"]
        if roll > 0.95:  # three SCMs and three warning letters: the PPK terminates
            return [*path[:at], *trouble, "adakan_scm", "adakan_scm", "beri_sp", "beri_sp",
                    "beri_sp", "putus_kontrak"]
        trouble += ["adakan_scm", "pulih"] if roll > 0.93 else ["pulih"]
        return [*path[:at], *trouble, *path[at:]]
    return path


@dataclass
class DemoPaket:
    kode: str
    nama: str
    opd: str
    metode: Metode
    jenis: Jenis
    tahun: int
    pagu: int
    hps: int
    nilai: int
    penyedia: str
    sumber_dana: str
    ppk: str
    tgl_awal_pemilihan: date
    created: date
    steps: list[tuple[str, str, str, date, str | None]] = field(default_factory=list)
    # (pemicu, stage left, date, inputs) of the steps that leave records (SCM,
    # kesempatan, putus kontrak)
    records: list[tuple[str, str, date, dict]] = field(default_factory=list)
    final: PaketCase | None = None


def _pagu(rng: random.Random, low_juta: int, high_juta: int) -> int:
    """Log-uniform in juta: many small packages, few large ones; rounded to Rp 1.000."""
    value = low_juta * (high_juta / low_juta) ** rng.random() * 1_000_000
    return int(value // 1000 * 1000)


NOTES = {
    "batalkan": "Anggaran direalokasi pada P-APBD",
    "nyatakan_gagal": "Tidak ada peserta yang lulus evaluasi",
    "putus_kontrak": "Penyedia tidak mampu menyelesaikan pekerjaan",
    "nyatakan_kritis": "Deviasi progres fisik lebih dari 10%",
    "penunjukan_langsung": "Tender ulang gagal; kebutuhan tidak dapat ditunda",
    "beri_kesempatan": "Penyedia sanggup menyelesaikan pekerjaan dalam masa kesempatan",
}
# What the demo's SCM and kesempatan record: targets per SCM tahap, trial and
# kesempatan length.
SCM_TARGET_BP = {1: 6000, 2: 7500, 3: 9000}
SCM_TRIAL_DAYS = 14
KESEMPATAN_DAYS = 30


# How much likelier a name every OPD buys is drawn than one OPD-specific name: enough
# that the small OPDs have packages too.
GENERIC_WEIGHT = 3
# The names each kind of package can carry, and the OPDs that buy under each name.
_TEMPLATES: dict[tuple[Metode, Jenis], list[NamaPaket]] = {
    (metode, jenis): sorted({t for opd in OPD_KUDUS for t in fitting((metode, jenis), opd[2])},
                            key=lambda t: t.pola)
    for metode, jenis, _, _ in MIX
}
_BUYERS: dict[NamaPaket, list[tuple[str, str, str]]] = {
    t: [opd for opd in OPD_KUDUS if not t.opd or opd[2] in t.opd]
    for templates in _TEMPLATES.values() for t in templates
}


def generate(n: int, per: date, seed: int = 2026) -> Iterator[DemoPaket]:
    """``n`` packages of fiscal year ``per.year`` as they stand on ``per``."""
    seeds = random.Random(seed)
    weights = [w for _, _, w, _ in MIX]
    tahun = per.year
    for i in range(n):
        # One generator per package, so a change to how one package walks through the
        # year (its draws) leaves every other package of the seed as it was.
        rng = random.Random(seeds.getrandbits(64))
        metode, jenis, _, (low, high) = rng.choices(MIX, weights)[0]
        templates = _TEMPLATES[metode, jenis]
        template = rng.choices(templates, [GENERIC_WEIGHT if not t.opd else 1
                                           for t in templates])[0]
        opd_kode, opd_nama, singkatan = rng.choice(_BUYERS[template])
        pagu = _pagu(rng, low, high)
        hps = int(pagu * rng.uniform(*HPS_OF_PAGU)) // 1000 * 1000
        created = date(tahun, 1, 2) + timedelta(days=rng.randint(0, 20))
        latest = LATEST_START_LARGE if pagu >= LARGE_PAGU else LATEST_START
        start = date(tahun, 1, 6) + timedelta(days=int(rng.triangular(0, latest, 30)))
        if metode == Metode.PENGADAAN_LANGSUNG:  # the ceiling in force when inviting
            limit = pl_limit(jenis, start - timedelta(days=30)).value
            if pagu > limit:
                pagu, hps = limit, hps * limit // pagu // 1000 * 1000
        paket = DemoPaket(
            kode=f"{tahun}-{i + 1:05d}",
            nama=template.pola.format(l=rng.choice(LOKASI), o=opd_label(opd_nama, singkatan)),
            opd=opd_kode, metode=metode, jenis=jenis, tahun=tahun, pagu=pagu, hps=hps,
            nilai=int(hps * rng.uniform(*NILAI_OF_HPS)) // 1000 * 1000,
            penyedia=rng.choice(PENYEDIA), sumber_dana=rng.choice(SUMBER_DANA),
            ppk=f"PPK {singkatan}", tgl_awal_pemilihan=start, created=created,
        )
        _walk(paket, rng, per)
        yield paket


# Officers stop pushing this share of packages: they fall behind (the lateness story).
# Large packages get the Bupati's attention and stall far less often; they are also
# planned early in the year (LATEST_START_LARGE).
STALLED_SHARE = 0.25
STALLED_SHARE_LARGE = 0.05
# Roads and bridges whose land is not yet free stay in persiapan.
ROAD_WAITS_FOR_LAND = 0.12


def _escalation(pemicu: str, case: PaketCase, when: date) -> tuple[dict, str | None]:
    """The inputs and riwayat note of an SCM, a kesempatan or a termination, as an
    officer records them."""
    if pemicu == "adakan_scm":
        number = esk.SCM_NUMBER[case.state]
        extra = {"target_uji_coba": SCM_TARGET_BP[number],
                 "tgl_uji_coba": when + timedelta(days=SCM_TRIAL_DAYS)}
        return extra, esk.scm_note(number, extra["target_uji_coba"], extra["tgl_uji_coba"],
                                   None)
    if pemicu == "beri_kesempatan":
        sampai = case.tgl_kontrak_selesai + timedelta(days=KESEMPATAN_DAYS)
        return {"kesempatan_sampai": sampai}, esk.kesempatan_note(
            case.tgl_kontrak_selesai, sampai, case.nilai_kontrak, NOTES[pemicu])
    if pemicu == "putus_kontrak":
        return {"curang": False}, esk.putus_note(NOTES[pemicu], case.penyedia, False, None)
    return {}, None


# Single-year contracts end within the fiscal year (docs/aturan.md §5.4): a PPK signing
# late shortens the period to end by this day, unless that leaves less than a month.
YEAR_END_CONTRACT = (12, 20)
MIN_CONTRACT_DAYS = 30


def _contract_end(paket: DemoPaket, signed: date) -> date:
    """The contract end the demo's PPK writes: the planned length, cut to the year end."""
    planned = contract_end(signed, paket.jenis)
    cut = date(paket.tahun, *YEAR_END_CONTRACT)
    return min(planned, cut) if cut >= signed + timedelta(days=MIN_CONTRACT_DAYS) else planned


# Hand-over comes with the contract end: from two weeks before to a few days after it
# for a package on pace, later by (pace - 1) × HANDOVER_LAG_DAYS for a slow one.
HANDOVER = ("pho", "bast")
HANDOVER_SLACK_DAYS = (-14, 3)
HANDOVER_LAG_DAYS = 60


def _handover(contract_end_day: date, pace: float, rng: random.Random) -> date:
    lag = int((pace - 1) * HANDOVER_LAG_DAYS) + rng.randint(*HANDOVER_SLACK_DAYS)
    return contract_end_day + timedelta(days=max(lag, HANDOVER_SLACK_DAYS[0]))


def _walk(paket: DemoPaket, rng: random.Random, per: date) -> None:
    """Fire the package's path on a case until the next step would be after ``per``."""
    case = PaketCase("rencana", paket.metode, paket.jenis, paket.tahun, paket.pagu)
    pace = rng.choice((0.8, 1.0, 1.0, 1.0, 1.3, 1.8, 2.5))
    when = paket.created
    path = _with_detour(happy_path(paket.metode, paket.jenis), paket.metode, rng)
    stalled = STALLED_SHARE_LARGE if paket.pagu >= LARGE_PAGU else STALLED_SHARE
    if is_road(paket.nama, paket.metode, paket.jenis) and rng.random() < ROAD_WAITS_FOR_LAND:
        path = path[:1]  # prepared, but the land is not free: the selection waits
    elif rng.random() < stalled:  # officers stopped pushing this one: it falls behind
        path = path[: rng.randint(1, max(1, len(path) - 2))]
    if "putus_kontrak" in path:
        paket.penyedia = penyedia_diputus(paket.kode)
    for pemicu in path:
        low, high = STEP_DAYS[pemicu]
        days = int(rng.randint(low, high) * (pace if pemicu not in ("fho",) else 1))
        if pemicu == "siapkan":
            when = max(when, paket.tgl_awal_pemilihan - timedelta(days=rng.randint(5, 25)))
        elif pemicu in ("umumkan", "undang", "pesan", "laksanakan"):
            when = max(when, paket.tgl_awal_pemilihan + timedelta(days=int((pace - 1) * 20)))
        elif pemicu in HANDOVER and case.tgl_kontrak_selesai:
            when = max(when + timedelta(days=1), _handover(case.tgl_kontrak_selesai, pace, rng))
        else:
            when = when + timedelta(days=days)
        if pemicu == "beri_kesempatan":  # granted when the contract period runs out
            when = max(when, case.tgl_kontrak_selesai)
        elif case.state == "kesempatan":  # handed over within the kesempatan
            when = min(when, case.tgl_kontrak_selesai + timedelta(days=KESEMPATAN_DAYS))
        if when > per:
            break
        inputs = {
            "hps": paket.hps, "penyedia": paket.penyedia, "nilai_kontrak": paket.nilai,
            "persetujuan": "Persetujuan PA No. 027/123", "catatan": NOTES.get(pemicu),
            "selesai_kontrak": _contract_end(paket, when) if pemicu == "tanda_tangan_kontrak"
            else None,
        }
        extra, note = _escalation(pemicu, case, when)
        moved = fire(case, pemicu, when, **inputs, **extra)
        note = note or history_note(NOTES.get(pemicu), inputs["persetujuan"]
                                    if pemicu == "penunjukan_langsung" else None)
        paket.steps.append((case.state, moved.state, pemicu, when, note))
        if extra:
            paket.records.append((pemicu, case.state, when, extra))
        case = moved
    paket.final = case
