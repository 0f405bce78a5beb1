"""Bindings of stored media: the object store (from settings) and the image codec (Pillow)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.localdisk.store import LocalDiskStore
from streamz.adapters.memory.media import MemoryObjectStore
from streamz.adapters.pillow.images import PillowImageCodec
from streamz.adapters.s3.store import open_s3_store
from streamz.core.media.get_media import GetMedia
from streamz.ports.media import ImageCodec, ObjectStore
from streamz.settings import Settings
from streamz.shutdown import bounded_exit


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope), the store at APP scope."""

    scope = Scope.REQUEST

    images = provide(PillowImageCodec, provides=ImageCodec, scope=Scope.APP)

    @provide(scope=Scope.APP)
    async def object_store(self, settings: Settings) -> AsyncIterator[ObjectStore]:
        if settings.media.store == "s3":
            assert settings.media.s3_bucket is not None  # checked by Settings.from_env
            store = open_s3_store(
                settings.media.s3_bucket,
                settings.media.s3_region,
                settings.media.s3_endpoint_url,
                settings.media_url,
            )
            async with bounded_exit("S3 store", store) as opened:
                yield opened
        else:
            yield LocalDiskStore(settings.media_dir, settings.media_url)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope), the store at APP scope."""

    scope = Scope.REQUEST

    # Pillow needs no server: the in-memory library decodes and re-encodes uploads too
    images = provide(PillowImageCodec, provides=ImageCodec, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def object_store(self) -> ObjectStore:
        return MemoryObjectStore()


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    media = provide_all(GetMedia)
