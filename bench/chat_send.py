"""Chat send benchmark: POST messages through the full HTTP stack with every check on,
10 blocked terms per room vs 1,000, against a bare insert; then a gap-free seq check.

    uv run python bench/chat_send.py [--seconds 10] [--rooms 50] [--senders-per-room 4]

Starts ephemeral local PostgreSQL/Redis/Typesense, migrates, and sets up through the real use
cases (``RegisterAccount``, ``FollowChannel``, ``GrantSubscription``, ``UpdateChatSettings``)
two sets of ``--rooms`` channels: set A blocks ``--few-terms`` terms per room, set B
``--many-terms`` (stored through the Postgres adapter, or ``--terms-via use-case``: one
``CreateTerm`` each, minutes for 50,000). Each room gets ``--senders-per-room`` senders
(verified email, following and subscribed; accounts and follows backdated a day so the age
checks pass). Then, with ``streamzctl serve`` (1 worker), in ``--rounds`` pairs (A B, B A...):

- phase A / phase B: one keep-alive connection per sender of the set (200 by default), each
  POSTing ``/private/v1/channels/{slug}/chatroom/messages`` in a loop with its own session JWT
  (signed with the local issuer's key in the server's data dir) and a fresh random text that
  contains none of the terms; every answer must be a 201 holding the sender's username;
- baseline: the same number of workers in this process, each appending the same row shape for
  one sender of set A through ``PostgresMessages.append`` (the seq upsert + insert the app runs)
  on a raw asyncpg pool of the server's size, one transaction per message.

Prints msgs/s, p50 and p99 of each, the ratios B/A and full/baseline, and checks in the database
that every room's seqs (its messages and its other events in ``chat_room_events``, which share
the counter) are exactly 1..N. Exits 1 on any failed send or a seq gap/duplicate, 2
if the setup fails, 130 on Ctrl-C/SIGTERM; everything started is stopped on every path.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import textwrap
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import _summary
import asyncpg
import httpx
from _chat_load import Bench, Op, Source, closed_loop, figures, http_load, json_post, run_bench
from dishka import AsyncContainer
from http_read import (
    BIN,
    HOST,
    Load,
    Server,
    checkpoint,
    ratios,
    run_interruptible,
    server_env,
    settings_for,
)

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz.adapters.postgres.blocked_terms import PostgresBlockedTerms
from streamz.adapters.postgres.messages import PostgresMessages
from streamz.adapters.postgres.unit import PostgresUnit, create_pool
from streamz.container import make_container
from streamz.core.channels.subscriptions.grant_subscription import (
    GrantSubscription,
    GrantSubscriptionRequest,
)
from streamz.core.chat.blocked_terms.create_term import CreateTerm, CreateTermRequest
from streamz.core.chat.blocked_terms.entities import BlockedTerm
from streamz.core.chat.blocked_terms.matcher import BlockedTermMatcher
from streamz.core.chat.blocked_terms.normalise import check_term
from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.chat.messages.codec import identity_from_json
from streamz.core.chat.messages.entities import Fragment, FragmentKind, Message
from streamz.core.chat.update_settings import UpdateChatSettings, UpdateChatSettingsRequest
from streamz.core.errors import FieldError
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import (
    RegisterAccount,
    RegisterAccountRequest,
    Registration,
)
from streamz.core.shared.ids import new_id
from streamz.core.social.follow_channel import FollowChannel, FollowChannelRequest
from streamz.settings import LOCAL_AUDIENCE, LOCAL_ISSUER, Settings
from streamz_dev.localservices import ServiceUrls

T = TypeVar("T")
SYSTEM = Principal.system()
PATH = "/private/v1/channels/{slug}/chatroom/messages"
AGE_MINUTES = 10  # followers-only and minimum account age, in minutes (the seed is backdated)
# the settings every room gets: each check on, set so that the senders pass it
ROOM_SETTINGS: dict[str, Any] = {
    "followers_only": AGE_MINUTES,  # senders follow the channel (backdated a day)
    "subscribers_only": True,  # senders hold a tier-1 subscription
    "min_account_age_minutes": AGE_MINUTES,  # accounts backdated a day
    "verified_email_required": True,  # senders registered with a verified email
    "unique_chat": True,  # every text is new (random words)
    "links_allowed": False,  # the texts hold no link, but each one is scanned for links
    "slow_mode_seconds": 0,  # off: senders send back to back (the peek still runs: unique chat)
    "emote_only": False,  # off: the texts are words (the channel's emotes are still loaded)
    "non_moderator_delay_seconds": 0,
    "rate_limit_messages": 1000,  # the maximum: counted in Redis on every send, never refused
}
CHECKS = (
    "ban lookup; followers-only (follow lookup, {age} min); subscribers-only (subscription "
    "lookup); emote parse (channel emotes loaded, none defined); min account age {age} min; "
    "verified email; unique chat (Redis peek + key set); slow mode off (0); blocked terms "
    "(version read + compiled Aho-Corasick walk); links off (each text scanned); rate limit "
    "1,000 per {window} s per sender (Redis sliding window, counted on every send); then the "
    "chat identity, the seq upsert + insert, the outbox row, COMMIT, and the realtime publish to "
    "Redis after the commit"
)
BASELINE_DOES = (
    "{n} tasks in this process on a raw asyncpg pool of {pool} (the app's create_pool), each "
    "as one sender of set A: PostgresMessages.append (chatroom_sequences upsert + chat_messages "
    "insert, one statement) + COMMIT per message; row shape of the full stack's rows (same "
    "author JSON, one text fragment); no HTTP, no checks, no outbox row"
)
CONSONANTS, VOWELS = "bdfgklmnprstvz", "aeiou"
TERM_LETTERS = "bcdfghjklmnpqrvwxz"  # terms are runs of 4-9 of these; chat words never hold two


# ---------------------------------------------------------------------------- texts and terms


def vocabulary(rng: random.Random, size: int = 400) -> list[str]:
    """Words of consonant-vowel syllables: no two consonants in a row, so no term can match."""
    words: set[str] = set()
    while len(words) < size:
        words.add(
            "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.randint(1, 3)))
        )
    return sorted(words)


def chat_text(rng: random.Random, words: Sequence[str]) -> str:
    return " ".join(rng.choices(words, k=rng.randint(4, 14)))


def blocked_terms(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` (term, matching key) pairs, distinct keys, the four wildcard forms mixed."""
    terms: dict[str, str] = {}
    while len(terms) < count:
        core = "".join(rng.choices(TERM_LETTERS, k=rng.randint(4, 9)))
        term = rng.choice((core, f"{core}*", f"*{core}", f"*{core}*"))
        errors: list[FieldError] = []
        _, key = check_term(errors, "term", term)
        if not errors:
            terms.setdefault(key, term)
    return [(term, key) for key, term in terms.items()]


# ---------------------------------------------------------------------------- setup


@dataclass
class Room:
    phase: str  # "A" or "B"
    slug: str
    channel_id: uuid.UUID
    chatroom_id: uuid.UUID
    terms: list[tuple[str, str]] = field(default_factory=list)  # (term, matching key)


@dataclass(frozen=True)
class Sender:
    room: Room
    username: str
    identity_id: str
    account_id: uuid.UUID


async def in_requests(
    settings: Settings, jobs: Sequence[Callable[[AsyncContainer], Awaitable[T]]], parallel: int = 8
) -> list[T]:
    """Run each job in its own request container (like one API request), ``parallel`` at once."""
    container = make_container(settings)
    gate = asyncio.Semaphore(parallel)

    async def one(job: Callable[[AsyncContainer], Awaitable[T]]) -> T:
        async with gate, container() as request:
            return await job(request)

    try:
        return list(await asyncio.gather(*(one(j) for j in jobs)))
    finally:
        await container.close()


def register(name: str) -> Callable[[AsyncContainer], Awaitable[Registration]]:
    """An account (and its channel) with a verified email; identity id ``id-<name>``."""

    async def job(request: AsyncContainer) -> Registration:
        use_case = await request.get(RegisterAccount)
        return await use_case(
            RegisterAccountRequest(SYSTEM, f"id-{name}", name, f"{name}@example.com", True)
        )

    return job


def call(kind: type[Any], payload: object) -> Callable[[AsyncContainer], Awaitable[object]]:
    """``kind(payload)``: the use case of that type called with that request."""

    async def job(request: AsyncContainer) -> object:
        use_case = await request.get(kind)
        result: object = await use_case(payload)
        return result

    return job


async def set_up(settings: Settings, dsn: str, opts: Options) -> list[Sender]:
    rng = random.Random(7)
    rooms: list[Room] = []
    senders: list[Sender] = []
    for phase, terms in (("A", opts.few_terms), ("B", opts.many_terms)):
        owners = [f"room_{phase.lower()}_{i}" for i in range(opts.rooms)]
        done = await in_requests(settings, [register(n) for n in owners])
        for reg in done:
            room = Room(phase, reg.channel.slug, reg.channel.id, reg.chatroom.id)
            room.terms = blocked_terms(rng, terms)
            rooms.append(room)
        names = [f"sender_{phase.lower()}_{i}" for i in range(opts.rooms * opts.per_room)]
        done = await in_requests(settings, [register(n) for n in names])
        phase_rooms = rooms[-opts.rooms :]
        for i, reg in enumerate(done):
            senders.append(
                Sender(phase_rooms[i % opts.rooms], names[i], f"id-{names[i]}", reg.account.id)
            )
    print(f"  registered {len(rooms)} room owners and {len(senders)} senders", flush=True)
    jobs = [
        call(FollowChannel, FollowChannelRequest(SYSTEM, s.room.slug, s.account_id))
        for s in senders
    ] + [
        call(GrantSubscription, GrantSubscriptionRequest(SYSTEM, s.room.slug, s.username))
        for s in senders
    ]
    await in_requests(settings, jobs)
    connection = await asyncpg.connect(dsn)
    try:  # so that the age checks compare real ages (nothing reads these before the server)
        await connection.execute(
            "UPDATE accounts SET created_at = created_at - interval '1 day'"
            " WHERE username = ANY($1)",
            [s.username for s in senders],
        )
        await connection.execute(
            "UPDATE channel_follows SET followed_at = followed_at - interval '1 day'"
        )
    finally:
        await connection.close()
    changes = {**ROOM_SETTINGS, "rate_limit_window_seconds": opts.rate_window}
    await in_requests(
        settings,
        [
            call(UpdateChatSettings, UpdateChatSettingsRequest(SYSTEM, r.slug, changes))
            for r in rooms
        ],
    )
    print("  senders follow and subscribe; room settings set", flush=True)
    started = time.perf_counter()
    if opts.terms_via == "use-case":
        await create_terms(settings, rooms)
        how = "CreateTerm"
    else:
        await store_terms(dsn, rooms, opts.pool_size)
        how = "PostgresBlockedTerms.add + bump"
    print(
        f"  blocked terms: {opts.few_terms} per room in set A, {opts.many_terms} in set B "
        f"({how} x {sum(len(r.terms) for r in rooms):,}, {time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    return senders


async def create_terms(settings: Settings, rooms: Sequence[Room]) -> None:
    """Through ``CreateTerm`` (system), one request per term, as the API adds them."""
    most = max(len(r.terms) for r in rooms)
    await in_requests(
        settings,
        [  # term k of every room, then term k + 1: concurrent writers lock different channels
            call(CreateTerm, CreateTermRequest(SYSTEM, r.slug, r.terms[k][0]))
            for k in range(most)
            for r in rooms
            if k < len(r.terms)
        ],
    )


async def store_terms(dsn: str, rooms: Sequence[Room], parallel: int) -> None:
    """The rows ``CreateTerm`` writes (terms checked by the same ``check_term``, distinct keys),
    through the app's adapter: every term of a room, then one version bump, one transaction
    per room. Leaves out only CreateTerm's per-term audit entry and outbox event."""
    pool = await create_pool(dsn, parallel)
    gate = asyncio.Semaphore(parallel)

    async def one(room: Room) -> None:
        async with gate:
            unit = PostgresUnit(pool)
            try:
                terms, now = PostgresBlockedTerms(unit), datetime.now(UTC)
                for term, key in room.terms:
                    await terms.add(BlockedTerm(new_id(), room.channel_id, term, key, None, now))
                await terms.bump(room.channel_id)
                await unit.commit()
            finally:
                await unit.close()

    try:
        await asyncio.gather(*(one(r) for r in rooms))
    finally:
        await pool.close()


def check_texts(senders: Sequence[Sender], words: Sequence[str]) -> None:
    """No generated text may hit a term: every send must be a 201 that paid the full walk."""
    matcher = BlockedTermMatcher({t for s in senders for t in s.room.terms})
    rng = random.Random(3)
    for _ in range(5000):
        text = chat_text(rng, words)
        if (hit := matcher.match(text)) is not None:
            raise RuntimeError(f"generated text {text!r} holds the blocked term {hit!r}")


# ---------------------------------------------------------------------------- load


def sources(
    port: int, issuer: LocalIssuer, senders: Sequence[Sender], words: list[str], run: int
) -> list[Source]:
    """One source per sender: its own token, a fresh text each time (new in every ``run``:
    unique chat is on), its username to find in the answer."""
    result: list[Source] = []
    for n, s in enumerate(senders):
        post = json_post(port, PATH.format(slug=s.room.slug), issuer.issue(s.identity_id))
        marker = f'"username":"{s.username}"'.encode()
        rng = random.Random(f"{run}-{n}")

        def source(
            post: Callable[[Any], bytes] = post, marker: bytes = marker, rng: random.Random = rng
        ) -> tuple[bytes, bytes]:
            return post({"content": chat_text(rng, words), "reply_to": None}), marker

        result.append(source)
    return result


def probe(port: int, issuer: LocalIssuer, sender: Sender) -> None:
    """One send before the load, so a refusal shows its problem document at once."""
    response = httpx.post(
        f"http://{HOST}:{port}{PATH.format(slug=sender.room.slug)}",
        json={"content": "hello there", "reply_to": None},
        headers={"Authorization": f"Bearer {issuer.issue(sender.identity_id)}"},
        timeout=30.0,
    )
    if response.status_code != 201:
        raise RuntimeError(
            f"probe send as {sender.username} to {sender.room.slug}: "
            f"{response.status_code} {response.text}"
        )


def merge(loads: Sequence[Load]) -> Load:
    total = Load()
    for load in loads:
        total.requests += load.requests
        total.seconds += load.seconds
        total.latencies += load.latencies
        total.errors.update(load.errors)
        total.error_samples += load.error_samples
        for name in ("client_cpu", "server_cpu", "postgres_cpu", "other_cpu"):
            share = getattr(total, name) + getattr(load, name) * load.seconds
            setattr(total, name, share)
    for name in ("client_cpu", "server_cpu", "postgres_cpu", "other_cpu"):
        setattr(total, name, getattr(total, name) / total.seconds if total.seconds else 0.0)
    return total


def full_stack(
    urls: ServiceUrls, tmp: Path, senders: Sequence[Sender], opts: Options, pg: int | None
) -> dict[str, Load]:
    env = server_env(urls, tmp / "data", opts.server, opts.pool_size)
    server = Server(
        f"{opts.server} full stack", [str(BIN / "streamzctl"), "serve"], env, tmp / "server.log"
    )
    # the server verifies with the key in its data dir, which this process signs with
    issuer = LocalIssuer(
        tmp / "data" / "jwt-signing-key.pem", issuer=LOCAL_ISSUER, audience=LOCAL_AUDIENCE
    )
    words = vocabulary(random.Random(11))
    check_texts(senders, words)
    by_phase = {p: [s for s in senders if s.room.phase == p] for p in ("A", "B")}
    loads: dict[str, list[Load]] = {"A": [], "B": []}
    server.start()
    try:
        server.wait_ready()
        for phase in ("A", "B"):
            probe(server.port, issuer, by_phase[phase][0])
        for round_ in range(opts.rounds):
            for phase in ("A", "B") if round_ % 2 == 0 else ("B", "A"):  # A B B A A B ...
                checkpoint()
                load = http_load(
                    server.port,
                    sources(server.port, issuer, by_phase[phase], words, round_),
                    expect=201,
                    warmup=opts.warmup,
                    seconds=opts.seconds,
                    server_pid=server.pid,
                    postgres_pid=pg,
                )
                loads[phase].append(load)
                terms = len(by_phase[phase][0].room.terms)
                print(figures(f"{phase}: {terms:,} terms", load), flush=True)
                if load.error_count:
                    print(f"    round {round_ + 1}, first errors: {load.error_samples[:3]}")
                    print(f"    server log (tail):\n{server.tail()}")
    finally:
        server.stop()
    return {phase: merge(runs) for phase, runs in loads.items()}


def baseline(dsn: str, senders: Sequence[Sender], opts: Options, pg: int | None) -> Load:
    pool: list[asyncpg.Pool[asyncpg.Record]] = []

    async def start() -> Sequence[Op]:
        pool.append(await create_pool(dsn, opts.pool_size))
        rows = await pool[0].fetch(
            "SELECT DISTINCT ON (author_id) author_id, author FROM chat_messages"
            " WHERE author_id = ANY($1)",
            [s.account_id for s in senders],
        )
        authors = {r["author_id"]: identity_from_json(r["author"]) for r in rows}
        if len(authors) < len(senders):
            raise RuntimeError("baseline: some senders of set A stored no message to copy")
        words = vocabulary(random.Random(11))
        return [
            op(s, authors[s.account_id], random.Random(n), words) for n, s in enumerate(senders)
        ]

    def op(sender: Sender, author: ChatIdentity, rng: random.Random, words: list[str]) -> Op:
        async def append() -> None:
            unit = PostgresUnit(pool[0])
            try:
                now, text = datetime.now(UTC), chat_text(rng, words)
                message = Message(
                    id=new_id(),
                    chatroom_id=sender.room.chatroom_id,
                    channel_id=sender.room.channel_id,
                    seq=0,
                    author_id=sender.account_id,
                    content=text,
                    fragments=(Fragment(FragmentKind.TEXT, text),),
                    mentions=(),
                    reply_to=None,
                    thread_id=None,
                    author=author,
                    created_at=now,
                    visible_at=now,
                )
                await PostgresMessages(unit).append(message)
                await unit.commit()
            finally:
                await unit.close()

        async def one() -> str | None:
            await append()
            return None

        return one

    async def stop() -> None:
        if pool:
            await pool[0].close()

    return closed_loop(start, stop, warmup=opts.warmup, seconds=opts.seconds, postgres_pid=pg)


# a room's seqs are taken by its messages and by its other durable events (settings changes...)
_SEQS = """
WITH taken AS (
    SELECT chatroom_id, seq, 1 AS message FROM chat_messages
    UNION ALL
    SELECT chatroom_id, seq, 0 FROM chat_room_events
)
SELECT s.chatroom_id, s.last_seq, count(t.seq) AS n, count(DISTINCT t.seq) AS distinct_n,
       min(t.seq) AS low, max(t.seq) AS high, coalesce(sum(t.message), 0) AS messages
FROM chatroom_sequences s LEFT JOIN taken t USING (chatroom_id)
GROUP BY s.chatroom_id, s.last_seq
"""


async def seq_check(dsn: str) -> tuple[bool, str]:
    """Each room's seqs (messages and room events together) are exactly 1..N, no gap and no
    duplicate, and its counter says N."""
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(_SEQS)
    finally:
        await connection.close()
    bad = [
        dict(r)
        for r in rows
        if not (r["n"] == r["distinct_n"] == r["high"] == r["last_seq"] and r["low"] == 1)
    ]
    messages = sum(r["messages"] for r in rows)
    events = sum(r["n"] for r in rows) - messages
    if bad or not rows:
        return False, f"FAILED on {len(bad)} of {len(rows)} rooms: {bad[:3]}"
    return True, (
        f"OK: {len(rows)} rooms, {messages:,} messages + {events:,} other room events; each "
        "room's seqs are exactly 1..N (no gap, no duplicate) and N = chatroom_sequences.last_seq"
    )


# ---------------------------------------------------------------------------- main


@dataclass(frozen=True)
class Options:
    seconds: float
    warmup: float
    rounds: int
    rooms: int
    per_room: int
    few_terms: int
    many_terms: int
    rate_window: int
    pool_size: int
    server: str
    terms_via: str
    summary_json: str | None = None


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per phase")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds first")
    parser.add_argument("--rounds", type=int, default=2, help="phase pairs: A B, B A, A B...")
    parser.add_argument("--rooms", type=int, default=50, help="rooms per term set")
    parser.add_argument("--senders-per-room", type=int, default=4, help="one connection each")
    parser.add_argument("--few-terms", type=int, default=10, help="blocked terms, set A")
    parser.add_argument("--many-terms", type=int, default=1000, help="blocked terms, set B")
    parser.add_argument(
        "--rate-window", type=int, default=30, help="rate-limit window (s) for 1,000 msgs"
    )
    parser.add_argument("--pool-size", type=int, default=10, help="DB pool, server and baseline")
    parser.add_argument("--server", choices=("granian", "uvicorn"), default="granian")
    parser.add_argument(
        "--terms-via",
        choices=("adapter", "use-case"),
        default="adapter",
        help="store the terms through the Postgres adapter (seconds) or one CreateTerm request "
        "per term (~5 min for 50 x 1,000 here: each lists the room's terms under a lock)",
    )
    _summary.add_option(parser)
    ns = parser.parse_args(argv)
    if min(ns.seconds, ns.rounds, ns.rooms, ns.senders_per_room, ns.pool_size) <= 0:
        parser.error("--seconds, --rounds, --rooms, --senders-per-room, --pool-size must be > 0")
    if not (1 <= ns.few_terms <= 1000 and 1 <= ns.many_terms <= 1000):
        parser.error("--few-terms and --many-terms must be 1-1000 (the per-room maximum)")
    if not 1 <= ns.rate_window <= 3600:
        parser.error("--rate-window must be 1-3600")
    return Options(
        ns.seconds,
        ns.warmup,
        ns.rounds,
        ns.rooms,
        ns.senders_per_room,
        ns.few_terms,
        ns.many_terms,
        ns.rate_window,
        ns.pool_size,
        ns.server,
        ns.terms_via,
        ns.summary_json,
    )


def header(opts: Options) -> str:
    senders = opts.rooms * opts.per_room
    lines = [
        f"POST a chat message: {senders} keep-alive connections (one per sender, "
        f"{opts.per_room} per room, {opts.rooms} rooms), each sending back to back; "
        f"{opts.warmup:g} s warm-up + {opts.seconds:g} s measured per phase, {opts.rounds} "
        f"round(s) (A B, then B A, ...); {opts.server}, 1 worker, DB pool {opts.pool_size}.",
        "every send: " + CHECKS.format(age=AGE_MINUTES, window=opts.rate_window),
        "baseline: " + BASELINE_DOES.format(n=senders, pool=opts.pool_size),
    ]
    return "\n" + "\n".join(textwrap.fill(line, 100, subsequent_indent="  ") for line in lines)


def report(loads: dict[str, Load], base: Load, opts: Options) -> None:
    a, b = loads["A"], loads["B"]
    rows = [
        (f"A: {opts.few_terms:,} terms", a),
        (f"B: {opts.many_terms:,} terms", b),
        ("baseline", base),
    ]
    print(
        f"\n{'side':<16} {'msgs/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'us CPU/msg':>11} {'errors':>7}"
    )
    for name, load in rows:
        cpu = load.server_us_per_request or load.client_cpu * load.seconds / load.requests * 1e6
        print(
            f"{name:<16} {load.rps:>9,.0f} {load.percentile(50):>8.2f} "
            f"{load.percentile(99):>8.2f} {cpu:>11,.0f} {load.error_count:>7}"
        )
    print("(us CPU/msg: the server process's; for the baseline, this process's)")
    rps, p50, p99 = ratios(b, a)
    per_message = a.rps / b.rps if b.rps else float("nan")
    cpu = b.server_us_per_request / a.server_us_per_request if a.server_us_per_request else 0.0
    verdict = "meets" if per_message <= 1.2 and p50 <= 1.2 else "MISSES"
    print(
        f"\nB/A ({opts.many_terms:,} vs {opts.few_terms:,} terms): msgs/s {rps:.2f}; "
        f"time per message {per_message:.2f}x, p50 {p50:.2f}x ({verdict} the <= 1.2 target); "
        f"p99 {p99:.2f}x; server CPU per message {cpu:.2f}x"
    )
    for name, load in rows[:2]:
        rps, p50, p99 = ratios(load, base)
        print(f"full/baseline, {name}: msgs/s {rps:.2f}, p50 {p50:.2f}x, p99 {p99:.2f}x")


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)

    def body(bench: Bench) -> Callable[[], int]:
        settings = settings_for(bench.urls, bench.tmp / "data", opts.pool_size)
        senders = run_interruptible(set_up(settings, bench.dsn, opts), None)
        print(header(opts), flush=True)
        loads = full_stack(bench.urls, bench.tmp, senders, opts, bench.postgres_pid)
        checkpoint()
        set_a = [s for s in senders if s.room.phase == "A"]
        base = baseline(bench.dsn, set_a, opts, bench.postgres_pid)
        print(figures("baseline", base), flush=True)
        if base.error_count:
            print(f"    first errors: {base.error_samples[:3]}")
        good, verdict = run_interruptible(seq_check(bench.dsn), None)
        print(f"\nseq check: {verdict}", flush=True)

        def finish() -> int:
            report(loads, base, opts)
            errors = sum(load.error_count for load in (*loads.values(), base))
            key_figures: dict[str, float] = {"errors": errors, "seq_ok": int(good)}
            for side, load in (("few", loads["A"]), ("many", loads["B"]), ("base", base)):
                key_figures |= _summary.load_figures(side, load)
                key_figures[f"{side}.us_per_msg"] = load.server_us_per_request
            _summary.write(opts.summary_json, key_figures)
            if errors:
                print(f"\nFAILED: {errors} send(s) failed", file=sys.stderr)
            if not good:
                print("\nFAILED: seq check", file=sys.stderr)
            return 0 if good and not errors else 1

        return finish

    return run_bench("chat-send", body)


if __name__ == "__main__":
    sys.exit(main())
