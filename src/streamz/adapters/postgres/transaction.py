from sqlalchemy.ext.asyncio import AsyncSession

from streamz.adapters.postgres.errors import constraint_errors


class PostgresTransaction:
    """Commits the request's session; a session closed without commit rolls back."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def commit(self) -> None:
        async with constraint_errors():
            await self._session.commit()
