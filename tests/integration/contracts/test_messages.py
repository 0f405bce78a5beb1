"""MessageRepository contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from streamz.adapters.memory.messages import MemoryMessages
from streamz.adapters.postgres.messages import PostgresMessages
from streamz.core.chat.chat_identity.entities import BadgeKind, ChatBadge, ChatIdentity
from streamz.core.chat.entities import Chatroom
from streamz.core.chat.messages.entities import Fragment, FragmentKind
from streamz.core.errors import Conflict
from streamz.core.idempotency.errors import IdempotencyKeyInProgress
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.messages import MessageRepository
from tests.integration.contracts.conftest import T0, Backend, append_messages, message

MEMORY: Callable[[Any], MessageRepository] = MemoryMessages
POSTGRES: Callable[[Any], MessageRepository] = PostgresMessages


async def page(repo: MessageRepository, room: Chatroom, **query: Any) -> list[int]:
    args = {"author_id": None, "thread_id": None, "before": None, "after": None, "limit": 10}
    found = await repo.in_room(room.id, **{"visible_at": None, **args, **query})
    return [m.seq for m in found]


async def test_append_numbers_each_room_1_2_3_and_stores_the_whole_message(
    backend: Backend,
) -> None:
    seeded = await backend.seed(channels=2)
    (owner, viewer, _), (room, other) = seeded.accounts, seeded.chatrooms
    emote_id = new_id()
    rich = message(
        room, viewer, "hey Kappa @acc0 https://x.test",
        fragments=(
            Fragment(FragmentKind.TEXT, "hey "),
            Fragment(FragmentKind.EMOTE, "Kappa", emote_id=emote_id),
            Fragment(FragmentKind.MENTION, "@acc0", account_id=owner.id),
            Fragment(FragmentKind.LINK, "https://x.test"),
        ),
        mentions=(owner.id,),
        author=ChatIdentity(
            viewer.id, "acc1", "#00FF00", True,
            (ChatBadge(BadgeKind.VIP), ChatBadge(BadgeKind.SUBSCRIBER, 6, "https://x.test/6.png")),
        ),
        visible_at=T0 + timedelta(seconds=5),
    )  # fmt: skip
    first = message(room, owner)
    stored = await append_messages(backend, first, message(other, owner), rich)
    assert [m.seq for m in stored] == [1, 1, 2]
    assert stored[2] == replace(rich, seq=2)

    reply = message(room, owner, reply_to=rich.id, thread_id=first.id)
    (answer,) = await append_messages(backend, reply)
    assert answer.seq == 3
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(rich.id) == replace(rich, seq=2)
        assert await repo.get(reply.id) == replace(reply, seq=3)
        assert await repo.get(new_id()) is None


async def test_a_rolled_back_append_gives_its_seq_back(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (owner, *_), (room, _) = seeded.accounts, seeded.chatrooms
    await append_messages(backend, message(room, owner))
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert (await repo.append(message(room, owner))).seq == 2
        await unit.rollback()
    (kept,) = await append_messages(backend, message(room, owner))
    assert kept.seq == 2
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await page(repo, room) == [2, 1]


async def test_a_message_of_no_author_is_a_conflict(backend: Backend) -> None:
    (room, _) = (await backend.seed(channels=2)).chatrooms
    ghost = Account(new_id(), "ghost", "ghost", "g@x.test", Role.USER, T0, T0)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.append(message(room, ghost))


async def test_a_message_of_no_chatroom_is_a_conflict(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.xfail("known drift: memory skips this foreign key (unit tests rely on it)")
    seeded = await backend.seed(channels=2)
    (owner, *_), (room, _) = seeded.accounts, seeded.chatrooms
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.append(message(Chatroom(new_id(), room.channel_id, T0), owner))


async def test_in_room_pages_by_seq_by_author_and_by_visibility(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (a, b, _), (room, other) = seeded.accounts, seeded.chatrooms
    late = T0 + timedelta(seconds=10)
    await append_messages(
        backend,
        *(message(room, a if n % 2 else b, visible_at=late if n == 4 else T0) for n in range(1, 7)),
        message(other, a),
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await page(repo, room) == [6, 5, 4, 3, 2, 1]  # the newest, descending
        assert await page(repo, room, limit=2) == [6, 5]
        assert await page(repo, room, before=5, limit=2) == [4, 3]
        assert await page(repo, room, after=2, limit=3) == [3, 4, 5]  # ascending
        assert await page(repo, room, after=6) == []
        assert await page(repo, room, author_id=a.id) == [5, 3, 1]
        assert await page(repo, room, author_id=b.id, after=2) == [4, 6]
        assert await page(repo, room, visible_at=T0) == [6, 5, 3, 2, 1]  # 4 is held back
        assert await page(repo, room, visible_at=late, after=3, limit=1) == [4]
        assert await page(repo, other) == [1]


async def test_a_thread_is_its_first_message_and_the_replies_to_it(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (a, b, _), (room, _) = seeded.accounts, seeded.chatrooms
    start = message(room, a)
    await append_messages(
        backend,
        message(room, b),  # 1
        start,  # 2
        message(room, b, reply_to=start.id, thread_id=start.id),  # 3
        message(room, a),  # 4
        message(room, b, thread_id=start.id, visible_at=T0 + timedelta(seconds=10)),  # 5
        message(room, a, thread_id=start.id),  # 6
    )
    thread = start.id
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await page(repo, room, thread_id=thread) == [6, 5, 3, 2]
        assert await page(repo, room, thread_id=thread, limit=2) == [6, 5]
        assert await page(repo, room, thread_id=thread, before=5) == [3, 2]
        assert await page(repo, room, thread_id=thread, after=1, limit=2) == [2, 3]
        assert await page(repo, room, thread_id=thread, after=3) == [5, 6]
        assert await page(repo, room, thread_id=thread, author_id=b.id) == [5, 3]
        assert await page(repo, room, thread_id=thread, visible_at=T0) == [6, 3, 2]


async def test_by_author_pages_every_room_by_id(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (a, b, _), (room, other) = seeded.accounts, seeded.chatrooms
    mine = [
        message(room, a),
        message(other, a),
        message(room, a, visible_at=T0 + timedelta(seconds=10)),
        message(other, a),
    ]
    theirs = message(room, b)
    await append_messages(backend, mine[0], theirs, *mine[1:])
    ids = [m.id for m in mine]  # time-ordered ids: the order they were made

    async def by(repo: MessageRepository, **query: Any) -> list[Any]:
        args = {"before": None, "after": None, "limit": 10, "visible_at": None, **query}
        return [m.id for m in await repo.by_author(a.id, **args)]

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await by(repo) == ids[::-1]
        assert await by(repo, limit=2) == [ids[3], ids[2]]
        assert await by(repo, before=ids[2]) == [ids[1], ids[0]]
        assert await by(repo, after=ids[0], limit=2) == [ids[1], ids[2]]
        assert await by(repo, visible_at=T0) == [ids[3], ids[1], ids[0]]
        only = await repo.by_author(b.id, before=None, after=None, limit=10, visible_at=None)
        assert [m.id for m in only] == [theirs.id]


async def test_delete_and_purge_soft_delete_once(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (owner, spammer, _), (room, other) = seeded.accounts, seeded.chatrooms
    rows = await append_messages(
        backend,
        message(room, spammer),  # 1
        message(room, owner),  # 2
        message(room, spammer),  # 3
        message(room, spammer),  # 4
        message(other, spammer),  # 1 elsewhere
    )
    at = T0 + timedelta(minutes=1)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.delete(rows[2].id, owner.id, at) is True
        assert await repo.delete(rows[2].id, None, at + timedelta(1)) is False  # deleted already
        assert await repo.delete(new_id(), None, at) is False
        assert await repo.purge(room.id, spammer.id, None, at + timedelta(minutes=1)) == [1, 4]
        assert await repo.purge(room.id, spammer.id, None, at) == []
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(rows[2].id) == replace(rows[2], deleted_at=at, deleted_by=owner.id)
        purged = await repo.get(rows[0].id)
        assert purged == replace(rows[0], deleted_at=at + timedelta(minutes=1), deleted_by=None)
        assert await repo.get(rows[1].id) == rows[1]
        assert await repo.get(rows[4].id) == rows[4]  # another room's
        assert await page(repo, room) == [4, 3, 2, 1]  # soft: still in the history


async def test_an_idempotency_key_finds_its_message_while_it_is_recent(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (author, other, _), (room, _) = seeded.accounts, seeded.chatrooms
    (sent,) = await append_messages(backend, message(room, author))
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.remember_key(author.id, "k1", sent.id, T0, T0 - timedelta(minutes=5))
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.sent_with_key(author.id, "k1", T0) == sent
        assert await repo.sent_with_key(author.id, "k1", T0 + timedelta(seconds=1)) is None
        assert await repo.sent_with_key(other.id, "k1", T0) is None
        assert await repo.sent_with_key(author.id, "k2", T0) is None
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(IdempotencyKeyInProgress):  # recorded since ``since``: live
            await repo.remember_key(author.id, "k1", new_id(), T0, T0)
    (later,) = await append_messages(backend, message(room, author))
    # recorded before ``since``: taken over
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        at = T0 + timedelta(minutes=10)
        await repo.remember_key(author.id, "k1", later.id, at, T0 + timedelta(seconds=1))
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.sent_with_key(author.id, "k1", T0 + timedelta(minutes=10)) == later


async def test_forget_keys_deletes_the_oldest_keys_first(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (author, *_), (room, _) = seeded.accounts, seeded.chatrooms
    (sent,) = await append_messages(backend, message(room, author))
    ages = [3, 1, 5, 2, 4]  # minutes after T0, recorded out of order
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        for n in ages:
            since = T0 - timedelta(days=1)
            await repo.remember_key(author.id, f"k{n}", sent.id, T0 + timedelta(minutes=n), since)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.forget_keys(T0 + timedelta(minutes=4), 2) == 2  # k1, k2
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        left = [n for n in ages if await repo.sent_with_key(author.id, f"k{n}", T0)]
        assert sorted(left) == [3, 4, 5]
        assert await repo.forget_keys(T0 + timedelta(minutes=4), 10) == 1  # k3
        assert await repo.forget_keys(T0 + timedelta(minutes=4), 10) == 0


async def test_concurrent_senders_of_a_room_get_consecutive_seqs(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    seeded = await backend.seed(channels=2)
    (a, b, _), (room, _) = seeded.accounts, seeded.chatrooms
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (first, one),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, two),
    ):
        assert (await one.append(message(room, a))).seq == 1
        waiting = asyncio.create_task(two.append(message(room, b)))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the room's counter is held until the first one ends
        await first.commit()
        assert (await asyncio.wait_for(waiting, 5)).seq == 2
