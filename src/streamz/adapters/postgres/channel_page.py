"""The channel page in one round trip: the channel row with its owner, and jsonb aggregates of
panels, links, badges and role counts from their tables (each read through its index)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import asyncpg

from streamz.adapters.postgres.rows import columns, json_object, labelled, mapper, row_mapper
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.entities import Channel
from streamz.core.identity.entities import Account, Role
from streamz.ports.channel_page import ChannelPageData

PAGE_SQL = f"""
SELECT {columns(Channel, prefix="c.")}, {labelled(Account, prefix="a.", label="a_")},
       a.username,
       (SELECT coalesce(jsonb_agg({json_object(Panel, prefix="p.")}
               ORDER BY p.position, p.id), '[]'::jsonb)
          FROM channel_panels p WHERE p.channel_id = c.id) AS panels,
       (SELECT coalesce(jsonb_agg({json_object(SocialLink, prefix="l.")}
               ORDER BY l.position, l.id), '[]'::jsonb)
          FROM channel_social_links l WHERE l.channel_id = c.id) AS links,
       (SELECT coalesce(jsonb_agg({json_object(Badge, prefix="b.")}
               ORDER BY b.months), '[]'::jsonb)
          FROM channel_badges b WHERE b.channel_id = c.id) AS badges,
       (SELECT count(*) FROM channel_roles r
          WHERE r.channel_id = c.id AND r.role = 'moderator') AS moderators,
       (SELECT count(*) FROM channel_roles r WHERE r.channel_id = c.id AND r.role = 'vip') AS vips,
       (SELECT count(*) FROM channel_roles r WHERE r.channel_id = c.id AND r.role = 'og') AS ogs
FROM channels c JOIN accounts a ON a.id = c.account_id
"""  # noqa: S608 - fixed names
# (a.username unlabelled: bench/_baseline_page_app.py reads the page row as it is)
BY_ID = PAGE_SQL + "WHERE c.id = $1"
BY_SLUG = PAGE_SQL + "WHERE c.slug = $1"

# jsonb has no uuid or timestamp: the aggregated rows carry them as text
_FROM_JSON: dict[str, Callable[[Any], Any]] = {
    "id": uuid.UUID,
    "channel_id": uuid.UUID,
    "created_at": datetime.fromisoformat,
    "updated_at": datetime.fromisoformat,
}
_channel = mapper(Channel)
_owner = row_mapper(Account, label="a_", convert={"role": Role})
_panel = row_mapper(Panel, convert=_FROM_JSON)
_link = row_mapper(SocialLink, convert=_FROM_JSON)
_badge = row_mapper(Badge, convert=_FROM_JSON)


def page_of(row: asyncpg.Record) -> ChannelPageData:
    return ChannelPageData(
        _channel(row),
        _owner(row),
        [_panel(p) for p in row["panels"]],
        [_link(link) for link in row["links"]],
        [_badge(b) for b in row["badges"]],
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
