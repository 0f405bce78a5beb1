"""deploy/grafana/streamz.json and deploy/prometheus/alerts.yml use only metrics that exist: every
metric name in a panel or alert expression is in a live scrape of the API or of the worker's
endpoint (families listed with their HELP line, series after the app was exercised)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import yaml  # type: ignore[import-untyped]  # PyYAML, here without its stubs

from streamz.container import make_container
from streamz.entrypoints.metrics import serve_metrics
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, register
from tests.integration.gateway.support import free_port
from tests.integration.metrics.support import families

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = ROOT / "deploy" / "grafana" / "streamz.json"
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
METRIC = re.compile(r"\bstreamz_[a-z0-9_]+")
SUFFIXES = ("_bucket", "_count", "_sum")


def dashboard_expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert len(panels) >= 20
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    expressions = []
    for panel in panels:
        assert panel["title"], panel
        assert panel["description"], panel
        assert panel["targets"], panel["title"]
        expressions += [target["expr"] for target in panel["targets"]]
    return expressions


def alert_expressions() -> list[str]:
    rules = [r for group in yaml.safe_load(ALERTS.read_text())["groups"] for r in group["rules"]]
    assert len(rules) >= 6
    for rule in rules:
        assert rule["alert"].startswith("Streamz"), rule
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, rule
        assert rule["annotations"]["summary"], rule
    return [str(rule["expr"]) for rule in rules]


def used(expressions: list[str]) -> set[str]:
    names = {name for expr in expressions for name in METRIC.findall(expr)}
    assert names
    return names


def exists(name: str, scraped: set[str]) -> bool:
    if name in scraped:
        return True
    return any(name.endswith(s) and name.removesuffix(s) in scraped for s in SUFFIXES)


async def test_every_metric_of_the_dashboard_and_the_alerts_exists(
    settings: Settings, client: Client, ory: FakeOry
) -> None:
    user = await register(client, ory, "owner")  # HTTP series, a chat send
    sent = await client.post(
        "/private/v1/channels/owner/chatroom/messages", json={"content": "hi"}, headers=user.auth
    )
    assert sent.status_code == 201, sent.text
    assert (await client.get("/public/v1/search?q=own")).status_code in {200, 503}
    api = (await client.get("/metrics")).text
    container = make_container(settings)
    port = free_port()
    server = await serve_metrics("127.0.0.1", port, container)
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            worker = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
    finally:
        server.close()
        await container.close()
    scraped = families(api) | families(worker)
    for source, expressions in (
        ("dashboard", dashboard_expressions()),
        ("alerts", alert_expressions()),
    ):
        missing = sorted(n for n in used(expressions) if not exists(n, scraped))
        assert not missing, f"{source} uses metrics no scrape has: {missing}"
