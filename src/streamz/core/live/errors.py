"""Errors particular to the live context."""

from streamz.core.errors import Conflict, NotFound


class CategoryNotFound(NotFound):
    code = "category-not-found"
    title = "Category not found"


class CategorySlugTaken(Conflict):
    code = "category-slug-taken"
    title = "Category slug already taken"


class CategoryIgdbIdTaken(Conflict):
    code = "category-igdb-id-taken"
    title = "IGDB id already used by another category"
