"""Rows to entities and back, from the entity's dataclass fields: no hand-written mappers.

A query selects ``columns(Entity)`` (or names the same columns); ``mapper(Entity)`` builds the
entity from a record by field name. A field stored under another column name is named in
``rename``; a field whose value needs a conversion (an enum, a frozenset from an array) gets a
function in ``convert``. ``values(entity)`` gives the fields in the same order for inserts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any, Protocol, TypeVar

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
    return row_mapper(kind, convert=convert, defaults=defaults)


def values(entity: Any, *, skip: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """The entity's field values in field order (for ``INSERT ... VALUES ($1, ...)``)."""
    return row_values(entity, skip=skip)


def placeholders(count: int, start: int = 1) -> str:
    return ", ".join(f"${n}" for n in range(start, start + count))


def nested(
    kind: type[T],
    *,
    parts: Mapping[str, Mapper[Any]],
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
) -> Mapper[T]:
    """Like ``mapper``, but each field named in ``parts`` is built by its own mapper from the
    whole record (an entity inside an entity: a listing card's livestream)."""
    return row_mapper(kind, convert=convert, parts=parts)


def prefixed(build: Mapper[T], prefix: str) -> Mapper[T]:
    """``build`` reading the columns named ``prefix + field`` (a joined table's ``c_id``...)."""

    class _View:
        def __init__(self, record: asyncpg.Record) -> None:
            self._record = record

        def __getitem__(self, name: str) -> Any:
            return self._record[prefix + name]

    def read(record: asyncpg.Record) -> T:
        return build(_View(record))  # type: ignore[arg-type]

    return read


# A second entity in a join, or entities aggregated into jsonb: the same fields, read under
# labels (``a_id``) or from decoded jsonb objects.


class Row(Protocol):
    """What the mappers read: an asyncpg record, or a decoded jsonb object (a dict)."""

    def __getitem__(self, key: str, /) -> Any: ...


def labelled(
    kind: type[Any],
    *,
    prefix: str,
    label: str,
    rename: Mapping[str, str] | None = None,
    skip: tuple[str, ...] = (),
) -> str:
    """The select list of ``kind``'s fields from ``prefix`` (``"a."``), each labelled ``label``
    + field (``a.id AS a_id``): for an entity whose names clash with another's in a join."""
    rename = rename or {}
    return ", ".join(
        f"{prefix}{rename.get(name, name)} AS {label}{name}"
        for name in field_names(kind)
        if name not in skip
    )


def json_object(
    kind: type[Any],
    *,
    prefix: str = "",
    rename: Mapping[str, str] | None = None,
    skip: tuple[str, ...] = (),
) -> str:
    """``jsonb_build_object('id', p.id, ...)`` of ``kind``'s fields (for ``jsonb_agg``); read it
    back with ``row_mapper`` (jsonb has no uuid or timestamp: ``convert`` those)."""
    rename = rename or {}
    pairs = ", ".join(
        f"'{name}', {prefix}{rename.get(name, name)}"
        for name in field_names(kind)
        if name not in skip
    )
    return f"jsonb_build_object({pairs})"


def row_mapper(
    kind: type[T],
    *,
    label: str = "",
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
    defaults: Mapping[str, Any] | None = None,
    parts: Mapping[str, Callable[[Any], Any]] | None = None,
) -> Callable[[Row], T]:
    """As ``mapper``, for any ``Row``, reading each field under ``label`` + its name; the one
    builder behind ``mapper`` and ``nested``."""
    names = field_names(kind)
    convert = dict(convert or {})
    defaults = dict(defaults or {})
    parts = dict(parts or {})

    def build(row: Row) -> T:
        args = []
        for name in names:
            if name in defaults:
                args.append(defaults[name])
                continue
            part = parts.get(name)
            if part is not None:
                args.append(part(row))
                continue
            value = row[label + name]
            fix = convert.get(name)
            args.append(fix(value) if fix is not None and value is not None else value)
        return kind(*args)

    return build


def row_values(
    entity: Any,
    *,
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
    skip: tuple[str, ...] = (),
) -> tuple[Any, ...]:
    """As ``values``, with ``convert`` for the fields stored in another form (a frozenset as a
    sorted array)."""
    convert = convert or {}
    out = []
    for name in field_names(type(entity)):
        if name in skip:
            continue
        value = getattr(entity, name)
        fix = convert.get(name)
        out.append(fix(value) if fix is not None and value is not None else value)
    return tuple(out)


def column_names(
    kind: type[Any], *, rename: Mapping[str, str] | None = None, skip: tuple[str, ...] = ()
) -> str:
    """The stored column of each of ``kind``'s fields, in field order (``INSERT INTO t (...)``,
    where ``columns``' ``AS`` cannot go)."""
    rename = rename or {}
    return ", ".join(rename.get(name, name) for name in field_names(kind) if name not in skip)
