"""The container's real bindings, from settings: FCM to the fake, email to a log or SES."""

from __future__ import annotations

from dataclasses import replace

from streamz.adapters.fcm.push import FcmPushSender
from streamz.adapters.redis.provider_guards import RedisCircuitBreaker, RedisProviderRateLimit
from streamz.adapters.ses.email import SesEmailSender
from streamz.adapters.ses.log import LogEmailSender
from streamz.container import make_container
from streamz.ports.notification_delivery import (
    CircuitBreaker,
    EmailMessage,
    EmailSender,
    ProviderRateLimit,
    PushMessage,
    PushSender,
    SendOutcome,
)
from streamz.settings import Settings
from tests.fakes.fcm import FakeFcmServer
from tests.fakes.ses import FakeSes


async def test_push_goes_to_the_configured_fcm_and_email_to_the_log(
    settings: Settings, fcm: FakeFcmServer
) -> None:
    configured = replace(
        settings,
        fcm=replace(settings.fcm, url=fcm.url, project_id=fcm.project),
        email=replace(settings.email, rate_per_second=5),
    )
    container = make_container(configured)
    try:
        push = await container.get(PushSender)
        assert isinstance(push, FcmPushSender)
        [result] = await push.send([PushMessage(token="dev", title="t", body="b")])
        assert result.outcome is SendOutcome.SENT
        assert len(fcm.messages("dev")) == 1
        assert isinstance(await container.get(EmailSender), LogEmailSender)
        limit = await container.get(ProviderRateLimit)
        assert isinstance(limit, RedisProviderRateLimit)
        assert limit.rates["fcm"].per_second == 10_000
        assert limit.rates["ses"].per_second == 5
        breaker = await container.get(CircuitBreaker)
        assert isinstance(breaker, RedisCircuitBreaker)
        assert breaker.policy.open_seconds == settings.breaker.open_seconds
    finally:
        await container.close()


async def test_email_goes_to_ses_when_configured(settings: Settings, ses: FakeSes) -> None:
    configured = replace(
        settings,
        email=replace(
            settings.email,
            provider="ses",
            ses_endpoint_url=ses.url,
            from_address=ses.sender,
            ses_configuration_set="streamz",
        ),
    )
    container = make_container(configured)
    try:
        sender = await container.get(EmailSender)
        assert isinstance(sender, SesEmailSender)
        message = EmailMessage(to="carol@example.com", subject="s", text="t", html="<p>h</p>")
        assert (await sender.send(message)).outcome is SendOutcome.SENT
    finally:
        await container.close()
    assert len(ses.sent("carol@example.com")) == 1
