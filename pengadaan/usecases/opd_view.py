"""An OPD as the use cases give it (``opd`` commands, the TUI's OPD list): apart from
pengadaan/usecases/reads.py, which every read command imports, so a listing or a
``--ringkas`` does not create this dataclass (±3 million instructions, issue #15)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class OpdView:
    kode: str
    nama: str
    singkatan: str
