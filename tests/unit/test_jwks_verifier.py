from __future__ import annotations

import asyncio
import time
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
    return LocalIssuer(tmp_path / "key.pem", issuer="streamz-local", audience="streamz")


async def test_a_verified_token_is_remembered_until_it_expires(issuer: LocalIssuer) -> None:
    keys = CountingKeys(issuer)
    verifier = JwksSessionVerifier(keys, issuer="streamz-local", audience="streamz", leeway=0)
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
    other = LocalIssuer(tmp_path / "other.pem", issuer="streamz-local", audience="streamz")
    verifier = JwksSessionVerifier(
        StaticKeys(issuer.jwks()), issuer="streamz-local", audience="streamz"
    )
    forged = other.issue("identity-1")
    for _ in range(2):
        with pytest.raises(InvalidToken):
            await verifier.verify(forged)
    assert verifier._verified == {}


async def test_memory_is_bounded(issuer: LocalIssuer) -> None:
    verifier = JwksSessionVerifier(
        StaticKeys(issuer.jwks()), issuer="streamz-local", audience="streamz", remember=3
    )
    tokens = [issuer.issue(f"identity-{i}") for i in range(5)]
    for token in tokens:
        await verifier.verify(token)

    assert len(verifier._verified) == 3
    assert list(verifier._verified) == tokens[2:]


async def test_the_audience_is_required_and_must_match(issuer: LocalIssuer, tmp_path: Path) -> None:
    verifier = JwksSessionVerifier(
        StaticKeys(issuer.jwks()), issuer="streamz-local", audience="streamz"
    )
    assert jwt.decode(issuer.issue("identity-1"), options={"verify_signature": False})["aud"] == (
        "streamz"
    )
    assert (await verifier.verify(issuer.issue("identity-1"))).subject == "identity-1"
    key = (tmp_path / "key.pem").read_bytes()  # PEM: PyJWT loads it
    now = int(time.time())
    base = {"iss": "streamz-local", "sub": "identity-2", "iat": now, "exp": now + 600}
    cases = {
        "no 'aud' claim": base,
        "not meant for this service": {**base, "aud": "another-service"},
        "not meant for this service ": {**base, "aud": ["another-service", "billing"]},
    }
    for words, claims in cases.items():
        token = jwt.encode(claims, key, algorithm="ES256", headers={"kid": issuer.kid})
        with pytest.raises(InvalidToken, match=words.strip()):
            await verifier.verify(token)
    several = jwt.encode(
        {**base, "aud": ["another-service", "streamz"]},
        key,
        algorithm="ES256",
        headers={"kid": issuer.kid},
    )
    assert (await verifier.verify(several)).subject == "identity-2"


def test_an_audience_is_mandatory_to_issue_and_to_verify(
    issuer: LocalIssuer, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="audience"):
        JwksSessionVerifier(StaticKeys(issuer.jwks()), issuer=None, audience="")
    with pytest.raises(ValueError, match="audience"):
        LocalIssuer(tmp_path / "k.pem", issuer="streamz-local", audience="")
