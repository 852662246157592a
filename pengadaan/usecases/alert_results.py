"""What ``peringatan`` returns: one alert per (paket, flag), with the kendala that
explains it. Free of pydantic, like the rest of the alerts' path: a cron run answered
from cached SQL (pengadaan/db/reading.py) imports neither it nor SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from json.encoder import encode_basestring as _string


@dataclass(slots=True)
class KendalaRef:
    """The paket's latest kendala open on the as-of date, as an alert carries it. Not
    frozen, as :class:`Peringatan`: one per paket with an open kendala (26,000 at 100k),
    and a frozen dataclass is built three times slower."""

    id: int
    kategori: str
    uraian: str
    tanggal: date

    def json_text(self) -> str:
        """As :func:`kendala_json` writes it."""
        return kendala_json(self.id, self.kategori, self.uraian, self.tanggal)


@dataclass(slots=True)
class TindakLanjutRef:
    """That kendala's latest tindak lanjut (not frozen, as :class:`KendalaRef`)."""

    uraian: str
    pelaksana: str
    batas: date
    status: str

    def json_text(self) -> str:
        """As :func:`tindak_lanjut_json` writes it."""
        return tindak_lanjut_json(self.uraian, self.pelaksana, self.batas, self.status)


def _ref_text(ref: KendalaRef | TindakLanjutRef | None) -> str:
    return "null" if ref is None else ref.json_text()


@dataclass(slots=True)
class Peringatan:
    """One alert: one flag of one paket; its fields are the JSON of ``pengadaan
    peringatan`` (``severity`` only orders).

    Slots and not frozen: 100,000 alerts build as fast as named tuples (a frozen
    dataclass takes three times longer).
    """

    kode: str
    nama: str
    opd: str
    tahap: str
    peringatan: str
    batas: date
    hari: int
    denda: int | None
    severity: int = field(metadata={"exclude": True})  # pydantic's Field(exclude=True)
    # Why it is late, when somebody said (issue #13): the open kendala, its tindak lanjut.
    kendala: KendalaRef | None = None
    tindak_lanjut: TindakLanjutRef | None = None
    # berisiko_tidak_terserap (issue #17): the Rupiah expected not to be absorbed.
    berisiko: int | None = None

    def json_text(self, known: dict[tuple[int, int], str] | None = None) -> str:
        """This alert as the JSON serializer writes it (:func:`alert_json`).
        ``known``: the kendala already written, shared across one list's alerts.
        tests/test_peringatan_cli.py checks the two are equal."""
        known = {} if known is None else known
        # A paket's alerts share its kendala and tindak lanjut (and most alerts have
        # none): each pair written once, looked up by identity (``known`` lives no
        # longer than the alerts).
        pair = (id(self.kendala), id(self.tindak_lanjut))
        reasons = known.get(pair)
        if reasons is None:
            reasons = known[pair] = reasons_json(_ref_text(self.kendala),
                                                 _ref_text(self.tindak_lanjut))
        return alert_json(self.kode, self.nama, self.opd, self.tahap, self.peringatan,
                          self.batas, self.hari, self.denda, reasons, self.berisiko)


# One alert's JSON document, declared once: what the serializer (pydantic) makes of a
# Peringatan, with json.dumps' spacing, written out by hand. Peringatan.json_text and the
# rows ``peringatan --format json`` writes without building an alert
# (usecases/alert_texts.py) both write through these (the serializer plus json.dumps
# took four times as long for the 90,000 alerts at 100k). A date field is a date or its
# ISO text (``str`` of a date is its ISO text): the cached read gives the text, the ORM
# the date.

def alert_json(kode: str, nama: str, opd: str, tahap: str, peringatan: str,
               batas: date | str, hari: int, denda: int | None, reasons: str,
               berisiko: int | None) -> str:
    """The alert's object; ``reasons``: :func:`reasons_json`'s text."""
    return (f'{{"kode": {_string(kode)}, "nama": {_string(nama)}, '
            f'"opd": {_string(opd)}, "tahap": {_string(tahap)}, '
            f'"peringatan": {_string(peringatan)}, "batas": "{batas}", '
            f'"hari": {hari}, "denda": {"null" if denda is None else denda}, '
            f'{reasons}, "berisiko": {"null" if berisiko is None else berisiko}}}')


def reasons_json(kendala: str, tindak_lanjut: str) -> str:
    """The alert's two reason keys, each an object's text or ``null``."""
    return f'"kendala": {kendala}, "tindak_lanjut": {tindak_lanjut}'


NO_REASONS = reasons_json("null", "null")


def kendala_json(id: int, kategori: str, uraian: str, tanggal: date | str) -> str:
    """:class:`KendalaRef`'s object."""
    return (f'{{"id": {id}, "kategori": {_string(kategori)}, '
            f'"uraian": {_string(uraian)}, "tanggal": "{tanggal}"}}')


def tindak_lanjut_json(uraian: str, pelaksana: str, batas: date | str, status: str) -> str:
    """:class:`TindakLanjutRef`'s object."""
    return (f'{{"uraian": {_string(uraian)}, "pelaksana": {_string(pelaksana)}, '
            f'"batas": "{batas}", "status": {_string(status)}}}')
