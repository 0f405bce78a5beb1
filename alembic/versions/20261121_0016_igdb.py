"""IGDB categories: alternative names and the IGDB update time of the last applied sync

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "categories",
        sa.Column(
            "aliases",
            postgresql.ARRAY(sa.String(128)),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
    )
    op.add_column(
        "categories",
        sa.Column("igdb_updated_at", DateTimeUTC(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("categories", "igdb_updated_at")
    op.drop_column("categories", "aliases")
