"""Use cases on kendala and their tindak lanjut (issue #13; docs/aturan.md).

Rows are only added: a kendala is resolved once (its ``selesai_*`` fields, never
again) and a tindak lanjut's status changes are appended to its history. Each write
touches the paket so that a screen showing it sees a new version.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from pengadaan.db import kendala as q
from pengadaan.db.models import Kendala, Paket, TindakLanjut, TindakLanjutRiwayat
from pengadaan.db.uow import Database
from pengadaan.domain import limits
from pengadaan.domain.akses import Identitas, require
from pengadaan.domain.errors import InvalidInput, NotFound
from pengadaan.domain.formatting import tanggal as fmt
from pengadaan.domain.kendala import (
    StatusTindakLanjut,
    parse_kategori,
    parse_status,
    refusal_to_follow_up,
    refusal_to_record_kendala,
    refusal_to_update_follow_up,
    status_label,
)
from pengadaan.usecases.acting import Acting, acting
from pengadaan.usecases.hari import days, require_past
from pengadaan.usecases.lookup import require_opd, require_paket
from pengadaan.usecases.results import KendalaView, StatusTercatat, TindakLanjutView
from pengadaan.usecases.version import touch

if TYPE_CHECKING:  # kendala are read as plain rows (db/kendala.py)
    from sqlalchemy import Row


def _now() -> datetime:
    return datetime.now(UTC)


def required_text(value: str | None, field_name: str,
                  teks: limits.Teks = limits.TEKS_BEBAS) -> str:
    """The text, stripped; refused when empty or past its declared limit (also each
    imported row)."""
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"{field_name}: wajib diisi")
    return replace(teks, label=field_name).periksa(value)


def _view(row: Kendala | Row, kode: str, follow_ups: list) -> KendalaView:
    return KendalaView(
        row.id, kode, row.tanggal, row.kategori, row.uraian, row.oleh, row.dicatat,
        row.selesai_tanggal, row.selesai_catatan, row.selesai_oleh,
        [_follow_up_view(t, history) for t, history in follow_ups])


def _follow_up_view(row: TindakLanjut, history: list[TindakLanjutRiwayat]) -> TindakLanjutView:
    return TindakLanjutView(
        row.id, row.kendala_id, row.uraian, row.pelaksana, row.batas, row.status,
        row.rekomendasi, row.oleh, row.dicatat,
        [StatusTercatat(h.status, h.catatan, h.oleh, h.dicatat) for h in history])


def kendala_of(session, paket_id: int) -> list[KendalaView]:
    """A paket's kendala with their tindak lanjut, inside the caller's unit of work."""
    return _views(session, q.kendala(session, paket_id=paket_id))


def _views(session, rows: list[tuple[Row, str]]) -> list[KendalaView]:
    follow = q.follow_ups(session, [k.id for k, _ in rows])
    return [_view(k, kode, follow.get(k.id, [])) for k, kode in rows]


def _kendala(act: Acting, kendala_id: int) -> tuple[Kendala, Paket]:
    """The kendala and its paket, the paket's row locked."""
    kode = q.paket_of_kendala(act.session, kendala_id)
    if kode is None:
        raise NotFound(f"kendala {kendala_id} tidak ditemukan (lihat: pengadaan kendala daftar)")
    paket = act.paket(kode)
    return act.session.get(Kendala, kendala_id), paket


def _require_right(act: Acting, paket: Paket, refusal, *args) -> None:
    """The acting user's right on this paket's OPD, judged by one of the kendala rules."""
    opd = q.opd_of(act.session, paket)
    require(refusal(act.pelaku, paket.opd_id, opd.nama, *args))


def not_before(field_name: str, day: date, kendala_tanggal: date) -> None:
    """A resolution or a tindak lanjut's batas is not dated before its kendala."""
    if day < kendala_tanggal:
        raise InvalidInput(f"{field_name}: {fmt(day)} sebelum kendala dicatat "
                           f"({fmt(kendala_tanggal)})")


def require_open(kendala: Kendala) -> None:
    """A tindak lanjut is added only to a kendala still open."""
    if kendala.selesai_tanggal is not None:
        raise InvalidInput(f"kendala {kendala.id} sudah selesai "
                           f"{fmt(kendala.selesai_tanggal)}; tindak lanjut tidak ditambah")


def _tindak_lanjut(act: Acting, tl_id: int) -> tuple[TindakLanjut, Kendala, Paket]:
    row = act.session.get(TindakLanjut, tl_id)
    if row is None:
        raise NotFound(f"tindak lanjut {tl_id} tidak ditemukan (lihat: pengadaan kendala "
                       "daftar)")
    found, paket = _kendala(act, row.kendala_id)
    return row, found, paket


def _single(session, row: Kendala, kode: str) -> KendalaView:
    return _views(session, [(row, kode)])[0]


def record_kendala(db: Database, kode: str, kategori: str, uraian: str,
                   actor: str | Identitas, tanggal: date | None = None,
                   today: date | None = None,
                   expected_version: int | None = None) -> KendalaView:
    """Record a kendala on a paket (dated today unless given; never in the future)."""
    code = parse_kategori(kategori)
    text = required_text(uraian, "uraian")
    today, tanggal = days(tanggal, today)
    require_past(tanggal, today)
    with acting(db, actor) as act:
        paket = act.paket(kode, expected_version)
        _require_right(act, paket, refusal_to_record_kendala)
        row = Kendala(paket_id=paket.id, tanggal=tanggal, kategori=code, uraian=text,
                      oleh=act.pelaku.nama, dicatat=_now())
        act.session.add(row)
        touch(paket)
        act.session.flush()
        view = _single(act.session, row, paket.kode)
        act.commit()
        return view


def resolve_kendala(db: Database, kendala_id: int, catatan: str, actor: str | Identitas,
                    tanggal: date | None = None, today: date | None = None) -> KendalaView:
    """Mark a kendala resolved, once: a second time is refused (the first stands)."""
    text = required_text(catatan, "catatan")
    today, tanggal = days(tanggal, today)
    require_past(tanggal, today)
    with acting(db, actor) as act:
        row, paket = _kendala(act, kendala_id)
        _require_right(act, paket, refusal_to_record_kendala, "menyelesaikan kendala")
        if row.selesai_tanggal is not None:
            raise InvalidInput(f"kendala {kendala_id} sudah selesai {fmt(row.selesai_tanggal)} "
                               f"(oleh {row.selesai_oleh}); penyelesaian tidak diubah")
        not_before("tanggal", tanggal, row.tanggal)
        row.selesai_tanggal, row.selesai_catatan = tanggal, text
        row.selesai_oleh = act.pelaku.nama
        touch(paket)
        act.session.flush()
        view = _single(act.session, row, paket.kode)
        act.commit()
        return view


def record_tindak_lanjut(db: Database, kendala_id: int, uraian: str, pelaksana: str,
                         batas: date, actor: str | Identitas, rekomendasi: bool = False,
                         status: str | None = None) -> TindakLanjutView:
    """Add what will be done about an open kendala, by whom and by when (``batas`` may
    lie ahead); a pengawas adds it as a rekomendasi. It starts as direncanakan unless
    ``status`` says it is already under way (or done) when recorded."""
    code = parse_status(status) if status else StatusTindakLanjut.DIRENCANAKAN
    text = required_text(uraian, "uraian")
    who = required_text(pelaksana, "pelaksana", limits.PELAKSANA)
    with acting(db, actor) as act:
        found, paket = _kendala(act, kendala_id)
        _require_right(act, paket, refusal_to_follow_up, rekomendasi)
        require_open(found)
        not_before("batas", batas, found.tanggal)
        now = _now()
        row = TindakLanjut(kendala_id=kendala_id, uraian=text, pelaksana=who, batas=batas,
                           status=code, rekomendasi=rekomendasi,
                           oleh=act.pelaku.nama, dicatat=now)
        act.session.add(row)
        act.session.flush()
        entry = TindakLanjutRiwayat(tindak_lanjut_id=row.id, status=row.status,
                                    oleh=act.pelaku.nama, dicatat=now)
        act.session.add(entry)
        touch(paket)
        act.session.flush()
        view = _follow_up_view(row, [entry])
        act.commit()
        return view


def update_tindak_lanjut(db: Database, tl_id: int, status: str, actor: str | Identitas,
                         catatan: str | None = None) -> TindakLanjutView:
    """Move a tindak lanjut to another status; the change is appended to its history."""
    code = parse_status(status)
    with acting(db, actor) as act:
        row, _, paket = _tindak_lanjut(act, tl_id)
        _require_right(act, paket, refusal_to_update_follow_up)
        if row.status == code:
            raise InvalidInput(f"status: tindak lanjut {tl_id} sudah "
                               f"'{status_label(code)}'")
        row.status = code
        act.session.add(TindakLanjutRiwayat(
            tindak_lanjut_id=row.id, status=code, catatan=(catatan or "").strip() or None,
            oleh=act.pelaku.nama, dicatat=_now()))
        touch(paket)
        act.session.flush()
        view = q.follow_ups(act.session, [row.kendala_id])[row.kendala_id]
        result = next(_follow_up_view(t, h) for t, h in view if t.id == tl_id)
        act.commit()
        return result


def list_kendala(db: Database, kode: str | None = None, opd: str | None = None,
                 terbuka: bool = False) -> list[KendalaView]:
    """Kendala of one paket, of one OPD or of all, optionally only the open ones."""
    with db.unit_of_work() as uow:
        session = uow.session
        paket_id = require_paket(session, kode).id if kode else None
        opd_id = require_opd(session, opd).id if opd else None
        return _views(session, q.kendala(session, paket_id=paket_id, opd_id=opd_id,
                                         terbuka=terbuka))
