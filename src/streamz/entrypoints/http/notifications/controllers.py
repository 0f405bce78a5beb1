"""Devices and in-app notifications (Private), delivery stats (Admin), one-click unsubscribe."""

from __future__ import annotations

import uuid
from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, MediaType, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from streamz.core.identity.entities import Principal
from streamz.core.notifications.dead_letters import DeadLetters, DeadLettersRequest
from streamz.core.notifications.delivery_stats import DeliveryStats, DeliveryStatsRequest
from streamz.core.notifications.list_devices import ListDevices, ListDevicesRequest
from streamz.core.notifications.list_inbox import ListInbox, ListInboxRequest
from streamz.core.notifications.mark_all_read import MarkAllRead, MarkAllReadRequest
from streamz.core.notifications.mark_read import MarkRead, MarkReadRequest
from streamz.core.notifications.notification_status import (
    NotificationStatus,
    NotificationStatusRequest,
)
from streamz.core.notifications.register_device import RegisterDevice, RegisterDeviceRequest
from streamz.core.notifications.retry_dead import RetryDead, RetryDeadRequest
from streamz.core.notifications.unregister_device import UnregisterDevice, UnregisterDeviceRequest
from streamz.core.notifications.unsubscribe import Unsubscribe, UnsubscribeRequest
from streamz.entrypoints.http.notifications.views import (
    DeadLetterOut,
    DeadLetterPage,
    DeviceIn,
    DeviceList,
    DeviceOut,
    MarkedOut,
    NotificationOut,
    NotificationPage,
    ProgressOut,
    ReadIn,
    RetriedOut,
    StatOut,
    StatsOut,
    UnreadOut,
    UnsubscribedOut,
)
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="page size")]
After = Annotated[str | None, QueryParameter(max_length=64, description="cursor from `next`")]
ItemId = Annotated[uuid.UUID, PathParameter(description="in-app notification id")]
Token = Annotated[str, PathParameter(min_length=1, max_length=512, description="signed token")]


class DevicesController(Controller):
    path = "/me/devices"
    tags = ["notifications"]

    @post(
        "/",
        summary="Register a push token (moves to you if another account had it)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def register_device(
        self,
        data: DeviceIn,
        principal: NamedDependency[Principal],
        use_case: FromDishka[RegisterDevice],
    ) -> DeviceOut:
        """Registers a push token (FCM) for the signed-in user; a token registered by another
        account moves to this one. 422 for an unknown platform.
        """
        return DeviceOut.of(
            await use_case(RegisterDeviceRequest(principal, data.platform, data.token))
        )

    @get("/", summary="Your push devices", responses=problem_responses(*READ_ERRORS))
    @inject
    async def list_devices(
        self, principal: NamedDependency[Principal], use_case: FromDishka[ListDevices]
    ) -> DeviceList:
        """Lists the signed-in user's push devices."""
        return DeviceList([DeviceOut.of(d) for d in await use_case(ListDevicesRequest(principal))])

    @delete(
        "/{device_id:uuid}",
        summary="Unregister one of your devices",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def unregister_device(
        self,
        device_id: Annotated[uuid.UUID, PathParameter(description="device id")],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UnregisterDevice],
    ) -> None:
        """Removes one of the signed-in user's push devices. 404 if it is not one of theirs."""
        await use_case(UnregisterDeviceRequest(principal, device_id))


class InboxController(Controller):
    path = "/me/notifications"
    tags = ["notifications"]

    @get("/", summary="Your notifications, newest first", responses=problem_responses(*READ_ERRORS))
    @inject
    async def list_notifications(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListInbox],
        limit: Limit = 20,
        after: After = None,
    ) -> NotificationPage:
        """The signed-in user's notifications, newest first, with a cursor."""
        page = await use_case(ListInboxRequest(principal, limit, after))
        return NotificationPage(
            [NotificationOut.of(i) for i in page.items],
            str(page.next) if page.next else None,
            page.unread,
        )

    @get("/unread-count", summary="How many are unread", responses=problem_responses(*READ_ERRORS))
    @inject
    async def count_unread_notifications(
        self, principal: NamedDependency[Principal], use_case: FromDishka[ListInbox]
    ) -> UnreadOut:
        """How many of the signed-in user's notifications are unread."""
        return UnreadOut((await use_case(ListInboxRequest(principal, 1))).unread)

    @put(
        "/{item_id:uuid}/read",
        summary="Mark one read (true) or unread (false)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def mark_notification(
        self,
        item_id: ItemId,
        data: ReadIn,
        principal: NamedDependency[Principal],
        use_case: FromDishka[MarkRead],
    ) -> NotificationOut:
        """Marks one notification read (`read: true`) or unread. 404 if it is not one of the
        user's.
        """
        return NotificationOut.of(await use_case(MarkReadRequest(principal, item_id, data.read)))

    @post("/read-all", summary="Mark all read", responses=problem_responses(*WRITE_ERRORS))
    @inject
    async def mark_all_notifications_read(
        self, principal: NamedDependency[Principal], use_case: FromDishka[MarkAllRead]
    ) -> MarkedOut:
        """Marks every notification of the signed-in user read, and returns how many changed."""
        return MarkedOut(await use_case(MarkAllReadRequest(principal)))


class AdminNotificationsController(Controller):
    path = "/notifications"
    tags = ["notifications"]

    @get(
        "/stats",
        summary="Deliveries updated in the last minutes, by provider and status",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_notification_stats(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeliveryStats],
        minutes: Annotated[int, QueryParameter(ge=1, le=1440)] = 60,
    ) -> StatsOut:
        """Counts deliveries updated in the last minutes, by provider and status. Staff only."""
        rows = await use_case(DeliveryStatsRequest(principal, minutes))
        return StatsOut(minutes, [StatOut.of(r) for r in rows])

    @get(
        "/dead-letters",
        summary="Deliveries given up after too many attempts",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_dead_letters(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeadLetters],
        limit: Limit = 50,
        after: After = None,
    ) -> DeadLetterPage:
        """Lists deliveries given up after too many attempts, newest first, with a cursor. Staff
        only.
        """
        rows = await use_case(DeadLettersRequest(principal, limit, after))
        return DeadLetterPage(
            [DeadLetterOut.of(r) for r in rows], str(rows[-1].id) if len(rows) == limit else None
        )

    @post(
        "/dead-letters/retry",
        summary="Queue every dead delivery again",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def retry_dead_letters(
        self, principal: NamedDependency[Principal], use_case: FromDishka[RetryDead]
    ) -> RetriedOut:
        """Queues every dead delivery again and returns how many. Staff only."""
        return RetriedOut(await use_case(RetryDeadRequest(principal)))

    @get(
        "/{notification_id:uuid}",
        summary="One notification's deliveries by status",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_notification_progress(
        self,
        notification_id: Annotated[uuid.UUID, PathParameter(description="notification id")],
        principal: NamedDependency[Principal],
        use_case: FromDishka[NotificationStatus],
    ) -> ProgressOut:
        """Counts one notification's deliveries by status. Staff only. 404 if there is no such
        notification.
        """
        return ProgressOut.of(await use_case(NotificationStatusRequest(principal, notification_id)))


class UnsubscribeController(Controller):
    """RFC 8058 one-click unsubscribe: mail clients POST to the List-Unsubscribe URL."""

    path = "/unsubscribe"
    tags = ["notifications"]

    @post(
        "/{token:str}",
        summary="One-click unsubscribe (the signed token names account and preference)",
        responses=problem_responses(400, 404, 422, 429),
        status_code=200,
    )
    @inject
    async def unsubscribe(self, token: Token, use_case: FromDishka[Unsubscribe]) -> UnsubscribedOut:
        """RFC 8058 one-click unsubscribe: the signed token in the URL names the account and the
        preference to turn off. No credentials; 422 for a link that does not verify.
        """
        done = await use_case(UnsubscribeRequest(Principal.anonymous(), token))
        return UnsubscribedOut(done.preference)

    @get(
        "/{token:str}",
        summary="The unsubscribe page (a button that POSTs)",
        media_type=MediaType.HTML,
        responses=problem_responses(400, 404, 422, 429),
    )
    async def unsubscribe_page(self, token: Token) -> Response[str]:
        """An HTML page with one button that POSTs to the same URL (for mail clients that open the
        link). No credentials.
        """
        body = (
            "<!doctype html><title>Unsubscribe</title>"
            '<form method="post"><button name="List-Unsubscribe" value="One-Click">'
            "Unsubscribe</button></form>"
        )
        return Response(body, media_type=MediaType.HTML)
