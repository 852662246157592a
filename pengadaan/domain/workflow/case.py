"""The plain object a workflow machine drives.

SQLModel rows reject the attributes ``transitions`` adds, and a machine per row is
expensive, so a use case copies the fields a rule needs into a ``PaketCase``, fires
the trigger on it, and writes the result back only when everything succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any


@dataclass
class PaketCase:
    state: str
    metode: str
    jenis: str
    tahun: int
    pagu: int
    hps: int | None = None
    nilai_kontrak: int | None = None
    penyedia: str | None = None
    ulang: int = 0
    tgl_kontrak_mulai: date | None = None
    tgl_kontrak_selesai: date | None = None

    @classmethod
    def of(cls, source: Any) -> PaketCase:
        """Copy the workflow fields of a row (or any object with those attributes)."""
        values = {f.name: getattr(source, "tahap" if f.name == "state" else f.name)
                  for f in fields(cls)}
        return cls(**values)

    def changes(self, source: Any) -> dict[str, Any]:
        """Fields whose value differs from ``source`` (``state`` reported as ``tahap``)."""
        result = {}
        for f in fields(self):
            name = "tahap" if f.name == "state" else f.name
            if getattr(source, name) != getattr(self, f.name):
                result[name] = getattr(self, f.name)
        return result
