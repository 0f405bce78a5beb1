"""Arrangements for the chat message tests: acting as the system on the real servers."""

from __future__ import annotations

from typing import Any

from streamz.core.identity.entities import Principal
from streamz.library import Streamz, UseCase
from streamz.settings import Settings

PROBLEM = "https://streamz.dev/problems/"
SYSTEM = Principal.system()


async def as_system(settings: Settings, use_case: type[UseCase[Any, Any]], request: Any) -> Any:
    async with Streamz.from_settings(settings) as lib:
        return await lib.call(use_case, request)


def room(slug: str) -> str:
    return f"/channels/{slug}/chatroom"
