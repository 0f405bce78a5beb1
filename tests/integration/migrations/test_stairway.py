"""Every Alembic revision upgrades, downgrades and upgrades again on a fresh database."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import asyncpg
import pytest
from alembic.script import ScriptDirectory

from streamz.entrypoints import migrations
from streamz_dev.localservices import ServiceUrls


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrations.alembic_config("postgresql+asyncpg://x/y"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.fixture
def empty_database(services: ServiceUrls) -> Iterator[str]:
    base = services.database_url.replace("+asyncpg", "")
    name = f"stairway_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(base)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    yield services.database_url.rsplit("/", 1)[0] + "/" + name
    asyncio.run(admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.mark.parametrize("revision", _revisions())
def test_stairway(empty_database: str, revision: str) -> None:
    migrations.upgrade(empty_database, revision)
    assert migrations.current(empty_database) == revision
    migrations.downgrade(empty_database, "-1")
    migrations.upgrade(empty_database, revision)
    assert migrations.current(empty_database) == revision


def test_full_round_trip(empty_database: str) -> None:
    migrations.upgrade(empty_database, "head")
    migrations.downgrade(empty_database, "base")
    assert migrations.current(empty_database) is None
    migrations.upgrade(empty_database, "head")
    assert migrations.current(empty_database) == _revisions()[-1]


def test_models_match_migrations(empty_database: str) -> None:
    """Autogenerate finds nothing to do: the models and the migrations describe one schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy.ext.asyncio import create_async_engine

    from streamz.adapters.postgres.models import metadata

    migrations.upgrade(empty_database, "head")

    async def diff() -> list[object]:
        engine = create_async_engine(empty_database)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
                )
        finally:
            await engine.dispose()

    assert asyncio.run(diff()) == []
