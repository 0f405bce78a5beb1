"""The library entrypoint: integrators call use cases without HTTP, in memory or on Postgres."""

from __future__ import annotations

import asyncpg
import pytest

from streamz.core.channels.get_channel import GetChannel, GetChannelRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.errors import UsernameTaken
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.library import Streamz
from streamz.settings import Settings
from tests.integration.conftest import count


async def test_library_in_memory() -> None:
    async with Streamz.in_memory() as streamz:
        registration = await streamz.call(
            RegisterAccount,
            RegisterAccountRequest(Principal.system(), "id-1", "alice", "a@example.com"),
        )
        profile = await streamz.call(GetChannel, GetChannelRequest(Principal.anonymous(), "alice"))
    assert registration.created
    assert profile.channel.id == registration.channel.id
    assert profile.owner.username == "alice"


async def test_library_on_postgres(settings: Settings, db: asyncpg.Connection) -> None:
    async with Streamz.from_settings(settings) as streamz:
        await streamz.call(
            RegisterAccount,
            RegisterAccountRequest(Principal.system(), "id-2", "bob", "b@example.com"),
        )
        with pytest.raises(UsernameTaken):
            await streamz.call(
                RegisterAccount,
                RegisterAccountRequest(Principal.system(), "id-3", "BOB", "c@example.com"),
            )
        profile = await streamz.call(GetChannel, GetChannelRequest(Principal.anonymous(), "bob"))
    assert profile.owner.email == "b@example.com"
    assert await count(db, "accounts") == 1
