"""Errors particular to the channels context (codes are the problem `type` suffixes)."""

from streamz.core.errors import Conflict, Invalid, NotFound


class ChannelNotFound(NotFound):
    code = "channel-not-found"
    title = "Channel not found"


class RoleAlreadyGranted(Conflict):
    code = "role-already-granted"
    title = "Role already granted"


class RoleNotFound(NotFound):
    code = "role-not-found"
    title = "Role not found"


class OwnerCannotHoldRole(Invalid):
    code = "owner-cannot-hold-role"
    title = "The channel's owner cannot be given a role"


class SubscriptionNotFound(NotFound):
    code = "subscription-not-found"
    title = "Subscription not found"


class OwnSubscription(Invalid):
    code = "own-channel-subscription"
    title = "You cannot subscribe to your own channel"


class AlreadySubscribed(Conflict):
    code = "already-subscribed"
    title = "Already subscribed"
