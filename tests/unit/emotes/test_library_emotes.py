"""Internal tier: emotes through the library (the memory container), as the system."""

from __future__ import annotations

import pytest

from streamz.core.chat.emotes.create_emote import CreateEmote, CreateEmoteRequest
from streamz.core.chat.emotes.delete_emote import DeleteEmote, DeleteEmoteRequest
from streamz.core.chat.emotes.list_emotes import ListEmotes, ListEmotesRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.core.media.errors import MediaNotFound
from streamz.core.media.get_media import GetMedia, GetMediaRequest
from streamz.ports.emotes import EmoteRepository
from tests.unit.media.images import gif, pixels, png

# The composition root imports SQLAlchemy models, whose mixins warn at import time.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SYSTEM = Principal.system()


async def test_emotes_through_the_library() -> None:
    from streamz.library import Streamz

    async with Streamz.in_memory() as streamz:
        await streamz.call(
            RegisterAccount, RegisterAccountRequest(SYSTEM, "id-1", "alice", "a@example.com")
        )
        made = await streamz.call(
            CreateEmote, CreateEmoteRequest(SYSTEM, "alice", "Kappa", png(36))
        )
        await streamz.call(
            CreateEmote,
            CreateEmoteRequest(SYSTEM, "alice", "aaa", gif(36), subscriber_only=True),
        )
        listed = await streamz.call(ListEmotes, ListEmotesRequest(Principal.anonymous(), "alice"))
        stored = await streamz.call(GetMedia, GetMediaRequest(made.emote.image_key))
        async with streamz.container() as scope:  # what the messages context reads
            repository = await scope.get(EmoteRepository)
            for_chat = await repository.for_channel(made.emote.channel_id)
        await streamz.call(DeleteEmote, DeleteEmoteRequest(SYSTEM, "alice", made.emote.id))
        after = await streamz.call(ListEmotes, ListEmotesRequest(SYSTEM, "alice"))
        with pytest.raises(MediaNotFound):
            await streamz.call(GetMedia, GetMediaRequest(made.emote.image_key))
    assert [s.emote.code for s in listed] == ["aaa", "Kappa"]
    assert [e.code for e in for_chat] == ["aaa", "Kappa"]
    assert pixels(stored.data) == pixels(png(36))  # re-encoded: the same picture
    assert [(s.emote.code, s.emote.subscriber_only) for s in after] == [("aaa", True)]
