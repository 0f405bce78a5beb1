"""Settings for a process: from the environment, with the local services filled in.

The local services and the other development servers and fakes live in ``streamz_dev``, which
a source checkout has and the product wheel does not. This is the one module of ``streamz``
that imports it, and only inside the functions that need it (an import-linter contract
holds everything else to that).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from streamz.settings import Settings, SettingsError

if TYPE_CHECKING:
    from streamz_dev.fcm import FakeFcm
    from streamz_dev.livepeer import Advertised, FakeLivepeer
    from streamz_dev.localservices import LocalServices

FAKE_LIVEPEER_FILE = "fake-livepeer.json"  # in data_dir while `streamzctl dev` runs the fake
WEBHOOK_PATH = "/internal/webhooks/livepeer"
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


def fake_livepeer(settings: Settings) -> FakeLivepeer:
    """A fake Livepeer Studio on loopback, not yet started (``streamzctl dev`` without a
    Livepeer API key): it signs its webhooks with the secret the server checks
    (``Settings.livepeer_secret``), sends them to this server, and is advertised in the data
    dir while it runs (see ``running_fake_livepeer``)."""
    try:
        from streamz_dev.livepeer import FakeLivepeer
    except ModuleNotFoundError as error:
        if not _missing(error):
            raise
        raise LocalServicesError(NOT_A_CHECKOUT) from None
    import secrets

    host = settings.http.host
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - the address the server listens on
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return FakeLivepeer(
        api_key=f"fake-{secrets.token_urlsafe(16)}",
        webhook_secret=settings.livepeer_secret(),
        webhook_url=f"http://{host}:{settings.http.port}{WEBHOOK_PATH}",
        advertise=settings.data_dir / FAKE_LIVEPEER_FILE,
    )


def running_fake_livepeer(settings: Settings) -> Advertised | None:
    """The fake Livepeer of a ``streamzctl dev`` running on this data dir, if any."""
    path = settings.data_dir / FAKE_LIVEPEER_FILE
    if not path.exists():  # the usual case: no import, no cost
        return None
    try:
        from streamz_dev.livepeer import advertised
    except ModuleNotFoundError as error:
        if not _missing(error):
            raise
        return None
    return advertised(path)


def with_fake_livepeer(settings: Settings) -> Settings:
    """Without a Livepeer API key, the fake of a running ``streamzctl dev`` (if any), so that
    every process on its data dir (CLI, ``serve``, ``worker``) uses the same Livepeer."""
    if settings.livepeer.api_key:
        return settings
    fake = running_fake_livepeer(settings)
    if fake is None:
        return settings
    return replace(
        settings, livepeer=replace(settings.livepeer, url=fake.url, api_key=fake.api_key)
    )


def resolve_settings() -> Settings:
    """Settings from the environment; without external URLs, the running local services;
    without a Livepeer API key, the fake Livepeer of a running ``streamzctl dev``."""
    settings = with_fake_livepeer(Settings.from_env())
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
