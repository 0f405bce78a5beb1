from typing import ClassVar, Protocol

from streamz.core.shared.events import Event


class UnitOfWork(Protocol):
    """One business transaction: what the repositories wrote and the events a use case recorded.

    ``commit`` writes the recorded events to the outbox in the transaction of the change, makes
    both durable together, then runs the in-process handlers registered for those events (cache
    invalidation, the realtime fast path). Durable reactions (search, notifications) are outbox
    consumers in the worker. Leaving without a commit rolls back and drops the events.
    """

    def record(self, event: Event) -> None:
        """Keep ``event`` for the outbox; it is written at ``commit``, never if the unit rolls
        back."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None:
        """Undo the writes and drop the recorded events; the unit can be used again."""
        ...


class EventHandler(Protocol):
    """An in-process reaction to committed events of the ``topics`` it names.

    It runs after the commit, in the process that committed, so it must be cheap and must not
    be the only way a reaction happens when losing it matters (that is an outbox consumer's
    job). A context registers its handlers in its container module.
    """

    topics: ClassVar[frozenset[str]]

    async def __call__(self, event: Event) -> None: ...
