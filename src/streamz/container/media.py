"""Bindings of stored media: the object store (from settings) and the image codec (Pillow).

Pillow and the S3 client (aioboto3) are imported when first provided, not with the container:
a command that touches no image does not load them."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.media import MemoryObjectStore
from streamz.core.media.get_media import GetMedia
from streamz.ports.media import ImageCodec, ObjectStore
from streamz.settings import Settings
from streamz.shutdown import bounded_exit


def _pillow() -> ImageCodec:
    from streamz.adapters.pillow.images import PillowImageCodec

    return PillowImageCodec()


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope), the store at APP scope."""

    scope = Scope.REQUEST

    @provide(scope=Scope.APP)
    def images(self) -> ImageCodec:
        return _pillow()

    @provide(scope=Scope.APP)
    async def object_store(self, settings: Settings) -> AsyncIterator[ObjectStore]:
        if settings.media.store == "s3":
            from streamz.adapters.s3.store import open_s3_store

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
            from streamz.adapters.localdisk.store import LocalDiskStore

            yield LocalDiskStore(settings.media_dir, settings.media_url)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope), the store at APP scope."""

    scope = Scope.REQUEST

    # Pillow needs no server: the in-memory library decodes and re-encodes uploads too
    @provide(scope=Scope.APP)
    def images(self) -> ImageCodec:
        return _pillow()

    @provide(scope=Scope.APP)
    def object_store(self) -> ObjectStore:
        return MemoryObjectStore()


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    media = provide_all(GetMedia)
