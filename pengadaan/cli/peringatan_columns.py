"""The tables ``peringatan`` and ``kalender`` print, apart from their commands: the
one-line ``--ringkas`` and the JSON listing load no column declarations (issue #15)."""

from pengadaan.presentation.table_columns import Column, Kind

# Money, dates and codes never wrap; the name and its tahap wrap between words.
ALERT_COLUMNS = (
    Column("Kode", Kind.KODE), Column("Nama / tahap", Kind.TEXT, min_width=20),
    Column("Peringatan", Kind.LABEL), Column("Batas", Kind.DATE),
    Column("Hari", Kind.NUMBER, drop=2), Column("Denda", Kind.MONEY, drop=1),
)
KALENDER_COLUMNS = (
    Column("Tanggal", Kind.DATE), Column("Hari", Kind.LABEL), Column("Keterangan", Kind.TEXT),
    Column("Jenis", Kind.LABEL, drop=2), Column("Sumber", Kind.TEXT, drop=1),
)
