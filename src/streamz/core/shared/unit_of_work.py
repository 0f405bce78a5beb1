"""The unit of work every use case commits through: recorded events reach the outbox in the
transaction of the change, and in-process handlers see them only once it is committed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from streamz.core.shared.events import Event
from streamz.ports.outbox import Outbox
from streamz.ports.transaction import TransactionManager
from streamz.ports.unit_of_work import EventHandler


@dataclass(frozen=True, slots=True)
class OutboxUnitOfWork:
    """``UnitOfWork`` over a transaction and its outbox.

    - ``record`` keeps events; ``commit`` adds them to the outbox (in the order recorded), then
      commits the transaction: the change and its events are durable together or not at all.
    - After the commit, each event goes to every handler whose ``topics`` name it, in
      registration order. A failing handler does not stop the others; the first failure is
      raised once all ran (the change is committed by then).
    - ``rollback`` drops the recorded events with the writes.
    """

    tx: TransactionManager
    outbox: Outbox
    handlers: Sequence[EventHandler] = ()
    recorded: list[Event] = field(default_factory=list)

    def record(self, event: Event) -> None:
        self.recorded.append(event)

    async def commit(self) -> None:
        events = list(self.recorded)
        for event in events:
            await self.outbox.add(event)
        await self.tx.commit()
        del self.recorded[: len(events)]
        await self._handle(events)

    async def rollback(self) -> None:
        self.recorded.clear()
        await self.tx.rollback()

    async def _handle(self, events: list[Event]) -> None:
        failure: Exception | None = None
        for event in events:
            for handler in self.handlers:
                if event.topic not in handler.topics:
                    continue
                try:
                    await handler(event)
                except Exception as error:  # the others still run
                    failure = failure or error
        if failure is not None:
            raise failure
