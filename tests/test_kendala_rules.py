"""The kendala vocabulary and who may record what (pure)."""

from __future__ import annotations

import pytest

from pengadaan.domain.akses import Pelaku, Peran
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.kendala import (
    KATEGORI_LABEL,
    STATUS_LABEL,
    KategoriKendala,
    StatusTindakLanjut,
    parse_kategori,
    parse_status,
    refusal_to_follow_up,
    refusal_to_record_kendala,
    refusal_to_update_follow_up,
)

PUPR = (1, "Dinas PUPR")
ADMIN = Pelaku("admin", Peran.ADMIN)
POKJA = Pelaku("pokja", Peran.UKPBJ)
PPK_PUPR = Pelaku("ppk", Peran.PPK, 1, "Dinas PUPR")
PPK_DISHUB = Pelaku("ppk2", Peran.PPK, 2, "Dinas Perhubungan")
SEKDA = Pelaku("sekda", Peran.PENGAWAS)


def test_every_code_has_a_label():
    assert set(KATEGORI_LABEL) == set(KategoriKendala)
    assert set(STATUS_LABEL) == set(StatusTindakLanjut)


def test_parse_accepts_codes_and_refuses_others_with_the_list():
    assert parse_kategori(" Lahan ") == KategoriKendala.LAHAN
    assert parse_status("berjalan") == StatusTindakLanjut.BERJALAN
    with pytest.raises(InvalidInput, match=r"^kategori: 'banjir' tidak dikenal \(pilihan: "
                                           r"lahan, cuaca, .*lainnya\)$"):
        parse_kategori("banjir")
    with pytest.raises(InvalidInput, match=r"^status: 'batal' tidak dikenal"):
        parse_status("batal")


@pytest.mark.parametrize("text", ["Kinerja penyedia", "KINERJA PENYEDIA", " kinerja-penyedia "])
def test_parse_accepts_the_label_in_any_case(text):
    """A spreadsheet holds what officers read in reports: the label (kendala impor)."""
    assert parse_kategori(text) == KategoriKendala.PENYEDIA
    assert parse_kategori("lahan/PERIZINAN") == KategoriKendala.LAHAN
    assert parse_status("Direncanakan") == StatusTindakLanjut.DIRENCANAKAN


@pytest.mark.parametrize("pelaku", [ADMIN, POKJA, PPK_PUPR])
def test_paket_roles_record_and_follow_up(pelaku):
    assert refusal_to_record_kendala(pelaku, *PUPR) is None
    assert refusal_to_follow_up(pelaku, *PUPR, rekomendasi=False) is None
    assert refusal_to_follow_up(pelaku, *PUPR, rekomendasi=True) is None
    assert refusal_to_update_follow_up(pelaku, *PUPR) is None


def test_ppk_of_another_opd_is_refused():
    assert "tidak berwenang mengubah paket Dinas PUPR" in refusal_to_record_kendala(
        PPK_DISHUB, *PUPR)
    assert refusal_to_follow_up(PPK_DISHUB, *PUPR, rekomendasi=True) is not None
    assert refusal_to_update_follow_up(PPK_DISHUB, *PUPR) is not None


def test_pengawas_only_recommends():
    assert "pengawas hanya membaca" in refusal_to_record_kendala(SEKDA, *PUPR)
    assert refusal_to_follow_up(SEKDA, *PUPR, rekomendasi=True) is None
    assert "hanya memberi rekomendasi" in refusal_to_follow_up(SEKDA, *PUPR, rekomendasi=False)
    assert refusal_to_update_follow_up(SEKDA, *PUPR) is not None
