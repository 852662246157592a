"""Persistence: SQLModel tables, engine, Alembic migrations, unit of work, queries."""
