"""The channel page in one round trip: the channel row with its owner, and jsonb aggregates of
panels, links, badges and role counts from their tables (each read through its index)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.entities import Channel
from streamz.core.identity.entities import Account, Role
from streamz.ports.channel_page import ChannelPageData

PAGE_SQL = """
SELECT c.id, c.account_id, c.slug, c.display_name, c.bio, c.is_live, c.followers_count,
       c.created_at, c.updated_at,
       a.identity_id, a.username, a.email, a.role,
       a.created_at AS a_created_at, a.updated_at AS a_updated_at,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                 'id', p.id, 'title', p.title, 'body', p.body, 'image_url', p.image_url,
                 'link_url', p.link_url, 'position', p.position,
                 'created_at', p.created_at, 'updated_at', p.updated_at)
               ORDER BY p.position, p.id), '[]'::jsonb)
          FROM channel_panels p WHERE p.channel_id = c.id) AS panels,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                 'id', l.id, 'url', l.url, 'label', l.label, 'position', l.position,
                 'created_at', l.created_at, 'updated_at', l.updated_at)
               ORDER BY l.position, l.id), '[]'::jsonb)
          FROM channel_social_links l WHERE l.channel_id = c.id) AS links,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                 'id', b.id, 'months', b.months, 'image_key', b.image_key,
                 'content_type', b.content_type, 'width', b.width, 'height', b.height,
                 'created_at', b.created_at)
               ORDER BY b.months), '[]'::jsonb)
          FROM channel_badges b WHERE b.channel_id = c.id) AS badges,
       (SELECT count(*) FROM channel_roles r
          WHERE r.channel_id = c.id AND r.role = 'moderator') AS moderators,
       (SELECT count(*) FROM channel_roles r WHERE r.channel_id = c.id AND r.role = 'vip') AS vips,
       (SELECT count(*) FROM channel_roles r WHERE r.channel_id = c.id AND r.role = 'og') AS ogs
FROM channels c JOIN accounts a ON a.id = c.account_id
"""
BY_ID = PAGE_SQL + "WHERE c.id = $1"
BY_SLUG = PAGE_SQL + "WHERE c.slug = $1"


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _panel(row: dict[str, Any], channel_id: uuid.UUID) -> Panel:
    return Panel(
        uuid.UUID(row["id"]),
        channel_id,
        row["title"],
        row["body"],
        row["image_url"],
        row["link_url"],
        row["position"],
        _time(row["created_at"]),
        _time(row["updated_at"]),
    )


def _link(row: dict[str, Any], channel_id: uuid.UUID) -> SocialLink:
    return SocialLink(
        uuid.UUID(row["id"]),
        channel_id,
        row["url"],
        row["label"],
        row["position"],
        _time(row["created_at"]),
        _time(row["updated_at"]),
    )


def _badge(row: dict[str, Any], channel_id: uuid.UUID) -> Badge:
    return Badge(
        uuid.UUID(row["id"]),
        channel_id,
        row["months"],
        row["image_key"],
        row["content_type"],
        row["width"],
        row["height"],
        _time(row["created_at"]),
    )


def page_of(row: asyncpg.Record) -> ChannelPageData:
    channel = Channel(
        row["id"],
        row["account_id"],
        row["slug"],
        row["display_name"],
        row["bio"],
        row["is_live"],
        row["followers_count"],
        row["created_at"],
        row["updated_at"],
    )
    owner = Account(
        row["account_id"],
        row["identity_id"],
        row["username"],
        row["email"],
        Role(row["role"]),
        row["a_created_at"],
        row["a_updated_at"],
    )
    return ChannelPageData(
        channel,
        owner,
        [_panel(p, channel.id) for p in row["panels"]],
        [_link(link, channel.id) for link in row["links"]],
        [_badge(b, channel.id) for b in row["badges"]],
        row["moderators"],
        row["vips"],
        row["ogs"],
    )


class PostgresChannelPages:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def page(
        self, *, channel_id: uuid.UUID | None, slug: str | None
    ) -> ChannelPageData | None:
        if channel_id is not None:
            row = await self._unit.fetchrow(BY_ID, channel_id)
        else:
            row = await self._unit.fetchrow(BY_SLUG, slug)
        return page_of(row) if row else None
