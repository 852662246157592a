"""The demo tells a true story: every package's name fits the OPD that buys it and the
way it is bought (issue #13: no katering pasien at the Inspektorat, no roads at DPPKB)."""

from __future__ import annotations

from datetime import date

import pytest

from pengadaan.demo.load import load_demo
from pengadaan.demo.names import (
    KATALOG_BARANG,
    NAMA,
    PL_BARANG,
    PL_JASA,
    PL_KONSTRUKSI,
    PL_KONSULTANSI,
    fitting,
    opd_label,
    templates_of,
)
from pengadaan.demo.year import MIX, OPD_KUDUS, generate
from pengadaan.domain.vocabulary import Jenis, Metode
from pengadaan.usecases.paket import list_paket

PER = date(2026, 12, 31)
LABEL = {singkatan: opd_label(nama, singkatan) for _, nama, singkatan in OPD_KUDUS}
SINGKATAN = {kode: singkatan for kode, _, singkatan in OPD_KUDUS}
# Written apart from the templates: words in a name and the only OPDs that buy such
# things, so a template declared for the wrong OPD fails here too.
ONLY = {
    "Jalan Ruas": {"PUPR"}, "Jembatan": {"PUPR"}, "Drainase": {"PUPR"}, "Talud": {"PUPR"},
    "Rehabilitasi Jalan": {"PUPR"}, "Obat dan BMHP": {"DINKES", "RSUD"},
    "Alat Kesehatan": {"DINKES", "RSUD"}, "Pasien": {"RSUD"}, "Puskesmas": {"DINKES"},
    "Ruang Kelas": {"DISDIKPORA"}, "Sekolah": {"DISDIKPORA"}, "Rambu": {"DISHUB"},
    "Penerangan Jalan Umum": {"DISHUB"}, "PJU": {"DISHUB"}, "Kelompok Tani": {"DISPERTAPA"},
    "Sampah": {"PKPLH"}, "Ruang Terbuka Hijau": {"PKPLH"}, "KTP-el": {"DISDUKCAPIL"},
    "Kontrasepsi": {"DPPKB"}, "Keluarga Berencana": {"DPPKB"},
}


# A failed repeat tender goes on by penunjukan langsung: the stored metode is then the
# new one, the name was chosen for the tender.
TENDER_LIKE = (Metode.TENDER, Metode.TENDER_CEPAT, Metode.SELEKSI)


def _kinds(metode: str, jenis: str) -> set[tuple[Metode, Jenis]]:
    first = [Metode(metode), *(TENDER_LIKE if metode == Metode.PENUNJUKAN_LANGSUNG else ())]
    return {(m, Jenis(jenis)) for m in first}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The default demo (``pengadaan admin demo``: 400 packages, seed 2026), as stored."""
    from pengadaan.db.uow import open_database

    db = open_database(str(tmp_path_factory.mktemp("names") / "demo.db"))
    load_demo(db, 400, PER, seed=2026, actor="penguji")
    return list_paket(db)


def test_every_demo_name_fits_its_opd_and_kind(demo):
    assert len(demo) == 400
    for p in demo:
        fits = [t for t in templates_of(p.nama, LABEL[p.opd])
                if any(t.fits(kind, p.opd) for kind in _kinds(p.metode, p.jenis))]
        assert fits, f"{p.kode} {p.nama!r} tidak cocok untuk {p.opd} ({p.metode}, {p.jenis})"


def test_no_opd_specific_name_lands_on_a_wrong_opd(demo):
    seen = set()
    for p in demo:
        for words, buyers in ONLY.items():
            if words in p.nama:
                seen.add(words)
                assert p.opd in buyers, f"{p.kode} {p.nama!r} di {p.opd}"
    assert len(seen) >= len(ONLY) // 2  # the table is really exercised


@pytest.mark.parametrize("seed", [1, 7, 2025])
def test_other_seeds_fit_too(seed):
    for p in generate(600, PER, seed):
        singkatan = SINGKATAN[p.opd]
        assert any(t.fits((p.metode, p.jenis), singkatan)
                   for t in templates_of(p.nama, LABEL[singkatan])), p.nama
        for words, buyers in ONLY.items():
            assert words not in p.nama or singkatan in buyers, (p.nama, singkatan)


def test_every_kind_has_names_and_every_opd_buys_everyday_things():
    """Each kind the demo draws has names; every OPD, small or not, can buy supplies,
    services, office upkeep and consultancy for its own plans; templates name only
    real OPDs and kinds the demo draws, each pattern once."""
    kinds = {(metode, jenis) for metode, jenis, _, _ in MIX}
    assert all(any(kind in t.kinds for t in NAMA) for kind in kinds)
    for _, _, singkatan in OPD_KUDUS:
        for kind in (PL_BARANG, KATALOG_BARANG, PL_JASA, PL_KONSULTANSI, PL_KONSTRUKSI):
            assert fitting(kind, singkatan), (singkatan, kind)
    assert {o for t in NAMA for o in t.opd} <= set(SINGKATAN.values())
    assert all(set(t.kinds) <= kinds for t in NAMA)
    assert len({t.pola for t in NAMA}) == len(NAMA)


def test_small_opds_have_packages(demo):
    assert {p.opd for p in demo} == set(SINGKATAN.values())
