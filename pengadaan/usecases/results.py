"""What leaves the use-case layer: plain data with stable, JSON-ready keys.

The CLI turns these into tables or JSON (pengadaan/presentation/json_output.py) and the
TUI into widgets; neither sees a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated

from pydantic import PlainSerializer

from pengadaan.domain.workflow import Allowed
from pengadaan.usecases.daftar import PaketRingkas

__all__ = ["PaketRingkas"]  # one line of a package list: pengadaan/usecases/daftar.py

# A moment in JSON: ``datetime.isoformat`` (``+00:00``, as stored), not pydantic's ``Z``.
Waktu = Annotated[datetime, PlainSerializer(datetime.isoformat, when_used="json")]


@dataclass(frozen=True)
class LangkahRiwayat:
    dari: str | None
    ke: str
    pemicu: str
    tanggal: date
    dicatat: Waktu
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
class PaketDetail:
    paket: PaketRingkas
    opd_nama: str
    pemicu: list[Allowed] = field(default_factory=list)
    jadwal: list[TahapJadwal] = field(default_factory=list)
    riwayat: list[LangkahRiwayat] = field(default_factory=list)
    kendala: list[KendalaView] = field(default_factory=list)


@dataclass(frozen=True)
class StatusTercatat:
    """One status a tindak lanjut took (its recording is the first)."""

    status: str
    catatan: str | None
    oleh: str
    dicatat: Waktu


@dataclass(frozen=True)
class TindakLanjutView:
    id: int
    kendala_id: int
    uraian: str
    pelaksana: str
    batas: date
    status: str
    rekomendasi: bool
    oleh: str
    dicatat: Waktu
    riwayat: list[StatusTercatat] = field(default_factory=list)


@dataclass(frozen=True)
class KendalaView:
    """A kendala of a paket with its tindak lanjut; open while ``selesai_tanggal`` is None."""

    id: int
    paket: str
    tanggal: date
    kategori: str
    uraian: str
    oleh: str
    dicatat: Waktu
    selesai_tanggal: date | None
    selesai_catatan: str | None
    selesai_oleh: str | None
    tindak_lanjut: list[TindakLanjutView] = field(default_factory=list)

    @property
    def terbuka(self) -> bool:
        return self.selesai_tanggal is None
