"""Settings for a process: from the environment, with the local services filled in.

The local services and the other development servers and fakes live in ``streamz_dev``, which
a source checkout has and the product wheel does not. This is the one module of ``streamz``
that imports it, and only inside the functions that need it (an import-linter contract
holds everything else to that).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from streamz.settings import Settings, SettingsError

if TYPE_CHECKING:
    from streamz_dev.fcm import FakeFcm
    from streamz_dev.localservices import LocalServices

NOT_A_CHECKOUT = (
    "the local services and fakes (`streamzctl dev`, `streamzctl services`) run from a source "
    "checkout of Streamz (package streamz_dev), not from an installed Streamz; set "
    "STREAMZ_DATABASE_URL, STREAMZ_REDIS_URL and STREAMZ_TYPESENSE_URL to your servers"
)


class LocalServicesError(RuntimeError):
    """The local services are not here (an installed Streamz), or failed to start or stop.
    ``streamz_dev``'s own errors derive from it, so the CLI reports them in one line."""


def _missing(error: ModuleNotFoundError) -> bool:
    return (error.name or "").partition(".")[0] == "streamz_dev"


def local_services(settings: Settings, *, ephemeral: bool = False) -> LocalServices:
    try:
        from streamz_dev.localservices import LocalServices
    except ModuleNotFoundError as error:
        if not _missing(error):
            raise
        raise LocalServicesError(NOT_A_CHECKOUT) from None
    return LocalServices(settings.data_dir / "services", ephemeral=ephemeral)


def fake_fcm() -> FakeFcm:
    """A fake FCM on loopback, not yet started (push notifications of ``streamzctl dev``)."""
    try:
        from streamz_dev.fcm import FakeFcm
    except ModuleNotFoundError as error:
        if not _missing(error):
            raise
        raise LocalServicesError(NOT_A_CHECKOUT) from None
    return FakeFcm()


def resolve_settings() -> Settings:
    """Settings from the environment; without external URLs, the running local services."""
    settings = Settings.from_env()
    if settings.external_services:
        return settings
    urls = local_services(settings).urls()
    if urls is None:
        raise SettingsError(
            "no services: run `streamzctl services up` (or `streamzctl dev`), "
            "or set STREAMZ_DATABASE_URL, STREAMZ_REDIS_URL and STREAMZ_TYPESENSE_URL"
        )
    return settings.with_services(
        urls.database_url, urls.redis_url, urls.typesense_url, urls.typesense_api_key
    )
