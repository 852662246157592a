"""Run-time settings: the policy numbers a deployment may change, read from the
environment once, at the entry point (the CLI, which also starts the TUI).

The rules never read the environment: the opened :class:`~pengadaan.db.uow.Database`
carries these settings and the use cases hand the numbers to the rules.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

from pengadaan.domain import config
from pengadaan.domain.errors import InvalidInput
from pengadaan.imports import limits

PEMELIHARAAN_BULAN_ENV = "PENGADAAN_PEMELIHARAAN_BULAN"
HAMPIR_HARI_KERJA_ENV = "PENGADAAN_HAMPIR_HARI_KERJA"
IMPOR_MAKS_MB_ENV = "PENGADAAN_IMPOR_MAKS_MB"


class Settings(NamedTuple):
    """A named tuple: a dataclass costs ±3 million instructions to create, on every
    command's start (issue #15)."""

    # Masa pemeliharaan in months (the SSKK may set a longer one; 6 is the floor for
    # permanent works).
    pemeliharaan_bulan: int = config.PEMELIHARAAN_BULAN
    # N of the "hampir" flag: a stage ending within N working days.
    hampir_hari_kerja: int = config.HAMPIR_HARI_KERJA
    # Largest import file, in MB once expanded (pengadaan/imports/limits.py).
    impor_maks_mb: int = limits.MAX_EXPANDED_MB

    @property
    def import_limits(self) -> limits.ImportLimits:
        return limits.ImportLimits.of_megabytes(self.impor_maks_mb)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """The defaults, overridden by the documented variables; a bad value is one
        Indonesian line naming the variable."""
        return cls(
            pemeliharaan_bulan=_whole(environ, PEMELIHARAAN_BULAN_ENV, 1,
                                      config.PEMELIHARAAN_BULAN),
            hampir_hari_kerja=_whole(environ, HAMPIR_HARI_KERJA_ENV, 0,
                                     config.HAMPIR_HARI_KERJA),
            impor_maks_mb=_whole(environ, IMPOR_MAKS_MB_ENV, 1, limits.MAX_EXPANDED_MB),
        )


def _whole(environ: Mapping[str, str], name: str, minimum: int, default: int) -> int:
    text = environ.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise InvalidInput(f"{name}: '{text}' harus bilangan bulat ≥ {minimum}")
    return value
