"""Sending: input rules, fragments, threads, seq, and every enforcement rule in its order."""

from __future__ import annotations

import pytest

from streamz.core.channels.roles import ChannelRole
from streamz.core.channels.subscriptions.grant_subscription import (
    GrantSubscription,
    GrantSubscriptionRequest,
)
from streamz.core.chat.bans.ban_user import BanUser, BanUserRequest
from streamz.core.chat.blocked_terms.create_term import CreateTerm, CreateTermRequest
from streamz.core.chat.emotes.create_emote import CreateEmote, CreateEmoteRequest
from streamz.core.chat.messages import errors
from streamz.core.chat.messages.entities import FragmentKind
from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Principal, PrincipalKind, Role, Scope
from streamz.core.social.follow_channel import FollowChannel, FollowChannelRequest
from tests.unit.media.images import png
from tests.unit.messages.support import SYSTEM, Chat, topics


@pytest.fixture
async def chat() -> Chat:
    return Chat()


async def test_messages_get_gap_free_seqs_fragments_and_an_event(chat: Chat) -> None:
    owner = await chat.user("owner")
    fan = await chat.user("fan")
    await chat.lib.call(
        CreateEmote, CreateEmoteRequest(SYSTEM, "owner", "Kappa", png(112), "image/png")
    )
    first = await chat.send(fan, "owner", "hi @Owner look Kappa https://example.com/x ok")
    second = await chat.send(owner, "owner", "  line\none  ")
    assert (first.seq, second.seq) == (1, 2)
    assert second.content == "line one"
    kinds = [(f.kind, f.text) for f in first.fragments]
    assert kinds == [
        (FragmentKind.TEXT, "hi "),
        (FragmentKind.MENTION, "@Owner"),
        (FragmentKind.TEXT, " look "),
        (FragmentKind.EMOTE, "Kappa"),
        (FragmentKind.TEXT, " "),
        (FragmentKind.LINK, "https://example.com/x"),
        (FragmentKind.TEXT, " ok"),
    ]
    assert first.mentions == (chat.ids["owner"],)
    assert first.author.username == "fan"
    assert (await topics(chat)).count("chat.message_sent") == 2


@pytest.mark.parametrize(
    "content",
    ["", "   ", "x" * 501, "bad\x00byte", "bell\x07"],
    ids=["empty", "blank", "long", "nul", "ctrl"],
)
async def test_bad_content_is_invalid_and_writes_nothing(chat: Chat, content: str) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    with pytest.raises(Invalid):
        await chat.send(fan, "owner", content)
    assert "chat.message_sent" not in await topics(chat)
    assert (await chat.send(fan, "owner", "x" * 500)).seq == 1


async def test_replies_join_the_thread_of_the_message_answered(chat: Chat) -> None:
    await chat.user("owner")
    await chat.user("other")
    fan = await chat.user("fan")
    root = await chat.send(fan, "owner", "question")
    reply = await chat.send(fan, "owner", "answer", root.id)
    deeper = await chat.send(fan, "owner", "more", reply.id)
    assert (reply.thread_id, deeper.thread_id) == (root.id, root.id)
    assert deeper.reply_to == reply.id
    elsewhere = await chat.send(fan, "other", "hello")
    with pytest.raises(errors.ReplyAcrossRooms):
        await chat.send(fan, "owner", "cross", elsewhere.id)
    with pytest.raises(errors.ReplyTargetNotFound):
        await chat.send(fan, "owner", "ghost", fan.account_id)


async def test_who_may_send(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    assert fan.account_id is not None
    with pytest.raises(Unauthenticated):
        await chat.send(Principal.anonymous(), "owner", "hi")
    token = Principal(PrincipalKind.TOKEN, fan.account_id, Role.USER, frozenset())
    with pytest.raises(Forbidden):
        await chat.send(token, "owner", "hi")
    scoped = Principal(
        PrincipalKind.TOKEN, fan.account_id, Role.USER, frozenset({Scope.CHAT_WRITE})
    )
    assert (await chat.send(scoped, "owner", "hi")).author_id == fan.account_id
    staff = Principal(PrincipalKind.STAFF, fan.account_id, Role.STAFF)
    with pytest.raises(Forbidden):
        await chat.send(staff, "owner", "hi")
    on_behalf = await chat.lib.call(
        SendMessage, SendMessageRequest(SYSTEM, "owner", "bot says hi", author="fan")
    )
    assert on_behalf.author_id == fan.account_id


async def test_bans_and_timeouts_come_first(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    await chat.lib.call(CreateTerm, CreateTermRequest(SYSTEM, "owner", "badword"))
    await chat.lib.call(BanUser, BanUserRequest(SYSTEM, "owner", "fan", 60, "spam"))
    with pytest.raises(errors.ChatTimedOut) as timed_out:
        await chat.send(fan, "owner", "badword")  # the ban is reported, not the term
    assert "until" in timed_out.value.extra
    chat.later(seconds=61)
    assert (await chat.send(fan, "owner", "back")).seq == 2  # the timeout took seq 1
    await chat.lib.call(BanUser, BanUserRequest(SYSTEM, "owner", "fan"))
    with pytest.raises(errors.ChatBanned):
        await chat.send(fan, "owner", "hello")


async def test_followers_only_with_follow_age(chat: Chat) -> None:
    owner = await chat.user("owner")
    fan = await chat.user("fan")
    vip = await chat.user("vip")
    await chat.grant("owner", "vip", ChannelRole.VIP)
    await chat.settings("owner", followers_only=10)
    with pytest.raises(errors.FollowersOnly):
        await chat.send(fan, "owner", "hi")
    await chat.lib.call(FollowChannel, FollowChannelRequest(fan, "owner"))
    chat.later(minutes=9)
    with pytest.raises(errors.FollowersOnly):
        await chat.send(fan, "owner", "hi")
    chat.later(minutes=1)
    await chat.send(fan, "owner", "hi")
    await chat.send(owner, "owner", "owner is exempt")
    await chat.send(vip, "owner", "vips are exempt")


async def test_subscribers_only_and_subscriber_emotes(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    sub = await chat.user("sub")
    mod = await chat.user("mod")
    await chat.grant("owner", "mod", ChannelRole.MODERATOR)
    await chat.lib.call(
        CreateEmote, CreateEmoteRequest(SYSTEM, "owner", "SubHype", png(112), "image/png", True)
    )
    await chat.lib.call(GrantSubscription, GrantSubscriptionRequest(SYSTEM, "owner", "sub"))
    plain = await chat.send(fan, "owner", "SubHype")
    assert [f.kind for f in plain.fragments] == [FragmentKind.TEXT]  # not theirs to use
    subbed = await chat.send(sub, "owner", "SubHype")
    assert [f.kind for f in subbed.fragments] == [FragmentKind.EMOTE]
    await chat.settings("owner", subscribers_only=True)
    with pytest.raises(errors.SubscribersOnly):
        await chat.send(fan, "owner", "hi")
    await chat.send(sub, "owner", "hi")
    await chat.send(mod, "owner", "hi")


async def test_emote_only_mode(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    mod = await chat.user("mod")
    await chat.grant("owner", "mod", ChannelRole.MODERATOR)
    await chat.lib.call(CreateEmote, CreateEmoteRequest(SYSTEM, "owner", "Kappa", png(112)))
    await chat.settings("owner", emote_only=True)
    with pytest.raises(errors.EmoteOnly):
        await chat.send(fan, "owner", "Kappa words")
    assert (
        await chat.send(fan, "owner", "Kappa  Kappa")
    ).seq == 2  # the settings change took seq 1
    await chat.send(mod, "owner", "moderators may write")


async def test_account_age_and_verified_email(chat: Chat) -> None:
    await chat.user("owner")
    await chat.settings("owner", min_account_age_minutes=60)
    newbie = await chat.user("newbie")
    with pytest.raises(errors.AccountTooNew):
        await chat.send(newbie, "owner", "hi")
    chat.later(minutes=60)
    await chat.send(newbie, "owner", "hi")
    await chat.settings("owner", verified_email_required=True)
    unverified = await chat.user("unverified", verified=False)
    chat.later(minutes=60)
    with pytest.raises(errors.EmailNotVerified):
        await chat.send(unverified, "owner", "hi")
    await chat.send(newbie, "owner", "still fine")


async def test_slow_mode_per_sender_with_retry_after(chat: Chat) -> None:
    owner = await chat.user("owner")
    fan = await chat.user("fan")
    other = await chat.user("other")
    await chat.settings("owner", slow_mode_seconds=30)
    await chat.send(fan, "owner", "one")
    chat.later(seconds=10)
    with pytest.raises(errors.SlowMode) as slow:
        await chat.send(fan, "owner", "two")
    assert slow.value.retry_after == 20
    await chat.send(other, "owner", "someone else may")
    await chat.send(owner, "owner", "owner one")
    await chat.send(owner, "owner", "owner two")  # exempt
    chat.later(seconds=20)
    await chat.send(fan, "owner", "two")


async def test_unique_chat_refuses_the_same_text_for_30_seconds(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    other = await chat.user("other")
    await chat.settings("owner", unique_chat=True)
    await chat.send(fan, "owner", "Same Text")
    with pytest.raises(errors.DuplicateMessage):
        await chat.send(other, "owner", "same   text")
    chat.later(seconds=30)
    await chat.send(other, "owner", "same text")


async def test_blocked_terms_then_links(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    vip = await chat.user("vip")
    mod = await chat.user("mod")
    await chat.grant("owner", "vip", ChannelRole.VIP)
    await chat.grant("owner", "mod", ChannelRole.MODERATOR)
    await chat.lib.call(CreateTerm, CreateTermRequest(SYSTEM, "owner", "badword"))
    await chat.settings("owner", links_allowed=False)
    with pytest.raises(errors.BlockedTerm):
        await chat.send(fan, "owner", "B4DW0RD at evil.com")  # the term is reported first
    with pytest.raises(errors.LinksNotAllowed):
        await chat.send(fan, "owner", "go to evil.com now")
    await chat.send(vip, "owner", "go to good.com")
    await chat.send(mod, "owner", "badword is fine for moderators")


async def test_slow_mode_is_reported_before_blocked_terms(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    await chat.lib.call(CreateTerm, CreateTermRequest(SYSTEM, "owner", "badword"))
    await chat.settings("owner", slow_mode_seconds=60)
    await chat.send(fan, "owner", "first")
    with pytest.raises(errors.SlowMode):
        await chat.send(fan, "owner", "badword")


async def test_rate_limit_per_room_and_role(chat: Chat) -> None:
    owner = await chat.user("owner")
    fan = await chat.user("fan")
    for n in range(20):
        await chat.send(fan, "owner", f"message {n}")
    with pytest.raises(errors.ChatRateLimited) as limited:
        await chat.send(fan, "owner", "one too many")
    assert limited.value.retry_after == 30
    for n in range(100):
        await chat.send(owner, "owner", f"owner {n}")
    with pytest.raises(errors.ChatRateLimited):
        await chat.send(owner, "owner", "owner too")
    chat.later(seconds=30)
    await chat.settings("owner", rate_limit_messages=2, rate_limit_window_seconds=5)
    await chat.send(fan, "owner", "a")
    await chat.send(fan, "owner", "b")
    with pytest.raises(errors.ChatRateLimited):
        await chat.send(fan, "owner", "c")


async def test_refused_messages_do_not_use_the_rate_limit(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    await chat.lib.call(CreateTerm, CreateTermRequest(SYSTEM, "owner", "badword"))
    await chat.settings("owner", rate_limit_messages=2)
    for _ in range(5):
        with pytest.raises(errors.BlockedTerm):
            await chat.send(fan, "owner", "badword")
    await chat.send(fan, "owner", "a")
    await chat.send(fan, "owner", "b")
