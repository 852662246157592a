"""The rapor's late packages say why in the OPD's words (issue #13): the open kendala
and its tindak lanjut beside the stage/deadline reason, else the latest progress note
marked as such, else nothing."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from rich.console import Console

from pengadaan.presentation.rapor import alasan_cell, bermasalah_table
from pengadaan.usecases import kendala as kendala_uc
from pengadaan.usecases import rapor as uc
from tests.conftest import ACTOR
from tests.test_rapor import JUTA, PER, Kabupaten


def _dinkes(db) -> Kabupaten:
    """Three packages past their contract end on PER: OPEN has an open kendala with a
    tindak lanjut, RESOLVED a resolved kendala and a progress note, NONE nothing."""
    kab = Kabupaten(db)
    kab.opd("DINKES")
    for kode in ("OPEN", "RESOLVED", "NONE"):
        kab.paket(kode, "DINKES", "pelaksanaan", nilai_kontrak=500 * JUTA,
                  kontrak_selesai=date(2026, 6, 29),
                  progres=[(date(2026, 6, 1), None, False, 9_000, 8_000)])
    # Kabupaten writes reports without a note: give RESOLVED's its note.
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE progres SET catatan = 'Menunggu material' WHERE paket_id = "
                             "(SELECT id FROM paket WHERE kode = 'RESOLVED')"))
    k = kendala_uc.record_kendala(db, "OPEN", "cuaca", "Hujan deras [sepekan]", ACTOR,
                                  tanggal=date(2026, 6, 2), today=PER)
    kendala_uc.record_tindak_lanjut(db, k.id, "Tambah shift kerja", "Penyedia",
                                    date(2026, 7, 15), ACTOR)
    done = kendala_uc.record_kendala(db, "RESOLVED", "material", "Semen langka", ACTOR,
                                     tanggal=date(2026, 6, 2), today=PER)
    kendala_uc.resolve_kendala(db, done.id, "Semen datang", ACTOR, tanggal=date(2026, 6, 5),
                               today=PER)
    return kab


@pytest.mark.both_databases
def test_rapor_shows_kendala_tindak_lanjut_or_the_progress_note(db):
    _dinkes(db)
    late = {p.kode: p for p in uc.rapor(db, "DINKES", PER).bermasalah}
    assert {kode: (p.kendala, p.tindak_lanjut) for kode, p in late.items()} == {
        "OPEN": ("Cuaca/bencana: Hujan deras [sepekan]",
                 "Tambah shift kerja — Penyedia, batas 15/07/2026 (Direncanakan)"),
        "RESOLVED": ("(catatan progres) Menunggu material", None),
        "NONE": (None, None),
    }
    assert alasan_cell(late["OPEN"]).plain.splitlines() == [
        late["OPEN"].alasan, "Kendala: Cuaca/bencana: Hujan deras [sepekan]",
        "Tindak lanjut: Tambah shift kerja — Penyedia, batas 15/07/2026 (Direncanakan)"]
    assert alasan_cell(late["NONE"]).plain == late["NONE"].alasan
    console = Console(width=300, record=True)
    console.print(bermasalah_table(list(late.values())))
    text = console.export_text()
    assert "Kendala: Cuaca/bencana: Hujan deras [sepekan]" in text  # not taken as markup
    assert "Kendala: (catatan progres) Menunggu material" in text


def test_a_paket_with_two_rows_explains_itself_once(db):
    """A paket holding two kinds has two rows (here the same row twice): its kendala
    and tindak lanjut stand on the first, the second points up to them."""
    _dinkes(db)
    late = [p for p in uc.rapor(db, "DINKES", PER).bermasalah if p.kode == "OPEN"]
    twice = [late[0], late[0]]
    console = Console(width=300, record=True)
    console.print(bermasalah_table(twice))
    text = console.export_text()
    assert text.count("Hujan deras [sepekan]") == 1
    assert text.count("Tambah shift kerja") == 1
    assert text.count("Kendala dan tindak lanjut: lihat baris di atas") == 1
    assert alasan_cell(late[0], explained_above=True).plain.splitlines() == [
        late[0].alasan, "Kendala dan tindak lanjut: lihat baris di atas"]
