"""Frames built to hurt the parser: deep nesting is a malformed frame, the socket stays usable."""

from __future__ import annotations

from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import PROBLEM, Client, Instance


async def test_deeply_nested_frame_is_malformed_and_the_connection_stays(
    a: Instance, people: People
) -> None:
    client = await Client.open(a.ws, people.fan.token)
    await client.recv()
    for deep in ["[" * 7_000 + "]" * 7_000, '{"a":' * 2_500 + "1" + "}" * 2_500]:
        await client.send(deep)
        error = await client.until(lambda f: f["type"] == "error")
        assert error["problem"]["type"] == PROBLEM + "malformed-frame"
        assert error["problem"]["status"] == 400
    assert (await client.answer({"type": "ping"}))["type"] == "pong"
    await client.close()


async def test_text_frame_that_is_not_utf8_closes_1007_not_4500(
    a: Instance, people: People
) -> None:
    client = await Client.open(a.ws, people.fan.token)
    await client.recv()
    await client.connection.send(b'{"type": "ping", "id": "\xff"}', text=True)
    code, _ = await client.closed()
    assert code == 1007  # RFC 6455: invalid payload data, refused by the server's protocol layer
