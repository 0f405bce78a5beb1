"""`streamzctl channels subscriptions grant|end|list`: channel subscriptions (the record),
called as the system (data output, one-line errors)."""

from __future__ import annotations

from typing import Annotated

import typer

from streamz.core.channels.subscriptions.end_subscription import (
    EndSubscription,
    EndSubscriptionRequest,
)
from streamz.core.channels.subscriptions.grant_subscription import (
    GrantSubscription,
    GrantSubscriptionRequest,
)
from streamz.core.channels.subscriptions.list_subscriptions import (
    ListSubscriptions,
    ListSubscriptionsRequest,
)
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.runtime import call, cli_errors, echo_json
from streamz.entrypoints.cli.team import AccountArg, AfterOpt, Channel, LimitOpt, Reason
from streamz.entrypoints.http.subscriptions.views import (
    SubscriberOut,
    SubscriberPage,
    SubscriptionOut,
)

SYSTEM = Principal.system()

subscriptions = typer.Typer(help="Channel subscriptions (the record).", no_args_is_help=True)


@subscriptions.command("grant")
@cli_errors
def grant(
    channel: Channel,
    account: AccountArg,
    tier: Annotated[int, typer.Option(min=1, max=3, help="1, 2 or 3")] = 1,
    months: Annotated[int, typer.Option(min=1, max=120, help="months to add")] = 1,
    gifted_by: Annotated[str | None, typer.Option(help="the gifter's username or id")] = None,
) -> None:
    """Grant (or renew) ACCOUNT's subscription to CHANNEL."""
    request = GrantSubscriptionRequest(SYSTEM, channel, account, tier, months, gifted_by)
    echo_json(SubscriptionOut.of(call(GrantSubscription, request)))


@subscriptions.command("end")
@cli_errors
def end(channel: Channel, account: AccountArg, reason: Reason = None) -> None:
    """End ACCOUNT's active subscription to CHANNEL now."""
    request = EndSubscriptionRequest(SYSTEM, channel, account, reason)
    echo_json(SubscriptionOut.of(call(EndSubscription, request)))


@subscriptions.command("list")
@cli_errors
def list_subscriptions(channel: Channel, limit: LimitOpt = 20, after: AfterOpt = None) -> None:
    """List CHANNEL's active subscribers, newest first."""
    page = call(ListSubscriptions, ListSubscriptionsRequest(SYSTEM, channel, limit, after))
    echo_json(SubscriberPage([SubscriberOut.of(s) for s in page.data], page.next))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands to `channels`."""
    channels.add_typer(subscriptions, name="subscriptions")
