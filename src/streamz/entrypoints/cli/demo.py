"""`streamzctl demo live|end|seed`: for development and demos only.

They drive a running `streamzctl dev` on the same data dir through its fake Livepeer (found
in the data dir, see ``bootstrap.running_fake_livepeer``): the fake sends Streamz the signed
webhooks a real broadcast would (``stream.started``; ``stream.idle`` and ``recording.ready``
when it ends). Without that fake (a real Livepeer configured, another data dir, no `dev`
running) they refuse, so they never forge events into a real install. Everything else goes
through the use cases, as the other commands do.

Heavy modules are imported inside the commands: `streamzctl --help` stays fast.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Protocol, TypeVar

import typer

if TYPE_CHECKING:
    from dishka import AsyncContainer

    from streamz.settings import Settings

T = TypeVar("T")


class Advertised(Protocol):
    """The running fake Livepeer, as ``bootstrap.running_fake_livepeer`` finds it."""

    @property
    def control(self) -> str: ...
    @property
    def api_key(self) -> str: ...


demo = typer.Typer(
    help=(
        "Development and demos only: go live and fill a fresh install, through the fake "
        "Livepeer of a running `streamzctl dev` (refused anywhere else)."
    ),
    no_args_is_help=True,
)

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
LIVE_SECONDS = 20.0  # the worker applies a delivery within this, or the command fails
VOD_SECONDS = 30.0
POLL_SECONDS = 0.2


# ----------------------------------------------------------------------------- plumbing


def _fake(settings: Settings) -> Advertised:
    from streamz.entrypoints.bootstrap import running_fake_livepeer
    from streamz.entrypoints.cli.runtime import fail

    fake = running_fake_livepeer(settings)
    if fake is None:
        raise fail(
            f"no fake Livepeer runs on the data dir {settings.data_dir}: the demo commands "
            "are for development only and drive a running `streamzctl dev` (start it in "
            "another terminal, with the same STREAMZ_DATA_DIR)",
            2,
        )
    if settings.livepeer.api_key != fake.api_key:
        raise fail(
            "the demo commands are for development only: this install has a real Livepeer "
            "(STREAMZ_LIVEPEER_API_KEY is set), whose webhooks they would forge",
            2,
        )
    return fake


def _run(work: Callable[[Settings, Advertised, Caller], Awaitable[T]]) -> T:
    """``work`` with the settings (the fake Livepeer in them), the fake, and a use-case caller
    on one container; known errors become one line and exit 1."""
    from streamz.entrypoints.cli.runtime import cli_errors, resolve_settings, run_with_container

    @cli_errors
    def command() -> T:
        settings = resolve_settings()
        fake = _fake(settings)

        async def with_container(container: AsyncContainer) -> T:
            return await work(settings, fake, Caller(container))

        return run_with_container(settings, with_container)

    return command()


@dataclass(frozen=True, slots=True)
class Caller:
    container: AsyncContainer

    async def __call__(self, use_case: type[Any], request: object) -> Any:
        async with self.container() as scope:
            handler = await scope.get(use_case)
            return await handler(request)


def _system() -> Any:
    from streamz.core.identity.entities import Principal

    return Principal.system()


async def _control(fake: Advertised, stream_id: str, action: str) -> None:
    """Ask the fake to start or end a broadcast; every webhook it sent must be accepted."""
    import httpx

    from streamz.entrypoints.cli.runtime import fail

    async with httpx.AsyncClient(timeout=30) as http:
        try:
            answer = await http.post(f"{fake.control}/streams/{stream_id}/{action}")
        except httpx.HTTPError as error:
            raise fail(f"the fake Livepeer did not answer: {type(error).__name__}") from None
    if answer.status_code != httpx.codes.OK:
        raise fail(f"the fake Livepeer answered {answer.status_code}: {answer.text[:200]}")
    for delivery in answer.json()["deliveries"]:
        status, event = delivery["status"], delivery["event"]
        if not status:
            raise fail(f"{event} did not reach Streamz (is `streamzctl dev` still running?)")
        if not 200 <= status < 300:
            raise fail(f"Streamz answered {event} with {status}")


async def _until(check: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    import asyncio

    from streamz.entrypoints.cli.runtime import fail

    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            raise fail(f"{what} did not happen within {seconds:.0f} s (is the worker running?)")
        await asyncio.sleep(POLL_SECONDS)


async def _is_live(call: Caller, channel: str) -> bool:
    from streamz.core.channels.get_channel import GetChannel, GetChannelRequest

    profile = await call(GetChannel, GetChannelRequest(_system(), channel))
    return bool(profile.channel.is_live)


async def _vod_ids(call: Caller, channel: str) -> set[str]:
    from streamz.core.live.directory.list_channel_vods import (
        ListChannelVods,
        ListChannelVodsRequest,
    )

    page = await call(ListChannelVods, ListChannelVodsRequest(_system(), channel, limit=100))
    return {str(vod.id) for vod in page.data}


async def _stream_id(call: Caller, channel: str) -> str:
    from streamz.core.live.streams.get_stream_key import GetStreamKey, GetStreamKeyRequest

    key = await call(GetStreamKey, GetStreamKeyRequest(_system(), channel))
    return str(key.stream.livepeer_stream_id)


async def _go_live(call: Caller, fake: Advertised, channel: str) -> bool:
    """The channel goes live (its stream created at the fake first); False: it already was."""
    if await _is_live(call, channel):
        return False
    await _control(fake, await _stream_id(call, channel), "start")
    await _until(lambda: _is_live(call, channel), LIVE_SECONDS, f"{channel} going live")
    return True


async def _end(call: Caller, fake: Advertised, channel: str) -> Any:
    """End the channel's broadcast; the VOD Livepeer's recording made."""
    from streamz.entrypoints.cli.runtime import fail

    if not await _is_live(call, channel):
        raise fail(f"{channel} is not live (go live with: streamzctl demo live {channel})")
    before = await _vod_ids(call, channel)
    await _control(fake, await _stream_id(call, channel), "end")

    async def ended() -> bool:
        return not await _is_live(call, channel) and bool(await _vod_ids(call, channel) - before)

    await _until(ended, VOD_SECONDS, f"{channel} ending with a VOD")
    from streamz.core.live.directory.list_channel_vods import (
        ListChannelVods,
        ListChannelVodsRequest,
    )

    page = await call(ListChannelVods, ListChannelVodsRequest(_system(), channel, limit=100))
    return next(vod for vod in page.data if str(vod.id) not in before)


def _vod_line(channel: str, vod: Any) -> str:
    return (
        f"{channel} ended; its VOD {vod.id} ({vod.duration_seconds} s, "
        f"{vod.title or 'untitled'}) plays at {vod.playback_url}"
    )


# ----------------------------------------------------------------------------- live, end


@demo.command("live")
def live(
    channel: Channel,
    seconds: Annotated[
        int | None,
        typer.Option(
            "--seconds",
            min=1,
            help="end the broadcast after this long (Ctrl-C ends it sooner); "
            "without it, the channel stays live until `streamzctl demo end`",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="the stream's title")] = None,
) -> None:
    """Development only: make the channel go live, as a real broadcast would.

    The fake Livepeer of the running `streamzctl dev` sends Streamz a signed
    `stream.started` (and, when the broadcast ends, `stream.idle` and `recording.ready`):
    the channel is live, in the directory, and ends with a VOD. Refused without that fake.
    """

    async def work(settings: Settings, fake: Advertised, call: Caller) -> None:
        if title is not None:
            from streamz.core.live.directory.update_stream_info import (
                UpdateStreamInfo,
                UpdateStreamInfoRequest,
            )

            await call(UpdateStreamInfo, UpdateStreamInfoRequest(_system(), channel, title=title))
        started = await _go_live(call, fake, channel)
        typer.echo(f"{channel} is live" if started else f"{channel} was live already")
        if seconds is None:
            typer.echo(f"end it with: streamzctl demo end {channel}")
            return
        import asyncio

        try:
            await asyncio.sleep(seconds)
        finally:  # Ctrl-C (the sleep cancelled) ends it too
            typer.echo(_vod_line(channel, await _end(call, fake, channel)))

    _run(work)


@demo.command("end")
def end(channel: Channel) -> None:
    """Development only: end the channel's broadcast (`stream.idle`, then `recording.ready`:
    a VOD). Refused without the fake Livepeer of a running `streamzctl dev`."""

    async def work(settings: Settings, fake: Advertised, call: Caller) -> None:
        typer.echo(_vod_line(channel, await _end(call, fake, channel)))

    _run(work)


# ----------------------------------------------------------------------------- seed

CATEGORIES = (
    ("Just Chatting", ("Talk show",)),
    ("Music", ("Music",)),
    ("Software and Game Development", ("Education",)),
    ("Chess", ("Board game", "Strategy")),
    ("Speedrunning", ("Platform",)),
)
# username, title, category, tags, live
CHANNELS = (
    ("bob", "Lo-fi beats to code to", "music", ("lofi", "chill"), True),
    (
        "carol",
        "Building a game engine in a weekend",
        "software-and-game-development",
        ("rust", "gamedev"),
        True,
    ),
    ("dave", "Blitz with viewers", "chess", ("chess", "viewer-games"), True),
    ("erin", "Morning coffee chat", "just-chatting", ("coffee",), False),
    ("frank", "Any% practice", "speedrunning", ("speedrun",), False),
)
FOLLOWS = {  # who follows whom
    "bob": ("carol", "dave"),
    "carol": ("bob", "dave", "erin"),
    "dave": ("bob",),
    "erin": ("bob", "carol", "dave", "frank"),
    "frank": ("carol",),
}
CATEGORY_FOLLOWS = {"bob": ("music",), "carol": ("chess", "music"), "erin": ("just-chatting",)}
CHAT = (  # room, author, content
    ("bob", "carol", "this track is perfect for debugging"),
    ("bob", "erin", "hi bob! what's playing?"),
    ("bob", "bob", "welcome in, everyone"),
    ("carol", "bob", "how is the renderer going?"),
    ("carol", "carol", "triangles on screen, finally"),
    ("carol", "erin", "that's a lot of triangles"),
    ("dave", "bob", "gg, that was close"),
    ("dave", "dave", "next game in 2 minutes"),
)


@demo.command("seed")
def seed() -> None:
    """Development only: fill a fresh install with categories, channels (accounts bob, carol,
    dave, erin, frank), follows, three live streams and chat messages.

    Through the same use cases as the API. Running it again adds nothing that is there
    already. Refused without the fake Livepeer of a running `streamzctl dev`.
    """

    async def work(settings: Settings, fake: Advertised, call: Caller) -> None:
        accounts = await _seed_accounts(call)
        await _seed_categories(call)
        await _seed_stream_info(call)
        follows = await _seed_follows(call, accounts)
        went_live = [
            slug for slug, *_, is_live in CHANNELS if is_live and await _go_live(call, fake, slug)
        ]
        sent = await _seed_chat(call)
        live = [slug for slug, *_, is_live in CHANNELS if is_live]
        typer.echo(
            f"seeded: {len(CATEGORIES)} categories; channels {', '.join(accounts)}; "
            f"{follows} follows; live: {', '.join(live)} ({len(went_live)} went live now); "
            f"{sent} new chat messages"
        )

    _run(work)


async def _seed_accounts(call: Caller) -> dict[str, Any]:
    """username -> account id (an account of that name made earlier by hand is kept)."""
    from streamz.core.errors import Conflict
    from streamz.core.identity.get_account import GetAccount, GetAccountRequest
    from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest

    ids: dict[str, Any] = {}
    for username, *_ in CHANNELS:
        request = RegisterAccountRequest(
            _system(), f"demo-{username}", username, f"{username}@example.com", True
        )
        try:
            ids[username] = (await call(RegisterAccount, request)).account.id
        except Conflict:  # the name is someone else's: use that account
            profile = await call(GetAccount, GetAccountRequest(_system(), username))
            ids[username] = profile.account.id
    return ids


async def _seed_categories(call: Caller) -> None:
    from streamz.core.live.create_category import CreateCategory, CreateCategoryRequest
    from streamz.core.live.errors import CategoryNotFound
    from streamz.core.live.get_category import GetCategory, GetCategoryRequest

    for name, genres in CATEGORIES:
        slug = name.lower().replace(" ", "-")
        created = CreateCategoryRequest(_system(), name, slug, genres=list(genres))
        try:
            await call(GetCategory, GetCategoryRequest(_system(), slug))
        except CategoryNotFound:
            await call(CreateCategory, created)


async def _seed_stream_info(call: Caller) -> None:
    from streamz.core.live.directory.update_stream_info import (
        UpdateStreamInfo,
        UpdateStreamInfoRequest,
    )

    for slug, title, category, tags, _ in CHANNELS:
        request = UpdateStreamInfoRequest(
            _system(), slug, title=title, category=category, tags=tags, language="en"
        )
        await call(UpdateStreamInfo, request)


async def _seed_follows(call: Caller, accounts: dict[str, Any]) -> int:
    from streamz.core.social.follow_category import FollowCategory, FollowCategoryRequest
    from streamz.core.social.follow_channel import FollowChannel, FollowChannelRequest

    count = 0
    for follower, channels in FOLLOWS.items():  # follows are idempotent
        for channel in channels:
            await call(FollowChannel, FollowChannelRequest(_system(), channel, accounts[follower]))
            count += 1
    for follower, categories in CATEGORY_FOLLOWS.items():
        for category in categories:
            request = FollowCategoryRequest(_system(), category, accounts[follower])
            await call(FollowCategory, request)
    return count


async def _seed_chat(call: Caller) -> int:
    """Each scripted message once: one already in its room (same author and text) is kept."""
    from streamz.core.chat.messages.list_messages import ListMessages, ListMessagesRequest
    from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
    from streamz.core.identity.get_account import GetAccount, GetAccountRequest

    sent = 0
    for room in dict.fromkeys(room for room, _, _ in CHAT):
        page = await call(ListMessages, ListMessagesRequest(_system(), room, limit=100))
        there = {(m.author_id, m.content) for m in page.data}
        for _, author, content in (line for line in CHAT if line[0] == room):
            profile = await call(GetAccount, GetAccountRequest(_system(), author))
            if (profile.account.id, content) in there:
                continue
            request = SendMessageRequest(_system(), room, content, author=author)
            await call(SendMessage, request)
            sent += 1
    return sent
