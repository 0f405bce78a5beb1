"""Channel subscriptions: the owner lists them (Private API); staff grant and end them (Admin)."""

from __future__ import annotations

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

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
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.identity.me import After, Limit
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses
from streamz.entrypoints.http.subscriptions.views import (
    GrantSubscriptionIn,
    SubscriberOut,
    SubscriberPage,
    SubscriptionOut,
)
from streamz.entrypoints.http.team.team import Account, Reason


class SubscribersController(Controller):
    path = "/channels/{identifier:str}/subscriptions"
    tags = ["channel subscriptions"]

    @get(
        "/",
        summary="List the channel's active subscribers (owner, staff)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_subscribers(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListSubscriptions],
        limit: Limit = 20,
        after: After = None,
    ) -> SubscriberPage:
        """Lists the channel's active subscribers, with a cursor. Private API: the channel's owner;
        Admin API: staff. 403 for anyone else.
        """
        page = await use_case(ListSubscriptionsRequest(principal, identifier, limit, after))
        return SubscriberPage([SubscriberOut.of(s) for s in page.data], page.next)


class AdminSubscriptionsController(SubscribersController):
    @idempotent
    @post(
        "/",
        summary="Grant or renew a subscription (staff)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def grant_subscription(
        self,
        identifier: Identifier,
        data: JSONBody[GrantSubscriptionIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[GrantSubscription],
    ) -> SubscriptionOut:
        """Grants or renews a subscription of an account to a channel until a date (payments are
        not handled by Streamz yet). Staff only. 404 for an unknown account or channel.
        """
        request = GrantSubscriptionRequest(
            principal, identifier, data.account, data.tier, data.months, data.gifted_by
        )
        return SubscriptionOut.of(await use_case(request))

    @delete(
        "/{account:str}",
        summary="End a subscription now (staff)",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def end_subscription(
        self,
        identifier: Identifier,
        account: Account,
        principal: NamedDependency[Principal],
        use_case: FromDishka[EndSubscription],
        reason: Reason = None,
    ) -> SubscriptionOut:
        """Ends an account's subscription to a channel now. Staff only. 404 if there is no active
        subscription.
        """
        request = EndSubscriptionRequest(principal, identifier, account, reason)
        return SubscriptionOut.of(await use_case(request))
