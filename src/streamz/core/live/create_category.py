from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from streamz.core.errors import FieldError, Invalid
from streamz.core.identity.entities import Principal
from streamz.core.live.entities import Category
from streamz.core.shared.events import Event
from streamz.core.shared.ids import new_id
from streamz.ports.categories import CategoryRepository
from streamz.ports.clock import Clock
from streamz.ports.unit_of_work import UnitOfWork

MAX_NAME = 128
MAX_SLUG = 64
MAX_GENRE = 64
MAX_GENRES = 20
MAX_URL = 2048
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class CreateCategoryRequest:
    actor: Principal
    name: str
    slug: str | None = None
    genres: list[str] = field(default_factory=list)
    cover_url: str | None = None
    igdb_id: int | None = None


@dataclass(frozen=True, slots=True)
class CreateCategory:
    """Creates a category (staff on the Admin API, the CLI, later the IGDB sync).

    - Staff or the system only.
    - Name: 1-128 characters. Slug: given or made from the name (lower case, ``a-z0-9`` words
      joined by ``-``), 1-64 characters, unique (``category-slug-taken``).
    - Genres: at most 20, each 1-64 characters, duplicates folded. Cover URL: http(s), 2048 max.
    - IGDB id, when given: positive and unique (``category-igdb-id-taken``).
    - Emits ``category.created``.
    """

    categories: CategoryRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: CreateCategoryRequest) -> Category:
        request.actor.require_staff()
        name, slug, genres, cover = _validate(request)
        now = self.clock.now()
        category = Category(
            id=new_id(),
            igdb_id=request.igdb_id,
            name=name,
            slug=slug,
            cover_url=cover,
            genres=genres,
            followers_count=0,
            live_viewers=0,
            created_at=now,
            updated_at=now,
        )
        await self.categories.add(category)
        payload = {"category_id": str(category.id), "slug": slug, "name": name}
        self.uow.record(Event("category.created", str(category.id), payload, now))
        await self.uow.commit()
        return category


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))[:MAX_SLUG].strip("-")


def _validate(
    request: CreateCategoryRequest,
) -> tuple[str, str, tuple[str, ...], str | None]:
    errors: list[FieldError] = []
    name = request.name.strip()
    if not 1 <= len(name) <= MAX_NAME:
        errors.append(FieldError("body.name", f"name must be 1-{MAX_NAME} characters"))
    slug = (request.slug if request.slug is not None else slugify(name)).strip().lower()
    name_ok = not errors
    if (name_ok or request.slug is not None) and not (
        1 <= len(slug) <= MAX_SLUG and SLUG.match(slug)
    ):
        errors.append(
            FieldError("body.slug", f"slug must be 1-{MAX_SLUG} of a-z, 0-9 and inner '-'")
        )
    genres = tuple(dict.fromkeys(g.strip() for g in request.genres))
    if len(genres) > MAX_GENRES or not all(1 <= len(g) <= MAX_GENRE for g in genres):
        errors.append(
            FieldError("body.genres", f"at most {MAX_GENRES} genres of 1-{MAX_GENRE} characters")
        )
    cover = request.cover_url.strip() if request.cover_url else None
    if cover is not None and (
        len(cover) > MAX_URL or not cover.startswith(("https://", "http://"))
    ):
        errors.append(FieldError("body.cover_url", "cover_url must be an http(s) URL"))
    if request.igdb_id is not None and request.igdb_id < 1:
        errors.append(FieldError("body.igdb_id", "igdb_id must be positive"))
    if errors:
        raise Invalid("the category is invalid", errors=errors)
    return name, slug, genres, cover
