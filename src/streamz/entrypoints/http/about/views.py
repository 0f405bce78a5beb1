"""What the HTTP API takes and shows of panels and social links."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.about.platforms import Platform
from streamz.core.channels.about.rules import MAX_BODY, MAX_LABEL, MAX_TITLE, MAX_URL

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TITLE)]
Body = Annotated[str, msgspec.Meta(max_length=MAX_BODY, description="markdown")]
Url = Annotated[
    str, msgspec.Meta(min_length=1, max_length=MAX_URL, description="absolute http(s) URL")
]
Label = Annotated[str, msgspec.Meta(max_length=MAX_LABEL)]
Ids = Annotated[
    list[uuid.UUID],
    msgspec.Meta(max_length=100, description="every id of the channel's list, in the new order"),
]
Unset = msgspec.UnsetType
UNSET = msgspec.UNSET


class PanelOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    channel_id: uuid.UUID
    title: str
    body: str
    image_url: str | None
    link_url: str | None
    position: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: Panel) -> PanelOut:
        return cls(
            p.id,
            p.channel_id,
            p.title,
            p.body,
            p.image_url,
            p.link_url,
            p.position,
            p.created_at,
            p.updated_at,
        )


class PanelList(msgspec.Struct, frozen=True):
    data: list[PanelOut]

    @classmethod
    def of(cls, panels: list[Panel]) -> PanelList:
        return cls([PanelOut.of(p) for p in panels])


class CreatePanelIn(msgspec.Struct, frozen=True):
    title: Title
    body: Body = ""
    image_url: Url | None = None
    link_url: Url | None = None


class UpdatePanelIn(msgspec.Struct, frozen=True):
    """Only the fields sent change; ``null`` removes an image or link URL."""

    title: Title | Unset = UNSET
    body: Body | Unset = UNSET
    image_url: Url | Unset | None = UNSET
    link_url: Url | Unset | None = UNSET


class SocialLinkOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    channel_id: uuid.UUID
    url: str
    label: str | None
    platform: Platform
    position: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, x: SocialLink) -> SocialLinkOut:
        return cls(
            x.id,
            x.channel_id,
            x.url,
            x.label,
            x.platform,
            x.position,
            x.created_at,
            x.updated_at,
        )


class SocialLinkList(msgspec.Struct, frozen=True):
    data: list[SocialLinkOut]

    @classmethod
    def of(cls, links: list[SocialLink]) -> SocialLinkList:
        return cls([SocialLinkOut.of(x) for x in links])


class CreateLinkIn(msgspec.Struct, frozen=True):
    url: Url
    label: Label | None = None


class UpdateLinkIn(msgspec.Struct, frozen=True):
    """Only the fields sent change; ``null`` removes the label."""

    url: Url | Unset = UNSET
    label: Label | Unset | None = UNSET


class OrderIn(msgspec.Struct, frozen=True):
    ids: Ids
