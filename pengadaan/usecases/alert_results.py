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
        """As ``json.dumps`` writes it (fields in order), written out as
        :meth:`Peringatan.json_text` is: 26,000 of them at 100k."""
        return (f'{{"id": {self.id}, "kategori": {_string(self.kategori)}, '
                f'"uraian": {_string(self.uraian)}, "tanggal": "{self.tanggal}"}}')


@dataclass(slots=True)
class TindakLanjutRef:
    """That kendala's latest tindak lanjut (not frozen, as :class:`KendalaRef`)."""

    uraian: str
    pelaksana: str
    batas: date
    status: str

    def json_text(self) -> str:
        """As :meth:`KendalaRef.json_text`."""
        return (f'{{"uraian": {_string(self.uraian)}, "pelaksana": {_string(self.pelaksana)}, '
                f'"batas": "{self.batas}", "status": {_string(self.status)}}}')


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
        """This alert as the JSON serializer writes it, with ``json.dumps``' spacing,
        written out: for the 90,000 alerts of the 100,000-paket bench file this takes
        0.5 s, the serializer plus ``json.dumps`` 2.0 s (about +40% on the command).
        ``known``: the kendala already written, shared across one list's alerts.
        tests/test_peringatan_cli.py checks the two are equal."""
        known = {} if known is None else known
        # A paket's alerts share its kendala and tindak lanjut (and most alerts have
        # none): each pair written once, looked up by identity (``known`` lives no
        # longer than the alerts).
        pair = (id(self.kendala), id(self.tindak_lanjut))
        reasons = known.get(pair)
        if reasons is None:
            reasons = known[pair] = (f'"kendala": {_ref_text(self.kendala)}, '
                                     f'"tindak_lanjut": {_ref_text(self.tindak_lanjut)}')
        denda = "null" if self.denda is None else self.denda
        return (f'{{"kode": {_string(self.kode)}, "nama": {_string(self.nama)}, '
                f'"opd": {_string(self.opd)}, "tahap": {_string(self.tahap)}, '
                f'"peringatan": {_string(self.peringatan)}, "batas": "{self.batas}", '
                f'"hari": {self.hari}, "denda": {denda}, '
                f'{reasons}, '
                f'"berisiko": {"null" if self.berisiko is None else self.berisiko}}}')
