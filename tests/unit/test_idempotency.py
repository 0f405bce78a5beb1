"""Idempotency keys in memory: key syntax, scoping, the first answer given again, in-progress
and reused keys, what is kept, expiry, recovery after a lost answer, and chat sends that record
their key with the message."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from streamz.adapters.memory.database import FixedClock, MemoryDatabase, MemoryUnit
from streamz.adapters.memory.idempotency import MemoryIdempotencyLocks, MemoryIdempotencyStore
from streamz.adapters.memory.messages import MemoryMessages
from streamz.core.chat.bans.ban_user import BanUser, BanUserRequest
from streamz.core.chat.messages.entities import Message
from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
from streamz.core.idempotency.errors import (
    IdempotencyKeyInProgress,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
)
from streamz.core.idempotency.keys import (
    KEEP,
    LOCK_SECONDS,
    Begun,
    Idempotency,
    Operation,
    check_key,
    storable,
)
from streamz.core.idempotency.sweep_keys import (
    SweepIdempotencyKeys,
    SweepIdempotencyKeysRequest,
)
from streamz.core.identity.entities import Principal, PrincipalKind, Role
from streamz.core.realtime import protocol
from tests.unit.messages.support import SYSTEM, Chat, database, topics
from tests.unit.support import T0, uow_of

ACCOUNT = uuid.UUID("01900000-0000-7000-8000-000000000001")
OTHER = uuid.UUID("01900000-0000-7000-8000-000000000002")


@pytest.mark.parametrize("key", ["a", "x" * 255, "550e8400-e29b-41d4-a716-446655440000", " ~"])
def test_keys_are_1_to_255_printable_ascii(key: str) -> None:
    assert check_key(key) == key


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\t", "nl\n", "é", "del\x7f", "nul\x00"])
def test_other_keys_are_invalid(key: str) -> None:
    with pytest.raises(InvalidIdempotencyKey):
        check_key(key)


def test_what_is_kept() -> None:
    assert [s for s in (200, 201, 204, 400, 404, 409, 422) if storable(s)] == [
        200,
        201,
        204,
        400,
        404,
        409,
        422,
    ]
    assert not any(storable(s) for s in (429, 500, 502, 503, 504, 0, 302))


def test_a_key_is_scoped_by_account_and_operation_and_not_readable() -> None:
    key = "my-secret-key"
    mine = Operation(ACCOUNT, "POST /private/v1/x", key)
    ids = {
        mine.record_id,
        Operation(OTHER, "POST /private/v1/x", key).record_id,
        Operation(ACCOUNT, "POST /public/v1/x", key).record_id,
        Operation(ACCOUNT, "POST /private/v1/x", "k2").record_id,
    }
    assert len(ids) == 4
    assert len(mine.record_id) == 64
    assert key not in mine.record_id
    assert mine.secret != bytes.fromhex(mine.record_id)
    assert len(mine.secret) == 32
    assert mine.fingerprint(b"body") == mine.fingerprint(b"body")
    assert mine.fingerprint(b"body") != mine.fingerprint(b"other")
    assert mine.fingerprint(b"body") != Operation(ACCOUNT, mine.name, "k2").fingerprint(b"body")


class Keys:
    """The idempotency service over one in-memory database, a request (unit) at a time."""

    def __init__(self) -> None:
        self.clock = FixedClock(T0)
        self.database = MemoryDatabase()
        self.locks = MemoryIdempotencyLocks(self.clock)

    def request(self) -> tuple[Idempotency, MemoryUnit]:
        unit = MemoryUnit(self.database)
        return Idempotency(MemoryIdempotencyStore(unit), self.locks, self.clock), unit

    async def work(self, operation: Operation, fingerprint: str, status: int = 201) -> Begun:
        """A whole request: begin, do the work (commit), keep the answer."""
        service, unit = self.request()
        begun = await service.begin(operation, fingerprint)
        if begun.answer is None:
            unit.tables.table("work")[uuid.uuid4()] = fingerprint
            await unit.commit()
            await service.finish(begun, status, f"answer {fingerprint}".encode())
        return begun

    def done(self) -> int:
        return len(self.database.tables.table("work"))


OP = Operation(ACCOUNT, "POST /private/v1/things", "key-1")


async def test_the_first_answer_is_given_again_and_the_work_done_once() -> None:
    keys = Keys()
    first = await keys.work(OP, "f1")
    assert first.answer is None
    assert not first.replayed
    again = await keys.work(OP, "f1")
    assert again.answer is not None
    assert again.replayed
    assert (again.answer.status, again.answer.answer) == (201, b"answer f1")
    assert keys.done() == 1
    other_account = await keys.work(Operation(OTHER, OP.name, OP.key), "f1")
    assert other_account.answer is None
    assert keys.done() == 2


async def test_the_same_key_for_another_request_is_reused() -> None:
    keys = Keys()
    await keys.work(OP, "f1")
    with pytest.raises(IdempotencyKeyReused) as raised:
        await keys.work(OP, "f2")
    assert raised.value.errors[0].field == "header.Idempotency-Key"
    assert keys.done() == 1


async def test_a_retry_while_the_first_is_running_is_in_progress() -> None:
    keys = Keys()
    service, _ = keys.request()
    begun = await service.begin(OP, "f1")
    with pytest.raises(IdempotencyKeyInProgress) as raised:
        await keys.work(OP, "f1")
    assert raised.value.retry_after == 1
    assert raised.value.extra == {"retry_after": 1}
    await service.release(begun)
    assert (await keys.work(OP, "f1")).answer is None  # freed: this one does the work


@pytest.mark.parametrize("status", [500, 503, 429])
async def test_server_errors_and_429_are_not_kept(status: int) -> None:
    keys = Keys()
    service, _ = keys.request()
    begun = await service.begin(OP, "f1")
    await service.finish(begun, status, b"try again")
    assert keys.database.tables.table("idempotency_keys") == {}
    assert (await keys.work(OP, "f1")).answer is None


async def test_client_errors_are_kept() -> None:
    keys = Keys()
    service, _ = keys.request()
    begun = await service.begin(OP, "f1")
    await service.finish(begun, 404, b"no such thing")  # nothing was committed
    again = await keys.work(OP, "f1")
    assert again.answer is not None
    assert again.answer.status == 404


async def test_keys_expire_after_24_hours() -> None:
    keys = Keys()
    await keys.work(OP, "f1")
    keys.clock.current += KEEP
    fresh = await keys.work(OP, "f2")  # another request is fine now
    assert fresh.answer is None
    assert keys.done() == 2
    _, unit = keys.request()
    store = MemoryIdempotencyStore(unit)
    sweep = SweepIdempotencyKeys(store, MemoryMessages(unit), uow_of(unit), keys.clock)
    keys.clock.current += KEEP
    assert await sweep(SweepIdempotencyKeysRequest(SYSTEM)) == 1
    assert keys.database.tables.table("idempotency_keys") == {}


async def test_work_committed_without_its_answer_is_not_done_again() -> None:
    """The process died between the commit and keeping the answer."""
    keys = Keys()
    service, unit = keys.request()
    begun = await service.begin(OP, "f1")
    unit.tables.table("work")[uuid.uuid4()] = "f1"
    await unit.commit()  # the key is reserved with the work
    [record] = keys.database.tables.table("idempotency_keys").values()
    assert record.status is None
    # ... and the process dies: the key stays held until its mark expires
    with pytest.raises(IdempotencyKeyInProgress):
        await keys.work(OP, "f1")
    keys.clock.current += timedelta(seconds=LOCK_SECONDS)
    # a retry that finds what was done (a chat send) answers it, marked as replayed
    service, unit = keys.request()
    recovered = await service.begin(OP, "f1")
    assert recovered.recovering
    assert recovered.replayed
    # one that would do the work again fails at commit instead
    unit.tables.table("work")[uuid.uuid4()] = "f1"
    with pytest.raises(IdempotencyKeyInProgress):
        await unit.commit()
    assert keys.done() == 1
    await service.finish(recovered, 201, b"found it")
    assert begun.answer is None
    again = await keys.work(OP, "f1")
    assert again.answer is not None
    assert again.answer.answer == b"found it"


# chat sends record their key with the message


@pytest.fixture
async def chat() -> Chat:
    return Chat()


async def _send(chat: Chat, name: str, content: str, key: str, room: str = "owner") -> Message:
    actor = Principal(PrincipalKind.USER, chat.ids[name], Role.USER)
    request = SendMessageRequest(actor, room, content, idempotency_key=key)
    return await chat.lib.call(SendMessage, request)


async def test_a_send_with_a_key_is_stored_once(chat: Chat) -> None:
    await chat.user("owner")
    await chat.user("other")
    await chat.user("fan")
    first = await _send(chat, "fan", "hi", "k")
    again = await _send(chat, "fan", "  hi ", "k")  # the same message once trimmed
    assert again == first
    assert (await topics(chat)).count("chat.message_sent") == 1
    assert len((await database(chat)).tables.table("chat_messages")) == 1
    with pytest.raises(IdempotencyKeyReused) as raised:
        await _send(chat, "fan", "something else", "k")
    assert raised.value.errors[0].field == "idempotency_key"
    with pytest.raises(IdempotencyKeyReused):
        await _send(chat, "fan", "hi", "k", room="other")
    mine = await _send(chat, "owner", "hi", "k")  # another author's key
    assert mine != first
    assert len((await database(chat)).tables.table("chat_messages")) == 2


async def test_a_retried_send_is_not_checked_again(chat: Chat) -> None:
    """Sent, then banned: the retry still answers the message (nothing is sent again)."""
    await chat.user("owner")
    await chat.user("fan")
    first = await _send(chat, "fan", "before the ban", "k")
    await chat.lib.call(BanUser, BanUserRequest(SYSTEM, "owner", "fan", None, None))
    assert await _send(chat, "fan", "before the ban", "k") == first


async def test_a_send_key_expires_after_24_hours(chat: Chat) -> None:
    await chat.user("owner")
    await chat.user("fan")
    first = await _send(chat, "fan", "hi", "k")
    chat.later(seconds=KEEP.total_seconds() + 1)
    second = await _send(chat, "fan", "hi", "k")
    assert second != first
    assert len((await database(chat)).tables.table("chat_messages")) == 2


def test_the_send_frame_takes_an_optional_key() -> None:
    plain = protocol.parse('{"type":"send","chatroom":"a","content":"x"}')
    assert isinstance(plain, protocol.Send)
    assert plain.idempotency_key is None
    keyed = protocol.parse('{"type":"send","chatroom":"a","content":"x","idempotency_key":"k"}')
    assert isinstance(keyed, protocol.Send)
    assert keyed.idempotency_key == "k"
    with pytest.raises(protocol.MalformedFrame):
        protocol.parse('{"type":"send","chatroom":"a","content":"x","idempotency_key":1}')
