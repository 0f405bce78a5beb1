"""Translate database constraint violations into core errors, by constraint name."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError

from streamz.core.errors import Conflict, StreamzError
from streamz.core.identity.errors import UsernameTaken

_BY_CONSTRAINT: dict[str, type[StreamzError]] = {
    "uq_accounts_username": UsernameTaken,
    "uq_channels_slug": UsernameTaken,
}


def translate(error: IntegrityError) -> StreamzError:
    name = getattr(getattr(error.orig, "__cause__", None), "constraint_name", None)
    kind = _BY_CONSTRAINT.get(name or "", Conflict)
    return kind(f"conflicts with existing data ({name or 'constraint'})")


@asynccontextmanager
async def constraint_errors() -> AsyncIterator[None]:
    try:
        yield
    except IntegrityError as error:
        raise translate(error) from error
