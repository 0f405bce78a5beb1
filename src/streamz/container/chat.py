"""Bindings of the chat part of the chat issue: chatrooms, their settings and rules."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.chat import MemoryChatroomSettings
from streamz.adapters.postgres.chat import PostgresChatroomSettings
from streamz.core.chat.clear_rules import ClearChatRules
from streamz.core.chat.find_chatroom import FindChatroom
from streamz.core.chat.get_chatroom import GetChatroom
from streamz.core.chat.update_rules import UpdateChatRules
from streamz.core.chat.update_settings import UpdateChatSettings
from streamz.core.chat.writes import ChatWrites
from streamz.ports.chat_settings import ChatroomSettingsRepository


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    settings = provide(PostgresChatroomSettings, provides=ChatroomSettingsRepository)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    settings = provide(MemoryChatroomSettings, provides=ChatroomSettingsRepository)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    writes = provide(ChatWrites)
    use_cases = provide_all(
        GetChatroom, FindChatroom, UpdateChatSettings, UpdateChatRules, ClearChatRules
    )
