"""What leaves the use-case layer: plain data with stable, JSON-ready keys.

The CLI turns these into tables or JSON and the TUI into widgets; neither sees a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class PaketRingkas:
    """One line of a package list."""

    kode: str
    kode_rup: str | None
    nama: str
    opd: str
    tahun: int
    metode: str
    jenis: str
    sumber_dana: str | None
    pagu: int
    hps: int | None
    nilai_kontrak: int | None
    penyedia: str | None
    ppk: str | None
    tahap: str
    tahap_sejak: date | None
    tgl_awal_pemilihan: date | None
    version: int
    ulang: int = 0  # how many times selection was repeated (tender/undang/pesan ulang)


@dataclass(frozen=True)
class LangkahRiwayat:
    dari: str | None
    ke: str
    pemicu: str
    tanggal: date
    dicatat: datetime
    oleh: str
    catatan: str | None


@dataclass(frozen=True)
class TahapJadwal:
    tahap: str
    rencana_mulai: date | None
    rencana_selesai: date | None
    realisasi_mulai: date | None
    realisasi_selesai: date | None


@dataclass(frozen=True)
class PemicuBerlaku:
    pemicu: str
    label: str
    ke: str
    isian: tuple[str, ...]


@dataclass(frozen=True)
class PaketDetail:
    paket: PaketRingkas
    opd_nama: str
    pemicu: list[PemicuBerlaku] = field(default_factory=list)
    jadwal: list[TahapJadwal] = field(default_factory=list)
    riwayat: list[LangkahRiwayat] = field(default_factory=list)


def to_json_ready(value: Any) -> Any:
    """Dataclasses to dicts, dates to ISO strings, tuples to lists."""
    if is_dataclass(value):  # not dataclasses.asdict: its deep copies doubled list time
        return {f.name: to_json_ready(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {key: to_json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_ready(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def detail_json(detail: PaketDetail) -> dict[str, Any]:
    """The ``paket lihat --format json`` object: package keys at top level."""
    result = to_json_ready(detail.paket)
    result["opd_nama"] = detail.opd_nama
    result["pemicu"] = [p.pemicu for p in detail.pemicu]
    result["pemicu_rinci"] = to_json_ready(detail.pemicu)
    result["jadwal"] = to_json_ready(detail.jadwal)
    result["riwayat"] = to_json_ready(detail.riwayat)
    return result
