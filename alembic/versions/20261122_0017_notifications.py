"""Notifications: devices, notifications, deliveries

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TZ = DateTimeUTC(timezone=True)


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{referred}.id"], name=f"fk_{table}_{column}_{referred}", ondelete="CASCADE"
    )


def _common() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    op.create_index("ix_channel_follows_channel_id_id", "channel_follows", ["channel_id", "id"])
    op.create_table(
        "push_devices",
        *_common(),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_push_devices"),
        _fk("push_devices", "account_id", "accounts"),
        sa.UniqueConstraint("token", name="uq_push_devices_token"),
    )
    op.create_index("ix_push_devices_account_id", "push_devices", ["account_id"])
    op.create_table(
        "notifications",
        *_common(),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=True),
        sa.Column(
            "account_ids",
            postgresql.ARRAY(sa.Uuid()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "payload",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.Column("expanded_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        sa.UniqueConstraint("event_id", name="uq_notifications_event_id"),
    )
    op.create_index(
        "ix_notifications_unfinished",
        "notifications",
        ["updated_at"],
        postgresql_where=sa.text("expanded_at IS NULL"),
    )
    op.create_table(
        "notification_deliveries",
        *_common(),
        sa.Column("notification_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("medium", sa.String(8), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("locale", sa.String(16), server_default="en", nullable=False),
        sa.Column("digest", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", _TZ, nullable=False),
        sa.Column("lease_until", _TZ, nullable=True),
        sa.Column("provider_id", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notification_deliveries"),
        _fk("notification_deliveries", "notification_id", "notifications"),
        _fk("notification_deliveries", "account_id", "accounts"),
        sa.UniqueConstraint(
            "notification_id", "account_id", "medium", "target", name="uq_notification_deliveries"
        ),
    )
    op.create_index(
        "ix_notification_deliveries_notification_id_status",
        "notification_deliveries",
        ["notification_id", "status"],
    )
    op.create_index(
        "ix_notification_deliveries_due",
        "notification_deliveries",
        ["next_attempt_at"],
        postgresql_where=sa.text("status IN ('pending', 'sending')"),
    )
    op.create_index(
        "ix_notification_deliveries_updated_at", "notification_deliveries", ["updated_at"]
    )
    op.create_index(
        "ix_notification_deliveries_dead",
        "notification_deliveries",
        ["id"],
        postgresql_where=sa.text("status = 'dead'"),
    )
    op.create_table(
        "inbox_notifications",
        *_common(),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("notification_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("read_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inbox_notifications"),
        _fk("inbox_notifications", "account_id", "accounts"),
        _fk("inbox_notifications", "notification_id", "notifications"),
        sa.UniqueConstraint("account_id", "notification_id", name="uq_inbox_notifications"),
    )
    op.create_index(
        "ix_inbox_notifications_account_id_id", "inbox_notifications", ["account_id", "id"]
    )
    op.create_index(
        "ix_inbox_notifications_unread",
        "inbox_notifications",
        ["account_id"],
        postgresql_where=sa.text("read_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("inbox_notifications")
    op.drop_table("notification_deliveries")
    op.drop_table("notifications")
    op.drop_table("push_devices")
    op.drop_index("ix_channel_follows_channel_id_id", table_name="channel_follows")
