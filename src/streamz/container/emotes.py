"""Bindings of chat emotes (the object store comes from the media context)."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.emotes import MemoryEmotes
from streamz.adapters.postgres.emotes import PostgresEmotes
from streamz.core.chat.emotes.create_emote import CreateEmote
from streamz.core.chat.emotes.delete_emote import DeleteEmote
from streamz.core.chat.emotes.list_emotes import ListEmotes
from streamz.ports.emotes import EmoteRepository


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    emotes = provide(PostgresEmotes, provides=EmoteRepository)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    emotes = provide(MemoryEmotes, provides=EmoteRepository)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    emotes = provide_all(ListEmotes, CreateEmote, DeleteEmote)
