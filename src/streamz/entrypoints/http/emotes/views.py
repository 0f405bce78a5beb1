"""What the HTTP API takes and shows of chat emotes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import msgspec
from litestar.datastructures import UploadFile

from streamz.core.chat.emotes.entities import ShownEmote


@dataclass
class EmoteForm:
    """``multipart/form-data``: the code, the image file, and whether it is for subscribers."""

    code: Annotated[
        str,
        msgspec.Meta(
            min_length=1,
            max_length=100,
            description="2-25 ASCII letters or digits (`[A-Za-z0-9]{2,25}`), unique per "
            "channel ignoring case",
            examples=["Kappa", "PogChamp2"],
        ),
    ]
    image: UploadFile
    subscriber_only: Annotated[
        bool, msgspec.Meta(description="only the channel's subscribers may use it")
    ] = False


class EmoteOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    channel_id: uuid.UUID
    code: str
    image_url: str
    subscriber_only: bool
    width: int
    height: int
    content_type: str
    created_by: uuid.UUID | None
    created_at: datetime

    @classmethod
    def of(cls, shown: ShownEmote) -> EmoteOut:
        e = shown.emote
        return cls(
            id=e.id,
            channel_id=e.channel_id,
            code=e.code,
            image_url=shown.image_url,
            subscriber_only=e.subscriber_only,
            width=e.width,
            height=e.height,
            content_type=e.content_type,
            created_by=e.created_by,
            created_at=e.created_at,
        )


class EmoteList(msgspec.Struct, frozen=True):
    """Every emote of the chatroom, by code ignoring case (at most 200: one page)."""

    data: list[EmoteOut]

    @classmethod
    def of(cls, emotes: list[ShownEmote]) -> EmoteList:
        return cls([EmoteOut.of(e) for e in emotes])
