"""Which demo package names fit which OPD and which kind of procurement.

A demo that has the Inspektorat building roads teaches a new user nothing. Each name
template is declared once with the (metode, jenis) kinds it is procured by and the
OPDs that really buy it; a template without OPDs is what every OPD buys (ATK,
computers, vehicle upkeep, its own plans), so small OPDs still have packages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pengadaan.domain.vocabulary import Jenis, Metode

Kind = tuple[Metode, Jenis]

PL_BARANG: Kind = (Metode.PENGADAAN_LANGSUNG, Jenis.BARANG)
PL_KONSTRUKSI: Kind = (Metode.PENGADAAN_LANGSUNG, Jenis.KONSTRUKSI)
PL_JASA: Kind = (Metode.PENGADAAN_LANGSUNG, Jenis.JASA_LAINNYA)
PL_KONSULTANSI: Kind = (Metode.PENGADAAN_LANGSUNG, Jenis.KONSULTANSI)
TENDER_KONSTRUKSI: Kind = (Metode.TENDER, Jenis.KONSTRUKSI)
TENDER_BARANG: Kind = (Metode.TENDER, Jenis.BARANG)
TENDER_JASA: Kind = (Metode.TENDER, Jenis.JASA_LAINNYA)
TENDER_CEPAT_BARANG: Kind = (Metode.TENDER_CEPAT, Jenis.BARANG)
SELEKSI: Kind = (Metode.SELEKSI, Jenis.KONSULTANSI)
KATALOG_BARANG: Kind = (Metode.E_PURCHASING, Jenis.BARANG)
KATALOG_JASA: Kind = (Metode.E_PURCHASING, Jenis.JASA_LAINNYA)
SWAKELOLA_JASA: Kind = (Metode.SWAKELOLA, Jenis.JASA_LAINNYA)
SWAKELOLA_KONSTRUKSI: Kind = (Metode.SWAKELOLA, Jenis.KONSTRUKSI)
PENUNJUKAN_BARANG: Kind = (Metode.PENUNJUKAN_LANGSUNG, Jenis.BARANG)

LOKASI = ("Bae", "Dawe", "Gebog", "Jati", "Jekulo", "Kaliwungu", "Kota", "Mejobo", "Undaan",
          "Colo", "Getaspejaten", "Wergu Wetan", "Prambatan", "Honggosoco", "Tanjungrejo")


@dataclass(frozen=True)
class NamaPaket:
    """A name pattern ({l} a place in Kudus, {o} the buying OPD), the kinds of
    procurement it is bought by, and the OPDs (singkatan) that buy it; no OPDs: any."""

    pola: str
    kinds: tuple[Kind, ...]
    opd: tuple[str, ...] = ()

    def fits(self, kind: Kind, singkatan: str) -> bool:
        return kind in self.kinds and (not self.opd or singkatan in self.opd)


KESEHATAN = ("DINKES", "RSUD")
SEKRETARIAT = ("SETDA", "SETWAN")
KECAMATAN = ("KEC-KOTA", "KEC-JEKULO")

NAMA: tuple[NamaPaket, ...] = (
    # Every OPD: office upkeep, supplies, vehicles, its own plans and training.
    NamaPaket("Rehabilitasi Gedung Kantor {o}", (PL_KONSTRUKSI,)),
    NamaPaket("Pemeliharaan Gedung Kantor {o}", (SWAKELOLA_KONSTRUKSI,)),
    NamaPaket("Pengadaan Alat Tulis Kantor {o}", (PL_BARANG, KATALOG_BARANG)),
    NamaPaket("Pengadaan Komputer dan Printer {o}",
              (PL_BARANG, KATALOG_BARANG, TENDER_CEPAT_BARANG)),
    NamaPaket("Pengadaan Kendaraan Operasional {o}", (KATALOG_BARANG, TENDER_BARANG)),
    NamaPaket("Penyusunan Rencana Strategis {o}", (PL_KONSULTANSI,)),
    NamaPaket("Jasa Konsultansi Perencanaan Rehabilitasi Gedung {o}", (PL_KONSULTANSI,)),
    NamaPaket("Jasa Kebersihan Kantor {o}", (PL_JASA,)),
    NamaPaket("Jasa Keamanan Gedung {o}", (PL_JASA,)),
    NamaPaket("Jasa Pemeliharaan Kendaraan Dinas {o}", (PL_JASA,)),
    NamaPaket("Jasa Publikasi dan Dokumentasi {o}", (PL_JASA,)),
    NamaPaket("Sewa Kendaraan {o}", (KATALOG_JASA, PL_JASA)),
    NamaPaket("Bimbingan Teknis Aparatur {o}", (SWAKELOLA_JASA,)),
    # PUPR: roads, drainage, bridges, river banks, spatial plans.
    NamaPaket("Rehabilitasi Jalan {l}", (TENDER_KONSTRUKSI, PL_KONSTRUKSI), ("PUPR",)),
    NamaPaket("Peningkatan Jalan Ruas {l}", (TENDER_KONSTRUKSI,), ("PUPR",)),
    NamaPaket("Pembangunan Jembatan {l}", (TENDER_KONSTRUKSI,), ("PUPR",)),
    NamaPaket("Normalisasi Saluran Drainase {l}",
              (TENDER_KONSTRUKSI, PL_KONSTRUKSI, SWAKELOLA_KONSTRUKSI), ("PUPR",)),
    NamaPaket("Pembangunan Talud Sungai {l}", (TENDER_KONSTRUKSI, PL_KONSTRUKSI), ("PUPR",)),
    NamaPaket("Pemeliharaan Rutin Jalan {l}", (SWAKELOLA_KONSTRUKSI,), ("PUPR",)),
    NamaPaket("Jasa Konsultansi Perencanaan Jalan {l}", (SELEKSI, PL_KONSULTANSI), ("PUPR",)),
    NamaPaket("Jasa Konsultansi Pengawasan Jalan {l}", (SELEKSI, PL_KONSULTANSI), ("PUPR",)),
    NamaPaket("Penyusunan DED Jembatan {l}", (SELEKSI, PL_KONSULTANSI), ("PUPR",)),
    NamaPaket("Penyusunan Masterplan Drainase Kota Kudus", (SELEKSI,), ("PUPR",)),
    NamaPaket("Peninjauan Kembali RTRW Kabupaten Kudus", (SELEKSI,), ("PUPR",)),
    # DISHUB: signs, street lighting, traffic studies.
    NamaPaket("Pemasangan Penerangan Jalan Umum {l}", (TENDER_KONSTRUKSI, PL_KONSTRUKSI),
              ("DISHUB",)),
    NamaPaket("Pengadaan Lampu PJU Tenaga Surya {l}", (KATALOG_BARANG, TENDER_BARANG),
              ("DISHUB",)),
    NamaPaket("Pengadaan Rambu Lalu Lintas {l}",
              (TENDER_BARANG, PL_BARANG, TENDER_CEPAT_BARANG), ("DISHUB",)),
    NamaPaket("Kajian Manajemen dan Rekayasa Lalu Lintas {l}", (SELEKSI, PL_KONSULTANSI),
              ("DISHUB",)),
    NamaPaket("Pengadaan Seragam Petugas {o}", (PL_BARANG, TENDER_CEPAT_BARANG),
              ("DISHUB", "SATPOLPP", "BPBD")),
    # DINKES and RSUD: medicine, equipment, clinics, patients.
    NamaPaket("Pengadaan Obat dan BMHP {o}", (KATALOG_BARANG, PENUNJUKAN_BARANG, PL_BARANG),
              KESEHATAN),
    NamaPaket("Pengadaan Alat Kesehatan {o}",
              (TENDER_BARANG, KATALOG_BARANG, TENDER_CEPAT_BARANG, PL_BARANG), KESEHATAN),
    NamaPaket("Pengadaan Reagen Laboratorium {o}", (KATALOG_BARANG,), KESEHATAN),
    NamaPaket("Jasa Pengolahan Limbah Medis {o}", (TENDER_JASA, KATALOG_JASA, PL_JASA),
              KESEHATAN),
    NamaPaket("Pembangunan Puskesmas {l}", (TENDER_KONSTRUKSI,), ("DINKES",)),
    NamaPaket("Rehabilitasi Puskesmas Pembantu {l}", (PL_KONSTRUKSI,), ("DINKES",)),
    NamaPaket("Jasa Konsultansi Pengawasan Pembangunan Puskesmas {l}",
              (SELEKSI, PL_KONSULTANSI), ("DINKES",)),
    NamaPaket("Pelatihan Kader Posyandu {l}", (SWAKELOLA_JASA,), ("DINKES",)),
    NamaPaket("Pembangunan Gedung Rawat Inap RSUD", (TENDER_KONSTRUKSI,), ("RSUD",)),
    NamaPaket("Jasa Katering Pasien RSUD", (TENDER_JASA, PL_JASA), ("RSUD",)),
    NamaPaket("Jasa Laundry Linen RSUD", (TENDER_JASA, PL_JASA), ("RSUD",)),
    # DISDIKPORA: classrooms, school furniture and books, sports halls.
    NamaPaket("Rehabilitasi Ruang Kelas SD {l}", (TENDER_KONSTRUKSI, PL_KONSTRUKSI),
              ("DISDIKPORA",)),
    NamaPaket("Pembangunan Ruang Kelas Baru SMP {l}", (TENDER_KONSTRUKSI,), ("DISDIKPORA",)),
    NamaPaket("Rehabilitasi Gelanggang Olahraga {l}", (TENDER_KONSTRUKSI, PL_KONSTRUKSI),
              ("DISDIKPORA",)),
    NamaPaket("Pengadaan Mebel Sekolah {l}",
              (TENDER_BARANG, KATALOG_BARANG, PL_BARANG, TENDER_CEPAT_BARANG), ("DISDIKPORA",)),
    NamaPaket("Pengadaan Buku Pelajaran SD {l}", (KATALOG_BARANG,), ("DISDIKPORA",)),
    NamaPaket("Jasa Konsultansi Perencanaan Ruang Kelas {l}", (PL_KONSULTANSI,),
              ("DISDIKPORA",)),
    # DISPERTAPA: farm tools, seed, farm roads.
    NamaPaket("Pengadaan Alat Pertanian Kelompok Tani {l}",
              (TENDER_BARANG, KATALOG_BARANG, PL_BARANG, TENDER_CEPAT_BARANG), ("DISPERTAPA",)),
    NamaPaket("Pengadaan Benih dan Pupuk Kelompok Tani {l}", (PL_BARANG, KATALOG_BARANG),
              ("DISPERTAPA",)),
    NamaPaket("Pembangunan Jalan Usaha Tani {l}", (PL_KONSTRUKSI, SWAKELOLA_KONSTRUKSI),
              ("DISPERTAPA",)),
    # PKPLH: waste, green space, housing.
    NamaPaket("Pengadaan Truk Pengangkut Sampah", (TENDER_BARANG, KATALOG_BARANG), ("PKPLH",)),
    NamaPaket("Pengadaan Tempat Sampah Terpilah {l}", (PL_BARANG,), ("PKPLH",)),
    NamaPaket("Jasa Pengangkutan Sampah {l}", (TENDER_JASA, PL_JASA), ("PKPLH",)),
    NamaPaket("Pembangunan Ruang Terbuka Hijau {l}", (TENDER_KONSTRUKSI, PL_KONSTRUKSI),
              ("PKPLH",)),
    NamaPaket("Rehabilitasi Rumah Tidak Layak Huni {l}",
              (SWAKELOLA_KONSTRUKSI, PL_KONSTRUKSI), ("PKPLH",)),
    NamaPaket("Kajian Lingkungan Hidup Strategis RPJMD", (SELEKSI,), ("PKPLH", "BAPPEDA")),
    # The other OPDs' own business.
    NamaPaket("Penyusunan Kajian Evaluasi RPJMD", (SELEKSI, PL_KONSULTANSI), ("BAPPEDA",)),
    NamaPaket("Musyawarah Perencanaan Pembangunan {o}", (SWAKELOLA_JASA,),
              ("BAPPEDA", *KECAMATAN)),
    NamaPaket("Penilaian Aset Tetap Daerah", (SELEKSI, PL_KONSULTANSI), ("BPPKAD",)),
    NamaPaket("Jasa Asuransi Barang Milik Daerah", (TENDER_JASA,), ("BPPKAD",)),
    NamaPaket("Pendataan Objek PBB-P2 {l}", (SWAKELOLA_JASA,), ("BPPKAD",)),
    NamaPaket("Pengadaan Blangko KTP-el", (KATALOG_BARANG, PENUNJUKAN_BARANG),
              ("DISDUKCAPIL",)),
    NamaPaket("Perekaman KTP-el Keliling {l}", (SWAKELOLA_JASA,), ("DISDUKCAPIL",)),
    NamaPaket("Pengadaan Logistik Tanggap Darurat Bencana", (PL_BARANG, PENUNJUKAN_BARANG),
              ("BPBD",)),
    NamaPaket("Pelatihan Desa Tangguh Bencana {l}", (SWAKELOLA_JASA,), ("BPBD",)),
    NamaPaket("Operasi Penegakan Peraturan Daerah {l}", (SWAKELOLA_JASA,), ("SATPOLPP",)),
    NamaPaket("Pengadaan Perangkat Jaringan dan Server", (TENDER_BARANG, KATALOG_BARANG,
                                                        TENDER_CEPAT_BARANG), ("DISKOMINFO",)),
    NamaPaket("Jasa Bandwidth Internet Pemerintah Daerah", (TENDER_JASA, KATALOG_JASA),
              ("DISKOMINFO",)),
    NamaPaket("Jasa Pemeliharaan Jaringan Internet {o}", (PL_JASA,), ("DISKOMINFO",)),
    NamaPaket("Penyusunan Masterplan Kota Cerdas", (SELEKSI,), ("DISKOMINFO",)),
    NamaPaket("Pelatihan Berbasis Kompetensi Pencari Kerja", (SWAKELOLA_JASA,),
              ("DISNAKER",)),
    NamaPaket("Pengadaan Peralatan Balai Latihan Kerja", (PL_BARANG, TENDER_CEPAT_BARANG),
              ("DISNAKER",)),
    NamaPaket("Pendampingan Keluarga Penerima Manfaat {l}", (SWAKELOLA_JASA,), ("DINSOS",)),
    NamaPaket("Pengadaan Alat Bantu Penyandang Disabilitas", (PL_BARANG, KATALOG_BARANG),
              ("DINSOS",)),
    NamaPaket("Pengadaan Alat dan Obat Kontrasepsi", (KATALOG_BARANG, PL_BARANG), ("DPPKB",)),
    NamaPaket("Penyuluhan Keluarga Berencana {l}", (SWAKELOLA_JASA,), ("DPPKB",)),
    NamaPaket("Pelatihan Aparatur Pemerintah Desa", (SWAKELOLA_JASA,), ("DPMD",)),
    NamaPaket("Sosialisasi Perizinan Berusaha", (SWAKELOLA_JASA,), ("DPMPTSP",)),
    NamaPaket("Pengadaan Buku Perpustakaan Daerah", (KATALOG_BARANG, PL_BARANG), ("ARPUS",)),
    NamaPaket("Penataan Arsip Inaktif {o}", (SWAKELOLA_JASA,), ("ARPUS",)),
    NamaPaket("Revitalisasi Pasar Tradisional {l}", (TENDER_KONSTRUKSI, PL_KONSTRUKSI),
              ("DISDAG",)),
    NamaPaket("Pengadaan Alat Ukur Metrologi Legal", (PL_BARANG,), ("DISDAG",)),
    NamaPaket("Festival Budaya Dandangan", (SWAKELOLA_JASA,), ("DISBUDPAR",)),
    NamaPaket("Penyusunan Rencana Induk Pariwisata Daerah", (SELEKSI,), ("DISBUDPAR",)),
    NamaPaket("Pembangunan Gedung Kantor {o}", (TENDER_KONSTRUKSI,),
              ("BPPKAD", "DISDUKCAPIL", "DPMPTSP", "BPBD", *SEKRETARIAT)),
    NamaPaket("Jasa Penyelenggaraan Peringatan Hari Jadi Kudus", (PL_JASA,), ("SETDA",)),
    NamaPaket("Penyelenggaraan Reses Anggota DPRD", (SWAKELOLA_JASA,), ("SETWAN",)),
    NamaPaket("Seleksi Kompetensi Jabatan Pimpinan Tinggi", (SWAKELOLA_JASA,), ("BKPSDM",)),
    NamaPaket("Pendidikan Wawasan Kebangsaan Pemuda", (SWAKELOLA_JASA,), ("KESBANGPOL",)),
    NamaPaket("Pemeriksaan Reguler Perangkat Daerah", (SWAKELOLA_JASA,), ("INSPEKTORAT",)),
)


def opd_label(nama: str, singkatan: str) -> str:
    """How a name says which OPD buys: its singkatan, a kecamatan by its own name."""
    return nama if nama.startswith("Kecamatan") else singkatan


def fitting(kind: Kind, singkatan: str) -> list[NamaPaket]:
    return [t for t in NAMA if t.fits(kind, singkatan)]


def templates_of(nama: str, label: str) -> list[NamaPaket]:
    """The templates that could have produced ``nama`` for an OPD shown as ``label``."""
    fill = {"{l}": "(?:" + "|".join(map(re.escape, LOKASI)) + ")", "{o}": re.escape(label)}
    return [t for t in NAMA
            if re.fullmatch("".join(fill.get(part, re.escape(part))
                                    for part in re.split(r"(\{[lo]\})", t.pola)), nama)]


def is_road(nama: str, metode: Metode, jenis: Jenis) -> bool:
    """A road or bridge built by a penyedia: its works need the land free first."""
    return (jenis == Jenis.KONSTRUKSI and metode != Metode.SWAKELOLA
            and ("Jalan " in nama or "Jembatan" in nama) and "Penerangan" not in nama)
