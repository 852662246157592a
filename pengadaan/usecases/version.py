"""Optimistic locking of a paket: every change bumps ``Paket.version``.

A screen passes the version it displayed as ``expected_version``: stale → refused with
the conflict message, nothing written. Inside one use case the paket row is locked
while it is read (``repository.get_paket``), and the ORM's ``version_id_col`` turns
each UPDATE into ``… WHERE version = <read>`` as the last line of defence (the loser
gets :class:`Conflict` from the unit of work). A change that only adds rows about a
paket (a progress report, a planned curve) still touches the row, so it takes part too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pengadaan.domain.errors import Conflict

if TYPE_CHECKING:
    from pengadaan.db.models import Paket


def require_version(paket: Any, expected_version: int | None) -> None:
    """Refuse when the paket (a model, or a row with ``kode`` and ``version``) changed
    since the user's screen read it."""
    if expected_version is not None and paket.version != expected_version:
        raise Conflict(
            f"paket {paket.kode} sudah diubah pengguna lain (versi {paket.version}, "
            f"Anda membaca versi {expected_version}); muat ulang lalu coba lagi"
        )


def touch(paket: Paket) -> None:
    """Mark the paket changed: its row is updated and its version bumped on commit."""
    paket.diubah = datetime.now(UTC)
