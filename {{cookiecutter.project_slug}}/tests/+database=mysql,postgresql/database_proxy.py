"""A loopback TCP proxy in front of the test database that can freeze, go down and come back.

Frozen, it keeps every socket open and forwards nothing: to the application the database is
a server stopped mid-answer (as under SIGSTOP), without stopping the server others share.
Down, it refuses connections and resets the open ones; up again, it listens on the same port.
"""

import asyncio
import contextlib
from urllib.parse import urlsplit, urlunsplit

DEFAULT_PORTS = {"postgres": 5432, "mysql": 3306}
CHUNK = 65536


class DatabaseProxy:
    def __init__(self, database_url: str) -> None:
        parts = urlsplit(database_url)
        scheme = parts.scheme.lower()
        default = next((port for name, port in DEFAULT_PORTS.items() if name in scheme), 5432)
        self._url = parts
        self._target = (parts.hostname or "127.0.0.1", parts.port or default)
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        """The database URL, through the proxy."""
        credentials = self._url.netloc.rpartition("@")[0]
        netloc = f"{credentials}@127.0.0.1:{self.port}" if credentials else f"127.0.0.1:{self.port}"
        return urlunsplit(self._url._replace(netloc=netloc))

    async def start(self) -> None:
        """Listen (again, on the same port once it has one) and forward."""
        self._flowing.set()
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    def freeze(self) -> None:
        """Stop forwarding in both directions; every connection stays open."""
        self._flowing.clear()

    def thaw(self) -> None:
        """Forward again, what was held first."""
        self._flowing.set()

    async def stop(self) -> None:
        """Refuse new connections and reset the open ones."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update({writer, upstream_writer})
        pipes = [
            asyncio.ensure_future(self._pipe(reader, upstream_writer)),
            asyncio.ensure_future(self._pipe(upstream_reader, writer)),
        ]
        self._tasks.update(pipes)
        for pipe in pipes:
            pipe.add_done_callback(self._tasks.discard)
        await asyncio.gather(*pipes, return_exceptions=True)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(CHUNK):
                await self._flowing.wait()
                writer.write(data)
                await writer.drain()
        except OSError:
            return
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(OSError, RuntimeError):
                writer.close()
