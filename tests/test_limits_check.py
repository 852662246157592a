"""The flush backstop (db/limits_check.py): what a flush writes is checked, what it
leaves alone is not, so a row holding an old out-of-limit value can still be changed
elsewhere."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from pengadaan.db.models import Paket

from pengadaan.domain.errors import InvalidInput
from tests.conftest import make_opd, make_paket


def _paket(session) -> Paket:
    return session.execute(sa.select(Paket).where(Paket.kode == "P-1")).scalar_one()


def test_a_changed_value_is_checked_an_untouched_one_is_not(sqlite_db):
    make_opd(sqlite_db)
    make_paket(sqlite_db)
    with sqlite_db.unit_of_work(write=True) as uow:
        _paket(uow.session).ppk = "x" * 5000
        with pytest.raises(InvalidInput, match="paling panjang"):
            uow.session.flush()
        uow.session.rollback()
    with sqlite_db.engine.begin() as conn:  # SQLite stores what PostgreSQL would refuse
        conn.execute(sa.text("UPDATE paket SET nama = :nama"), {"nama": "y" * 5000})
    with sqlite_db.unit_of_work(write=True) as uow:
        paket = _paket(uow.session)
        paket.ppk = "Budi"
        uow.session.flush()
        assert paket.nama == "y" * 5000 and paket.ppk == "Budi"
