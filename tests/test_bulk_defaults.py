"""db/bulk.py: a column a bulk INSERT leaves out gets its Python default, a constant
through the driver's executemany, a callable through SQLAlchemy (which runs it per row)."""

import pytest
import sqlalchemy as sa
from pengadaan.db.bulk import insert_columns, insert_rows, scalar_defaults
from pengadaan.db.models import Paket
from sqlmodel import Session

_META = sa.MetaData()
_CONSTANT = sa.Table("tetap", _META, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("nama", sa.String), sa.Column("aktif", sa.Boolean, default=True))
_CALLABLE = sa.Table("hitung", _META, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("nama", sa.String), sa.Column("aktif", sa.Boolean, default=True),
                     sa.Column("urutan", sa.Integer, default=lambda: 7))


class _Model:
    """What the bulk writers take: anything with a ``__table__``."""

    def __init__(self, table: sa.Table) -> None:
        self.__table__ = table


@pytest.fixture
def session(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'bulk.db'}")
    _META.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_scalar_defaults_are_the_models_constants_and_none_beside_a_callable():
    assert scalar_defaults(Paket.__table__, {"kode", "ulang"}) == {"tahap": "rencana"}
    assert scalar_defaults(_CALLABLE, {"nama"}) is None
    assert scalar_defaults(_CALLABLE, {"nama", "urutan"}) == {"aktif": True}


@pytest.mark.parametrize("table", [_CONSTANT, _CALLABLE])
def test_rows_and_columns_get_the_defaults_they_leave_out(session, table):
    insert_rows(session, _Model(table), [{"nama": "a"}, {"nama": "b"}])
    insert_columns(session, _Model(table), {"nama": ["c"]}, 1, {"aktif": False})
    found = [tuple(row) for row in session.execute(sa.select(table).order_by(table.c.id))]
    extra = (7,) if table is _CALLABLE else ()
    assert found == [(1, "a", True, *extra), (2, "b", True, *extra), (3, "c", False, *extra)]
