"""Chat message tables: the messages (indexed for the four history shapes), one sequence
counter per chatroom, and the pinned message of each chatroom."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from advanced_alchemy.base import DefaultBase, UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ARRAY, BigInteger, ForeignKey, Index, Text, UniqueConstraint, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column


class ChatMessageRow(UUIDv7Base):
    __tablename__ = "chat_messages"
    __table_args__ = (
        # a room's history, both ways, by seq
        UniqueConstraint("chatroom_id", "seq", name="uq_chat_messages_chatroom_id_seq"),
        # one user's messages in a room
        Index("ix_chat_messages_chatroom_id_author_id_seq", "chatroom_id", "author_id", "seq"),
        # one user's messages everywhere, in time order (ids are UUIDv7)
        Index("ix_chat_messages_author_id_id", "author_id", "id"),
        # a thread's replies
        Index(
            "ix_chat_messages_thread_id_seq",
            "thread_id",
            "seq",
            postgresql_where=text("thread_id IS NOT NULL"),
        ),
    )

    chatroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("chatrooms.id", ondelete="CASCADE"))
    channel_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    seq: Mapped[int] = mapped_column(BigInteger)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    content: Mapped[str] = mapped_column(Text)
    fragments: Mapped[list[Any]] = mapped_column(JSONB)
    mentions: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), server_default=text("'{}'"))
    reply_to: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    thread_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    author: Mapped[dict[str, Any]] = mapped_column(JSONB)  # identity when sent
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    visible_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    deleted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class ChatMessageKeyRow(DefaultBase):
    """The idempotency key a message was sent with, for 24 hours: a retried send finds its
    message instead of sending it again. Written in the send's transaction, before the
    message (a concurrent send with the key waits here, not on the room's seq)."""

    __tablename__ = "chat_message_keys"
    __table_args__ = (
        # the sweep of expired keys
        Index("ix_chat_message_keys_created_at", "created_at"),
    )

    author_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(Text, primary_key=True)  # as scoped by the entrypoint
    message_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class ChatroomSequenceRow(DefaultBase):
    __tablename__ = "chatroom_sequences"

    chatroom_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chatrooms.id", ondelete="CASCADE"), primary_key=True
    )
    last_seq: Mapped[int] = mapped_column(BigInteger)


class ChatPinRow(DefaultBase):
    __tablename__ = "chat_pins"
    __table_args__ = (
        # pins that expire, for the worker that ends them
        Index(
            "ix_chat_pins_expires_at",
            "expires_at",
            postgresql_where=text("expires_at IS NOT NULL"),
        ),
    )

    chatroom_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chatrooms.id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_messages.id", ondelete="CASCADE")
    )
    pinned_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    pinned_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class ChatRoomEventRow(DefaultBase):
    """Durable chatroom events other than messages, under the room's shared seq."""

    __tablename__ = "chat_room_events"

    chatroom_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chatrooms.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    topic: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
