"""Use cases at REQUEST scope, grouped by context; each gets its ports injected."""

from __future__ import annotations

from dishka import Provider, Scope, provide_all

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


class UseCaseProvider(Provider):
    scope = Scope.REQUEST

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
    channels = provide_all(GetChannel, GetChannelPage)
    events = provide_all(RelayOutbox)
