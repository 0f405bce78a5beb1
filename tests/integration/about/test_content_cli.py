"""Internal tier: `streamzctl channels panels|links ...` and the library, acting as the system."""

from __future__ import annotations

import json

import asyncpg
from typer.testing import CliRunner

from streamz.core.channels.about.create_link import CreateLink, CreateLinkRequest
from streamz.core.channels.about.create_panel import CreatePanel, CreatePanelRequest
from streamz.core.channels.about.delete_link import DeleteLink, DeleteLinkRequest
from streamz.core.channels.about.delete_panel import DeletePanel, DeletePanelRequest
from streamz.core.channels.about.list_links import ListLinks, ListLinksRequest
from streamz.core.channels.about.reorder_links import ReorderLinks, ReorderLinksRequest
from streamz.core.channels.about.reorder_panels import ReorderPanels, ReorderPanelsRequest
from streamz.core.channels.about.update_link import UpdateLink, UpdateLinkRequest
from streamz.core.channels.about.update_panel import UpdatePanel, UpdatePanelRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.entrypoints.cli.main import app
from streamz.library import Streamz
from streamz.settings import Settings

runner = CliRunner()
SYSTEM = Principal.system()


def cli(*args: str) -> tuple[int, object, str]:
    result = runner.invoke(app, ["channels", *args])
    out = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, out, result.stderr


def test_panels_and_links_from_the_command_line(cli_env: None) -> None:
    assert runner.invoke(app, ["accounts", "create", "alice", "a@example.com"]).exit_code == 0
    ids = []
    for title in ("About", "Rules"):
        code, out, _ = cli("panels", "add", "alice", title, "--body", "hi")
        assert code == 0
        assert isinstance(out, dict)
        ids.append(out["id"])
    code, out, _ = cli("panels", "order", "alice", ids[1], ids[0])
    assert code == 0
    assert isinstance(out, dict)
    assert [p["id"] for p in out["data"]] == [ids[1], ids[0]]
    assert cli("panels", "remove", "alice", ids[0])[0] == 0
    code, out, _ = cli("panels", "list", "alice")
    assert isinstance(out, dict)
    assert [(p["id"], p["title"]) for p in out["data"]] == [(ids[1], "Rules")]

    code, out, _ = cli("links", "add", "alice", "https://twitch.tv/alice", "--label", "live")
    assert code == 0
    assert isinstance(out, dict)
    assert out["platform"] == "twitch"
    link_id = out["id"]
    code, out, _ = cli("links", "list", "alice")
    assert isinstance(out, dict)
    assert [x["id"] for x in out["data"]] == [link_id]
    assert cli("links", "order", "alice", link_id)[0] == 0
    assert cli("links", "remove", "alice", link_id)[0] == 0
    assert cli("links", "list", "alice")[1] == {"data": []}


def test_cli_errors_are_one_line(cli_env: None) -> None:
    assert runner.invoke(app, ["accounts", "create", "bob", "b@example.com"]).exit_code == 0
    cases = [
        (("links", "add", "bob", "javascript:alert(1)"), 1, "error: invalid:"),
        (("panels", "add", "nobody", "x"), 1, "error: channel-not-found:"),
        (("panels", "order", "bob", "not-a-uuid"), 2, "error: invalid:"),
        (
            ("panels", "remove", "bob", "0190f3a0-0000-7000-8000-000000000000"),
            1,
            "error: panel-not-found",
        ),
    ]
    for args, exit_code, start in cases:
        code, _, err = cli(*args)
        assert code == exit_code, args
        assert err.startswith(start), err
        assert len(err.strip().splitlines()) == 1


async def test_library_calls_every_use_case(settings: Settings, db: asyncpg.Connection) -> None:
    async with Streamz.from_settings(settings) as streamz:
        await streamz.call(
            RegisterAccount, RegisterAccountRequest(SYSTEM, "id-c", "carol", "c@example.com")
        )
        panel = await streamz.call(CreatePanel, CreatePanelRequest(SYSTEM, "carol", "About"))
        await streamz.call(UpdatePanel, UpdatePanelRequest(SYSTEM, "carol", panel.id, body="x"))
        await streamz.call(ReorderPanels, ReorderPanelsRequest(SYSTEM, "carol", [panel.id]))
        await streamz.call(DeletePanel, DeletePanelRequest(SYSTEM, "carol", panel.id))
        link = await streamz.call(CreateLink, CreateLinkRequest(SYSTEM, "carol", "https://c.io"))
        await streamz.call(UpdateLink, UpdateLinkRequest(SYSTEM, "carol", link.id, label="site"))
        await streamz.call(ReorderLinks, ReorderLinksRequest(SYSTEM, "carol", [link.id]))
        listed = await streamz.call(ListLinks, ListLinksRequest(SYSTEM, "carol"))
        assert [(x.id, x.label) for x in listed] == [(link.id, "site")]
        await streamz.call(DeleteLink, DeleteLinkRequest(SYSTEM, "carol", link.id))
    rows = await db.fetch("SELECT action, acting_as FROM channel_audit_log ORDER BY id")
    assert [r["action"] for r in rows] == [
        "panel.created",
        "panel.updated",
        "panel.reordered",
        "panel.deleted",
        "link.created",
        "link.updated",
        "link.reordered",
        "link.deleted",
    ]
    assert {r["acting_as"] for r in rows} == {"system"}
