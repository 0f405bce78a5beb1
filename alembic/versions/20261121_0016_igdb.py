"""IGDB categories

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-21
"""

from collections.abc import Sequence

from alembic import op  # noqa: F401 - used once this revision changes tables

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
