"""What the HTTP API takes and shows of chat identities."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec

from streamz.core.chat.chat_identity.entities import ChatBadge, ChatIdentity

Colour = Annotated[
    str,
    msgspec.Meta(
        max_length=64,
        description="`#RRGGBB` (hex digits, any case; stored upper-case)",
        examples=["#1E90FF"],
    ),
]


class ChatBadgeOut(msgspec.Struct, frozen=True):
    kind: str  # staff, owner, moderator, vip, og, subscriber
    months: int | None  # subscriber badges: the threshold shown
    image_url: str | None  # subscriber badges: the channel's image for it, if it has one

    @classmethod
    def of(cls, b: ChatBadge) -> ChatBadgeOut:
        return cls(str(b.kind), b.months, b.image_url)


class ChatIdentityOut(msgspec.Struct, frozen=True):
    account_id: uuid.UUID
    username: str
    colour: str  # "#RRGGBB": chosen for this channel, else derived from the account id
    colour_chosen: bool
    badges: list[ChatBadgeOut]  # display order: staff, owner, moderator, vip, og, subscriber

    @classmethod
    def of(cls, i: ChatIdentity) -> ChatIdentityOut:
        return cls(
            i.account_id,
            i.username,
            i.colour,
            i.colour_chosen,
            [ChatBadgeOut.of(b) for b in i.badges],
        )


class UpdateChatIdentityIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``colour: null`` goes back to the colour derived from the account id."""

    colour: Colour | None
