"""An IGDB game object, as webhooks and dumps carry it, mapped to what a category keeps.

IGDB sends *unexpanded* entities by webhook (``"cover": 89386``, ``"genres": [12, 31]``);
dumps made with ``fields cover.image_id, genres.name, alternative_names.name, ...`` carry
expanded ones (``"cover": {"id": 89386, "image_id": "co1wyy"}``). Both are accepted:

- ``id``: required, a positive integer (the IGDB game id).
- ``name``: required (not for delete), trimmed; longer than 128 characters is cut.
- ``slug``: IGDB's slug, normalised to ``a-z0-9`` words joined by ``-`` and cut to 64; absent
  or empty: made from the name (``igdb-<id>`` as a last resort).
- ``cover``: an object with ``image_id`` gives the URL IGDB serves
  (``https://images.igdb.com/igdb/image/upload/t_cover_big/<image_id>.jpg``); with only
  ``url`` (IGDB's ``//images.igdb.com/.../t_thumb/<image_id>.jpg`` or any http(s) URL) the
  same URL is rebuilt when it is IGDB's, else kept; a bare id or nothing: keep what we have.
- ``genres`` and ``alternative_names``: lists of ids or objects with ``name``. Names replace
  what we have (trimmed, duplicates ignoring case folded, at most 20 genres of 64 characters
  and 50 aliases of 128, aliases equal to the name left out); ids only or absent: keep what we
  have; an empty list clears.
- ``updated_at``: IGDB's unix time of the change; older than what was applied: stale.
- Other fields (``checksum``, ``summary``...) are ignored. Anything of the wrong type:
  ``IgdbGameInvalid`` naming each bad field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard

from streamz.core.errors import FieldError
from streamz.core.live.create_category import MAX_GENRE, MAX_GENRES, MAX_NAME, MAX_SLUG, slugify
from streamz.core.live.igdb.errors import IgdbGameInvalid

MAX_ALIASES = 50
MAX_ALIAS = 128
MAX_URL = 2048
MAX_ID = 2**63 - 1
MAX_TIME = 253_402_300_799  # 9999-12-31T23:59:59Z
IMAGE_BASE = "https://images.igdb.com/igdb/image/upload"
COVER_SIZE = "t_cover_big"
IMAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
IGDB_IMAGE_URL = re.compile(
    r"^(?:https?:)?//images\.igdb\.com/igdb/image/upload/t_[A-Za-z0-9_]+/"
    r"([A-Za-z0-9_-]{1,64})\.(?:jpg|jpeg|png|webp|gif)$"
)


@dataclass(frozen=True, slots=True)
class IgdbGame:
    """What a category takes from an IGDB game. ``None``: the payload did not say; keep."""

    igdb_id: int
    name: str
    slug: str
    cover_url: str | None = None
    genres: tuple[str, ...] | None = None
    aliases: tuple[str, ...] | None = None
    updated_at: datetime | None = None


def cover_url(image_id: str) -> str:
    """The cover image IGDB serves for ``image_id`` (264x374)."""
    return f"{IMAGE_BASE}/{COVER_SIZE}/{image_id}.jpg"


def slug_with_id(slug: str, igdb_id: int) -> str:
    """``slug`` made unique by the IGDB id, within 64 characters (``chess-1234``)."""
    suffix = f"-{igdb_id}"
    base = slug[: MAX_SLUG - len(suffix)].rstrip("-")
    return f"{base}{suffix}" if base else f"igdb{suffix}"


def parse_game(raw: object, *, where: str = "body") -> IgdbGame:
    """The game in ``raw`` (a decoded JSON object) for a create or update."""
    errors: list[FieldError] = []
    body = _object(raw, where)
    igdb_id = _id(body, where, errors)
    name = _name(body, where, errors)
    slug = _slug(body, where, errors)
    cover = _cover(body.get("cover"), _at(where, "cover"), errors)
    genres = _names(body.get("genres"), _at(where, "genres"), MAX_GENRES, MAX_GENRE, errors)
    names = body.get("alternative_names")
    aliases = _names(names, _at(where, "alternative_names"), MAX_ALIASES, MAX_ALIAS, errors)
    updated_at = _time(body.get("updated_at"), _at(where, "updated_at"), errors)
    if errors or igdb_id is None or name is None:
        raise IgdbGameInvalid("the IGDB game is invalid", errors=errors)
    if not slug:
        slug = slugify(name) or f"igdb-{igdb_id}"
    if aliases is not None:
        aliases = tuple(a for a in aliases if a.casefold() != name.casefold())
    return IgdbGame(igdb_id, name, slug, cover, genres, aliases, updated_at)


def parse_game_id(raw: object, *, where: str = "body") -> int:
    """The IGDB id in ``raw`` for a delete (IGDB may send nothing else)."""
    errors: list[FieldError] = []
    igdb_id = _id(_object(raw, where), where, errors)
    if errors or igdb_id is None:
        raise IgdbGameInvalid("the IGDB game is invalid", errors=errors)
    return igdb_id


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _object(raw: object, where: str) -> Mapping[str, Any]:
    if isinstance(raw, Mapping):
        return raw
    message = "must be a JSON object (an IGDB game)"
    raise IgdbGameInvalid("the IGDB game is invalid", errors=[FieldError(where or "$", message)])


def _integer(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _id(body: Mapping[str, Any], where: str, errors: list[FieldError]) -> int | None:
    value = body.get("id")
    if _integer(value) and 1 <= value <= MAX_ID:
        return int(value)
    errors.append(FieldError(_at(where, "id"), "id must be a positive integer (IGDB game id)"))
    return None


def _name(body: Mapping[str, Any], where: str, errors: list[FieldError]) -> str | None:
    value = body.get("name")
    name = value.strip() if isinstance(value, str) else ""
    if not name:
        errors.append(FieldError(_at(where, "name"), "name must be a non-empty string"))
        return None
    return name[:MAX_NAME].rstrip()


def _slug(body: Mapping[str, Any], where: str, errors: list[FieldError]) -> str:
    value = body.get("slug")
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(FieldError(_at(where, "slug"), "slug must be a string"))
        return ""
    return slugify(value)


def _cover(value: object, path: str, errors: list[FieldError]) -> str | None:
    if value is None or _integer(value):
        return None  # absent, or an unexpanded id: nothing to build a URL from
    if not isinstance(value, Mapping):
        errors.append(FieldError(path, "cover must be an id or an object"))
        return None
    image_id = value.get("image_id")
    if image_id is not None:
        if isinstance(image_id, str) and IMAGE_ID.match(image_id):
            return cover_url(image_id)
        errors.append(FieldError(f"{path}.image_id", "image_id must be 1-64 of A-Z, a-z, 0-9, _-"))
        return None
    url = value.get("url")
    if url is None:
        return None
    if not isinstance(url, str) or len(url) > MAX_URL:
        errors.append(FieldError(f"{path}.url", "url must be an http(s) URL"))
        return None
    url = url.strip()
    igdb = IGDB_IMAGE_URL.match(url)
    if igdb:
        return cover_url(igdb.group(1))
    if url.startswith("//"):
        url = f"https:{url}"
    if not url.startswith(("https://", "http://")) or len(url) <= len("https://"):
        errors.append(FieldError(f"{path}.url", "url must be an http(s) URL"))
        return None
    return url


def _names(
    value: object, path: str, most: int, longest: int, errors: list[FieldError]
) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        errors.append(FieldError(path, "must be a list of ids or objects with a name"))
        return None
    names: list[str] = []
    ids_only = False
    for index, item in enumerate(value):
        if _integer(item):
            ids_only = True
            continue
        if not isinstance(item, Mapping):
            errors.append(FieldError(f"{path}[{index}]", "must be an id or an object"))
            continue
        name = item.get("name")
        if name is None:
            ids_only = True
        elif isinstance(name, str):
            names.append(name.strip()[:longest].rstrip())
        else:
            errors.append(FieldError(f"{path}[{index}].name", "name must be a string"))
    if not names and ids_only:
        return None  # unexpanded: the names are not in the payload
    folded: dict[str, str] = {}
    for name in names:
        if name:
            folded.setdefault(name.casefold(), name)
    return tuple(folded.values())[:most]


def _time(value: object, path: str, errors: list[FieldError]) -> datetime | None:
    if value is None:
        return None
    if _integer(value) and 0 <= value <= MAX_TIME:
        return datetime.fromtimestamp(value, UTC)
    errors.append(FieldError(path, "updated_at must be a unix time in seconds"))
    return None
