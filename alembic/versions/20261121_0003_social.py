"""notification preferences, follows, categories

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


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
    op.create_table(
        "categories",
        *_common(),
        sa.Column("igdb_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("cover_url", sa.Text(), nullable=True),
        sa.Column(
            "genres",
            postgresql.ARRAY(sa.String(64)),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("followers_count", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("live_viewers", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("deleted_at", DateTimeUTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_categories"),
        sa.UniqueConstraint("slug", name="uq_categories_slug"),
        sa.UniqueConstraint("igdb_id", name="uq_categories_igdb_id"),
        sa.CheckConstraint("slug = lower(slug)", name="ck_categories_slug_lower"),
        sa.CheckConstraint("followers_count >= 0", name="ck_categories_followers_count_nonneg"),
    )
    op.create_index("ix_categories_name_id", "categories", ["name", "id"])
    for table, target in (("channel_follows", "channel"), ("category_follows", "category")):
        referred = "channels" if target == "channel" else "categories"
        op.create_table(
            table,
            *_common(),
            sa.Column("account_id", sa.Uuid(), nullable=False),
            sa.Column(f"{target}_id", sa.Uuid(), nullable=False),
            sa.Column("followed_at", DateTimeUTC(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
            _fk(table, "account_id", "accounts"),
            _fk(table, f"{target}_id", referred),
            sa.UniqueConstraint("account_id", f"{target}_id", name=f"uq_{table}"),
        )
        op.create_index(f"ix_{table}_account_id_id", table, ["account_id", "id"])
        op.create_index(f"ix_{table}_{target}_id", table, [f"{target}_id"])
    op.create_table(
        "notification_preferences",
        *_common(),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("settings", postgresql.JSONB(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notification_preferences"),
        _fk("notification_preferences", "account_id", "accounts"),
        sa.UniqueConstraint("account_id", name="uq_notification_preferences_account_id"),
    )
    table = "channel_notification_preferences"
    op.create_table(
        table,
        *_common(),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("settings", postgresql.JSONB(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        _fk(table, "account_id", "accounts"),
        _fk(table, "channel_id", "channels"),
        sa.UniqueConstraint("account_id", "channel_id", name=f"uq_{table}"),
    )
    op.create_index(f"ix_{table}_channel_id", table, ["channel_id"])


def downgrade() -> None:
    op.drop_index(
        "ix_channel_notification_preferences_channel_id",
        table_name="channel_notification_preferences",
    )
    op.drop_table("channel_notification_preferences")
    op.drop_table("notification_preferences")
    for table, target in (("category_follows", "category"), ("channel_follows", "channel")):
        op.drop_index(f"ix_{table}_{target}_id", table_name=table)
        op.drop_index(f"ix_{table}_account_id_id", table_name=table)
        op.drop_table(table)
    op.drop_index("ix_categories_name_id", table_name="categories")
    op.drop_table("categories")
