"""Messages' fragments and author identity as plain JSON values (for storage adapters)."""

from __future__ import annotations

import uuid
from typing import Any

from streamz.core.chat.chat_identity.entities import BadgeKind, ChatBadge, ChatIdentity
from streamz.core.chat.messages.entities import Fragment, FragmentKind


def fragments_to_json(fragments: tuple[Fragment, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in fragments:
        item: dict[str, Any] = {"kind": f.kind.value, "text": f.text}
        if f.emote_id is not None:
            item["emote_id"] = str(f.emote_id)
        if f.account_id is not None:
            item["account_id"] = str(f.account_id)
        out.append(item)
    return out


def fragments_from_json(items: list[dict[str, Any]]) -> tuple[Fragment, ...]:
    return tuple(
        Fragment(
            FragmentKind(i["kind"]),
            i["text"],
            uuid.UUID(i["emote_id"]) if "emote_id" in i else None,
            uuid.UUID(i["account_id"]) if "account_id" in i else None,
        )
        for i in items
    )


def identity_to_json(identity: ChatIdentity) -> dict[str, Any]:
    return {
        "account_id": str(identity.account_id),
        "username": identity.username,
        "colour": identity.colour,
        "colour_chosen": identity.colour_chosen,
        "badges": [
            {"kind": b.kind.value, "months": b.months, "image_url": b.image_url}
            for b in identity.badges
        ],
    }


def identity_from_json(item: dict[str, Any]) -> ChatIdentity:
    return ChatIdentity(
        uuid.UUID(item["account_id"]),
        item["username"],
        item["colour"],
        bool(item.get("colour_chosen", False)),
        tuple(
            ChatBadge(BadgeKind(b["kind"]), b.get("months"), b.get("image_url"))
            for b in item["badges"]
        ),
    )
