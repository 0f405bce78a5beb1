"""chatroom settings and rules

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chatroom_settings",
        sa.Column("chatroom_id", sa.Uuid(), nullable=False),
        sa.Column("slow_mode_seconds", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("followers_only", sa.Integer(), nullable=True),
        sa.Column(
            "subscribers_only", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("emote_only", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("unique_chat", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "min_account_age_minutes", sa.Integer(), server_default=sa.text("0"), nullable=False
        ),
        sa.Column(
            "verified_email_required",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
        sa.Column(
            "non_moderator_delay_seconds",
            sa.Integer(),
            server_default=sa.text("0"),
            nullable=False,
        ),
        sa.Column("links_allowed", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "rules", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False
        ),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chatroom_id", name="pk_chatroom_settings"),
        sa.ForeignKeyConstraint(
            ["chatroom_id"],
            ["chatrooms.id"],
            name="fk_chatroom_settings_chatroom_id_chatrooms",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "slow_mode_seconds BETWEEN 0 AND 3600", name="ck_chatroom_settings_slow_mode_range"
        ),
        sa.CheckConstraint(
            "followers_only BETWEEN 0 AND 129600", name="ck_chatroom_settings_followers_only_range"
        ),
        sa.CheckConstraint(
            "min_account_age_minutes BETWEEN 0 AND 525600",
            name="ck_chatroom_settings_account_age_range",
        ),
        sa.CheckConstraint(
            "non_moderator_delay_seconds BETWEEN 0 AND 10", name="ck_chatroom_settings_delay_range"
        ),
        sa.CheckConstraint("cardinality(rules) <= 20", name="ck_chatroom_settings_rules_max"),
    )


def downgrade() -> None:
    op.drop_table("chatroom_settings")
