"""A local OpenID provider for the tests: its own keys, discovery and JWKS over real HTTP.

It runs a ThreadingHTTPServer on 127.0.0.1 (a free port) in a thread and mints tokens, so the
service verifies them exactly as it would a real provider's: nothing in the verifier is mocked.
Realms other than ``tests`` misbehave on purpose: ``broken`` answers 500, ``impostor``
publishes a discovery document naming another issuer, ``keyless`` one without jwks_uri,
``huge`` a key set too large to be a key set.
"""

import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm
from jwt.utils import base64url_encode

AUDIENCE = "tests-api"
REALM = "tests"
TOKEN_LIFETIME_SECONDS = 300

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class SigningKey:
    kid: str
    algorithm: str
    private_key: PrivateKey

    @classmethod
    def generate(cls, algorithm: str = "RS256") -> "SigningKey":
        private_key: PrivateKey
        if algorithm.startswith("ES"):
            private_key = ec.generate_private_key(ec.SECP256R1())
        else:
            private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(kid=uuid.uuid4().hex, algorithm=algorithm, private_key=private_key)

    def public_jwk(self) -> dict[str, Any]:
        public = self.private_key.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
        else:
            jwk = ECAlgorithm.to_jwk(public, as_dict=True)
        return {**jwk, "kid": self.kid, "alg": self.algorithm, "use": "sig"}

    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


@dataclass
class LocalIssuer:
    """The provider: publishes ``keys``, signs with the last one; ``rotate()`` adds a new one."""

    keys: list[SigningKey] = field(default_factory=lambda: [SigningKey.generate()])
    jwks_requests: int = field(default=0, init=False)
    discovery_requests: int = field(default=0, init=False)
    _server: ThreadingHTTPServer | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    @property
    def base_url(self) -> str:
        if self._server is None:
            msg = "the local issuer is not started"
            raise RuntimeError(msg)
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def realm_url(self, realm: str) -> str:
        return f"{self.base_url}/realms/{realm}"

    @property
    def issuer(self) -> str:
        return self.realm_url(REALM)

    @property
    def current(self) -> SigningKey:
        return self.keys[-1]

    def start(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def rotate(self, algorithm: str = "RS256") -> SigningKey:
        """Publish a new key and sign with it from now on; the old keys stay published."""
        key = SigningKey.generate(algorithm)
        with self._lock:
            self.keys.append(key)
        return key

    def count(self, what: str) -> None:
        with self._lock:
            setattr(self, what, getattr(self, what) + 1)

    def jwks(self) -> dict[str, object]:
        with self._lock:
            return {"keys": [key.public_jwk() for key in self.keys]}

    def discovery(self, realm: str) -> dict[str, object]:
        realm_url = self.realm_url(realm)
        if realm == "keyless":
            return {"issuer": realm_url}
        return {
            "issuer": self.issuer if realm == "impostor" else realm_url,
            "jwks_uri": f"{realm_url}/protocol/openid-connect/certs",
            "authorization_endpoint": f"{self.base_url}/oauth2/{realm}/authorize",
            "token_endpoint": f"{self.base_url}/oauth2/{realm}/token",
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        }

    def claims(
        self, *, roles: Iterable[str] = ("user",), subject: str | None = None
    ) -> dict[str, Any]:
        now = int(time.time())
        return {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": subject or str(uuid.uuid4()),
            "iat": now,
            "nbf": now,
            "exp": now + TOKEN_LIFETIME_SECONDS,
            "roles": list(roles),
            "scope": "openid profile",
        }

    def mint(
        self,
        *,
        roles: Iterable[str] = ("user",),
        key: SigningKey | None = None,
        kid: str | None = None,
        claims: Mapping[str, Any] | None = None,
        drop: Iterable[str] = (),
        headers: Mapping[str, Any] | None = None,
    ) -> str:
        """A token signed by ``key`` (default: the current one), claims overridden or dropped."""
        signer = key or self.current
        payload = {**self.claims(roles=roles), **(claims or {})}
        for name in drop:
            payload.pop(name, None)
        header = {"kid": kid or signer.kid, **(headers or {})}
        return jwt.encode(payload, signer.private_key, algorithm=signer.algorithm, headers=header)

    def forge_hmac(self, secret: bytes, claims: Mapping[str, Any] | None = None) -> str:
        """An HS256 token keyed with ``secret``: the classic attack keys it with the public key."""
        header = {"alg": "HS256", "typ": "JWT", "kid": self.current.kid}
        payload = {**self.claims(roles=["admin"]), **(claims or {})}
        signing_input = b".".join(
            base64url_encode(json.dumps(part).encode()) for part in (header, payload)
        )
        signature = hmac.new(secret, signing_input, hashlib.sha256).digest()
        return (signing_input + b"." + base64url_encode(signature)).decode()

    def bearer(self, **options: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.mint(**options)}"}


def _handler_for(issuer: LocalIssuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            if len(parts) < 3 or parts[0] != "realms":
                self._send(HTTPStatus.NOT_FOUND, {"error": "not_found"})
                return
            realm, rest = parts[1], "/".join(parts[2:])
            if realm == "broken":
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "down"})
            elif rest == ".well-known/openid-configuration":
                issuer.count("discovery_requests")
                self._send(HTTPStatus.OK, issuer.discovery(realm))
            elif rest == "protocol/openid-connect/certs":
                issuer.count("jwks_requests")
                padding = "x" * 1024 * 1024 if realm == "huge" else ""
                self._send(HTTPStatus.OK, {**issuer.jwks(), "padding": padding})
            else:
                self._send(HTTPStatus.NOT_FOUND, {"error": "not_found"})

        def _send(self, status: HTTPStatus, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test output is not the place for an access log."""

    return Handler
