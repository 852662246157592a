"""Files for the import measurements (issue #19), built in the bench's scratch folder:
a SiRUP CSV of any length, and a gzip bomb. Generated, never kept."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

SIRUP_HEADER = ["tahun_anggaran", "kd_satker", "nama_satker", "kd_rup", "nama_paket", "pagu",
                "metode_pengadaan", "jenis_pengadaan", "tgl_awal_pemilihan",
                "tgl_akhir_pemilihan", "tgl_awal_kontrak", "tgl_akhir_kontrak", "nama_ppk"]
_KINDS = [("Tender", "Pekerjaan Konstruksi"), ("Pengadaan Langsung", "Barang"),
          ("Seleksi", "Jasa Konsultansi Badan Usaha"), ("e-Purchasing", "Barang"),
          ("Pengadaan Langsung", "Jasa Lainnya"), ("Tender", "Barang")]


def sirup_csv(path: Path, rows: int) -> Path:
    """``rows`` valid SiRUP rows over 40 satker, all six kinds of metode/jenis."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(SIRUP_HEADER)
        for n in range(rows):
            metode, jenis = _KINDS[n % len(_KINDS)]
            month = 1 + n % 9
            writer.writerow([
                "2026", f"1.{n % 40:02d}", f"Dinas Uji {n % 40}", f"B-{n}",
                f"Paket uji nomor {n} untuk kebutuhan dinas", f"{150_000_000 + n * 1000:,}"
                .replace(",", "."), metode, jenis, f"2026-{month:02d}-02",
                f"2026-{month:02d}-28", f"01/{month + 1:02d}/2026", f"30/{month + 2:02d}/2026",
                "Ir. Budi"])
    return path


def gzip_bomb(path: Path, expanded_mb: int = 1024) -> Path:
    """A .jsonl.gz of valid OCDS release lines that expands to ``expanded_mb``: one
    compressed 8 MB member written again and again (gzip allows many members), so a few
    MB on disk, as in issue #19."""
    line = json.dumps({"ocid": "ocds-bom-1", "date": "2024-01-02T00:00:00Z",
                       "buyer": {"name": "Dinas Bom"}, "tender": {"title": "x" * 900}}) + "\n"
    block = (line * (8 * 1024 * 1024 // len(line))).encode()
    member = gzip.compress(block, compresslevel=9)
    with open(path, "wb") as handle:
        for _ in range(expanded_mb * 1024 * 1024 // len(block) + 1):
            handle.write(member)
    return path
