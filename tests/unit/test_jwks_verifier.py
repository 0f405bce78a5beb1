from __future__ import annotations

import asyncio
from pathlib import Path

import jwt
import pytest

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz.adapters.jwks.verifier import JwksSessionVerifier, StaticKeys
from streamz.core.identity.errors import InvalidToken


class CountingKeys(StaticKeys):
    def __init__(self, issuer: LocalIssuer) -> None:
        super().__init__(issuer.jwks())
        self.calls = 0

    async def keys(self, *, refresh: bool) -> dict[str, jwt.PyJWK]:
        self.calls += 1
        return await super().keys(refresh=refresh)


@pytest.fixture
def issuer(tmp_path: Path) -> LocalIssuer:
    return LocalIssuer(tmp_path / "key.pem", issuer="streamz-local")


async def test_a_verified_token_is_remembered_until_it_expires(issuer: LocalIssuer) -> None:
    keys = CountingKeys(issuer)
    verifier = JwksSessionVerifier(keys, issuer="streamz-local", audience=None, leeway=0)
    token = issuer.issue("identity-1", ttl_seconds=2)

    first = await verifier.verify(token)
    second = await verifier.verify(token)

    assert first.subject == second.subject == "identity-1"
    assert keys.calls == 1  # the second answer came from memory, with no signature check
    await asyncio.sleep(2.5)  # past its expiry: memory no longer answers for it
    with pytest.raises(InvalidToken, match="expired"):
        await verifier.verify(token)
    assert token not in verifier._verified


async def test_bad_tokens_are_never_remembered(issuer: LocalIssuer, tmp_path: Path) -> None:
    other = LocalIssuer(tmp_path / "other.pem", issuer="streamz-local")
    verifier = JwksSessionVerifier(StaticKeys(issuer.jwks()), issuer="streamz-local", audience=None)
    forged = other.issue("identity-1")
    for _ in range(2):
        with pytest.raises(InvalidToken):
            await verifier.verify(forged)
    assert verifier._verified == {}


async def test_memory_is_bounded(issuer: LocalIssuer) -> None:
    verifier = JwksSessionVerifier(
        StaticKeys(issuer.jwks()), issuer="streamz-local", audience=None, remember=3
    )
    tokens = [issuer.issue(f"identity-{i}") for i in range(5)]
    for token in tokens:
        await verifier.verify(token)

    assert len(verifier._verified) == 3
    assert list(verifier._verified) == tokens[2:]
