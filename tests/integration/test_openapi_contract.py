"""Schemathesis against `streamzctl serve`: every operation of every tier, generated inputs.

Fails on any 5xx, any undocumented status or content type, and any response that violates the
app's own OpenAPI document. New endpoints are covered without touching this file.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from streamz_dev.localservices import ServiceUrls
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY

pytestmark = pytest.mark.timeout(900)
EXAMPLES = int(os.environ.get("STREAMZ_SCHEMATHESIS_EXAMPLES", "40"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served(services: ServiceUrls, ory: FakeOry, workdir: Path) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "STREAMZ_DATABASE_URL": services.database_url,
        "STREAMZ_REDIS_URL": services.redis_url,
        "STREAMZ_TYPESENSE_URL": services.typesense_url,
        "STREAMZ_TYPESENSE_API_KEY": services.typesense_api_key,
        "STREAMZ_DATA_DIR": str(workdir / "served"),
        "STREAMZ_PORT": str(port),
        "STREAMZ_JWKS_URL": ory.jwks_url,
        "STREAMZ_JWT_ISSUER": ory.url,
        "STREAMZ_JWT_AUDIENCE": "streamz",
        "STREAMZ_ORY_WEBHOOK_KEY": ORY_KEY,
        "STREAMZ_LOG_LEVEL": "WARNING",
    }
    streamzctl = Path(sys.executable).parent / "streamzctl"
    process = subprocess.Popen([str(streamzctl), "serve"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a loaded CI machine starts it slowly
        while True:
            assert process.poll() is None, "streamzctl serve exited"
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "streamzctl serve did not start"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def staff_headers(served: str, ory: FakeOry, services: ServiceUrls) -> dict[str, str]:
    identity = str(uuid.uuid4())
    username = f"staff_{identity[:8]}"
    response = httpx.post(
        f"{served}/internal/webhooks/ory/registration",
        json={"identity": {"id": identity, "traits": {"username": username, "email": "s@x.io"}}},
        headers={ORY_KEY_HEADER: ORY_KEY},
    )
    assert response.status_code == 201

    async def promote() -> None:
        connection = await asyncpg.connect(services.database_url.replace("+asyncpg", ""))
        try:
            await connection.execute("UPDATE accounts SET role='staff' WHERE username=$1", username)
        finally:
            await connection.close()

    asyncio.run(promote())
    return {
        "Authorization": f"Bearer {ory.session_token(identity, ttl=3600)}",
        ORY_KEY_HEADER: ORY_KEY,
    }


CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
    ]
)


def test_every_operation_honours_its_contract(
    served: str, staff_headers: dict[str, str], tmp_path: Path
) -> None:
    """`schemathesis run` (the CLI: its pytest loader does not support pytest 9 yet)."""
    headers = [arg for name, value in staff_headers.items() for arg in ("-H", f"{name}: {value}")]
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{served}/schema/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        "20261121",
        "--request-timeout",
        "10",
        "--workers",
        "2",  # operations in parallel: the server and the generator share the 2 cores
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
        *headers,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=840, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "passed" in output.lower()
