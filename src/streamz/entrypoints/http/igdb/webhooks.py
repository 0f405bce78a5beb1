"""IGDB's game webhooks (Internal tier): ``create``, ``update`` and ``delete``.

Register each at IGDB with ``POST https://api.igdb.com/v4/games/webhooks/`` (``url`` =
``<base>/internal/webhooks/igdb/<method>``, ``method`` = create/update/delete, ``secret`` =
``STREAMZ_IGDB_WEBHOOK_SECRET``). IGDB sends the game object (unexpanded) with ``X-Secret``.

The work is one small upsert, done before answering (no job): IGDB gets 200 once it is
stored. A replay is answered 200 ``unchanged`` and writes nothing; a delete of a game we never
had is answered 200 ``unknown`` (IGDB would otherwise retry it for a day). A wrong secret is
401 and a body that is not a game 400/422: nothing is written.
"""

from __future__ import annotations

from typing import Any

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, Request, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody

from streamz.core.identity.entities import Principal
from streamz.core.live.igdb.delete_game import DeleteIgdbGame, DeleteIgdbGameRequest
from streamz.core.live.igdb.sync_game import SyncIgdbGame, SyncIgdbGameRequest
from streamz.entrypoints.http.igdb.secret import igdb_principal, secret_guard
from streamz.entrypoints.http.igdb.views import IgdbGameIn, IgdbGameRefIn, IgdbSyncOut, sent_body
from streamz.entrypoints.http.problems import problem_responses

ERRORS = (400, 401, 409, 413, 422)


class IgdbWebhooks(Controller):
    path = "/igdb"
    security = [{"igdbSecret": []}]
    tags = ["webhooks"]
    guards = [secret_guard]  # before the body is read
    dependencies = {"igdb": Provide(igdb_principal)}

    @post(
        ["/create", "/update"],
        summary="IGDB game created or updated: upsert its category (merged by slug with a staff"
        " one; revives a deleted one)",
        status_code=200,
        responses=problem_responses(*ERRORS),
    )
    @inject
    async def igdb_game(
        self,
        igdb: NamedDependency[Principal],
        data: JSONBody[IgdbGameIn],  # documents and checks the shape
        request: Request[Any, Any, Any],
        use_case: FromDishka[SyncIgdbGame],
    ) -> IgdbSyncOut:
        """IGDB calls this when a game is created or updated: the category of that game is created,
        updated, merged with a staff category of the same slug, or revived. Authenticated by the
        `X-Secret` header (401 otherwise).
        """
        game = sent_body(await request.body())
        return IgdbSyncOut.of(await use_case(SyncIgdbGameRequest(igdb, game)))

    @post(
        "/delete",
        summary="IGDB game deleted: soft-delete its category",
        status_code=200,
        responses=problem_responses(*ERRORS),
    )
    @inject
    async def igdb_game_delete(
        self,
        igdb: NamedDependency[Principal],
        data: JSONBody[IgdbGameRefIn],  # documents and checks the shape
        request: Request[Any, Any, Any],
        use_case: FromDishka[DeleteIgdbGame],
    ) -> IgdbSyncOut:
        """IGDB calls this when a game is deleted: its category is soft-deleted. Authenticated by
        the `X-Secret` header (401 otherwise).
        """
        game = sent_body(await request.body())
        return IgdbSyncOut.of(await use_case(DeleteIgdbGameRequest(igdb, game)))
