"""Real PostgreSQL, Redis and Typesense for the whole session; one app per settings, shared by
the tests; tables and Redis emptied before each test that asks."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
import structlog
from litestar import Litestar
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from redis.exceptions import RedisError

from streamz.adapters.postgres.outbox import wait_fast_path
from streamz.container import make_container
from streamz.entrypoints import migrations
from streamz.entrypoints.http.app import create_app
from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from streamz.entrypoints.logging import configure_logging
from streamz.settings import (
    AuthSettings,
    DatabaseSettings,
    HttpSettings,
    LogSettings,
    RedisSettings,
    SearchSettings,
    Settings,
)
from streamz_dev.localservices import LocalServices, ServiceUrls
from tests.fakes.ory import FakeOry

ORY_KEY = "test-ory-webhook-key"
EMPTY_LOCK_TIMEOUT = 20  # seconds
Client = AsyncTestClient[Litestar]


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(dir="/tmp", prefix="streamz-test-"))
    root.chmod(0o755)  # PostgreSQL runs as an unprivileged user and must reach its data dir
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def services(workdir: Path) -> Iterator[ServiceUrls]:
    local = LocalServices(workdir / "services", ephemeral=True, fixed_ports=False)
    try:
        urls = local.start()
        migrations.upgrade(urls.database_url)
        yield urls
    finally:
        local.stop()


@pytest.fixture(scope="session")
def ory(workdir: Path) -> Iterator[FakeOry]:
    fake = FakeOry(workdir).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def settings(workdir: Path, services: ServiceUrls, ory: FakeOry) -> Settings:
    return Settings(
        data_dir=workdir / "data",
        http=HttpSettings(max_body_bytes=64 * 1024),
        database=DatabaseSettings(url=services.database_url, pool_size=5),
        redis=RedisSettings(url=services.redis_url),
        search=SearchSettings(url=services.typesense_url, api_key=services.typesense_api_key),
        auth=AuthSettings(
            jwks_url=ory.jwks_url,
            jwt_issuer=ory.url,
            jwt_audience="streamz",
            ory_webhook_key=ORY_KEY,
        ),
        log=LogSettings(json=True),
    )


def dsn(settings: Settings) -> str:
    assert settings.database.url is not None
    return settings.database.url.replace("+asyncpg", "")


class _Cleaner:
    """Empties the tables and Redis of a test's servers, once before each test.

    Keeps one PostgreSQL connection and one Redis client per server for the session (a
    server a test restarted is reconnected to). The tables are every table but Alembic's, so
    tables later migrations add are emptied too; they are read once per server. One
    ``DELETE`` per table in one transaction with triggers (foreign keys included) off: on tables
    of a few rows that is some milliseconds, where a ``TRUNCATE`` of them all takes ~100 ms.

    Bounded: a connection some test left in a transaction would block the deletes forever;
    after ``EMPTY_LOCK_TIMEOUT`` it fails, naming what holds the locks."""

    def __init__(self) -> None:
        self._connections: dict[str, asyncpg.Connection] = {}
        self._statements: dict[str, str] = {}
        self._redis: dict[str, Redis] = {}

    async def empty(self, settings: Settings) -> None:
        try:
            await self._empty_tables(dsn(settings))
        except (OSError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError):
            await self._forget_connection(dsn(settings))  # its server was restarted: once more
            await self._empty_tables(dsn(settings))
        url = settings.redis.url or ""
        try:
            await self._flush(url)
        except (OSError, RedisError):
            await self._forget_redis(url)
            await self._flush(url)

    async def _connection(self, url: str) -> asyncpg.Connection:
        connection = self._connections.get(url)
        if connection is None or connection.is_closed():
            connection = await asyncpg.connect(url, timeout=10)
            await connection.execute(f"SET lock_timeout = '{EMPTY_LOCK_TIMEOUT}s'")
            self._connections[url] = connection
        return connection

    async def _empty_tables(self, url: str) -> None:
        connection = await self._connection(url)
        statement = self._statements.get(url)
        if statement is None:
            names = await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'alembic_version' ORDER BY tablename"
            )
            deletes = "".join(f'DELETE FROM "{row["tablename"]}"; ' for row in names)  # noqa: S608
            statement = self._statements[url] = (
                f"BEGIN; SET LOCAL session_replication_role = replica; {deletes}COMMIT"
            )
        try:
            for attempt in range(3):
                try:
                    await connection.execute(statement)
                    break
                except asyncpg.DeadlockDetectedError:
                    # servers a test left running (two workers beside the deployment tests)
                    # write while the deletes run table by table: PostgreSQL cancels one side
                    if attempt == 2:
                        raise
                    await connection.execute("ROLLBACK")  # the failed BEGIN…COMMIT is still open
        except asyncpg.LockNotAvailableError:
            await self._forget_connection(url)
            holders = await self._holders(url)
            raise AssertionError(
                f"emptying the tables waited {EMPTY_LOCK_TIMEOUT} s for locks; open"
                f" transactions: {holders}"
            ) from None
        except BaseException:
            await self._forget_connection(url)  # never reuse one left inside a transaction
            raise

    async def _holders(self, url: str) -> list[dict[str, object]]:
        connection = await asyncpg.connect(url, timeout=10)
        try:
            rows = await connection.fetch(
                "SELECT pid, state, now() - xact_start AS open_for, left(query, 200) AS query"
                " FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            )
            return [dict(row) for row in rows]
        finally:
            await connection.close(timeout=5)

    async def _flush(self, url: str) -> None:
        redis = self._redis.get(url)
        if redis is None:
            redis = Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
            self._redis[url] = redis
        await redis.flushdb()

    async def _forget_connection(self, url: str) -> None:
        self._statements.pop(url, None)
        connection = self._connections.pop(url, None)
        if connection is not None:
            connection.terminate()

    async def _forget_redis(self, url: str) -> None:
        redis = self._redis.pop(url, None)
        if redis is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(redis.aclose(), 5)

    async def close(self) -> None:
        for url in list(self._connections):
            connection = self._connections.pop(url)
            with contextlib.suppress(Exception):
                await connection.close(timeout=5)
        for url in list(self._redis):
            await self._forget_redis(url)


@pytest.fixture(scope="session")
async def cleaner() -> AsyncIterator[_Cleaner]:
    emptier = _Cleaner()
    yield emptier
    await emptier.close()


@pytest.fixture
async def clean(settings: Settings, cleaner: _Cleaner) -> None:
    """Empty tables and Redis before the test (requested by ``client`` and ``db``); each test
    that needs a clean state asks for it, so what a test leaves behind is not emptied after."""
    await cleaner.empty(settings)


@pytest.fixture
async def db(settings: Settings, clean: None) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(dsn(settings))
    yield connection
    await connection.close(timeout=5)


class _Apps:
    """One app (container, pools, test client) per ``Settings`` object for the session: building
    one costs ~0.3 s and ~9 MB that its lifespan's ``gc.freeze`` keeps for good. Tests see the
    same app; ``clean`` empties its servers before each test, and each test's cookies go."""

    def __init__(self) -> None:
        self._open: dict[int, tuple[Settings, Client]] = {}  # holds each Settings: ids stay

    async def client(self, settings: Settings) -> Client:
        entry = self._open.get(id(settings))
        if entry is None:
            app = create_app(settings, make_container(settings))
            client = AsyncTestClient(app, base_url="http://127.0.0.1")
            await client.__aenter__()
            entry = self._open[id(settings)] = (settings, client)
        return entry[1]

    async def close(self) -> None:
        while self._open:
            _, (_, client) = self._open.popitem()
            await client.__aexit__(None, None, None)  # the container's close is bounded


@pytest.fixture(scope="session")
async def apps() -> AsyncIterator[_Apps]:
    opened = _Apps()
    yield opened
    await opened.close()


@contextlib.asynccontextmanager
async def own_client(settings: Settings) -> AsyncIterator[Client]:
    """A test client on an app of its own (for tests whose app state must not be shared)."""
    app = create_app(settings, make_container(settings))
    async with AsyncTestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
async def client(settings: Settings, clean: None, apps: _Apps) -> AsyncIterator[Client]:
    test_client = await apps.client(settings)
    test_client.cookies.clear()
    yield test_client
    # publishes a request started after its commit: done before the next test's clean
    test_client.blocking_portal.call(wait_fast_path)


@contextmanager
def streamz_env(settings: Settings, data_dir: Path) -> Iterator[dict[str, str]]:
    """The STREAMZ_* variables that point `streamzctl` at the test servers, restored after."""
    values = {
        "STREAMZ_DATABASE_URL": settings.database.url or "",
        "STREAMZ_REDIS_URL": settings.redis.url or "",
        "STREAMZ_TYPESENSE_URL": settings.search.url or "",
        "STREAMZ_TYPESENSE_API_KEY": settings.search.api_key or "",
        "STREAMZ_DATA_DIR": str(data_dir),
    }
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield values
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def cli_env(settings: Settings, tmp_path: Path, db: asyncpg.Connection) -> Iterator[Path]:
    """`streamzctl` pointed at the test servers (tables emptied); yields its data dir."""
    with streamz_env(settings, tmp_path):
        yield tmp_path


@dataclass(frozen=True)
class User:
    identity_id: str
    account_id: str
    username: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def register(
    client: Client,
    ory: FakeOry,
    username: str,
    *,
    email: str | None = None,
) -> User:
    identity_id = str(uuid.uuid4())
    response = await client.post(
        "/internal/webhooks/ory/registration",
        json={
            "identity": {
                "id": identity_id,
                "schema_id": "default",
                "traits": {"username": username, "email": email or f"{username}@example.com"},
            }
        },
        headers={ORY_KEY_HEADER: ORY_KEY},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return User(identity_id, body["account_id"], username.lower(), ory.session_token(identity_id))


async def make_staff(db: asyncpg.Connection, user: User) -> None:
    await db.execute("UPDATE accounts SET role = 'staff' WHERE id = $1", uuid.UUID(user.account_id))


async def count(db: asyncpg.Connection, table: str) -> int:
    value = await db.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608 - test helper
    assert isinstance(value, int)
    return value


async def api_token(client: Client, user: User, *scopes: str) -> dict[str, str]:
    """Headers carrying a new Public API token of ``user`` with ``scopes``."""
    response = await client.post(
        "/private/v1/me/tokens", json={"name": "bot", "scopes": list(scopes)}, headers=user.auth
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['secret']}"}


async def make_moderator(
    db: asyncpg.Connection, owner: User, moderator: User, permissions: list[str]
) -> None:
    """Make ``moderator`` a moderator of ``owner``'s channel with ``permissions``."""
    await db.execute(
        "INSERT INTO channel_roles (id, channel_id, account_id, role, permissions, created_at)"
        " SELECT $1, c.id, $2, 'moderator', $3, now() FROM channels c WHERE c.account_id = $4",
        uuid.uuid4(),
        uuid.UUID(moderator.account_id),
        permissions,
        uuid.UUID(owner.account_id),
    )


@contextmanager
def captured_log(*, json: bool) -> Iterator[io.StringIO]:
    """The app's logging configured afresh (JSON lines or key=value), written to a buffer;
    whatever earlier tests configured does not matter. Reset afterwards."""
    configure_logging("INFO", json=json)
    [handler] = logging.getLogger().handlers
    assert isinstance(handler, logging.StreamHandler)
    written = io.StringIO()
    handler.setStream(written)
    try:
        yield written
    finally:
        logging.getLogger().handlers[:] = []
        structlog.reset_defaults()
