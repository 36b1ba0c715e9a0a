"""The identity service's key check, stood in for on loopback: real HTTP, keys in memory.

It answers ``GET /internal/v1/identity/key`` as the identity service does: 200 with the key's
id and scopes, 401 for a key it does not know or revoked, 403 without the service secret. It
runs a ThreadingHTTPServer on 127.0.0.1 (a free port) in a thread; ``stop`` and ``start`` take
it down and bring it back on the same port, and it counts the checks it answered.
"""

import hmac
import json
import secrets
import threading
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY_CHECK_PATH = "/internal/v1/identity/key"
SERVICE_SECRET = secrets.token_urlsafe(48)


class IdentityStandIn:
    def __init__(self) -> None:
        self._keys: dict[str, tuple[str, list[str]]] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._port = 0
        self.checks = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def issue(self, scopes: list[str]) -> str:
        """A new key with ``scopes``, known from now on."""
        key = f"stand_{secrets.token_hex(4)}_{secrets.token_urlsafe(24)}"
        with self._lock:
            self._keys[key] = (str(uuid.uuid4()), scopes)
        return key

    def revoke(self, key: str) -> None:
        with self._lock:
            self._keys.pop(key, None)

    def answer(self, key: str, authorization: str) -> tuple[int, dict[str, object]]:
        """What the identity service answers a check of ``key`` by a caller presenting these."""
        with self._lock:
            self.checks += 1
            if not hmac.compare_digest(authorization.encode(), f"Bearer {SERVICE_SECRET}".encode()):
                return HTTPStatus.FORBIDDEN, {"error": {"code": "forbidden"}}
            known = self._keys.get(key)
        if known is None:
            return HTTPStatus.UNAUTHORIZED, {"error": {"code": "unauthenticated"}}
        key_id, scopes = known
        return HTTPStatus.OK, {"key_id": key_id, "scopes": scopes}

    def start(self) -> None:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status: int
                body: dict[str, object]
                if self.path != KEY_CHECK_PATH:
                    status, body = HTTPStatus.NOT_FOUND, {"error": {"code": "not_found"}}
                else:
                    status, body = stand_in.answer(
                        self.headers.get("X-API-Key", ""), self.headers.get("Authorization", "")
                    )
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the test output is not the place for an access log."""

        server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        server.daemon_threads = True
        self._port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
