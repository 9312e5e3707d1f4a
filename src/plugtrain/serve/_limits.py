"""Request limits enforced before any work: body size and requests in flight.

The body limit wraps the ASGI ``receive`` channel, so it counts bytes as they arrive (a
declared ``Content-Length`` above the limit is refused before reading anything) and works
the same for raw and multipart uploads.
"""

import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final, final

__all__ = ["ApiError", "BodyLimit", "InFlight"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
AsgiApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ApiError(Exception):
    """An answer other than 200: ``status``, a stable ``code`` and a ``message`` for people.

    Sent as ``{"error": {"code": ..., "message": ...}}``.
    """

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status: Final = status
        self.code: Final = code
        self.message: Final = message


def body_too_large(limit: int, seen: str) -> ApiError:
    return ApiError(
        413,
        "body_too_large",
        f"the request body is {seen}, above the limit of {limit} bytes; send a smaller "
        f"image (or start the server with a larger --max-body-bytes)",
    )


@final
class BodyLimit:
    """ASGI middleware: refuse a body above ``max_bytes`` (raises :class:`ApiError` 413
    from ``receive``, which the app's error handler answers)."""

    def __init__(self, app: AsgiApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise body_too_large(self.max_bytes, f"over {self.max_bytes} bytes so far")
            return message

        await self.app(scope, limited, send)


@final
class InFlight:
    """Counts admitted requests; ``admit`` says no (instead of queueing) at ``limit``.

    Released from worker threads too (a timed-out request holds its slot until its
    thread is done), hence the lock.
    """

    def __init__(self, limit: int) -> None:
        self.limit: Final = limit
        self._count = 0
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        return self._count

    def admit(self) -> bool:
        with self._lock:
            if self._count >= self.limit:
                return False
            self._count += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._count -= 1
