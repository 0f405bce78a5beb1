import asyncpg


class PostgresHealth:
    name = "postgres"

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def check(self) -> None:
        await self._pool.fetchval("SELECT 1")
