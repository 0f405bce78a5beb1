"""`streamzctl dev|serve|worker`: run Streamz."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from dataclasses import replace

import typer
import uvicorn

from streamz.container import make_container
from streamz.entrypoints import migrations
from streamz.entrypoints.bootstrap import local_services
from streamz.entrypoints.cli.runtime import cli_errors, resolve_settings
from streamz.entrypoints.http.app import create_app
from streamz.entrypoints.http.asgi import preload
from streamz.entrypoints.http.supervisor import STARTUP_FAILURE, Supervisor
from streamz.entrypoints.localservices.fcm import FakeFcm  # notification delivery
from streamz.entrypoints.logging import configure_logging
from streamz.entrypoints.worker.main import build_worker
from streamz.settings import Settings

FACTORY = "streamz.entrypoints.http.asgi:app_from_env"
GRACEFUL_SECONDS = 5  # open connections get this long to finish before they are cut
STOP_SECONDS = 15.0  # then a server process still running is killed


async def _api_and_worker(settings: Settings) -> None:
    """API, websockets and worker in one process; returns when the server is told to stop."""
    container = make_container(settings)
    app = create_app(settings, container)
    assert settings.redis_url is not None
    worker_container = make_container(settings)
    worker = build_worker(
        settings.redis_url, worker_container, redis_timeout=settings.redis_timeout
    )
    worker.SIGNALS = []  # uvicorn owns Ctrl-C here; the worker stops when the server does
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=settings.host,
            port=settings.port,
            log_config=None,
            lifespan="on",
            ws_per_message_deflate=False,  # compression costs CPU and memory per socket
            proxy_headers=False,  # X-Forwarded-For: STREAMZ_TRUSTED_PROXIES (http/client_ip.py)
        )
    )
    worker_task = asyncio.create_task(worker.start(), name="worker")
    try:
        await server.serve()
    finally:
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await worker_task
        await worker.queue.disconnect()
        await worker_container.close()


@cli_errors
def dev() -> None:
    """Run everything locally: services, migrations, API, websockets, worker. Ctrl-C stops it."""
    settings = Settings.from_env()
    configure_logging(settings.log_level, json=False)
    services = None
    if not settings.external_services:
        services = local_services(settings)
        typer.echo("starting local PostgreSQL, Redis and Typesense...")
        urls = services.start()
        settings = settings.with_services(
            urls.database_url, urls.redis_url, urls.typesense_url, urls.typesense_api_key
        )
    # --- notification delivery: push goes to a local fake FCM unless FCM is configured ---
    fake_fcm = None
    if settings.fcm_url is None and settings.fcm_credentials_file is None:
        fake_fcm = FakeFcm().start()
        settings = replace(settings, fcm_url=fake_fcm.url)
        typer.echo(f"push notifications go to the local fake FCM at {fake_fcm.url}/_fake/messages")
    # --- end notification delivery ---
    try:
        assert settings.database_url is not None
        migrations.upgrade(settings.database_url)
        typer.echo(f"Streamz on http://{settings.host}:{settings.port} (OpenAPI at /schema)")
        typer.echo("try: streamzctl accounts create alice alice@example.com")
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_api_and_worker(settings))
    finally:
        if fake_fcm is not None:  # notification delivery
            fake_fcm.stop()
        if services is not None:
            services.stop()
            typer.echo("local services stopped")


@cli_errors
def serve() -> None:
    """Run the HTTP API and websockets (STREAMZ_SERVER=uvicorn|granian, STREAMZ_WORKERS=N).

    Worker processes that die are replaced; the others keep serving meanwhile.
    """
    settings = resolve_settings()  # fail early with a clear message
    preload()  # workers fork with the app built: a replacement serves within a moment
    if settings.server == "granian":
        from granian import Granian
        from granian.constants import Interfaces

        Granian(
            FACTORY,
            address=settings.host,
            port=settings.port,
            interface=Interfaces.ASGI,
            workers=settings.workers,
            factory=True,
            respawn_failed_workers=True,  # it exits if one dies again within 5.5 s of its respawn
            workers_kill_timeout=int(STOP_SECONDS),
        ).serve()
        return
    config = uvicorn.Config(
        FACTORY,
        factory=True,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        ws_per_message_deflate=False,  # compression costs CPU and memory per socket
        proxy_headers=False,  # X-Forwarded-For: STREAMZ_TRUSTED_PROXIES (http/client_ip.py)
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
    )

    def one_worker(sock: socket.socket) -> None:
        server = uvicorn.Server(config)
        server.run(sockets=[sock])
        if not server.started:
            raise SystemExit(STARTUP_FAILURE)

    supervisor = Supervisor(one_worker, config.bind_socket(), settings.workers)
    code = supervisor.run()
    if code:
        raise typer.Exit(code)


@cli_errors
def worker() -> None:
    """Run the background worker (SAQ jobs and the outbox relay)."""
    settings = resolve_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    assert settings.redis_url is not None

    async def main() -> None:
        container = make_container(settings)
        runner = build_worker(
            settings.redis_url or "", container, redis_timeout=settings.redis_timeout
        )
        try:
            await runner.start()
        finally:
            await runner.stop()
            await container.close()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
