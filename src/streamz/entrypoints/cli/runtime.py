"""What every CLI command needs: settings (with local services filled in), use-case calls,
data output (text at a terminal, JSON when piped or with ``--json``), and one-line errors with
a non-zero exit.

Light on purpose: it imports no server library, the container or the HTTP app; those come in
when a command calls ``run_with_container`` (``streamzctl --help`` stays fast, see main.py).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from streamz.core.errors import Invalid, RateLimited, StreamzError
from streamz.entrypoints.bootstrap import LocalServicesError, local_services, resolve_settings
from streamz.settings import Settings, SettingsError

if TYPE_CHECKING:
    from dishka import AsyncContainer

__all__ = [
    "call",
    "cli_errors",
    "echo_json",
    "error_lines",
    "fail",
    "json_option",
    "json_requested",
    "local_services",
    "resolve_settings",
    "run_with_container",
]

P = ParamSpec("P")
T = TypeVar("T")

_output = {"json": False}  # set by a command's --json flag (one command per process)


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def error_lines(error: StreamzError) -> list[str]:
    """The lines an error prints after ``error: ``: ``<code>: <field>: <message>`` for each
    invalid field (the paths the HTTP problem's ``errors`` list names), else
    ``<code>: <detail>``; a rate limit says when to retry, as ``Retry-After`` does."""
    if isinstance(error, Invalid) and error.errors:
        return [f"{error.code}: {e.field}: {e.message}" for e in error.errors]
    if isinstance(error, RateLimited):
        return [f"{error.code}: {error.detail} (retry after {error.retry_after} s)"]
    return [f"{error.code}: {error.detail}"]


def cli_errors(command: Callable[P, T]) -> Callable[P, T]:
    """Turn known errors into lines on stderr and a non-zero exit code (1; 2 for settings and
    the local services); so is a dependency down (``unavailable: ...``), whatever raised it."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except StreamzError as error:
            for line in error_lines(error):
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(1) from None
        except (SettingsError, LocalServicesError) as error:
            raise fail(str(error).replace("\n", " "), 2) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:
            from streamz.entrypoints.outages import as_unavailable

            unavailable = as_unavailable(error)
            if unavailable is None:
                raise
            raise fail(f"{unavailable.code}: {unavailable.detail}") from None

    return wrapper


def run_with_container(settings: Settings, work: Callable[[AsyncContainer], Awaitable[T]]) -> T:
    import asyncio

    from streamz.container import make_container

    async def main() -> T:
        container = make_container(settings)
        try:
            return await work(container)
        finally:
            await container.close()

    return asyncio.run(main())


def call(use_case: type[Any], request: object) -> Any:
    """Run one use case (acting as whoever ``request.actor`` is) on the configured servers."""

    async def work(container: AsyncContainer) -> Any:
        async with container() as scope:
            handler = await scope.get(use_case)
            return await handler(request)

    return run_with_container(resolve_settings(), work)


# ----------------------------------------------------------------------------- data output


def _set_json(value: bool) -> bool:
    _output["json"] = value
    return value


def json_requested() -> bool:
    """Whether the command was given ``--json``."""
    return _output["json"]


@functools.cache
def json_option() -> Any:
    """``--json``, which main.py adds to every command that prints data: made by Typer from a
    declared option, not exposed to the command (it sets what ``echo_json`` prints)."""

    def probe(
        json: Annotated[
            bool,
            typer.Option(
                "--json",
                callback=_set_json,
                is_eager=True,
                help="Print JSON (the API's fields), as when stdout is not a terminal.",
            ),
        ] = False,
    ) -> None:
        """A command to build the option from."""

    scratch = typer.Typer(add_completion=False)
    scratch.command()(probe)
    option = next(p for p in typer.main.get_command(scratch).params if p.name == "json")
    option.expose_value = False
    return option


def echo_json(value: object) -> None:
    """Print data: JSON with the HTTP API's field names when stdout is not a terminal or with
    ``--json``; at a terminal without it, the same fields as indented ``name: value`` lines
    (a list of objects as one block per item)."""
    import msgspec

    if _output["json"] or not _is_terminal():
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(value)).decode() + "\n")
        return
    plain = msgspec.json.decode(msgspec.json.encode(value))
    sys.stdout.write("\n".join(_text(plain, 0)) + "\n")


def _is_terminal() -> bool:
    return sys.stdout.isatty()


def _text(value: object, depth: int) -> Iterator[str]:
    pad = "  " * depth
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                yield f"{pad}{key}:"
                yield from _text(item, depth + 1)
            else:
                yield f"{pad}{key}: {_scalar(item)}"
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict | list) and item:
                yield f"{pad}- [{index}]"
                yield from _text(item, depth + 1)
            else:
                yield f"{pad}- {_scalar(item)}"
    else:
        yield f"{pad}{_scalar(value)}"


def _scalar(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value in ([], {}):
        return "(none)"
    return str(value)
