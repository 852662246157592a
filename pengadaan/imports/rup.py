"""SiRUP "RUP Paket Penyedia" rows (docs/aturan.md §7.1) into paket records.

Two layouts are recognised by their headers: the SiRUP ISB columns, and the older
``planning_sirup`` table of Bandung 2015 (numeric metode codes, ``M/D/YYYY`` dates).
Any other layout needs a ``--kolom`` mapping file (``kolom_kita = Judul di berkas``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from pengadaan.domain import limits, workflow
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import parse_rupiah
from pengadaan.domain.vocabulary import Jenis, Metode
from pengadaan.imports import codes
from pengadaan.imports.dates import FORMATS, BadDate, parse_table_date
from pengadaan.imports.limits import DEFAULT, ImportLimits
from pengadaan.imports.reading import Progress, Table, _no_progress
from pengadaan.imports.records import (
    JadwalRecord,
    PaketRecord,
    Parsed,
    RowError,
    rupiah_cell,
    within_limits,
)

REQUIRED = ("kd_rup", "nama_paket", "nama_satker", "pagu", "metode_pengadaan",
            "jenis_pengadaan")
OPTIONAL = ("tahun_anggaran", "kd_satker", "sumber_dana", "tgl_awal_pemilihan",
            "tgl_akhir_pemilihan", "tgl_awal_kontrak", "tgl_akhir_kontrak", "nama_ppk",
            "kd_jenis_pengadaan")
FIELDS = REQUIRED + OPTIONAL
# Our record's fields -> the SiRUP field they come from (a rejection names it).
RECORD_KOLOM = {"kode": "kd_rup", "kode_rup": "kd_rup", "nama": "nama_paket",
                "opd_nama": "nama_satker", "opd_kode": "kd_satker", "pagu": "pagu",
                "sumber_dana": "sumber_dana", "ppk": "nama_ppk"}
DATE_FIELDS = ("tgl_awal_pemilihan", "tgl_akhir_pemilihan", "tgl_awal_kontrak",
               "tgl_akhir_kontrak")

# Bandung 2015 planning_sirup: our field <- its header.
SIRUP_2015 = {
    "kd_rup": "id", "nama_paket": "nama", "nama_satker": "satuan_kerja", "pagu": "pagu",
    "metode_pengadaan": "metode_pengadaan", "jenis_pengadaan": "jenis",
    "kd_jenis_pengadaan": "jenis_pengadaan", "sumber_dana": "sumber_dana_string",
    "tgl_awal_pemilihan": "tanggal_awal_pengadaan",
    "tgl_akhir_pemilihan": "tanggal_akhir_pengadaan",
    "tgl_awal_kontrak": "tanggal_awal_pekerjaan", "tgl_akhir_kontrak": "tanggal_akhir_pekerjaan",
}
SIRUP_2015_MARKERS = {"satuan_kerja", "tanggal_awal_pengadaan", "sumber_dana_string"}


def read_mapping(path: Path, limits: ImportLimits = DEFAULT) -> dict[str, str]:
    """A ``--kolom`` file: one ``kolom_kita = Judul di berkas`` per line, ``#`` comments."""
    try:
        if path.stat().st_size > limits.max_bytes:
            raise InvalidInput(f"berkas kolom {path.name}: {limits.too_large()}")
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput(f"berkas kolom {path}: tidak dapat dibaca ({err})") from None
    mapping = {}
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        ours, sep, theirs = line.partition("=")
        ours, theirs = ours.strip().lower(), theirs.strip()
        if not sep or not theirs:
            raise InvalidInput(f"berkas kolom {path.name} baris {number}: tulis "
                               "'kolom_kita = Judul di berkas'")
        if ours not in FIELDS:
            raise InvalidInput(f"berkas kolom {path.name} baris {number}: kolom '{ours}' tidak "
                               f"dikenal (pilihan: {', '.join(FIELDS)})")
        mapping[ours] = theirs
    return mapping


def _columns(header: list[str], mapping: dict[str, str] | None, path: Path
             ) -> tuple[dict[str, int], bool]:
    """Field -> column index, and whether this is the Bandung 2015 layout."""
    index = {h.strip().lower(): i for i, h in enumerate(header) if h and h.strip()}
    legacy = mapping is None and set(index) >= SIRUP_2015_MARKERS
    names = dict(SIRUP_2015) if legacy else {f: f for f in FIELDS}
    if mapping:
        names.update({k: v.lower() for k, v in mapping.items()})
    found = {field: index[name] for field, name in names.items() if name in index}
    missing = [names[f] for f in REQUIRED if f not in found]
    if missing:
        raise InvalidInput(
            f"berkas {path.name}: kolom wajib tidak ada: {', '.join(missing)}; tidak ada data "
            "yang diubah (pakai --kolom untuk memetakan judul kolom lain)")
    return found, legacy


def parse_rup(
    path: Path,
    mapping: dict[str, str] | None = None,
    date_format: str | None = None,
    default_year: int | None = None,
    progress: Progress = _no_progress,
    limits: ImportLimits = DEFAULT,
) -> Parsed:
    """Valid rows become records, others rejections (with reasons).

    The header is checked now; the rows are read as ``records`` is iterated (streamed:
    memory does not grow with the file), filling in the counts and rejections."""
    if date_format is not None and date_format not in FORMATS:
        raise InvalidInput(f"format tanggal '{date_format}' tidak dikenal "
                           f"(pilihan: {', '.join(FORMATS)})")
    table = Table(path, progress, limits=limits)
    try:
        columns, legacy = _columns(table.header, mapping, path)
    except InvalidInput:
        table.close()
        raise
    fmt = date_format or ("m/d/yyyy" if legacy else "otomatis")
    parsed = Parsed()
    parsed.records = _records(parsed, table, columns, legacy, fmt, default_year)
    return parsed


def _records(parsed: Parsed, table: Table, columns: dict[str, int], legacy: bool, fmt: str,
             default_year: int | None) -> Iterator[PaketRecord]:
    header_of = {f: table.header[i] for f, i in columns.items()}
    seen: dict[str, int] = {}  # kode -> row: the one thing kept per row
    for number, values in table.rows():
        parsed.read += 1

        def cell(field: str, values=values) -> object:
            i = columns.get(field)
            if i is None or i >= len(values):
                return None
            value = values[i]
            return value.strip() if isinstance(value, str) else value

        try:
            record, dropped = _record(number, cell, legacy, fmt, default_year)
        except RowError as err:
            parsed.rejections.append(_rejection(number, err, header_of))
            continue
        if record.kode in seen:
            parsed.rejections.append(_rejection(number, RowError(
                "kd_rup", f"kode RUP {record.kode} sudah ada di baris {seen[record.kode]}"),
                header_of))
            continue
        seen[record.kode] = number
        parsed.dates_dropped += dropped
        yield record


def _rejection(number: int, err: RowError, header_of: dict[str, str]):
    from pengadaan.imports.records import Rejection

    return Rejection(number, header_of.get(err.kolom, err.kolom), err.alasan)


def _text(cell: Callable, field: str, required: bool = False) -> str | None:
    value = cell(field)
    text = "" if value is None else str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if required and not text:
        raise RowError(field, "wajib diisi")
    return text or None


def _money(cell: Callable, field: str) -> int:
    value = cell(field)
    if value is None or value == "":
        raise RowError(field, "wajib diisi")
    if isinstance(value, bool):
        raise RowError(field, f"'{value}' bukan nilai Rupiah")
    if isinstance(value, int | float):
        amount = rupiah_cell(value, field)
    else:
        try:
            amount = parse_rupiah(str(value), field)
        except InvalidInput as err:
            raise RowError(field, str(err).split(": ", 1)[-1]) from None
    if amount <= 0:
        raise RowError(field, "harus lebih dari Rp 0")
    return amount


def _record(number: int, cell: Callable, legacy: bool, fmt: str, default_year: int | None
            ) -> tuple[PaketRecord, int]:
    kode = _text(cell, "kd_rup", required=True)
    nama = _text(cell, "nama_paket", required=True)
    satker = _text(cell, "nama_satker", required=True)
    pagu = _money(cell, "pagu")
    jenis = _jenis(cell, legacy)
    metode = _metode(cell, legacy, jenis)
    dates: dict[str, date | None] = {}
    dropped = 0
    for field in DATE_FIELDS:
        try:
            dates[field], was_dropped = parse_table_date(cell(field), fmt)
        except BadDate as err:
            raise RowError(field, f"'{err}' bukan tanggal {fmt.upper()}") from None
        dropped += was_dropped
    tahun = _tahun(cell, dates, default_year)
    record = PaketRecord(
        row=number, kode=kode, kode_rup=kode, nama=nama, opd_nama=satker,
        opd_kode=_text(cell, "kd_satker"), tahun=tahun, jenis=jenis, metode=metode, pagu=pagu,
        sumber_dana=_text(cell, "sumber_dana"), ppk=_text(cell, "nama_ppk"),
        tgl_awal_pemilihan=dates["tgl_awal_pemilihan"],
    )
    record.jadwal = planned_schedule(metode, dates)
    return within_limits(record, RECORD_KOLOM), dropped


def _jenis(cell: Callable, legacy: bool) -> str:
    text = _text(cell, "jenis_pengadaan")
    if text is None and legacy:
        code = _text(cell, "kd_jenis_pengadaan")
        if code in codes.SIRUP_2015_JENIS:
            return str(codes.SIRUP_2015_JENIS[code])
    if text is None:
        raise RowError("jenis_pengadaan", "wajib diisi")
    jenis = codes.jenis_of(text)
    if jenis is None:
        raise RowError("jenis_pengadaan", f"jenis '{text}' tidak dikenal (Barang, Pekerjaan "
                                          "Konstruksi, Jasa Konsultansi, Jasa Lainnya)")
    return jenis


def _metode(cell: Callable, legacy: bool, jenis: str) -> str:
    text = _text(cell, "metode_pengadaan", required=True)
    if legacy and text in codes.SIRUP_2015_METODE:
        text = codes.SIRUP_2015_METODE[text]
    metode = codes.metode_of(text, jenis)
    if metode is None:
        raise RowError("metode_pengadaan", f"metode '{text}' tidak dikenal")
    if metode == Metode.SELEKSI and jenis != Jenis.KONSULTANSI:
        raise RowError("metode_pengadaan", f"seleksi hanya untuk jasa konsultansi (jenis {jenis})")
    if metode == Metode.TENDER_CEPAT and jenis == Jenis.KONSULTANSI:
        raise RowError("metode_pengadaan", "jasa konsultansi dipilih melalui seleksi")
    return metode


def _tahun(cell: Callable, dates: dict[str, date | None], default_year: int | None) -> int:
    text = _text(cell, "tahun_anggaran")
    if text:
        try:
            tahun = int(text)
        except ValueError:
            raise RowError("tahun_anggaran", f"'{text}' bukan tahun") from None
        try:
            return limits.tahun(tahun)
        except InvalidInput as err:
            raise RowError("tahun_anggaran", str(err).split(": ", 1)[-1]) from None
    for field in ("tgl_awal_pemilihan", "tgl_awal_kontrak", "tgl_akhir_pemilihan"):
        if dates[field]:
            return dates[field].year
    if default_year:
        return default_year
    raise RowError("tahun_anggaran", "tidak ada tahun anggaran maupun tanggal rencana")


def planned_schedule(metode: str, dates: dict[str, date | None]) -> dict[str, JadwalRecord]:
    """The RUP's planned contract window as the pelaksanaan stage.

    The selection stages are planned by the schedule templates from
    ``tgl_awal_pemilihan`` when the import writes them (as ``paket tambah`` does,
    :func:`pengadaan.usecases.jadwal.planned_rows`); ``tgl_akhir_pemilihan`` is read
    and checked but not stored. The planned contract dates stay in the schedule: the
    paket's contract columns are for a signed contract."""
    start, end = dates.get("tgl_awal_kontrak"), dates.get("tgl_akhir_kontrak")
    if not (start or end) or "pelaksanaan" not in workflow.stage_order(metode):
        return {}
    return {"pelaksanaan": JadwalRecord(rencana_mulai=start, rencana_selesai=end)}
