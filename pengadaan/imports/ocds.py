"""OCDS releases (BIRMS Bandung, or our own export) into paket records.

The stage is the furthest the release shows: contracts (active → kontrak, all
pending → winner chosen), awards (→ winner chosen), tender (→ first selection
stage), else rencana; tender status cancelled/unsuccessful → batal/gagal. Our own
export also writes the exact tahap in ``statusDetails`` (OCDS status-details
extension) and each schedule date as a milestone coded ``<tahap>.mulai``/``.selesai``,
so re-importing it reproduces the tracker's stages and dates exactly.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from pengadaan.domain import limits, workflow
from pengadaan.domain.vocabulary import TAHAP, Jenis, Metode
from pengadaan.imports import codes
from pengadaan.imports.dates import parse_ocds_date
from pengadaan.imports.limits import DEFAULT, ImportLimits
from pengadaan.imports.reading import Progress, _no_progress, ocds_releases
from pengadaan.imports.records import (
    JadwalRecord,
    PaketRecord,
    Parsed,
    Rejection,
    RowError,
    rupiah_cell,
    within_limits,
)

# Our export's ocid prefix is stripped again on import, so the kode round-trips.
OUR_OCID_PREFIX = "ocds-pgdn00-"
# Our record's fields -> where a release holds them (a rejection names it).
RECORD_KOLOM = {
    "kode": "ocid", "nama": "planning.budget.project", "opd_nama": "buyer.name",
    "opd_kode": "buyer.id", "kode_rup": "planning.budget.projectID",
    "sumber_dana": "planning.budget.description", "penyedia": "awards.suppliers.name",
    "ppk": "parties.contactPoint.name", "pagu": "planning.budget.amount",
    "hps": "tender.value", "nilai_kontrak": "contracts.value",
}

_LABEL_TO_TAHAP = {label.lower(): code for code, (label, _k) in TAHAP.items()}

# Schedule steps of SPSE (stage codes) and BIRMS (Indonesian titles) onto our tahap.
MILESTONE_TAHAP = codes.by_alias({
    "pengumuman": ("pengumuman_lelang", "umum_prakualifikasi"),
    "penjelasan": ("penjelasan", "pemberian penjelasan"),
    "penawaran": ("pemasukan_penawaran", "pemasukan_penawaran_adm_teknis",
                  "pemasukan_penawaran_biaya", "pemasukan dokumen penawaran",
                  "undangan pengadaan langsung", "undangan penunjukan langsung", "undangan"),
    "evaluasi": ("pembukaan_penawaran", "evaluasi_penawaran",
                 "pembukaan_dan_evaluasi_penawaran_adm_teknis",
                 "pembukaan_dan_evaluasi_penawaran_biaya", "pembukaan dokumen penawaran",
                 "evaluasi penawaran", "berita acara evaluasi penawaran"),
    "pembuktian": ("verifikasi_kualifikasi", "pembuktian kualifikasi"),
    "negosiasi": ("klarifikasi_teknis_biaya", "klarifikasi teknis dan negosiasi harga"),
    "penetapan": ("penetapan_pemenang_akhir", "pengumuman_pemenang_akhir",
                  "penetapan pemenang", "pengumuman pemenang"),
    "sanggah": ("sanggah",),
    "sppbj": ("penunjukan_pemenang", "penerbitan sppbj"),
    "kontrak": ("tandatangan_kontrak", "penandatanganan kontrak", "penandatanganan spk"),
    "persiapan": ("sk penetapan hps dan spesifikasi barang",
                  "surat ppk ke panitia untuk proses pengadaan"),
})

_YEAR_IN_OCID = re.compile(r"-(20\d\d)-")
_YEAR = re.compile(r"20\d\d")


class _Dates:
    """Reads OCDS dates and counts the ones dropped as placeholders."""

    def __init__(self) -> None:
        self.dropped = 0

    def __call__(self, value: Any) -> date | None:
        parsed, dropped = parse_ocds_date(value)
        self.dropped += dropped
        return parsed


def parse_ocds(path: Path, default_year: int | None = None,
               progress: Progress = _no_progress, limits: ImportLimits = DEFAULT) -> Parsed:
    """Every release of the file; the latest release (by ``date``) of each ocid wins.

    The records are kept until the file ends (a later release may replace an earlier
    one), compact next to the JSON they came from; the file is bounded by ``limits``."""
    parsed = Parsed()
    records: list[PaketRecord] = []
    parsed.records = records
    latest: dict[str, tuple[str, int]] = {}
    for number, release in ocds_releases(path, progress, limits):
        parsed.read += 1
        if not isinstance(release, dict):
            parsed.rejections.append(Rejection(number, "(rilis)", "bukan objek JSON"))
            continue
        dates = _Dates()
        try:
            record = release_record(number, release, dates, default_year, parsed)
        except RowError as err:
            parsed.rejections.append(Rejection(number, err.kolom, err.alasan))
            continue
        stamp = str(release.get("date") or "")
        parsed.dates_dropped += dates.dropped
        previous = latest.get(record.kode)
        if previous is None:
            latest[record.kode] = (stamp, len(records))
            records.append(record)
        elif stamp >= previous[0]:
            records[previous[1]] = record
            latest[record.kode] = (stamp, previous[1])
            parsed.note("rilis lama dengan ocid yang sama diganti yang terbaru")
        else:
            parsed.note("rilis lama dengan ocid yang sama diganti yang terbaru")
    return parsed


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _amount(value: Any, field: str) -> int | None:
    amount = _dict(value).get("amount")
    if amount is None or isinstance(amount, bool):
        return None
    if not isinstance(amount, int | float):
        raise RowError(field, f"'{amount}' bukan angka")
    return rupiah_cell(amount, field)


def release_record(number: int, release: dict, dates: _Dates, default_year: int | None,
                   parsed: Parsed) -> PaketRecord:
    ocid = str(release.get("ocid") or "").strip()
    if not ocid:
        raise RowError("ocid", "wajib diisi")
    kode = ocid[len(OUR_OCID_PREFIX):] if ocid.startswith(OUR_OCID_PREFIX) else ocid
    planning, tender = _dict(release.get("planning")), _dict(release.get("tender"))
    budget = _dict(planning.get("budget"))
    awards, contracts = _list(release.get("awards")), _list(release.get("contracts"))
    buyer = _dict(release.get("buyer")) or _dict(tender.get("procuringEntity"))
    opd_nama = str(buyer.get("name") or "").strip()
    if not opd_nama:
        raise RowError("buyer.name", "pembeli (OPD) tidak disebut")
    nama = str(budget.get("project") or tender.get("title") or "").strip() or ocid
    jenis = _jenis(tender, parsed)
    metode = _metode(tender, jenis)

    pagu = _amount(budget.get("amount"), "planning.budget.amount")
    hps = _amount(tender.get("value"), "tender.value") or None
    # Most releases have neither awards nor contracts: nothing to sum then.
    winner = _winner(awards) if awards else None
    chosen = [a for a in awards if a.get("status") == winner.get("status")] if winner else []
    award_value = (sum(_amount(a.get("value"), "awards.value") or 0 for a in chosen) or None
                   if chosen else None)
    live = [c for c in contracts if c.get("status") in ("active", "terminated")]
    contract_value = (sum(_amount(c.get("value"), "contracts.value") or 0 for c in live)
                      or None if live else None)
    if not pagu:
        pagu = hps or contract_value or award_value or 0
        parsed.note("pagu kosong/nol, diisi dari HPS atau nilai" if pagu else "pagu nol")
    if hps is not None and hps > pagu:
        parsed.note("HPS melebihi pagu")

    record = PaketRecord(
        row=number, kode=kode, nama=nama, opd_nama=opd_nama,
        opd_kode=(str(buyer.get("id")).strip() or None) if buyer.get("id") else None,
        tahun=_tahun(release, budget, tender, dates, default_year, ocid),
        jenis=jenis, metode=metode, pagu=pagu, hps=hps,
        kode_rup=(str(budget.get("projectID")).strip() or None)
        if budget.get("projectID") else None,
        sumber_dana=(str(budget.get("description") or "").strip() or None),
        nilai_kontrak=contract_value or award_value,
        penyedia=(_suppliers(chosen) or None) if chosen else None,
        ppk=_buyer_contact(release, buyer) or None,
        tgl_awal_pemilihan=dates(_dict(tender.get("tenderPeriod")).get("startDate")),
    )
    within_limits(record, RECORD_KOLOM)
    _stage(record, release, tender, awards, contracts, dates)
    _schedule(record, planning, tender, contracts, dates)
    return record


def _buyer_contact(release: dict, buyer: dict) -> str:
    """The buyer party's contact point: the PPK in our export (empty when not named)."""
    buyer_id = buyer.get("id")
    for party in _list(release.get("parties")):
        if party.get("id") == buyer_id and "buyer" in (party.get("roles") or []):
            return str(_dict(party.get("contactPoint")).get("name") or "").strip()
    return ""


def _jenis(tender: dict, parsed: Parsed) -> str:
    extra = tender.get("additionalProcurementCategories") or []
    if isinstance(extra, list) and "consultingServices" in extra:
        return Jenis.KONSULTANSI.value
    category = tender.get("mainProcurementCategory")
    if category in codes.OCDS_CATEGORY_IN:
        return codes.OCDS_CATEGORY_IN[category].value
    if category:
        raise RowError("tender.mainProcurementCategory", f"kategori '{category}' tidak dikenal")
    parsed.note("kategori kosong, dianggap barang")
    return Jenis.BARANG.value


def _metode(tender: dict, jenis: str) -> str:
    details = str(tender.get("procurementMethodDetails") or "").strip()
    if details:
        found = codes.metode_of(details, jenis)
        if found:
            return found
    titles = " ".join(str(m.get("title") or "") for m in _list(tender.get("milestones"))).lower()
    if "penunjukan langsung" in titles:
        return Metode.PENUNJUKAN_LANGSUNG.value
    method = tender.get("procurementMethod")
    if method is None:
        return Metode.PENGADAAN_LANGSUNG.value if titles else Metode.TENDER.value \
            if jenis != Jenis.KONSULTANSI else Metode.SELEKSI.value
    if method not in codes.OCDS_METHOD_IN:
        raise RowError("tender.procurementMethod", f"metode '{method}' tidak dikenal")
    found = codes.OCDS_METHOD_IN[method]
    if found == Metode.TENDER and jenis == Jenis.KONSULTANSI:
        return Metode.SELEKSI.value
    if found == Metode.TENDER_CEPAT and jenis == Jenis.KONSULTANSI:
        return Metode.SELEKSI.value
    return found.value


def _tahun(release: dict, budget: dict, tender: dict, dates: _Dates,
           default_year: int | None, ocid: str) -> int:
    budget_id = str(budget.get("id") or "")
    if _YEAR.fullmatch(budget_id):
        return int(budget_id)
    match = _YEAR_IN_OCID.search(ocid)
    if match:
        return int(match.group(1))
    for value in (_dict(tender.get("tenderPeriod")).get("startDate"), release.get("date")):
        parsed, _ = parse_ocds_date(value)
        if parsed:
            return parsed.year
    if default_year:
        return default_year
    raise RowError("date", "tahun anggaran tidak dapat ditentukan")


def _winner(awards: list[dict]) -> dict | None:
    """The award whose supplier becomes the penyedia: active first, then pending."""
    for status in ("active", "pending", None):
        for award in awards:
            if award.get("status") == status and _list(award.get("suppliers")):
                return award
    for award in awards:
        if _list(award.get("suppliers")):
            return award
    return None


def _suppliers(awards: list[dict]) -> str:
    """Every distinct supplier of the chosen awards (BIRMS splits a paket into lots); past
    the penyedia limit, as many as fit and how many more ("… dan 97 penyedia lain")."""
    names: dict[str, None] = {}
    for award in awards:
        for supplier in _list(award.get("suppliers")):
            name = str(supplier.get("name") or "").strip()
            if name:
                names.setdefault(name, None)
    listed = list(names)
    for shown in range(len(listed), 0, -1):
        more = len(listed) - shown
        text = ", ".join(listed[:shown]) + (f" dan {more} penyedia lain" if more else "")
        if len(text) <= limits.PENYEDIA.maks or shown == 1:
            return text
    return ""


def _after_winner(metode: str) -> str:
    """The stage a paket is in once its winner is known but nothing is signed."""
    if metode in (Metode.PENGADAAN_LANGSUNG, Metode.PENUNJUKAN_LANGSUNG):
        return "negosiasi"
    if metode == Metode.E_PURCHASING:
        return "pemesanan"
    if metode == Metode.SWAKELOLA:
        return "persiapan"
    return "penetapan"


def _first_selection(metode: str) -> str:
    return {Metode.PENGADAAN_LANGSUNG: "penawaran", Metode.PENUNJUKAN_LANGSUNG: "penawaran",
            Metode.E_PURCHASING: "pemesanan", Metode.SWAKELOLA: "persiapan"
            }.get(metode, "pengumuman")


def _exact_stage(objects: list[dict], metode: str) -> str | None:
    valid = workflow.stage_order(metode)
    for obj in objects:
        text = obj.get("statusDetails")
        if not text:
            continue  # most releases: no exact stage
        text = str(text).strip().lower()
        code = _LABEL_TO_TAHAP.get(text, text)
        if code in valid:
            return code
    return None


def _stage(record: PaketRecord, release: dict, tender: dict, awards: list[dict],
           contracts: list[dict], dates: _Dates) -> None:
    metode = record.metode
    exact = _exact_stage([*contracts, tender], metode)
    signed = [c for c in contracts if c.get("status") in ("active", "terminated")]
    status = tender.get("status")
    when = None
    if signed:
        stage = "kontrak"
        when = dates(signed[0].get("dateSigned"))
        if any(c.get("status") == "terminated" for c in signed):
            stage = "selesai"
        elif any(_list(_dict(c.get("implementation")).get("transactions")) for c in signed):
            stage = "pelaksanaan"
        if metode == Metode.SWAKELOLA:
            stage = "pelaksanaan" if stage == "kontrak" else stage
    elif contracts or awards:
        stage = _after_winner(metode)
        when = next((d for a in awards if (d := dates(a.get("date")))), None)
    elif status == "cancelled":
        stage = "batal"
    elif status == "unsuccessful" and metode != Metode.SWAKELOLA:
        stage = "gagal"
    elif tender and status not in ("planning", "planned") and "tender" in (release.get("tag") or
                                                                         ["tender"]):
        stage = _first_selection(metode)
        when = dates(_dict(tender.get("tenderPeriod")).get("startDate"))
    else:
        stage = "rencana"
    record.tahap = exact or stage
    record.tahap_tanggal = when or dates(release.get("date"))
    record.tgl_kontrak_mulai = None
    if signed:
        period = _dict(signed[0].get("period"))
        record.tgl_kontrak_mulai = dates(period.get("startDate"))
        record.tgl_kontrak_selesai = dates(period.get("endDate"))


def _milestones(planning: dict, tender: dict, contracts: list[dict]) -> list[dict]:
    found = _list(planning.get("milestones")) + _list(tender.get("milestones"))
    for contract in contracts:
        found += _list(contract.get("milestones"))
        found += _list(_dict(contract.get("implementation")).get("milestones"))
    return found


def _schedule(record: PaketRecord, planning: dict, tender: dict, contracts: list[dict],
              dates: _Dates) -> None:
    valid = workflow.stage_order(record.metode)
    jadwal: dict[str, JadwalRecord] = {}
    for milestone in _milestones(planning, tender, contracts):
        code = str(milestone.get("code") or "")
        tahap, _, edge = code.partition(".")
        if tahap in TAHAP and edge in ("mulai", "selesai"):  # our own export
            row = jadwal.setdefault(tahap, JadwalRecord())
            due, met = dates(milestone.get("dueDate")), dates(milestone.get("dateMet"))
            if edge == "mulai":
                row.rencana_mulai, row.realisasi_mulai = due, met
            else:
                row.rencana_selesai, row.realisasi_selesai = due, met
            continue
        title = str(milestone.get("title") or "").strip().lower()
        tahap = MILESTONE_TAHAP.get(title)
        if tahap in valid:
            # BIRMS: dateMet and dueDate are the start and end of the step (README).
            start, end = dates(milestone.get("dateMet")), dates(milestone.get("dueDate"))
            if start and end and start > end:
                start, end = end, start
            jadwal.setdefault(tahap, JadwalRecord()).widen(start, end)
    if "pelaksanaan" in valid and "pelaksanaan" not in jadwal and (
            record.tgl_kontrak_mulai or record.tgl_kontrak_selesai):
        jadwal["pelaksanaan"] = JadwalRecord(record.tgl_kontrak_mulai, record.tgl_kontrak_selesai)
    current = jadwal.get(record.tahap)
    if current is not None and current.realisasi_mulai is not None:
        record.tahap_tanggal = current.realisasi_mulai
    if record.tahap_tanggal and record.tahap not in ("rencana",):
        if current is None:
            current = jadwal[record.tahap] = JadwalRecord()
        if current.realisasi_mulai is None:
            current.realisasi_mulai = record.tahap_tanggal
    record.jadwal = jadwal
