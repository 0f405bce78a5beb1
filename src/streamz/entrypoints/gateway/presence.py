"""This instance's viewers per chatroom: unique signed-in accounts and anonymous connections,
and what changed since the last report to Redis."""

from __future__ import annotations

from streamz.core.realtime.viewers import RoomPresence


class _Room:
    __slots__ = ("anonymous", "gone", "users")

    def __init__(self) -> None:
        self.users: dict[str, int] = {}  # account id -> connections here
        self.anonymous = 0
        self.gone: set[str] = set()

    @property
    def empty(self) -> bool:
        return not self.users and self.anonymous == 0


class LocalViewers:
    def __init__(self) -> None:
        self._rooms: dict[str, _Room] = {}

    def join(self, topic: str, account: str | None) -> None:
        room = self._rooms.get(topic)
        if room is None:
            room = self._rooms[topic] = _Room()
        if account is None:
            room.anonymous += 1
        else:
            room.users[account] = room.users.get(account, 0) + 1
            room.gone.discard(account)

    def leave(self, topic: str, account: str | None) -> None:
        room = self._rooms.get(topic)
        if room is None:
            return
        if account is None:
            room.anonymous = max(0, room.anonymous - 1)
            return
        left = room.users.get(account, 0) - 1
        if left > 0:
            room.users[account] = left
        else:
            room.users.pop(account, None)
            room.gone.add(account)

    def count(self, topic: str) -> tuple[int, int]:
        """(unique accounts, anonymous connections) here."""
        room = self._rooms.get(topic)
        return (len(room.users), room.anonymous) if room is not None else (0, 0)

    def watched(self) -> list[str]:
        """Rooms with viewers here."""
        return [topic for topic, room in self._rooms.items() if not room.empty]

    def report(self) -> dict[str, RoomPresence]:
        """Every room to report (those with viewers, and those just emptied, once)."""
        out: dict[str, RoomPresence] = {}
        for topic, room in list(self._rooms.items()):
            out[topic] = RoomPresence(list(room.users), list(room.gone), room.anonymous)
            room.gone = set()
            if room.empty:
                del self._rooms[topic]
        return out

    def everyone(self) -> dict[str, list[str]]:
        """Users by room (to remove them all at shutdown)."""
        return {topic: list(room.users) for topic, room in self._rooms.items()}
