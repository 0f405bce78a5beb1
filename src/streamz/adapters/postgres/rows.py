"""Rows to entities and back, from the entity's dataclass fields: no hand-written mappers.

A query selects ``columns(Entity)`` (or names the same columns); ``mapper(Entity)`` builds the
entity from a record by field name. A field stored under another column name is named in
``rename``; a field whose value needs a conversion (an enum, a frozenset from an array) gets a
function in ``convert``. ``values(entity)`` gives the fields in the same order for inserts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any, TypeVar

import asyncpg

T = TypeVar("T")
Mapper = Callable[[asyncpg.Record], T]


def field_names(kind: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def columns(
    kind: type[Any],
    *,
    rename: Mapping[str, str] | None = None,
    prefix: str = "",
    skip: tuple[str, ...] = (),
) -> str:
    """The select list of ``kind``'s fields (``prefix`` qualifies each column: ``"c."``)."""
    rename = rename or {}
    out = []
    for name in field_names(kind):
        if name in skip:
            continue
        column = rename.get(name, name)
        out.append(f"{prefix}{column}" if column == name else f"{prefix}{column} AS {name}")
    return ", ".join(out)


def mapper(
    kind: type[T],
    *,
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> Mapper[T]:
    """A function building ``kind`` from a record that has a column per field (by name).

    ``defaults`` supply the fields the query does not select (never read from the record)."""
    names = field_names(kind)
    convert = dict(convert or {})
    defaults = dict(defaults or {})

    def build(record: asyncpg.Record) -> T:
        args = []
        for name in names:
            if name in defaults:
                args.append(defaults[name])
                continue
            value = record[name]
            fix = convert.get(name)
            args.append(fix(value) if fix is not None and value is not None else value)
        return kind(*args)

    return build


def values(entity: Any, *, skip: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """The entity's field values in field order (for ``INSERT ... VALUES ($1, ...)``)."""
    return tuple(getattr(entity, name) for name in field_names(type(entity)) if name not in skip)


def placeholders(count: int, start: int = 1) -> str:
    return ", ".join(f"${n}" for n in range(start, start + count))
