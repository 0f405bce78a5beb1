"""Blocked terms: create, list, delete; rules, duplicates, limit, who may write, matcher cache."""

from __future__ import annotations

import uuid

import pytest

from streamz.adapters.memory.blocked_terms import MemoryBlockedTerms
from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import Permission
from streamz.core.chat.blocked_terms import create_term
from streamz.core.chat.blocked_terms.create_term import CreateTerm, CreateTermRequest
from streamz.core.chat.blocked_terms.delete_term import DeleteTerm, DeleteTermRequest
from streamz.core.chat.blocked_terms.entities import BlockedTerm, BlockedTerms
from streamz.core.chat.blocked_terms.errors import (
    BlockedTermExists,
    BlockedTermLimitReached,
    BlockedTermNotFound,
)
from streamz.core.chat.blocked_terms.list_terms import ListTerms, ListTermsRequest
from streamz.core.chat.blocked_terms.matcher_for import MatcherCache, MatcherFor
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Account, Principal, Scope
from tests.unit.about.support import audit_entries, grant_moderator, staff, token_of
from tests.unit.blocked_terms.support import terms
from tests.unit.support import ANONYMOUS, SYSTEM, World, fails, user


async def add(world: World, actor: Principal, channel: str, term: str) -> BlockedTerm:
    return await terms(world, CreateTerm)(CreateTermRequest(actor, channel, term))


async def listed(world: World, channel: str) -> BlockedTerms:
    return await terms(world, ListTerms)(ListTermsRequest(ANONYMOUS, channel))


async def test_create_list_delete_with_audit_events_and_version(world: World) -> None:
    alice = await world.register("alice")
    bad = await add(world, user(alice), "alice", "  BÄD*  ")
    word = await add(world, user(alice), "alice", "*w0rd*")
    assert (bad.term, bad.normalised, bad.created_by) == ("BÄD*", "bad*", alice.id)
    assert word.normalised == "*word*"
    current = await listed(world, "alice")
    assert ([t.id for t in current.terms], current.version) == ([bad.id, word.id], 2)
    removed = await terms(world, DeleteTerm)(DeleteTermRequest(user(alice), "alice", bad.id))
    assert removed.id == bad.id
    current = await listed(world, "alice")
    assert ([t.id for t in current.terms], current.version) == ([word.id], 3)
    assert [e.action for e in audit_entries(world)] == [
        "chat.blocked_term_added",
        "chat.blocked_term_added",
        "chat.blocked_term_removed",
    ]
    assert world.topics().count("chatroom.blocked_terms_updated") == 3
    payload = world.tables.outbox[-1].payload
    chatroom = next(iter(world.tables.chatrooms.values()))
    assert payload == {
        "chatroom_id": str(chatroom.id),
        "channel_id": str(bad.channel_id),
        "version": 3,
    }


@pytest.mark.parametrize("term", ["x", "   ", "b*d", "***", "x" * 501, "?!"])
async def test_bad_terms_are_refused(world: World, term: str) -> None:
    alice = await world.register("alice")
    error = await fails(world, add(world, user(alice), "alice", term), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["body.term"]


async def test_duplicates_after_normalisation_are_a_conflict(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    await add(world, user(alice), "alice", "bad word")
    await add(world, user(bob), "bob", "bad word")  # another channel may block it too
    await add(world, user(alice), "alice", "bad word*")  # another wildcard form is another term
    for same in ("BAD WORD", "b4d   w0rd!", "Ｂａｄ ｗｏｒｄ", "bäd-word"):
        await fails(
            world, add(world, user(alice), "alice", same), BlockedTermExists, "blocked-term-exists"
        )


async def test_at_most_a_thousand_terms(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(create_term, "MAX_TERMS", 3)
    alice = await world.register("alice")
    for n in range(3):
        await add(world, user(alice), "alice", f"term{n}x")
    error = await fails(
        world,
        add(world, user(alice), "alice", "one more"),
        BlockedTermLimitReached,
        "blocked-term-limit-reached",
    )
    assert "3" in error.detail


async def test_the_real_limit_is_a_thousand(world: World) -> None:
    alice = await world.register("alice")
    unit = MemoryUnit(world.db)
    repo = MemoryBlockedTerms(unit)
    first = await add(world, user(alice), "alice", "seed")
    for n in range(999):
        await repo.add(
            BlockedTerm(uuid.uuid4(), first.channel_id, f"t{n}", f"t{n}", None, first.created_at)
        )
    await unit.commit()
    await fails(
        world,
        add(world, user(alice), "alice", "the 1001st"),
        BlockedTermLimitReached,
        "blocked-term-limit-reached",
    )


async def test_unknown_or_foreign_terms_are_not_found(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    foreign = await add(world, user(bob), "bob", "bobs term")
    for request in (
        DeleteTermRequest(user(alice), "alice", foreign.id),
        DeleteTermRequest(SYSTEM, "alice", uuid.uuid4()),
    ):
        await fails(
            world, terms(world, DeleteTerm)(request), BlockedTermNotFound, "blocked-term-not-found"
        )
    await fails(world, listed(world, "nobody"), ChannelNotFound, "channel-not-found")


async def test_who_may_write(world: World) -> None:
    alice = await world.register("alice")
    other = await world.register("other")
    weak = await world.register("weak")
    mod = await world.register("mod")
    boss = await world.register("boss")
    await grant_moderator(world, alice, weak, [Permission.BAN, Permission.MANAGE_SETTINGS])
    await grant_moderator(world, alice, mod, [Permission.MANAGE_TERMS_EMOTES])
    refused: list[tuple[Principal, type[Exception], str]] = [
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
        (user(other), Forbidden, "forbidden"),
        (user(weak), Forbidden, "forbidden"),
        (token_of(alice, Scope.CHANNEL_WRITE), Forbidden, "forbidden"),
    ]
    for actor, error, code in refused:
        await fails(world, add(world, actor, "alice", "nope"), error, code)  # type: ignore[type-var]
    allowed: list[tuple[Account | None, Principal, str]] = [
        (alice, user(alice), "owner"),
        (mod, user(mod), "moderator"),
        (alice, token_of(alice, Scope.MODERATION_WRITE), "owner"),
        (boss, staff(boss), "staff"),
        (None, SYSTEM, "system"),
    ]
    for n, (_, actor, _) in enumerate(allowed):
        await add(world, actor, "alice", f"term{n}x")
    assert [e.acting_as.value for e in audit_entries(world)] == [a[2] for a in allowed]
    assert [e.actor_id for e in audit_entries(world)][3] == boss.id  # staff are audited


async def test_matcher_is_compiled_once_per_version(world: World) -> None:
    alice = await world.register("alice")
    cache = MatcherCache()

    def matcher_for() -> MatcherFor:
        return MatcherFor(MemoryBlockedTerms(MemoryUnit(world.db)), cache)

    first = await add(world, user(alice), "alice", "bad*")
    channel_id = first.channel_id
    one = await matcher_for()(channel_id)
    again = await matcher_for()(channel_id)
    assert one is again
    assert cache.compiled == 1
    assert one.match("badly") == "bad*"
    await add(world, user(alice), "alice", "*worse*")
    fresh = await matcher_for()(channel_id)
    assert fresh is not one
    assert cache.compiled == 2
    assert fresh.match("theworsest") == "*worse*"
    await terms(world, DeleteTerm)(DeleteTermRequest(user(alice), "alice", first.id))
    assert (await matcher_for()(channel_id)).match("badly") is None
    assert (await matcher_for()(uuid.uuid4())).match("anything") is None
