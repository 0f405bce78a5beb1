"""The websocket ``send`` frame, with its optional ``idempotency_key``.

The key works as ``Idempotency-Key`` does on HTTP (``streamz.core.idempotency.keys``): scoped
by account and the frame type (``ws send``), fingerprinted over the frame's ``chatroom``,
``content`` and ``reply_to``, recorded in the send's transaction. A retried frame with the same
key, on any connection or instance, is answered with the first ``ack`` again (its message as it
was then) with ``"replayed": true``. Only acks are kept: a refused send wrote nothing, so its
retry is checked again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import msgspec
import structlog
from dishka import AsyncContainer

from streamz.adapters.prometheus.metrics import chat_accepted, chat_refused
from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
from streamz.core.errors import StreamzError
from streamz.core.idempotency.keys import Idempotency, Operation, check_key
from streamz.core.identity.entities import Principal
from streamz.core.realtime import protocol
from streamz.entrypoints.http.idempotency import seal, unseal
from streamz.entrypoints.http.messages.views import MessageOut

OPERATION = "ws send"
_encoder = msgspec.json.Encoder()
log = structlog.get_logger("streamz.gateway")


async def send_message(
    scope: AsyncContainer, principal: Principal, frame: protocol.Send, channel: str
) -> dict[str, Any]:
    """Send as ``principal`` to ``channel`` (the frame's chatroom, resolved); the ack's fields.
    Counted as accepted or refused (by problem type) in ``streamz_chat_messages_*``."""
    try:
        fields = await _send(scope, principal, frame, channel)
    except StreamzError as error:
        chat_refused("ws", error.code)
        raise
    if "replayed" not in fields:
        chat_accepted("ws")
    return fields


async def _send(
    scope: AsyncContainer, principal: Principal, frame: protocol.Send, channel: str
) -> dict[str, Any]:
    use_case = await scope.get(SendMessage)
    request = SendMessageRequest(principal, channel, frame.content, frame.reply_to)
    if frame.idempotency_key is None:
        return {"message": MessageOut.of(await use_case(request))}
    key = check_key(frame.idempotency_key)
    if principal.account_id is None:  # anonymous: refused by the use case
        return {"message": MessageOut.of(await use_case(request))}
    operation = Operation(principal.account_id, OPERATION, key, field="idempotency_key")
    reply_to = str(frame.reply_to) if frame.reply_to else None
    fingerprint = operation.fingerprint(_encoder.encode([frame.chatroom, frame.content, reply_to]))
    service = await scope.get(Idempotency)
    begun = await service.begin(operation, fingerprint)
    if begun.answer is not None and begun.answer.answer is not None:
        _, _, body = unseal(operation, begun.answer.answer)
        return {"message": msgspec.Raw(body), "replayed": True}
    try:
        message = await use_case(replace(request, idempotency_key=operation.record_id))
    except BaseException:
        await service.release(begun)
        raise
    body = _encoder.encode(MessageOut.of(message))
    try:
        await service.finish(begun, 200, seal(operation, 200, [], body))
    except Exception as error:  # sent; a retry finds the message by its key
        log.warning("idempotency answer not kept", error=repr(error))
    fields: dict[str, Any] = {"message": msgspec.Raw(body)}
    if begun.recovering:  # the first frame's send was committed, its ack lost
        fields["replayed"] = True
    return fields
