"""One request's work on PostgreSQL over a raw asyncpg pool.

The connection is taken from the pool on first use. Reads run without a transaction (no
BEGIN/ROLLBACK round trips for a read-only request); the first write starts one, ``commit``
ends it, and closing without a commit rolls it back. Unique and foreign-key violations become
core errors by constraint name; the server down, restarting, refusing or unreachable is
``Unavailable`` (and closing a unit whose connection the server dropped is quiet).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeAlias

import asyncpg
import structlog
from asyncpg.pool import PoolConnectionProxy
from asyncpg.transaction import Transaction

from streamz.core.errors import Conflict, Invalid, StreamzError, Unavailable
from streamz.core.identity.errors import UsernameTaken

log = structlog.get_logger("streamz.postgres")

Connection: TypeAlias = "PoolConnectionProxy[asyncpg.Record]"

CONSTRAINT_ERRORS: dict[str, type[StreamzError]] = {
    "uq_accounts_username": UsernameTaken,
    "uq_channels_slug": UsernameTaken,
}


# what PostgreSQL down, restarting, refusing connections or unreachable raises: refused, reset
# or timed-out sockets, a connection the server closed, "the database system is starting up",
# "terminating connection due to administrator command", too many connections
UNREACHABLE: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
)


# a connection left mid-operation (a query cut short by a dying server or a cancellation): it
# must not serve again
BROKEN: tuple[type[BaseException], ...] = (
    *UNREACHABLE,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
)


def register_constraint(name: str, error: type[StreamzError]) -> None:
    """Contexts name their own constraints' errors (e.g. ``uq_follows`` → ``AlreadyFollowing``)."""
    CONSTRAINT_ERRORS[name] = error


def translate(error: asyncpg.IntegrityConstraintViolationError) -> StreamzError:
    name = getattr(error, "constraint_name", None) or ""
    kind = CONSTRAINT_ERRORS.get(name, Conflict)
    return kind(f"conflicts with existing data ({name or 'constraint'})")


async def init_connection(connection: asyncpg.Connection[asyncpg.Record]) -> None:
    await connection.set_type_codec(
        "jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
    )


async def reset_connection(connection: asyncpg.Connection[asyncpg.Record]) -> None:
    """What the pool does when a connection comes back. Our SQL never changes session state
    (no SET, LISTEN or advisory locks) and every unit ends its transaction, so the default
    reset (a RESET ALL/UNLISTEN round trip per request) is replaced by a stray-transaction check.
    """
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


async def create_pool(dsn: str, size: int) -> asyncpg.Pool[asyncpg.Record]:
    return await asyncpg.create_pool(
        dsn.replace("postgresql+asyncpg://", "postgresql://"),
        min_size=1,
        max_size=size,
        init=init_connection,
        reset=reset_connection,
        command_timeout=30,
    )


class PostgresUnit:
    def __init__(self, pool: asyncpg.Pool[asyncpg.Record]) -> None:
        self._pool = pool
        self._connection: Connection | None = None
        self._transaction: Transaction | None = None
        self._after_commit: list[Callable[[], Awaitable[None]]] = []
        self._before_commit: list[Callable[[], Awaitable[None]]] = []
        self._broken = False  # a statement failed mid-operation: drop the connection

    def before_commit(self, hook: Callable[[], Awaitable[None]]) -> None:
        """Run ``hook`` inside the transaction just before it commits, only if the unit wrote
        something (a last write that must share the transaction, such as an idempotency key).
        A failing hook fails the commit: nothing is committed."""
        self._before_commit.append(hook)

    def after_commit(self, hook: Callable[[], Awaitable[None]]) -> None:
        """Run ``hook`` once the transaction commits (never if it rolls back). A failing hook is
        logged, not raised: the commit already happened."""
        self._after_commit.append(hook)

    async def _acquire(self) -> Connection:
        if self._connection is None:
            self._connection = await self._pool.acquire()
        return self._connection

    async def _writing(self) -> Connection:
        connection = await self._acquire()
        if self._transaction is None:
            self._transaction = connection.transaction()
            await self._transaction.start()
        return connection

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        async with self._guard():
            return await (await self._acquire()).fetch(sql, *args)

    async def fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        async with self._guard():
            return await (await self._acquire()).fetchrow(sql, *args)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        async with self._guard():
            return await (await self._acquire()).fetchval(sql, *args)

    async def execute(self, sql: str, *args: Any) -> str:
        """A write: runs in the unit's transaction."""
        async with self._guard():
            return await (await self._writing()).execute(sql, *args)

    async def executemany(self, sql: str, args: Sequence[Sequence[Any]]) -> None:
        async with self._guard():
            await (await self._writing()).executemany(sql, args)

    async def fetch_for_write(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        """A read that locks or writes (``FOR UPDATE``, ``RETURNING``): in the transaction."""
        async with self._guard():
            return await (await self._writing()).fetch(sql, *args)

    async def commit(self) -> None:
        before, self._before_commit = self._before_commit, []
        if self._transaction is not None:
            for last_write in before:
                await last_write()
            transaction, self._transaction = self._transaction, None
            async with self._guard():
                await transaction.commit()
        hooks, self._after_commit = self._after_commit, []
        for hook in hooks:
            try:
                await hook()
            except Exception as error:
                log.warning("after-commit hook failed", error=repr(error))

    async def rollback(self) -> None:
        """Undo what the unit wrote since its last commit and give its connection back (a
        broken one is dropped by the pool); the next use takes a fresh connection."""
        await self.close()

    async def close(self) -> None:
        self._after_commit.clear()
        self._before_commit.clear()
        try:
            if self._transaction is not None:
                transaction, self._transaction = self._transaction, None
                try:
                    await transaction.rollback()
                except BROKEN:  # the server dropped it, taking its transaction with it
                    self._broken = True
        finally:
            if self._connection is not None:
                connection, self._connection = self._connection, None
                broken, self._broken = self._broken, False
                # never hand a connection in an unknown state back for reuse; the pool replaces
                # a closed one and terminates one it cannot reset (the proxy may be released
                # already when the server dropped it)
                with contextlib.suppress(*BROKEN):
                    if broken:
                        connection.terminate()
                    await self._pool.release(connection)

    @asynccontextmanager
    async def _guard(self) -> AsyncIterator[None]:
        """Errors of a statement in the core's terms; a connection that failed mid-operation is
        marked so ``close`` drops it."""
        try:
            async with _constraints():
                yield
        except Unavailable:
            self._broken = True
            raise


@asynccontextmanager
async def _constraints() -> AsyncIterator[None]:
    try:
        yield
    except asyncpg.IntegrityConstraintViolationError as error:
        raise translate(error) from error
    except BROKEN as error:
        raise Unavailable(f"the database is unreachable ({type(error).__name__})") from error
    except _UNSTORABLE as error:
        raise Invalid("the input holds characters that cannot be stored") from error


# NUL bytes and lone surrogates: rejected by PostgreSQL or by UTF-8 encoding
_UNSTORABLE = (
    UnicodeEncodeError,
    asyncpg.CharacterNotInRepertoireError,
    asyncpg.UntranslatableCharacterError,
)
