"""live: channel streams, stream info, livestreams, VODs, Livepeer webhook deliveries

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TZ = DateTimeUTC(timezone=True)


def _channel_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["channel_id"], ["channels.id"], name=f"fk_{table}_channel_id_channels", ondelete="CASCADE"
    )


def _category_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["category_id"],
        ["categories.id"],
        name=f"fk_{table}_category_id_categories",
        ondelete="SET NULL",
    )


def _tags() -> sa.Column[list[str]]:
    return sa.Column(
        "tags", sa.ARRAY(sa.String(32)), server_default=sa.text("'{}'"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "channel_streams",
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("livepeer_stream_id", sa.String(64), nullable=False),
        sa.Column("stream_key", sa.String(128), nullable=False),
        sa.Column("playback_id", sa.String(64), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("key_rotated_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("channel_id", name="pk_channel_streams"),
        _channel_fk("channel_streams"),
        sa.UniqueConstraint("livepeer_stream_id", name="uq_channel_streams_livepeer_stream_id"),
    )
    op.create_table(
        "stream_info",
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        _tags(),
        sa.Column("language", sa.String(35), server_default="en", nullable=False),
        sa.Column("mature", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("channel_id", name="pk_stream_info"),
        _channel_fk("stream_info"),
        _category_fk("stream_info"),
        sa.CheckConstraint("char_length(title) <= 140", name="ck_stream_info_title_length"),
        sa.CheckConstraint("cardinality(tags) <= 10", name="ck_stream_info_tags_max"),
    )
    op.create_table(
        "livestreams",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("livepeer_stream_id", sa.String(64), nullable=False),
        sa.Column("livepeer_session_id", sa.String(64), nullable=True),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        _tags(),
        sa.Column("language", sa.String(35), server_default="en", nullable=False),
        sa.Column("mature", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("started_at", _TZ, nullable=False),
        sa.Column("ended_at", _TZ, nullable=True),
        sa.Column("viewers", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("peak_viewers", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_livestreams"),
        _channel_fk("livestreams"),
        _category_fk("livestreams"),
        sa.CheckConstraint("char_length(title) <= 140", name="ck_livestreams_title_length"),
    )
    live = sa.text("ended_at IS NULL")
    op.create_index(
        "uq_livestreams_channel_id_live",
        "livestreams",
        ["channel_id"],
        unique=True,
        postgresql_where=live,
    )
    op.create_index(
        "ix_livestreams_channel_id_started_at", "livestreams", ["channel_id", "started_at"]
    )
    op.create_index(
        "ix_livestreams_livepeer_stream_id", "livestreams", ["livepeer_stream_id", "started_at"]
    )
    op.create_index(
        "ix_livestreams_live_viewers", "livestreams", ["viewers", "id"], postgresql_where=live
    )
    op.create_index(
        "ix_livestreams_live_started_at",
        "livestreams",
        ["started_at", "id"],
        postgresql_where=live,
    )
    op.create_index(
        "ix_livestreams_live_category_viewers",
        "livestreams",
        ["category_id", "viewers", "id"],
        postgresql_where=live,
    )
    op.create_table(
        "vods",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("livestream_id", sa.Uuid(), nullable=True),
        sa.Column("livepeer_asset_id", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("visibility", sa.String(16), server_default="public", nullable=False),
        sa.Column("playback_url", sa.Text(), nullable=False),
        sa.Column("thumbnail_url", sa.Text(), nullable=True),
        sa.Column("duration_seconds", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.Column("deleted_at", _TZ, nullable=True),
        sa.Column("asset_deleted_at", _TZ, nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_vods"),
        _channel_fk("vods"),
        sa.ForeignKeyConstraint(
            ["livestream_id"],
            ["livestreams.id"],
            name="fk_vods_livestream_id_livestreams",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("livepeer_asset_id", name="uq_vods_livepeer_asset_id"),
        sa.CheckConstraint(
            "visibility IN ('public', 'subscribers', 'private')", name="ck_vods_visibility_known"
        ),
        sa.CheckConstraint("char_length(title) <= 140", name="ck_vods_title_length"),
    )
    op.create_index(
        "ix_vods_channel_id_id",
        "vods",
        ["channel_id", "id"],
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "ix_vods_asset_pending",
        "vods",
        ["deleted_at"],
        postgresql_where=sa.text("deleted_at IS NOT NULL AND asset_deleted_at IS NULL"),
    )
    op.create_table(
        "livepeer_events",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("event", sa.String(64), nullable=False),
        sa.Column("stream_id", sa.String(64), nullable=True),
        sa.Column("payload", JSONB(), nullable=False),
        sa.Column("occurred_at", _TZ, nullable=False),
        sa.Column("received_at", _TZ, nullable=False),
        sa.Column("processed_at", _TZ, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_livepeer_events"),
    )
    op.create_index(
        "ix_livepeer_events_pending",
        "livepeer_events",
        ["received_at"],
        postgresql_where=sa.text("processed_at IS NULL"),
    )
    op.create_index(
        "ix_livepeer_events_stream_id_event",
        "livepeer_events",
        ["stream_id", "event", "occurred_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_livepeer_events_stream_id_event", table_name="livepeer_events")
    op.drop_index("ix_livepeer_events_pending", table_name="livepeer_events")
    op.drop_table("livepeer_events")
    op.drop_index("ix_vods_asset_pending", table_name="vods")
    op.drop_index("ix_vods_channel_id_id", table_name="vods")
    op.drop_table("vods")
    for name in (
        "ix_livestreams_live_category_viewers",
        "ix_livestreams_live_started_at",
        "ix_livestreams_live_viewers",
        "ix_livestreams_livepeer_stream_id",
        "ix_livestreams_channel_id_started_at",
        "uq_livestreams_channel_id_live",
    ):
        op.drop_index(name, table_name="livestreams")
    op.drop_table("livestreams")
    op.drop_table("stream_info")
    op.drop_table("channel_streams")
