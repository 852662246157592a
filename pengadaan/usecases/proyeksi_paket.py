"""The year-end forecast of each paket, streamed (issue #17): what the alert
berisiko_tidak_terserap needs, and what usecases/proyeksi.py folds into per-OPD sums.
Apart from those sums, so ``peringatan`` does not load the rekap's and the OPD lines'
types and rules (about 15 ms of its start, issue #15)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial

from pengadaan.db import statements
from pengadaan.domain.proyeksi import (
    ALASAN_BERISIKO,
    FaktaProyeksi,
    Proyeksi,
    Proyektor,
    anggapan,
    nilai_per_pagu_bp,
)
from pengadaan.domain.vocabulary import FINAL_TAHAP, Kelompok, tahap_in
from pengadaan.usecases.reads import kalender_read

# The facts the forecast reads per paket, in FaktaProyeksi's order (db/proyeksi.rows_query).
FAKTA = FaktaProyeksi._fields
# Stages whose money is never at risk (paid, handed over, or given up): the alert's
# read leaves them out.
TIDAK_BERISIKO = tuple(sorted(FINAL_TAHAP)) + tahap_in(Kelompok.SERAH_TERIMA)


def judged(read: Callable, as_of: date, opd_id: int | None,
           skip: tuple[str, ...]) -> Iterator[tuple[FaktaProyeksi, Proyeksi, tuple]]:
    """Streamed: each paket of ``as_of``'s year (none in a tahap of ``skip``), its facts,
    its forecast, then ``id, kode, nama, opd_id, opd``; the contract ratio is the whole
    year's, whatever is read."""
    tahun = as_of.year
    n = len(FAKTA)
    kalender = kalender_read(read, as_of, date(tahun, 12, 31))
    before = as_of - timedelta(days=anggapan("jendela_laju_hari", as_of))
    signed = next(iter(read(statements.PROYEKSI_KONTRAK, tahun=tahun)))
    judge = Proyektor(as_of, kalender,
                      nilai_per_pagu_bp(signed.nilai, signed.pagu, signed.n, as_of)).proyeksi
    facts = partial(tuple.__new__, FaktaProyeksi)  # _make without its Python call per row
    for row in read(statements.PROYEKSI, tahun=tahun, as_of=as_of, before=before,
                    fields=FAKTA, opd_id=opd_id, skip=skip):
        f = facts(row[:n])
        yield f, judge(f), row[n:]


def at_risk(read: Callable, as_of: date, opd_id: int | None = None
            ) -> Iterator[tuple[FaktaProyeksi, Proyeksi, tuple]]:
    """The packages whose money the forecast expects not to be absorbed (the alert
    berisiko_tidak_terserap), streamed as :func:`judged` gives them."""
    return (found for found in judged(read, as_of, opd_id, TIDAK_BERISIKO)
            if berisiko(found[1]))


def berisiko(p: Proyeksi) -> bool:
    """At risk: a reason that loses money this year, and an amount."""
    return p.alasan in ALASAN_BERISIKO and p.berisiko > 0
