"""Verifies session JWTs (Ory's session tokenizer) against a JSON Web Key Set.

Keys come from a ``KeySource``: a JWKS URL fetched with httpx and cached (refreshed when a token
names an unknown ``kid``, at most once per ``refresh_interval``), or a local issuer in-process.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

import httpx
import jwt

from streamz.core.errors import Unavailable
from streamz.core.identity.errors import InvalidToken
from streamz.ports.auth import VerifiedSession

ALGORITHMS = ["ES256", "RS256", "EdDSA", "ES384", "RS384", "RS512"]


class KeySource(Protocol):
    async def keys(self, *, refresh: bool) -> dict[str, jwt.PyJWK]: ...


class StaticKeys:
    def __init__(self, jwks: dict[str, Any]) -> None:
        self._keys = _parse(jwks)

    async def keys(self, *, refresh: bool) -> dict[str, jwt.PyJWK]:
        return self._keys


class RemoteKeys:
    def __init__(
        self,
        url: str,
        client: httpx.AsyncClient,
        *,
        max_age: float = 300.0,
        refresh_interval: float = 30.0,
    ) -> None:
        self._url = url
        self._client = client
        self._max_age = max_age
        self._refresh_interval = refresh_interval
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def keys(self, *, refresh: bool) -> dict[str, jwt.PyJWK]:
        age = time.monotonic() - self._fetched_at
        if age < self._max_age and not (refresh and age >= self._refresh_interval):
            return self._keys
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            if age < self._max_age and not (refresh and age >= self._refresh_interval):
                return self._keys
            try:
                response = await self._client.get(self._url, timeout=5.0)
                response.raise_for_status()
                self._keys = _parse(response.json())
            except (httpx.HTTPError, ValueError) as error:
                if not self._keys:
                    raise Unavailable("the identity provider's keys cannot be fetched") from error
            self._fetched_at = time.monotonic()
            return self._keys


class JwksSessionVerifier:
    """Verifies session JWTs: signature, ``exp``, ``iss`` when configured, and ``aud``, which
    every token must carry and which must name ``audience`` (a token minted for another
    service of the same identity provider is refused).

    A token verified once is remembered until it expires (at most ``remember`` tokens, oldest
    dropped first), so a client's repeated requests cost a dict lookup instead of a signature
    check. A remembered token stays valid if its key is later withdrawn from the JWKS:
    providers keep retired keys published until their tokens expire.
    """

    def __init__(
        self,
        source: KeySource,
        *,
        issuer: str | None,
        audience: str,
        leeway: int = 30,
        remember: int = 10_000,
    ) -> None:
        self._source = source
        self._issuer = issuer
        if not audience:
            raise ValueError("a session verifier needs the audience its tokens must carry")
        self._audience = audience
        self._leeway = leeway
        self._remember = remember
        self._verified: dict[str, tuple[VerifiedSession, float]] = {}  # token -> (session, exp)

    async def verify(self, token: str) -> VerifiedSession:
        known = self._verified.get(token)
        if known is not None:
            if time.time() <= known[1] + self._leeway:
                return known[0]
            del self._verified[token]
        session, expires = await self._check(token)
        if len(self._verified) >= self._remember:
            del self._verified[next(iter(self._verified))]
        self._verified[token] = (session, expires)
        return session

    async def _check(self, token: str) -> tuple[VerifiedSession, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise InvalidToken("the session token is malformed") from None
        kid = header.get("kid")
        keys = await self._source.keys(refresh=False)
        if kid not in keys:
            keys = await self._source.keys(refresh=True)
        key = keys.get(kid) if kid else (next(iter(keys.values())) if len(keys) == 1 else None)
        if key is None:
            raise InvalidToken("the session token is signed by an unknown key")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                issuer=self._issuer,
                audience=self._audience,
                leeway=self._leeway,
                options={"require": ["exp", "sub", "aud"], "verify_aud": True},
            )
        except jwt.ExpiredSignatureError:
            raise InvalidToken("the session token has expired") from None
        except jwt.MissingRequiredClaimError as error:
            raise InvalidToken(f"the session token has no {error.claim!r} claim") from None
        except jwt.InvalidAudienceError:
            raise InvalidToken("the session token is not meant for this service") from None
        except jwt.PyJWTError:
            raise InvalidToken("the session token is invalid") from None
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise InvalidToken("the session token has no subject")
        return VerifiedSession(subject), float(claims["exp"])


def _parse(jwks: Any) -> dict[str, jwt.PyJWK]:
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise ValueError("not a JWKS document")
    keys: dict[str, jwt.PyJWK] = {}
    for entry in jwks["keys"]:
        if entry.get("use", "sig") != "sig":
            continue
        try:
            key = jwt.PyJWK(entry)
        except jwt.PyJWTError:
            continue
        keys[key.key_id or ""] = key
    return keys
