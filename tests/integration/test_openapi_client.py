"""The OpenAPI document as integrators use it, against `streamzctl serve`:

- `openapi-python-client` (pinned, run isolated with `uv tool run`: it is no dependency of
  Streamz) generates a client from /schema/openapi.json without a single warning, and that
  client works: a token created, a chat message sent and read back, all as typed models;
- the document is valid (openapi-spec-validator) and passes Redocly's linter with the rules of
  the repository's redocly.yaml (pinned, through npx);
- what the linters do not check: descriptions, ids, problem+json errors, examples;
- Swagger UI at /schema loads nothing from another origin, its assets come from the app.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY
from tests.integration.test_openapi_contract import served  # noqa: F401 (the fixture)

pytestmark = pytest.mark.timeout(600)
ROOT = Path(__file__).resolve().parents[2]
GENERATOR = "openapi-python-client==0.29.1"
REDOCLY = "@redocly/cli@2.77.0"
PACKAGE = "streamz_client"  # what the generator names a client of the "Streamz" document
OPERATION_ID = re.compile(r"^(?:(?:public|private|admin|internal)_)?[a-z]+(?:_[a-z0-9]+)*$")
METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture(scope="module")
def document(served: str, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    response = httpx.get(f"{served}/schema/openapi.json", timeout=30)
    assert response.status_code == 200
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    path.write_bytes(response.content)
    return path


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


_CONSTRAINTS = {"format", "maxLength", "minLength", "pattern", "minimum", "maximum", "enum"}


def _validates_input(operation: dict[str, Any]) -> bool:
    """A body, a query parameter or a constrained path parameter: input that may be refused."""
    return "requestBody" in operation or any(
        p["in"] != "path" or _CONSTRAINTS & set(p.get("schema", {}))
        for p in operation.get("parameters", [])
    )


def _uv() -> list[str]:
    """uv as cli/_uv.sh finds it: on the PATH, else the `uv` module of python3."""
    if found := shutil.which("uv"):
        return [found]
    python = shutil.which("python3") or sys.executable
    probe = subprocess.run([python, "-m", "uv", "--version"], capture_output=True, check=False)
    assert probe.returncode == 0, "uv is needed (cli/test installs it)"
    return [python, "-m", "uv"]


@pytest.fixture(scope="module")
def client_package(document: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("client") / PACKAGE
    command = [
        *_uv(),
        "tool",
        "run",
        "--quiet",
        "--from",
        GENERATOR,
        "openapi-python-client",
        "generate",
        "--path",
        str(document),
        "--output-path",
        str(out),
        "--meta",
        "none",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "warning" not in output.lower(), output[-6000:]
    assert (out / "client.py").exists()
    sys.path.insert(0, str(out.parent))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out.parent))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _module(package: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.{name}")


def _register(served: str, ory: FakeOry) -> tuple[str, str]:  # noqa: F811
    """A new account (through Ory's registration webhook): its username and a session."""
    identity = str(uuid.uuid4())
    username = f"gen_{identity[:8]}"
    response = httpx.post(
        f"{served}/internal/webhooks/ory/registration",
        json={"identity": {"id": identity, "traits": {"username": username, "email": "g@x.io"}}},
        headers={ORY_KEY_HEADER: ORY_KEY},
    )
    assert response.status_code == 201, response.text
    return username, ory.session_token(identity, ttl=3600)


def test_generated_client_sends_and_reads_typed(
    client_package: ModuleType,
    served: str,  # noqa: F811
    ory: FakeOry,
) -> None:
    models = _module(client_package, "models")
    clients = _module(client_package, "client")
    create_token = _module(client_package, "api.me.private_create_api_token")
    send = _module(client_package, "api.chat_messages.public_send_chat_message")
    list_messages = _module(client_package, "api.chat_messages.public_list_chat_messages")
    get_account = _module(client_package, "api.accounts.public_get_account")
    username, session = _register(served, ory)

    with clients.AuthenticatedClient(base_url=served, token=session) as private:
        created = create_token.sync(
            client=private,
            body=models.CreateApiTokenIn(
                name="generated client", scopes=[models.Scope.CHATWRITE], expires_in_days=1
            ),
        )
    assert isinstance(created, models.CreatedApiTokenOut)
    assert created.secret.startswith("stz_")

    with clients.AuthenticatedClient(base_url=served, token=created.secret) as public:
        sent = send.sync(
            identifier=username,
            client=public,
            body=models.SendMessageIn(content="hello from a generated client"),
        )
        assert isinstance(sent, models.MessageOut)
        assert sent.content == "hello from a generated client"
        assert sent.seq == 1
        assert sent.author.username == username
        assert isinstance(sent.id, uuid.UUID)

        refused = send.sync(identifier=username, client=public, body=models.SendMessageIn(""))
        assert isinstance(refused, models.ProblemDetails)  # problem+json, typed too
        assert refused.status == 422
        assert refused.type_ == "https://streamz.dev/problems/validation"
        assert [e.field for e in refused.errors] == ["body.content"]

        page = list_messages.sync(identifier=username, client=public)
        assert isinstance(page, models.MessagePageOut)
        assert [(m.id, m.seq, m.content) for m in page.data] == [(sent.id, 1, sent.content)]

        account = get_account.sync(identifier=username, client=public)
        assert isinstance(account, models.AccountOut)
        assert account.username == username
        assert account.channel.slug == username


def test_document_is_valid_and_lints_clean(document: Path) -> None:
    validate(json.loads(document.read_text()))
    npx = shutil.which("npx")
    assert npx, "node's npx is needed to run Redocly's linter"
    command = [
        npx,
        "--yes",
        REDOCLY,
        "lint",
        "--format=json",
        f"--config={ROOT / 'redocly.yaml'}",
        str(document),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(result.stdout)
    problems = [
        f"{p['ruleId']}: {p['message']} at {p['location'][0]['pointer']}"
        for p in report["problems"]
    ]
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, problems[:30]
    assert result.returncode == 0, result.stderr[-2000:]


def test_document_describes_every_operation(document: Path) -> None:
    doc = json.loads(document.read_text())
    operations = list(_operations(doc))
    assert len(operations) > 200
    undescribed = [f"{m} {p}" for p, m, o in operations if not o.get("description")]
    assert undescribed == []
    ids = [o["operationId"] for _, _, o in operations]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not OPERATION_ID.match(i)] == []
    assert {"public_send_chat_message", "private_send_chat_message"} <= set(ids)
    declared = {t["name"]: t.get("description") for t in doc["tags"]}
    assert all(declared.values())
    assert {t for _, _, o in operations for t in o.get("tags", [])} == set(declared)
    titles = [s.get("title", k) for k, s in doc["components"]["schemas"].items()]
    assert len(titles) == len(set(titles))
    assert set(doc["components"]["schemas"]) == set(titles)  # keys are the plain names


def test_every_error_is_documented_as_problem_json(document: Path) -> None:
    doc = json.loads(document.read_text())
    wrong = []
    for path, method, operation in _operations(doc):
        for status, response in operation["responses"].items():
            if status < "400" or (path, status) == ("/ready", "503"):  # /ready: its report
                continue
            content = response.get("content") or {}
            schema = content.get("application/problem+json", {}).get("schema", {})
            if list(content) != ["application/problem+json"] or not schema.get("$ref", "").endswith(
                "/ProblemDetails"
            ):
                wrong.append(f"{method} {path} {status}")
        if _validates_input(operation) and "422" not in operation["responses"]:
            wrong.append(f"{method} {path}: no 422")
    assert wrong == []
    problem = doc["components"]["schemas"]["ProblemDetails"]
    assert {"type", "title", "status", "detail", "instance", "request_id", "errors"} <= set(
        problem["properties"]
    )
    send = doc["paths"]["/public/v1/channels/{identifier}/chatroom/messages"]["post"]
    assert {"400", "401", "403", "404", "409", "422", "429", "503"} <= set(send["responses"])
    example = send["responses"]["422"]["content"]["application/problem+json"]["examples"]
    assert next(iter(example.values()))["value"]["type"].endswith("/validation")


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/public/v1/channels/{identifier}/chatroom/messages", "post"),
        ("/private/v1/channels/{identifier}/panels", "post"),
        ("/private/v1/channels/{identifier}/panels/{panel_id}", "patch"),
        ("/public/v1/channels/{identifier}/chatroom/bans", "post"),
        ("/private/v1/me/tokens", "post"),
        ("/public/v1/channels/{identifier}/links", "post"),
        ("/private/v1/channels/{identifier}/moderators", "post"),
    ],
)
def test_main_writes_have_body_examples(document: Path, path: str, method: str) -> None:
    doc = json.loads(document.read_text())
    body = doc["paths"][path][method]["requestBody"]["content"]["application/json"]
    (example,) = body["examples"].values()
    assert example["value"]  # Redocly checks each example against its schema


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in {"src", "href"} and v]


def test_swagger_ui_loads_only_local_assets(served: str) -> None:  # noqa: F811
    page = httpx.get(f"{served}/schema", timeout=30)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    links = _Links()
    links.feed(page.text)
    assert sorted(links.urls) == [
        "/schema/assets/favicon-32x32.png",
        "/schema/assets/swagger-ui-bundle.js",
        "/schema/assets/swagger-ui-standalone-preset.js",
        "/schema/assets/swagger-ui.css",
    ]
    assert "cdn." not in page.text
    assert "SwaggerUIBundle(" in page.text
    types = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
    for url in links.urls:
        asset = httpx.get(f"{served}{url}", timeout=30)
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].split(";")[0] == types[Path(url).suffix], url
        assert len(asset.content) > 100, url
    bundle = httpx.get(f"{served}/schema/assets/swagger-ui-bundle.js", timeout=30)
    assert b"SwaggerUIBundle" in bundle.content
    missing = httpx.get(f"{served}/schema/assets/nothing.js", timeout=30)
    assert missing.status_code == 404
