"""An OCDS 1.1 release package of the tracker (docs/aturan.md §7.3).

Statuses: tender planned (rencana, persiapan) / active (selection) / complete (winner
chosen) / unsuccessful (gagal) / cancelled (batal); award pending until masa sanggah
is over, then active; contract pending at SPPBJ, active once signed, terminated when
finished or broken off. The exact tahap goes in ``statusDetails`` (the OCDS
status-details extension) and every schedule date in a milestone coded
``<tahap>.mulai`` / ``<tahap>.selesai`` (dueDate = rencana, dateMet = realisasi), so a
re-import restores stages and schedules exactly.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from pengadaan.domain.formatting import WIB
from pengadaan.domain.vocabulary import (
    FINAL_TAHAP,
    METODE_LABEL,
    PLANNING,
    TAHAP_ORDER,
    Jenis,
    Kelompok,
    Metode,
    kelompok_of,
    tahap_label,
)
from pengadaan.imports.codes import OCDS_CATEGORY_OUT, OCDS_METHOD_OUT
from pengadaan.imports.ocds import OUR_OCID_PREFIX

STATUS_DETAILS_EXTENSION = ("https://raw.githubusercontent.com/open-contracting-extensions/"
                            "ocds_status_details_extension/master/extension.json")
PUBLISHER = "pengadaan — pelacak kemajuan pengadaan"
_EXECUTION = {Kelompok.PELAKSANAAN, Kelompok.SERAH_TERIMA, Kelompok.SELESAI}
_AWARDED = ("penetapan", "sanggah", "sanggah_banding")


def ocds_datetime(value: date | None) -> str | None:
    """Midnight WIB of a date, as OCDS wants date-times."""
    if value is None:
        return None
    return datetime.combine(value, time(0, 0), WIB).isoformat()


def ocid_of(kode: str) -> str:
    """Imported ocids are kept as the kode; our own paket get our prefix."""
    return kode if kode.startswith("ocds-") else OUR_OCID_PREFIX + kode


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "x"


def _tender_status(tahap: str) -> str:
    if tahap == "batal":
        return "cancelled"
    if tahap == "gagal":
        return "unsuccessful"
    if tahap in PLANNING:
        return "planned"
    if kelompok_of(tahap) == Kelompok.PEMILIHAN and tahap not in _AWARDED:
        return "active"
    return "complete"


def _award_status(tahap: str) -> str:
    if tahap == "batal":
        return "cancelled"
    if tahap == "gagal":
        return "unsuccessful"
    return "pending" if tahap in _AWARDED else "active"


def _contract_status(tahap: str) -> str | None:
    if tahap == "sppbj":
        return "pending"
    if tahap in ("selesai", "putus_kontrak"):
        return "terminated"
    if tahap == "batal":
        return "cancelled"
    if kelompok_of(tahap) in (Kelompok.KONTRAK, Kelompok.PELAKSANAAN, Kelompok.SERAH_TERIMA):
        return "active"
    return None


def _milestones(jadwal: list[Any], tahap_filter) -> list[dict]:
    result = []
    for row in sorted(jadwal, key=lambda j: j.urutan):
        if not tahap_filter(row.tahap):
            continue
        for edge, due, met in (("mulai", row.rencana_mulai, row.realisasi_mulai),
                               ("selesai", row.rencana_selesai, row.realisasi_selesai)):
            if due is None and met is None:
                continue
            milestone = {"id": f"{row.tahap}.{edge}", "code": f"{row.tahap}.{edge}",
                         "title": f"{tahap_label(row.tahap)} ({edge})",
                         "status": "met" if met else "scheduled"}
            if due:
                milestone["dueDate"] = ocds_datetime(due)
            if met:
                milestone["dateMet"] = ocds_datetime(met)
            result.append(milestone)
    return result


def release(row: Any, jadwal: list[Any], as_of: date) -> dict:
    """One compiled release of one paket as it stood on ``as_of``."""
    tahap = row.tahap_per
    ocid = ocid_of(row.kode)
    buyer = {"id": row.opd_kode, "name": row.opd_nama}
    parties = [{**buyer, "roles": ["buyer", "procuringEntity"]}]
    if row.ppk:  # the officer who commits the OPD: its contact point for this paket
        parties[0]["contactPoint"] = {"name": row.ppk}
    tags = ["planning"]
    budget = {"id": str(row.tahun), "project": row.nama, "amount": {"amount": row.pagu,
                                                                     "currency": "IDR"}}
    if row.sumber_dana:
        budget["description"] = row.sumber_dana
    if row.kode_rup:
        budget["projectID"] = row.kode_rup
    tender: dict[str, Any] = {
        "id": f"{ocid}-tender", "title": row.nama, "status": _tender_status(tahap),
        "statusDetails": tahap_label(tahap), "procuringEntity": buyer,
        "procurementMethod": OCDS_METHOD_OUT[Metode(row.metode)],
        "procurementMethodDetails": METODE_LABEL[Metode(row.metode)],
        "mainProcurementCategory": OCDS_CATEGORY_OUT[Jenis(row.jenis)],
    }
    if row.jenis == Jenis.KONSULTANSI:
        tender["additionalProcurementCategories"] = ["consultingServices"]
    if row.hps is not None:
        tender["value"] = {"amount": row.hps, "currency": "IDR"}
    if row.tgl_awal_pemilihan:
        tender["tenderPeriod"] = {"startDate": ocds_datetime(row.tgl_awal_pemilihan)}
    if tahap not in PLANNING:
        tags.append("tender")
    if tahap == "batal":
        tags.append("tenderCancellation")
    in_execution = kelompok_of(tahap) in _EXECUTION or tahap == "putus_kontrak"
    awards, contracts = [], []
    awarded = row.penyedia and (TAHAP_ORDER[tahap] >= TAHAP_ORDER["penetapan"]
                                or tahap in FINAL_TAHAP)
    if awarded:
        supplier = {"id": "penyedia-" + _slug(row.penyedia), "name": row.penyedia}
        parties.append({**supplier, "roles": ["supplier"]})
        award = {"id": f"{ocid}-award", "status": _award_status(tahap), "suppliers": [supplier]}
        if row.nilai_kontrak is not None:
            award["value"] = {"amount": row.nilai_kontrak, "currency": "IDR"}
        awards.append(award)
        tags.append("award")
        status = _contract_status(tahap)
        if status:
            contracts.append(_contract(row, jadwal, ocid, tahap, status))
            tags.append("contract")
            if in_execution:
                tags.append("implementation")
            if tahap == "putus_kontrak":
                tags.append("contractTermination")
    keep_in_tender = (lambda t: kelompok_of(t) not in _EXECUTION) if contracts else (lambda t: True)
    milestones = _milestones(jadwal, keep_in_tender)
    if milestones:
        tender["milestones"] = milestones
    result = {
        "ocid": ocid, "id": f"{ocid}-{as_of.isoformat()}", "date": ocds_datetime(as_of),
        "tag": tags, "initiationType": "tender", "language": "id", "parties": parties,
        "buyer": buyer, "planning": {"budget": budget}, "tender": tender,
    }
    if awards:
        result["awards"] = awards
    if contracts:
        result["contracts"] = contracts
    return result


def _contract(row: Any, jadwal: list[Any], ocid: str, tahap: str, status: str) -> dict:
    contract: dict[str, Any] = {"id": f"{ocid}-contract", "awardID": f"{ocid}-award",
                                "status": status}
    if kelompok_of(tahap) != Kelompok.PEMILIHAN and tahap != "sppbj":
        contract["statusDetails"] = tahap_label(tahap)
    if row.nilai_kontrak is not None:
        contract["value"] = {"amount": row.nilai_kontrak, "currency": "IDR"}
    start = getattr(row, "tgl_kontrak_mulai", None)
    end = getattr(row, "tgl_kontrak_selesai", None)
    if start or end:
        contract["period"] = {k: v for k, v in (("startDate", ocds_datetime(start)),
                                                ("endDate", ocds_datetime(end))) if v}
    signed = next((j.realisasi_mulai for j in jadwal if j.tahap == "kontrak"), None)
    if status != "pending" and signed:
        contract["dateSigned"] = ocds_datetime(signed)
    milestones = _milestones(jadwal, lambda t: kelompok_of(t) in _EXECUTION)
    if milestones:  # planned execution dates exist before execution starts
        contract["implementation"] = {"milestones": milestones}
    return contract


def package(releases: list[dict], published: date, uri: str) -> dict:
    """The release package around ``releases``."""
    return {
        "uri": uri, "version": "1.1", "publishedDate": ocds_datetime(published),
        "publisher": {"name": PUBLISHER}, "extensions": [STATUS_DETAILS_EXTENSION],
        "releases": releases,
    }

