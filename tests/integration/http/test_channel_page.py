"""The channel page: channel, panels, links, badges and role counts, on every read tier."""

from __future__ import annotations

import asyncpg
import httpx

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, make_staff, register
from tests.unit.media.images import pixels, png

PROBLEM = "https://streamz.dev/problems/"


async def test_channel_page_on_every_tier(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    owner = await register(client, ory, "pageowner")
    fan = await register(client, ory, "fan")
    await make_staff(db, fan)
    base = "/private/v1/channels/pageowner"
    for title in ("About", "Schedule"):
        created = await client.post(f"{base}/panels", json={"title": title}, headers=owner.auth)
        assert created.status_code == 201, created.text
    link = await client.post(
        f"{base}/links", json={"url": "https://x.com/pageowner"}, headers=owner.auth
    )
    assert link.status_code == 201, link.text
    for months in (3, 1):
        badge = await client.post(
            f"{base}/badges",
            data={"months": str(months)},
            files={"image": ("b.png", png(36), "image/png")},
            headers=owner.auth,
        )
        assert badge.status_code == 201, badge.text
    vip = await client.post(f"{base}/vips", json={"account": "fan"}, headers=owner.auth)
    assert vip.status_code == 201, vip.text

    for prefix, headers in (
        ("/public/v1", {}),
        ("/private/v1", fan.auth),
        ("/admin/v1", fan.auth),
    ):
        response = await client.get(f"{prefix}/channels/PageOwner/page", headers=headers)
        assert response.status_code == 200, (prefix, response.text)
        page = response.json()
        assert page["channel"]["slug"] == "pageowner"
        assert page["channel"]["owner"]["username"] == "pageowner"
        assert [p["title"] for p in page["panels"]] == ["About", "Schedule"]
        assert [(x["url"], x["platform"]) for x in page["links"]] == [
            ("https://x.com/pageowner", "twitter")
        ]
        assert [b["months"] for b in page["badges"]] == [1, 3]
        assert page["roles"] == {"moderators": 0, "vips": 1, "ogs": 0}
    image = httpx.URL(page["badges"][0]["image_url"])
    served = await client.get(image.path)
    assert served.status_code == 200
    assert pixels(served.content) == pixels(png(36))  # re-encoded: the same picture


async def test_unknown_channel_page_is_404(client: Client) -> None:
    response = await client.get("/public/v1/channels/nobody/page")
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEM + "channel-not-found"
