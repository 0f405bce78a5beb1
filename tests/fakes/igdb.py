"""A fake IGDB: a small catalogue of games in IGDB's formats and the webhook sender.

IGDB's webhooks (``POST /v4/games/webhooks/`` with ``url``, ``method`` = create/update/delete
and ``secret``) send the game as one *unexpanded* JSON object (ids for cover, genres and
alternative names) with the secret in ``X-Secret``. Dumps made through the API with expanded
fields (``cover.image_id``, ``genres.name``...) carry objects instead; ``expanded`` builds
those. The sender works with any ``httpx.AsyncClient`` (a Litestar test client, or a client
with the base URL of a served app).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

WEBHOOKS = "/internal/webhooks/igdb"
EPOCH = 1_700_000_000  # the fake's first updated_at (unix seconds)


@dataclass(frozen=True)
class Game:
    """One IGDB game; ``updated_at`` moves forward with every change made by ``FakeIgdb``."""

    id: int
    name: str
    slug: str
    cover_id: int | None = None
    image_id: str | None = None
    genres: tuple[tuple[int, str], ...] = ()
    alternative_names: tuple[tuple[int, str], ...] = ()
    created_at: int = EPOCH
    updated_at: int = EPOCH
    checksum: str = field(default_factory=lambda: str(uuid.uuid4()))

    def _common(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": 0,
            "checksum": self.checksum,
            "created_at": self.created_at,
            "first_release_date": 1_431_993_600,
            "name": self.name,
            "slug": self.slug,
            "summary": f"{self.name} is a game.",
            "updated_at": self.updated_at,
            "url": f"https://www.igdb.com/games/{self.slug}",
        }

    def unexpanded(self) -> dict[str, Any]:
        """What IGDB's webhooks send: references as ids."""
        body = self._common()
        if self.cover_id is not None:
            body["cover"] = self.cover_id
        if self.genres:
            body["genres"] = [genre_id for genre_id, _ in self.genres]
        if self.alternative_names:
            body["alternative_names"] = [name_id for name_id, _ in self.alternative_names]
        return body

    def expanded(self) -> dict[str, Any]:
        """What the API returns with ``cover.*, genres.*, alternative_names.*`` (dumps)."""
        body = self._common()
        if self.cover_id is not None:
            body["cover"] = {
                "id": self.cover_id,
                "alpha_channel": False,
                "animated": False,
                "game": self.id,
                "height": 1200,
                "width": 900,
                "image_id": self.image_id,
                "url": f"//images.igdb.com/igdb/image/upload/t_thumb/{self.image_id}.jpg",
                "checksum": str(uuid.uuid4()),
            }
        if self.genres:
            body["genres"] = [
                {"id": genre_id, "name": name, "slug": name.lower().replace(" ", "-")}
                for genre_id, name in self.genres
            ]
        if self.alternative_names:
            body["alternative_names"] = [
                {"id": name_id, "name": name, "comment": "Other title", "game": self.id}
                for name_id, name in self.alternative_names
            ]
        return body

    @property
    def cover_url(self) -> str | None:
        """The URL we expect to store (IGDB's ``t_cover_big`` size)."""
        if self.image_id is None:
            return None
        return f"https://images.igdb.com/igdb/image/upload/t_cover_big/{self.image_id}.jpg"


class FakeIgdb:
    """IGDB's side: makes games, changes them, and delivers them to our webhooks."""

    def __init__(self, client: httpx.AsyncClient | None = None, secret: str = "") -> None:
        self.client = client  # None: games only (dumps), nothing to send to
        self.secret = secret
        self._next_id = 1000
        self._clock = EPOCH

    def _tick(self) -> int:
        self._clock += 1
        return self._clock

    def game(
        self,
        name: str,
        *,
        slug: str | None = None,
        image_id: str | None = None,
        genres: Iterable[str] = (),
        alternative_names: Iterable[str] = (),
        igdb_id: int | None = None,
    ) -> Game:
        self._next_id += 1
        game_id = igdb_id if igdb_id is not None else self._next_id
        now = self._tick()
        return Game(
            id=game_id,
            name=name,
            slug=slug or "-".join(name.lower().replace(":", "").split()),
            cover_id=game_id * 10 if image_id else None,
            image_id=image_id,
            genres=tuple((10 + n, g) for n, g in enumerate(genres)),
            alternative_names=tuple(
                (game_id * 100 + n, a) for n, a in enumerate(alternative_names)
            ),
            created_at=now,
            updated_at=now,
        )

    def change(self, game: Game, **changes: Any) -> Game:
        """``game`` edited at IGDB (``updated_at`` moves on)."""
        return replace(game, **changes, updated_at=self._tick(), checksum=str(uuid.uuid4()))

    async def send(
        self,
        method: str,
        body: object,
        *,
        secret: str | None = None,
        raw: bytes | None = None,
    ) -> httpx.Response:
        """POST one delivery as IGDB does (JSON body, ``X-Secret``); ``secret=""`` sends none."""
        assert self.client is not None, "this FakeIgdb has no client to send with"
        headers = {"Content-Type": "application/json", "User-Agent": "IGDB-Webhooks/1.0"}
        key = self.secret if secret is None else secret
        if key:
            headers["X-Secret"] = key
        content = raw if raw is not None else json.dumps(body).encode()
        return await self.client.post(f"{WEBHOOKS}/{method}", content=content, headers=headers)

    async def create(self, game: Game, *, expanded: bool = False) -> httpx.Response:
        return await self.send("create", game.expanded() if expanded else game.unexpanded())

    async def update(self, game: Game, *, expanded: bool = False) -> httpx.Response:
        return await self.send("update", game.expanded() if expanded else game.unexpanded())

    async def delete(self, game: Game) -> httpx.Response:
        return await self.send("delete", game.unexpanded())


def write_json(path: Path, games: Iterable[Game]) -> Path:
    """A dump as one JSON array of expanded games."""
    path.write_text(json.dumps([g.expanded() for g in games], indent=1))
    return path


def write_jsonl(path: Path, lines: Iterable[Game | str]) -> Path:
    """A dump as JSON lines of expanded games; a ``str`` is written as the line itself."""
    text = [line if isinstance(line, str) else json.dumps(line.expanded()) for line in lines]
    path.write_text("\n".join(text) + "\n")
    return path
