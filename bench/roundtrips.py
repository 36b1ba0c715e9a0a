"""Database round trips per request: a PostgreSQL wire-protocol tap for bench/service.py.

``WireTap`` listens on a loopback port and forwards every connection to the PostgreSQL
server, reading what the client sends: a simple query (``Q``) and a Sync (``S``, which ends
an extended-protocol exchange) each cost one round trip; a simple query and an Execute
(``E``, of the statement its Bind names) each run one statement. The driver does not
matter (asyncpg under SQLAlchemy, SQLModel or Tortoise), nor whether it prepares its
statements: the tap sees what goes on the wire. It refuses TLS (answers ``N`` to an
SSLRequest), so that the stream stays readable; it is for loopback benchmarks only.
"""

from __future__ import annotations

import asyncio
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
HEADER = struct.Struct("!cI")
UNTYPED_HEADER = struct.Struct("!II")


@dataclass
class Traffic:
    """What the clients sent since the last reset."""

    round_trips: int = 0
    statements: list[str] = field(default_factory=list)


def c_string(data: bytes, start: int = 0) -> tuple[str, int]:
    end = data.index(b"\0", start)
    return data[start:end].decode("utf-8", "replace"), end + 1


class Connection:
    """One client's stream of frontend messages, read as it is forwarded."""

    def __init__(self, tap: WireTap) -> None:
        self.tap = tap
        self.buffer = b""
        self.started = False
        self.prepared: dict[str, str] = {}
        self.bound = ""

    def feed(self, data: bytes) -> tuple[bytes, bytes]:
        """What to forward to the server and what to answer the client directly."""
        self.buffer += data
        forward, answer = b"", b""
        while True:
            if not self.started:
                if len(self.buffer) < UNTYPED_HEADER.size:
                    break
                length, code = UNTYPED_HEADER.unpack_from(self.buffer)
                if len(self.buffer) < length:
                    break
                message, self.buffer = self.buffer[:length], self.buffer[length:]
                if code in (SSL_REQUEST, GSSENC_REQUEST):
                    answer += b"N"
                else:
                    forward += message
                    self.started = True
                continue
            if len(self.buffer) < HEADER.size:
                break
            kind, length = HEADER.unpack_from(self.buffer)
            if len(self.buffer) < 1 + length:
                break
            message, self.buffer = self.buffer[: 1 + length], self.buffer[1 + length :]
            self.read(kind, message[HEADER.size :])
            forward += message
        return forward, answer

    def read(self, kind: bytes, body: bytes) -> None:
        if kind == b"P":
            name, rest = c_string(body)
            self.prepared[name] = c_string(body, rest)[0]
        elif kind == b"B":
            _portal, rest = c_string(body)
            self.bound = self.prepared.get(c_string(body, rest)[0], "<statement prepared before>")
        elif kind in (b"Q", b"E", b"S"):
            with self.tap.lock:
                traffic = self.tap.traffic
                if kind == b"Q":
                    traffic.round_trips += 1
                    traffic.statements.append(c_string(body)[0])
                elif kind == b"E":
                    traffic.statements.append(self.bound)
                else:
                    traffic.round_trips += 1


class WireTap:
    """A counting proxy in front of PostgreSQL, served from a thread of its own."""

    def __init__(self, server: tuple[str, int]) -> None:
        self.server = server
        self.lock = threading.Lock()
        self.traffic = Traffic()
        self.port = 0

    def reset(self) -> Traffic:
        """What was sent since the last reset; counting starts again from zero."""
        with self.lock:
            seen, self.traffic = self.traffic, Traffic()
        return seen

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.server)
        connection = Connection(self)

        async def client_to_server() -> None:
            while data := await reader.read(65536):
                forward, answer = connection.feed(data)
                if answer:
                    writer.write(answer)
                    await writer.drain()
                if forward:
                    upstream_writer.write(forward)
                    await upstream_writer.drain()
            upstream_writer.close()

        async def server_to_client() -> None:
            while data := await upstream_reader.read(65536):
                writer.write(data)
                await writer.drain()
            writer.close()

        try:
            await asyncio.gather(client_to_server(), server_to_client())
        except (ConnectionError, OSError):
            writer.close()
            upstream_writer.close()

    @contextmanager
    def serving(self, host: str) -> Iterator[int]:
        """Listen on ``host`` while inside; the port it listens on."""
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        stopped: asyncio.Event | None = None

        async def serve() -> None:
            nonlocal stopped
            stopped = asyncio.Event()
            server = await asyncio.start_server(self.handle, host, 0)
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            async with server:
                await stopped.wait()

        thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
        thread.start()
        ready.wait(timeout=10)
        try:
            yield self.port
        finally:
            if stopped is not None:
                loop.call_soon_threadsafe(stopped.set)
            thread.join(timeout=10)
