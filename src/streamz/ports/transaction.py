from typing import Protocol


class TransactionManager(Protocol):
    """Makes everything the repositories of one unit of work wrote durable, or nothing.

    ``commit`` translates constraint violations into core errors. Leaving without a commit
    rolls back.
    """

    async def commit(self) -> None: ...

    async def rollback(self) -> None:
        """Undo what the unit wrote since its last commit and drop its connection (a failed one
        included); the unit can be used again, on a fresh connection: retry a write after it."""
        ...
