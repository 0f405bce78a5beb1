"""What the HTTP API takes and shows of blocked terms."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from streamz.core.chat.blocked_terms.entities import BlockedTerm, BlockedTerms

Term = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=1000,
        description="2-500 characters once trimmed; `*` only at the start and/or end",
        examples=["badword", "bad*", "*bad", "*bad*"],
    ),
]


class BlockedTermOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    channel_id: uuid.UUID
    term: str
    normalised: str
    created_by: uuid.UUID | None
    created_at: datetime

    @classmethod
    def of(cls, t: BlockedTerm) -> BlockedTermOut:
        return cls(t.id, t.channel_id, t.term, t.normalised, t.created_by, t.created_at)


class BlockedTermList(msgspec.Struct, frozen=True):
    data: list[BlockedTermOut]
    version: int  # bumped on every change of the channel's terms

    @classmethod
    def of(cls, terms: BlockedTerms) -> BlockedTermList:
        return cls([BlockedTermOut.of(t) for t in terms.terms], terms.version)


class CreateTermIn(msgspec.Struct, frozen=True):
    term: Term
