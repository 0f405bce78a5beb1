"""A fake Ory: serves a real JWKS over HTTP and signs session JWTs like Ory's tokenizer."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from streamz.adapters.jwks.local_issuer import LocalIssuer


class FakeOry:
    def __init__(self, key_dir: Path) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.jwks_url = f"{self.url}/.well-known/jwks.json"
        self.key_file = key_dir / "ory-key.pem"
        self.issuer = LocalIssuer(self.key_file, issuer=self.url, audience="streamz")
        self.jwks_requests = 0
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path != "/.well-known/jwks.json":
                    self.send_error(404)
                    return
                fake.jwks_requests += 1
                body = json.dumps(fake.issuer.jwks()).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler

    def start(self) -> FakeOry:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def session_token(self, identity_id: str, *, ttl: int = 600, now: float | None = None) -> str:
        return self.issuer.issue(identity_id, ttl_seconds=ttl, now=now)

    def sign(self, claims: dict[str, Any]) -> str:
        """A JWT with exactly ``claims``, signed with Ory's key (to forge bad ``aud`` etc.)."""
        key = serialization.load_pem_private_key(self.key_file.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return jwt.encode(claims, key, algorithm="ES256", headers={"kid": self.issuer.kid})
