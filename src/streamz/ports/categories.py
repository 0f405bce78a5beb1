import uuid
from typing import Protocol

from streamz.core.live.entities import Category


class CategoryRepository(Protocol):
    async def add(self, category: Category) -> None:
        """Unique slug and IGDB id: ``CategorySlugTaken`` / ``CategoryIgdbIdTaken``."""
        ...

    async def get(self, category_id: uuid.UUID) -> Category | None: ...

    async def by_slug(self, slug: str) -> Category | None: ...

    async def list(self, *, limit: int, after: tuple[str, uuid.UUID] | None) -> list[Category]:
        """Not deleted, by (name, id), those after ``after``."""
        ...
