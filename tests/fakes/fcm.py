"""The fake FCM of the embedded default (``streamz_dev.fcm``) for tests:
started on a free loopback port in a thread, with fault injection and what it received.

    with FakeFcmServer() as fcm:
        fcm.unregistered("dead-token")
        fcm.fail_next(503, count=2)
        ...  # point STREAMZ_FCM_URL / FcmPushSender(url=fcm.url) at it
        fcm.messages("token")  # FCM v1 "message" objects received for that token
"""

from __future__ import annotations

from typing import Any

from streamz_dev.fcm import FakeFcm

PROJECT = "streamz-test"


class FakeFcmServer:
    def __init__(self) -> None:
        self._fake = FakeFcm()
        self.project = PROJECT

    @property
    def url(self) -> str:
        return self._fake.url

    def start(self) -> FakeFcmServer:
        self._fake.start()
        return self

    def stop(self) -> None:
        self._fake.stop()

    def __enter__(self) -> FakeFcmServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --------------------------------------------------------------- faults

    def unregistered(self, *tokens: str) -> None:
        """These tokens answer 404 UNREGISTERED."""
        self._fake.state.add_faults({"unregistered": list(tokens)})

    def invalid(self, *tokens: str) -> None:
        """These tokens answer 400 INVALID_ARGUMENT (not a valid registration token)."""
        self._fake.state.add_faults({"invalid": list(tokens)})

    def sender_mismatch(self, *tokens: str) -> None:
        self._fake.state.add_faults({"sender_mismatch": list(tokens)})

    def fail_next(self, status: int, *, count: int = 1, retry_after: int | None = None) -> None:
        """The next ``count`` sends (any token) answer ``status`` (429, 500, 503...)."""
        self._fake.state.add_faults(
            {"next": [{"status": status, "count": count, "retry_after": retry_after}]}
        )

    def latency(self, milliseconds: float) -> None:
        self._fake.state.add_faults({"latency_ms": milliseconds})

    def reset(self) -> None:
        self._fake.state.reset()

    # --------------------------------------------------------------- received

    def messages(self, token: str | None = None) -> list[dict[str, Any]]:
        return self._fake.state.sent(token)

    def stats(self) -> dict[str, int]:
        return self._fake.state.stats()
