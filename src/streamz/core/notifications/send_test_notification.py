"""Staff: a test push and email to one account, through the whole pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.errors import NotFound
from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import Audience, Kind, Notification
from streamz.core.shared.ids import new_id
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.notifications import NotificationJobs, NotificationStore
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SendTestRequest:
    actor: Principal
    username: str


@dataclass(frozen=True, slots=True)
class SendTestNotification:
    """A test push (every device) and email to one account, through the whole pipeline
    (staff or system)."""

    accounts: AccountRepository
    store: NotificationStore
    jobs: NotificationJobs
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: SendTestRequest) -> Notification:
        request.actor.require_staff()
        account = await self.accounts.by_username(request.username.strip().lower())
        if account is None:
            raise NotFound(f"no account {request.username!r}")
        now = self.clock.now()
        notification = Notification(
            new_id(), new_id(), Kind.TEST, Audience.ACCOUNTS, None, (account.id,),
            {"username": account.username}, now,
        )  # fmt: skip
        await self.store.create(notification)
        await self.uow.commit()
        await self.jobs.expand(notification.id, None)
        return notification
