"""The one way results become JSON (every ``--format json``), with pydantic.

A result dataclass is serialized by its declared fields, in order: dates as ISO
strings, tuples as lists. Where a document differs from the result it shows (renamed
keys, basis points shown as percentages), its shape is declared here as a model read
from the result's attributes, derived from the result's fields where only keys and units
differ (:func:`_document`); pydantic converts. Text is indented two spaces, non-ASCII
kept, as ``json.dumps(…, ensure_ascii=False, indent=2)``.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import cache
from typing import Annotated, Any, get_type_hints

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, create_model

from pengadaan.db.user_chain import UserChainReport
from pengadaan.domain.lateness import Temuan
from pengadaan.presentation.json_lines import (
    REKAP_KEYS,
    document_key,
    json_lines,
    komponen_json,
    persen,
    plain_rows_json,
    rekap_json,
)
from pengadaan.presentation.safe_text import json_escaped
from pengadaan.usecases.proyeksi import BarisProyeksi, PaketProyeksi
from pengadaan.usecases.rapor import TOTAL_OPD, BarisRekap, BulanSerapan
from pengadaan.usecases.results import PaketDetail
from pengadaan.usecases.target import TargetBulan

__all__ = ["detail_json", "json_lines", "json_text", "jsonable", "plain_rows_json",
           "rekap_json"]


@cache
def _adapter(shape: Any) -> TypeAdapter:
    return TypeAdapter(shape)


def _shape_of(value: Any) -> Any:
    """A list's rows share one result type (a subclass adds its fields)."""
    if isinstance(value, list):
        return list[type(value[0]) if value else Any]
    return type(value)


def jsonable(value: Any, shape: Any = None) -> Any:
    """``value`` as plain lists, dicts, strings and numbers; with ``shape`` (a model
    below, or a list of one), read through it first."""
    if shape is None:
        return _adapter(_shape_of(value)).dump_python(value, mode="json")
    adapter = _adapter(shape)
    return adapter.dump_python(adapter.validate_python(value, from_attributes=True),
                               mode="json")


def json_text(value: Any, shape: Any = None) -> str:
    """The document ``--format json`` prints (and ``rekap --keluar`` writes)."""
    if shape is not None:
        value, shape = jsonable(value, shape), Any
    adapter = _adapter(shape or _shape_of(value))
    return json_escaped(adapter.dump_json(value, indent=2).decode()) + "\n"


# --- shapes that differ from their result ---------------------------------------------


class _Shape(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


Persen = Annotated[float | None, BeforeValidator(persen)]


def _from(attribute: str) -> Any:
    return Field(validation_alias=attribute)


class TemuanJson(_Shape):
    """A flag of ``paket lihat``."""

    peringatan: str = _from("flag")
    batas: date
    hari: int
    denda: int | None


class PemicuJson(_Shape):
    """A trigger of ``paket lihat``, its inputs by name."""

    pemicu: str
    label: str
    ke: str
    isian: tuple[str, ...]


def _document(result: type, keys: dict[str, str] | None = None, **types: Any) -> type[_Shape]:
    """The document of a result dataclass, read from it: its fields in order, a ``*_bp``
    (basis points) shown as a percentage under ``*_persen`` unless ``keys`` names its key.
    ``types`` gives a key another type, or adds a key as ``(type, attribute it reads)``."""
    hints, keys = get_type_hints(result), keys or {}
    shape: dict[str, Any] = {}
    for f in dataclasses.fields(result):
        percent = f.name.endswith("_bp")
        shape[document_key(f.name, keys)] = (Persen if percent else hints[f.name],
                                             _from(f.name))
    for key, kind in types.items():
        shape[key] = kind if isinstance(kind, tuple) else (kind, shape[key][1])
    return create_model(result.__name__ + "Json", __base__=_Shape, **shape)


# A month of ``target daftar``.
TargetJson = _document(TargetBulan, {"persen_bp": "target_persen"})

# A row of ``rekap`` (its keys: json_lines.REKAP_KEYS).
BarisRekapJson = _document(
    BarisRekap, REKAP_KEYS,
    komponen=Annotated[dict[str, dict] | None, BeforeValidator(komponen_json)],
    total=(Annotated[bool, BeforeValidator(lambda opd: opd == TOTAL_OPD)], _from("opd")))

REKAP = list[BarisRekapJson]

BulanJson = _document(BulanSerapan, {"realisasi": "realisasi_keuangan", "deviasi_bp": "deviasi"})


class RaporJson(_Shape):
    """``rapor OPD``."""

    per: date
    tahun: int
    dinilai: int
    rekap: BarisRekapJson = _from("baris")
    bermasalah: list[Any]  # PaketBermasalah, as it is
    bulanan: list[BulanJson]


# ``proyeksi`` (issue #17): percentages as in ``rekap``, the at-risk packages in full.
BarisProyeksiJson = _document(BarisProyeksi, {"selisih_bp": "selisih"})
PaketProyeksiJson = _document(PaketProyeksi)


class ProyeksiJson(_Shape):
    """``proyeksi``: per OPD, the kabupaten, the packages at risk, the assumptions."""

    per: date
    tahun: int
    baris: list[BarisProyeksiJson]
    total: BarisProyeksiJson
    berisiko: list[PaketProyeksiJson]
    anggapan: dict[str, int]


# ``audit verifikasi``'s users' role records (db/user_chain.py).
PenggunaAuditJson = _document(UserChainReport, {"rusak": "pengguna_rusak", "breaks": "masalah"},
                              utuh=(bool, _from("utuh")))


class AuditJson(_Shape):
    """``audit verifikasi``: every break kept, not only those the table lists."""

    utuh: bool
    entri: int
    paket: int
    paket_rusak: int = _from("rusak")
    masalah: list[Any] = _from("breaks")  # history_chain.Break, as it is
    jangkar_cocok: bool | None = None
    pengguna: PenggunaAuditJson | None = None


def detail_json(detail: PaketDetail, flags: list[Temuan]) -> dict[str, Any]:
    """``paket lihat``: the package's keys at top level, then what is known about it."""
    return {**jsonable(detail.paket), "opd_nama": detail.opd_nama,
            "pemicu": [p.pemicu for p in detail.pemicu],
            "pemicu_rinci": jsonable(detail.pemicu, list[PemicuJson]),
            "jadwal": jsonable(detail.jadwal), "riwayat": jsonable(detail.riwayat),
            "kendala": jsonable(detail.kendala),
            "peringatan": jsonable(flags, list[TemuanJson])}
