"""The fake FCM's own HTTP surface, as the benchmark and ``streamzctl dev`` users drive it."""

from __future__ import annotations

import httpx

from tests.fakes.fcm import FakeFcmServer


async def test_control_endpoints_and_keep_alive(fcm: FakeFcmServer) -> None:
    send = f"{fcm.url}/v1/projects/p/messages:send"
    async with httpx.AsyncClient(base_url=fcm.url) as client:
        faults = {"unregistered": ["dead"], "next": [{"status": 503, "count": 1}]}
        assert (await client.post("/_fake/faults", json=faults)).status_code == 200
        first = await client.post(send, json={"message": {"token": "a"}})
        assert first.status_code == 503
        assert first.json()["error"]["status"] == "UNAVAILABLE"
        dead = await client.post(send, json={"message": {"token": "dead"}})
        assert dead.status_code == 404
        assert dead.json()["error"]["details"][0]["errorCode"] == "UNREGISTERED"
        for i in range(50):  # one connection, many requests
            answer = await client.post(send, json={"message": {"token": f"t{i % 5}"}})
            assert answer.json()["name"].startswith("projects/p/messages/")
        dry = await client.post(send, json={"message": {"token": "t0"}, "validate_only": True})
        assert dry.status_code == 200
        listing = (await client.get("/_fake/messages", params={"token": "t0"})).json()
        assert listing["count"] == 10  # the dry run is not delivered
        summary = (await client.get("/_fake/messages", params={"limit": 0})).json()
        assert summary["count"] == 50
        assert summary["messages"] == []
        stats = (await client.get("/_fake/stats")).json()
        assert stats["requests"] == 53
        assert stats["errors"] == 2
        assert stats["tokens"] == 5
        bad = await client.post(send, content=b"not json")
        assert bad.status_code == 400
        assert bad.json()["error"]["status"] == "INVALID_ARGUMENT"
        assert (await client.get("/nowhere")).status_code == 404
        assert (await client.post("/_fake/reset")).status_code == 200
        assert (await client.get("/_fake/stats")).json()["messages"] == 0
