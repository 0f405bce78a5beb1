"""Storage of the categories the IGDB sync writes (the ``categories`` table, deleted included)."""

from typing import Protocol

from streamz.core.live.entities import Category


class IgdbCategoryRepository(Protocol):
    async def lock(self, igdb_id: int) -> None:
        """Until the transaction ends, other writers of this IGDB id wait (so two deliveries
        of a new game cannot both insert it)."""
        ...

    async def by_igdb_id(self, igdb_id: int) -> Category | None:
        """The category synced with this IGDB game, soft-deleted or not."""
        ...

    async def by_slug(self, slug: str) -> Category | None:
        """The category with this slug, soft-deleted or not."""
        ...

    async def add(self, category: Category) -> None:
        """Unique slug and IGDB id: ``CategorySlugTaken`` / ``CategoryIgdbIdTaken``."""
        ...

    async def update(self, category: Category) -> None:
        """Writes what the sync owns (IGDB id, name, slug, cover, genres, aliases, times,
        ``deleted_at``); counters are left alone. Same uniqueness errors as ``add``."""
        ...
