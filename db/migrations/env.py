"""Alembic environment: runs on the connection handed over by ``db.migrate``."""

import pengadaan.db.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from alembic import context
from sqlmodel import SQLModel

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
