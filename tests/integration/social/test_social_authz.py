"""Follows and preferences need a session on the Private API; other tiers do not have them."""

from __future__ import annotations

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, register
from tests.integration.social.support import PROBLEM

ROUTES = [
    ("get", "/me/notification-preferences"),
    ("patch", "/me/notification-preferences"),
    ("get", "/me/notification-preferences/channels/bob"),
    ("patch", "/me/notification-preferences/channels/bob"),
    ("delete", "/me/notification-preferences/channels/bob"),
    ("get", "/me/follows/channels"),
    ("get", "/me/follows/channels/bob"),
    ("put", "/me/follows/channels/bob"),
    ("delete", "/me/follows/channels/bob"),
    ("get", "/me/follows/categories"),
    ("get", "/me/follows/categories/chess"),
    ("put", "/me/follows/categories/chess"),
    ("delete", "/me/follows/categories/chess"),
]


def _body(method: str) -> dict[str, object]:
    return {"json": {"push": {"mentions": False}}} if method == "patch" else {}


async def test_private_routes_need_a_session(client: Client, ory: FakeOry) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    created = await client.post(
        "/private/v1/me/tokens", json={"name": "bot", "scopes": ["chat:write"]}, headers=alice.auth
    )
    api_token = {"Authorization": f"Bearer {created.json()['secret']}"}
    for method, path in ROUTES:
        url = f"/private/v1{path}"
        anonymous = await client.request(method, url, **_body(method))  # type: ignore[arg-type]
        assert anonymous.status_code == 401, (method, path)
        assert anonymous.json()["type"] == PROBLEM + "unauthenticated"
        with_token = await client.request(method, url, headers=api_token, **_body(method))  # type: ignore[arg-type]
        assert with_token.status_code == 401, (method, path)
        assert with_token.json()["type"] == PROBLEM + "invalid-token"


async def test_public_and_admin_tiers_do_not_expose_them(client: Client, ory: FakeOry) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    for tier in ("public", "admin"):
        for method, path in ROUTES:
            response = await client.request(
                method,
                f"/{tier}/v1{path}",
                headers=alice.auth,
                **_body(method),  # type: ignore[arg-type]
            )
            assert response.status_code in {404, 405}, (tier, method, path)
            assert response.json()["type"] in {
                PROBLEM + "not-found",
                PROBLEM + "method-not-allowed",
            }
