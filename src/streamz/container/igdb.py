"""Bindings of IGDB categories: the sync's repository, its writer and its use cases."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.igdb import MemoryIgdbCategories
from streamz.adapters.postgres.igdb import PostgresIgdbCategories
from streamz.core.live.igdb.delete_game import DeleteIgdbGame
from streamz.core.live.igdb.import_games import ImportIgdbGames
from streamz.core.live.igdb.sync import IgdbSync
from streamz.core.live.igdb.sync_game import SyncIgdbGame
from streamz.ports.igdb import IgdbCategoryRepository


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    categories = provide(PostgresIgdbCategories, provides=IgdbCategoryRepository)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    categories = provide(MemoryIgdbCategories, provides=IgdbCategoryRepository)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    sync = provide(IgdbSync)
    use_cases = provide_all(SyncIgdbGame, DeleteIgdbGame, ImportIgdbGames)
