"""`streamzctl notifications ...` (staff tools, acting as the system):

- `notifications send-test --user NAME`: a test push (every device) and email through the
  whole pipeline; prints the notification id;
- `notifications status ID`: the notification and its deliveries by status;
- `notifications retry-dead [--notification ID]`: queue dead deliveries again;
- `notifications dead-letters`: list them; `notifications stats [--minutes N]`.
"""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from streamz.core.identity.entities import Principal
from streamz.core.notifications.dead_letters import DeadLetters, DeadLettersRequest
from streamz.core.notifications.delivery_stats import DeliveryStats, DeliveryStatsRequest
from streamz.core.notifications.notification_status import (
    NotificationStatus,
    NotificationStatusRequest,
)
from streamz.core.notifications.retry_dead import RetryDead, RetryDeadRequest
from streamz.core.notifications.send_test_notification import SendTestNotification, SendTestRequest
from streamz.entrypoints.cli.runtime import call, cli_errors, echo_json, fail
from streamz.entrypoints.http.notifications.views import DeadLetterOut, ProgressOut, StatOut

SYSTEM = Principal.system()
notifications = typer.Typer(help="Notification delivery: test sends, progress, dead letters.")


def _id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise fail(f"not a notification id: {text!r}") from None


@notifications.command("send-test")
@cli_errors
def send_test(
    user: Annotated[str, typer.Option("--user", help="username to notify")],
) -> None:
    """Send a test push and email to one account."""
    notification = call(SendTestNotification, SendTestRequest(SYSTEM, user))
    echo_json({"notification_id": str(notification.id)})


@notifications.command("status")
@cli_errors
def status(notification_id: Annotated[str, typer.Argument(help="notification id")]) -> None:
    """One notification's per-recipient progress (deliveries by status)."""
    progress = call(NotificationStatus, NotificationStatusRequest(SYSTEM, _id(notification_id)))
    echo_json(ProgressOut.of(progress))


@notifications.command("retry-dead")
@cli_errors
def retry_dead(
    notification_id: Annotated[
        str | None, typer.Option("--notification", help="only this notification's")
    ] = None,
) -> None:
    """Queue dead deliveries again (attempts reset)."""
    target = _id(notification_id) if notification_id else None
    echo_json({"queued": call(RetryDead, RetryDeadRequest(SYSTEM, target))})


@notifications.command("dead-letters")
@cli_errors
def dead_letters(
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    after: Annotated[str | None, typer.Option(help="last id of the previous page")] = None,
) -> None:
    """Deliveries given up after too many attempts."""
    rows = call(DeadLetters, DeadLettersRequest(SYSTEM, limit, after))
    echo_json([DeadLetterOut.of(r) for r in rows])


@notifications.command("stats")
@cli_errors
def stats(minutes: Annotated[int, typer.Option(min=1, max=1440)] = 60) -> None:
    """Deliveries updated in the last minutes by provider and status."""
    rows = call(DeliveryStats, DeliveryStatsRequest(SYSTEM, minutes))
    echo_json([StatOut.of(r) for r in rows])


def register(root: typer.Typer, channels: typer.Typer) -> None:
    root.add_typer(notifications, name="notifications")
