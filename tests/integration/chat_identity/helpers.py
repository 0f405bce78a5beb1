"""Arrangements for the chat identity tests: paths, and what was written."""

from __future__ import annotations

import asyncpg

PROBLEM = "https://streamz.dev/problems/"
TIERS = ("/public/v1", "/private/v1", "/admin/v1")


def path(tier: str, user: str, channel: str = "alice") -> str:
    return f"{tier}/channels/{channel}/chatroom/users/{user}/identity"


async def written(db: asyncpg.Connection) -> tuple[int, int, int]:
    """Rows of chosen colours, audit entries, and ``chat.identity_updated`` events."""
    colours = await db.fetchval("SELECT count(*) FROM chat_identity_colours")
    audit = await db.fetchval("SELECT count(*) FROM channel_audit_log")
    events = await db.fetchval("SELECT count(*) FROM outbox WHERE topic = 'chat.identity_updated'")
    return int(colours), int(audit), int(events)


def kinds(body: dict[str, object]) -> list[object]:
    badges = body["badges"]
    assert isinstance(badges, list)
    return [b["kind"] for b in badges]
