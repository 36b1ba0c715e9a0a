"""A real HTTP upstream for the tests: uvicorn on a free loopback port, answering as told.

It answers every path with the current ``Behaviour`` (a status, a body, a delay) and keeps the
path and headers of every request it receives, so that tests count at the upstream how many
requests the retry policy let through. It can be stopped and started again on the same port.
"""

import asyncio
import json
import socket
from dataclasses import dataclass, field

import uvicorn
from starlette.types import Receive, Scope, Send

# What a stopped server may still be busy with (a slow answer) before it is cut short.
SHUTDOWN_GRACE_SECONDS = 1


@dataclass
class Behaviour:
    status: int = 200
    body: dict[str, object] = field(default_factory=dict)
    delay_seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]


class UpstreamServer:
    """Serves ``behaviour`` on 127.0.0.1; ``received`` lists what reached it, in order."""

    def __init__(self) -> None:
        self.behaviour = Behaviour()
        self.received: list[Received] = []
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind(("127.0.0.1", 0))
        self.port: int = probe.getsockname()[1]
        probe.close()
        self._server: uvicorn.Server | None = None
        self._serving: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _app(self, scope: Scope, receive: Receive, send: Send) -> None:
        del receive  # no request body is read
        if scope["type"] != "http":
            return
        behaviour = self.behaviour
        self.received.append(
            Received(
                method=scope["method"],
                path=scope["path"],
                headers={
                    name.decode("latin-1"): value.decode("latin-1")
                    for name, value in scope["headers"]
                },
            )
        )
        await asyncio.sleep(behaviour.delay_seconds)
        body = json.dumps(behaviour.body).encode()
        headers = [(b"content-type", b"application/json")] + [
            (name.encode("latin-1"), value.encode("latin-1"))
            for name, value in behaviour.headers.items()
        ]
        await send({"type": "http.response.start", "status": behaviour.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def start(self) -> None:
        listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(("127.0.0.1", self.port))
        config = uvicorn.Config(
            self._app,
            log_config=None,
            access_log=False,
            interface="asgi3",
            lifespan="off",
            proxy_headers=False,
            timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        )
        self._server = uvicorn.Server(config)
        self._serving = asyncio.create_task(self._server.serve(sockets=[listening]))
        while not self._server.started:
            assert not self._serving.done(), "the upstream server did not start"
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """Stop listening: connections to the port are refused until ``start`` again."""
        if self._server is None or self._serving is None:
            return
        self._server.should_exit = True
        await self._serving
        self._server = self._serving = None
