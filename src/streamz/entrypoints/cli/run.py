"""`streamzctl dev|serve|worker`: run Streamz."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import typer
import uvicorn
from saq import Worker

from streamz import shutdown
from streamz.adapters.prometheus.multiprocess import directory as metrics_directory
from streamz.container import make_container
from streamz.entrypoints import migrations, tracing
from streamz.entrypoints.bootstrap import fake_fcm, fake_livepeer, local_services
from streamz.entrypoints.cli.runtime import cli_errors, resolve_settings
from streamz.entrypoints.http.app import create_app
from streamz.entrypoints.http.asgi import preload
from streamz.entrypoints.http.supervisor import STARTUP_FAILURE, Supervisor
from streamz.entrypoints.logging import configure_logging, logging_config
from streamz.entrypoints.metrics import serve_metrics
from streamz.entrypoints.worker.main import build_worker
from streamz.settings import Settings
from streamz.shutdown import ExitDeadline, bounded_close

FACTORY = "streamz.entrypoints.http.asgi:app_from_env"
GRACEFUL_SECONDS = 5  # open connections get this long to finish before they are cut
STOP_SECONDS = 15.0  # then a server process still running is killed
WORKER_STOP_SECONDS = 8.0  # SAQ: running jobs get 5 s, then 1 s once cancelled
EXIT_SECONDS = 60.0  # after a stop signal, `dev` and `worker` exit within this, whatever hangs


class _Server(uvicorn.Server):
    """uvicorn leaving SIGINT/SIGTERM to ``_api_and_worker``: its own handlers raise the signal
    again once the server returns, which would cancel the shutdown steps that follow."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def _stop_worker(worker: Worker[Any], task: asyncio.Task[None], container: Any) -> None:
    """Stop the SAQ worker (running jobs get its 5 s grace), then its queue and container, each
    step within a bound."""
    await bounded_close("worker", worker.stop(), WORKER_STOP_SECONDS)
    await bounded_close("worker task", task, 2.0)
    await bounded_close("worker queue", worker.queue.disconnect())
    await bounded_close("worker container", container.close(), shutdown.CONTAINER_SECONDS)


def _on_stop_signals(stop: Callable[[], None], deadline: ExitDeadline) -> None:
    """SIGINT/SIGTERM call ``stop`` and start the process's exit deadline."""
    loop = asyncio.get_running_loop()

    def handle() -> None:
        deadline.start()
        stop()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, handle)


async def _api_and_worker(settings: Settings, deadline: ExitDeadline) -> None:
    """API, websockets and worker in one process; returns when the server is told to stop."""
    container = make_container(settings)
    app = create_app(settings, container)
    assert settings.redis.queue is not None
    worker_container = make_container(settings)
    worker = build_worker(
        settings.redis.queue, worker_container, redis_timeout=settings.redis.timeout
    )
    worker.SIGNALS = []  # we own Ctrl-C here; the worker stops when the server does
    server = _Server(
        uvicorn.Config(
            app,
            host=settings.http.host,
            port=settings.http.port,
            log_config=None,
            lifespan="on",
            ws_per_message_deflate=False,  # compression costs CPU and memory per socket
            timeout_graceful_shutdown=GRACEFUL_SECONDS,
            proxy_headers=False,  # X-Forwarded-For: STREAMZ_TRUSTED_PROXIES (http/client_ip.py)
        )
    )

    def stop() -> None:
        if server.should_exit:  # asked again: stop waiting for open connections
            server.force_exit = True
        server.should_exit = True

    _on_stop_signals(stop, deadline)
    worker_task = asyncio.create_task(worker.start(), name="worker")
    try:
        await server.serve()
    finally:
        await _stop_worker(worker, worker_task, worker_container)


@cli_errors
def dev() -> None:
    """Run everything locally: services, migrations, API, websockets, worker. Ctrl-C stops it."""
    settings = Settings.from_env()
    configure_logging(settings.log.level, json=settings.log.json)  # JSON unless opted out
    tracing.setup_tracing(tracing.DEV)  # only if OTEL_* variables ask for it
    services = None
    if not settings.external_services:
        services = local_services(settings)
        typer.echo("starting local PostgreSQL, Redis and Typesense...")
        urls = services.start()
        settings = settings.with_services(
            urls.database_url, urls.redis_url, urls.typesense_url, urls.typesense_api_key
        )
    fcm = None  # push goes to a local fake FCM unless FCM is configured
    if settings.fcm.url is None and settings.fcm.credentials_file is None:
        fcm = fake_fcm().start()
        settings = replace(settings, fcm=replace(settings.fcm, url=fcm.url))
        typer.echo(f"push notifications go to the local fake FCM at {fcm.url}/_fake/messages")
    livepeer = None  # stream keys come from a local fake Livepeer unless Livepeer is configured
    if not settings.livepeer.api_key:
        livepeer = fake_livepeer(settings).start()
        settings = replace(
            settings,
            livepeer=replace(settings.livepeer, url=livepeer.url, api_key=livepeer.api_key),
        )
        typer.echo(
            f"stream keys come from the local fake Livepeer at {livepeer.url} "
            "(go live with: streamzctl demo live <channel>)"
        )
    try:
        assert settings.database.url is not None
        migrations.upgrade(settings.database.url)
        typer.echo(
            f"Streamz on http://{settings.http.host}:{settings.http.port} (OpenAPI at /schema)"
        )
        typer.echo("try: streamzctl accounts create alice alice@example.com")
        deadline = ExitDeadline("streamzctl dev", EXIT_SECONDS)
        with contextlib.suppress(KeyboardInterrupt):
            shutdown.run(_api_and_worker(settings, deadline))
    finally:
        if livepeer is not None:
            livepeer.stop()
        if fcm is not None:
            fcm.stop()
        if services is not None:
            services.stop()
            typer.echo("local services stopped")


@cli_errors
def serve() -> None:
    """Run the HTTP API and websockets (STREAMZ_SERVER=uvicorn|granian, STREAMZ_WORKERS=N).

    Worker processes that die are replaced; the others keep serving meanwhile.
    """
    settings = resolve_settings()  # fail early with a clear message
    with metrics_directory():  # a scrape of any process sums them all (docs/operations.md)
        _serve(settings)


def _serve(settings: Settings) -> None:
    preload()  # workers fork with the app built: a replacement serves within a moment
    if settings.http.server == "granian":
        from granian import Granian
        from granian.constants import Interfaces
        from granian.log import LogLevels

        Granian(
            FACTORY,
            address=settings.http.host,
            port=settings.http.port,
            interface=Interfaces.ASGI,
            workers=settings.http.workers,
            factory=True,
            respawn_failed_workers=True,  # it exits if one dies again within 5.5 s of its respawn
            workers_kill_timeout=int(STOP_SECONDS),
            # its own lines (parent and workers) through our handler: JSON like the rest
            log_level=LogLevels(settings.log.level.lower()),
            log_dictconfig=logging_config(settings.log.level, json=settings.log.json),
        ).serve()
        return
    config = uvicorn.Config(
        FACTORY,
        factory=True,
        host=settings.http.host,
        port=settings.http.port,
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

    supervisor = Supervisor(one_worker, config.bind_socket(), settings.http.workers)
    code = supervisor.run()
    if code:
        raise typer.Exit(code)


@cli_errors
def worker() -> None:
    """Run the background worker (SAQ jobs and the outbox relay)."""
    settings = resolve_settings()
    configure_logging(settings.log.level, json=settings.log.json)
    tracing.setup_tracing(tracing.WORKER)  # only if OTEL_* variables ask for it
    assert settings.redis.queue is not None

    async def main() -> None:
        container = make_container(settings)
        runner = build_worker(
            settings.redis.queue or "", container, redis_timeout=settings.redis.timeout
        )
        runner.SIGNALS = []  # stopped below, each step within a bound
        stopping = asyncio.Event()
        _on_stop_signals(stopping.set, ExitDeadline("streamzctl worker", EXIT_SECONDS))
        task = asyncio.create_task(runner.start(), name="worker")
        port = settings.metrics.worker_port  # its own /metrics (0: none)
        exposed = await serve_metrics(settings.http.host, port, container) if port else None
        try:
            await asyncio.wait(
                [task, asyncio.create_task(stopping.wait())], return_when="FIRST_COMPLETED"
            )
        finally:
            if exposed is not None:
                exposed.close()
            await _stop_worker(runner, task, container)

    with contextlib.suppress(KeyboardInterrupt):
        shutdown.run(main())
