"""Use cases at REQUEST scope, grouped by context; each gets its ports injected."""

from __future__ import annotations

from dishka import Provider, Scope, collect, provide, provide_all

from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.get_channel import GetChannel
from streamz.core.channels.get_channel_page import GetChannelPage
from streamz.core.events.relay_outbox import RelayOutbox
from streamz.core.identity.authenticate import Authenticate
from streamz.core.identity.change_email import ChangeEmail
from streamz.core.identity.create_api_token import CreateApiToken
from streamz.core.identity.get_account import GetAccount
from streamz.core.identity.list_api_tokens import ListApiTokens
from streamz.core.identity.record_password_change import RecordPasswordChange
from streamz.core.identity.register_account import RegisterAccount
from streamz.core.identity.revoke_api_token import RevokeApiToken
from streamz.core.identity.set_role import SetRole
from streamz.core.shared.unit_of_work import OutboxUnitOfWork
from streamz.ports.outbox import Outbox
from streamz.ports.transaction import TransactionManager
from streamz.ports.unit_of_work import EventHandler, UnitOfWork


class UseCaseProvider(Provider):
    scope = Scope.REQUEST

    # built once: handlers are APP-scoped (a cache, a publisher), the list need not be per request
    handlers = collect(EventHandler, scope=Scope.APP)

    @provide
    def unit_of_work(
        self, tx: TransactionManager, outbox: Outbox, handlers: list[EventHandler]
    ) -> UnitOfWork:
        """Use cases commit through it: their events reach the outbox with the change, then
        the handlers every context registers (``provide(..., provides=EventHandler)``)."""
        return OutboxUnitOfWork(tx, outbox, handlers)

    identity = provide_all(
        Authenticate,
        RegisterAccount,
        ChangeEmail,
        RecordPasswordChange,
        GetAccount,
        SetRole,
        CreateApiToken,
        ListApiTokens,
        RevokeApiToken,
    )
    changes = provide(ChannelChanges)
    channels = provide_all(GetChannel, GetChannelPage)
    events = provide_all(RelayOutbox)
