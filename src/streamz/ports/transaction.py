from typing import Protocol


class TransactionManager(Protocol):
    """Makes everything the repositories of one unit of work wrote durable, or nothing.

    ``commit`` translates constraint violations into core errors. Leaving without a commit
    rolls back.
    """

    async def commit(self) -> None: ...
