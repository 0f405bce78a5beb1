"""A local session-token issuer standing in for Ory in the embedded default.

Keeps one ES256 key in the data folder and signs short JWTs whose ``sub`` is an identity id and
whose ``aud`` is the audience Streamz requires, exactly like Ory's session-to-JWT tokenizer, so
the Private API can be tried without Ory.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm


class LocalIssuer:
    def __init__(self, key_file: Path, *, issuer: str, audience: str) -> None:
        if not audience:
            raise ValueError("the local issuer needs an audience (the verifier requires one)")
        self.issuer = issuer
        self.audience = audience
        self._key = _load_or_create(key_file)
        public_jwk: dict[str, Any] = json.loads(ECAlgorithm.to_jwk(self._key.public_key()))
        self.kid = _thumbprint(public_jwk)
        self._jwk = {**public_jwk, "kid": self.kid, "alg": "ES256", "use": "sig"}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self._jwk]}

    def issue(self, subject: str, *, ttl_seconds: int = 3600, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": subject,
            "aud": self.audience,
            "iat": issued,
            "nbf": issued,
            "exp": issued + ttl_seconds,
        }
        return jwt.encode(claims, self._key, algorithm="ES256", headers={"kid": self.kid})


def _thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint of an EC public key."""
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"], "y": jwk["y"]},
        separators=(",", ":"),
        sort_keys=True,
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _load_or_create(key_file: Path) -> ec.EllipticCurvePrivateKey:
    if key_file.exists():
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{key_file} is not an EC private key")
        return key
    key = ec.generate_private_key(ec.SECP256R1())
    key_file.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key_file.touch(mode=0o600)
    key_file.write_bytes(pem)
    return key
