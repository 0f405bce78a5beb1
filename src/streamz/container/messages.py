"""Bindings of chat messages: storage, the chat throttle (Redis), the message use cases."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all
from redis.asyncio import Redis

from streamz.adapters.memory.chat_throttle import MemoryChatThrottle
from streamz.adapters.memory.messages import MemoryMessages, MemoryPins
from streamz.adapters.postgres.messages import PostgresMessages, PostgresPins
from streamz.adapters.redis.chat_throttle import RedisChatThrottle
from streamz.core.chat.messages.delete_message import DeleteMessage
from streamz.core.chat.messages.expire_pins import ExpirePins
from streamz.core.chat.messages.get_pin import GetPin
from streamz.core.chat.messages.list_messages import ListMessages
from streamz.core.chat.messages.list_thread import ListThread
from streamz.core.chat.messages.list_user_messages import ListUserMessages
from streamz.core.chat.messages.pin_message import PinMessage
from streamz.core.chat.messages.purge_messages import PurgeMessages
from streamz.core.chat.messages.send_message import SendMessage
from streamz.core.chat.messages.services import MessageServices
from streamz.core.chat.messages.unpin_message import UnpinMessage
from streamz.ports.chat_throttle import ChatThrottle
from streamz.ports.messages import MessageRepository, PinRepository


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope); the throttle is Redis."""

    scope = Scope.REQUEST

    messages = provide(PostgresMessages, provides=MessageRepository)
    pins = provide(PostgresPins, provides=PinRepository)

    @provide(scope=Scope.APP)
    def throttle(self, redis: Redis) -> ChatThrottle:
        return RedisChatThrottle(redis)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    messages = provide(MemoryMessages, provides=MessageRepository)
    pins = provide(MemoryPins, provides=PinRepository)
    throttle = provide(MemoryChatThrottle, provides=ChatThrottle, scope=Scope.APP)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    services = provide(MessageServices)
    use_cases = provide_all(
        SendMessage,
        DeleteMessage,
        PurgeMessages,
        ListMessages,
        ListThread,
        ListUserMessages,
        PinMessage,
        UnpinMessage,
        GetPin,
        ExpirePins,
    )
