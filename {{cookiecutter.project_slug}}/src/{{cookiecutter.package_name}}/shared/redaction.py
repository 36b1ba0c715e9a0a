"""Nothing secret in a log entry: values redacted by key and by content, at any depth, bounded.

Content means credential-looking text (bearer tokens, URL passwords, ``password=...``, JWTs,
private keys, quoted statement parameters) and whatever credentials the current request carried
(its authorization, cookie and key headers, sensitive query parameters and body fields).
"""

import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import parse_qsl

from structlog.typing import EventDict, WrappedLogger

REDACTED = "[redacted]"
SENSITIVE_KEY_PARTS = (
    "password",
    "passwd",
    "secret",
    "token",
    "authorization",
    "cookie",
    "api_key",
    "apikey",
    "csrf",
    "credential",
    "private_key",
)

# The bounds of one entry: every string, every container, the exception chain, each stack.
# The bounds of every value: each string (tracebacks have their own), each container.
MAX_STRING_CHARS = 2_000
MAX_TRACEBACK_CHARS = 16_000
MAX_ITEMS = 50
MAX_DEPTH = 6
TRACEBACK_KEYS = frozenset({"exception", "stack", "stack_info"})
# A credential shorter than this is not searched for in text: it would redact ordinary words.
MIN_SECRET_CHARS = 6
# The start of a request body kept to find its credentials, should one of its entries need them.
MAX_BODY_BYTES = 64 * 1024
BODY_TYPES = ("application/x-www-form-urlencoded", "application/json")

# Credential-looking text, wherever it appears: messages, exception text, any string field.
_SENSITIVE_NAME = r"(?:password|passwd|pwd|secret|token|api[_-]?key|authorization|cookie|csrf)"
CREDENTIAL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)", re.S
        ),
        REDACTED,
    ),
    (re.compile(r"(?i)\b(bearer|basic|digest)(\s+)[A-Za-z0-9._~+/=-]+"), rf"\1\2{REDACTED}"),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/:@]*):[^\s/@]*@"), rf"\1:{REDACTED}@"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), REDACTED),
    (
        re.compile(rf"(?i)({_SENSITIVE_NAME}[\w-]*[\"']?\s*[=:]\s*[\"']?)[^\s\"'&,;)}}\]]+"),
        rf"\1{REDACTED}",
    ),
    # SQLAlchemy and asyncpg quote the statement's parameters in their errors.
    (re.compile(r"\[parameters: [^\n]*\]"), f"[parameters: {REDACTED}]"),
    (re.compile(r"(query argument \$\d+: )[^\n]*"), rf"\1{REDACTED}"),
)
# Text that none of the patterns above can match lacks all of these words, in any case. ASCII
# text (nearly every value) is lower-cased and tested for each with a substring test, some ten
# times cheaper than a case-insensitive search; other text is searched for them as a pattern.
_CREDENTIAL_WORDS = (
    "private key",
    "bearer",
    "basic",
    "digest",
    "://",
    "eyj",
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "api_key",
    "api-key",
    "apikey",
    "authorization",
    "cookie",
    "csrf",
    "[parameters: ",
    "query argument",
)
_MAY_HOLD_CREDENTIAL = re.compile("(?i)" + "|".join(map(re.escape, _CREDENTIAL_WORDS)))
# Set by the log processors themselves, after the caller's fields: never a caller's text.
_WRITTEN_BY_PROCESSORS = frozenset({"timestamp", "level", "logger"})


@functools.lru_cache(maxsize=1024)
def is_sensitive(key: str) -> bool:
    normalised = key.lower().replace("-", "_")
    return any(part in normalised for part in SENSITIVE_KEY_PARTS)


class RequestSecrets:
    """The credentials one request carried (headers, query, body fields): kept out of its logs."""

    def __init__(self) -> None:
        self._known: set[str] = set()
        self._unread: tuple[tuple[tuple[bytes, bytes], ...], bytes] | None = None
        self._body = bytearray()
        self._body_type: str | None = None
        self._body_parsed = True

    @classmethod
    def of_request(cls, headers: Iterable[tuple[bytes, bytes]], query: bytes) -> "RequestSecrets":
        """A request's credentials, read from its headers and query once an entry needs them.

        Most requests write one line that holds none of them, or none at all (a probe): they
        are read at the first entry written, not for every request.
        """
        found = cls()
        found._unread = (tuple(headers), query)
        return found

    def _read_request(self, headers: Iterable[tuple[bytes, bytes]], query: bytes) -> None:
        for raw_name, raw_value in headers:
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            if name == "content-type":
                media = value.split(";", 1)[0].strip().lower()
                self._body_type = media if media in BODY_TYPES else None
            elif name == "cookie":
                self.add(value)
                for pair in value.split(";"):
                    self.add(pair.partition("=")[2].strip())
            elif is_sensitive(name):
                self.add(value)
                self.add(value.partition(" ")[2].strip())
        self._add_fields(parse_qsl(query.decode("latin-1"), keep_blank_values=True))

    def add(self, value: str) -> None:
        if len(value) >= MIN_SECRET_CHARS:
            self._known.add(value)

    def note_body(self, chunk: bytes) -> None:
        """Keep the start of the body; it is parsed only if an entry is written."""
        room = MAX_BODY_BYTES - len(self._body)
        if chunk and room > 0:
            self._body += chunk[:room]
            self._body_parsed = False

    def values(self) -> list[str]:
        """The credentials, longest first, so that none is left half-redacted inside another."""
        if self._unread is not None:
            unread, self._unread = self._unread, None
            self._read_request(*unread)
        if not self._body_parsed:
            self._body_parsed = True
            self._add_body()
        return sorted(self._known, key=len, reverse=True)

    def _add_body(self) -> None:
        if self._body_type is None:
            # Neither a form nor JSON: no field to find credentials in.
            return
        text = self._body.decode("utf-8", errors="replace")
        if self._body_type == "application/x-www-form-urlencoded":
            self._add_fields(parse_qsl(text, keep_blank_values=True))
            return
        try:
            document = json.loads(text)
        except ValueError:
            return
        self._add_fields(_sensitive_fields(document))

    def _add_fields(self, fields: Iterable[tuple[str, object]]) -> None:
        for key, value in fields:
            if isinstance(value, str) and is_sensitive(key):
                self.add(value)


def _sensitive_fields(document: object, depth: int = 0) -> Iterator[tuple[str, object]]:
    """Every (key, value) of a parsed JSON document, nested ones included."""
    if depth > MAX_DEPTH:
        return
    if isinstance(document, dict):
        for key, value in document.items():
            yield str(key), value
            yield from _sensitive_fields(value, depth + 1)
    elif isinstance(document, list):
        for item in document:
            yield from _sensitive_fields(item, depth + 1)


_request_secrets: ContextVar[RequestSecrets | None] = ContextVar("request_secrets", default=None)


@contextmanager
def redacting(secrets: RequestSecrets) -> Iterator[None]:
    """Redact ``secrets`` from every entry written inside the block (one request's handling)."""
    token = _request_secrets.set(secrets)
    try:
        yield
    finally:
        _request_secrets.reset(token)


def may_hold_credential(text: str) -> bool:
    """Whether any credential pattern could match ``text`` (never false when one does)."""
    if not text.isascii():
        # Case folding beyond ASCII (the Kelvin sign, a dotted capital I) is the pattern's to judge.
        return _MAY_HOLD_CREDENTIAL.search(text) is not None
    lowered = text.lower()
    return any(word in lowered for word in _CREDENTIAL_WORDS)


def _scrub(text: str, known: list[str]) -> str:
    for secret in known:
        text = text.replace(secret, REDACTED)
    if not may_hold_credential(text):
        return text
    for pattern, replacement in CREDENTIAL_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def cut(text: str, limit: int, keep_end: bool) -> str:
    if len(text) <= limit:
        return text
    marker = f"...[{len(text) - limit} characters cut]..."
    return marker + text[-limit:] if keep_end else text[:limit] + marker


def _clean(value: object, known: list[str], depth: int, limit: int = MAX_STRING_CHARS) -> object:
    """The value with credentials redacted and every string and container bounded."""
    if type(value) is str:
        return cut(_scrub(value, known), limit, keep_end=limit == MAX_TRACEBACK_CHARS)
    if value is None or isinstance(value, bool | int | float):
        return value
    if depth > MAX_DEPTH:
        return "[too deep]"
    if isinstance(value, Mapping):
        cleaned: dict[str, object] = {}
        for key, item in list(value.items())[:MAX_ITEMS]:
            name = str(key)
            cleaned[name] = REDACTED if is_sensitive(name) else _clean(item, known, depth + 1)
        if len(value) > MAX_ITEMS:
            cleaned["[more]"] = len(value) - MAX_ITEMS
        return cleaned
    if isinstance(value, list | tuple | set | frozenset):
        items = [_clean(item, known, depth + 1) for item in list(value)[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            items.append(f"[{len(value) - MAX_ITEMS} more]")
        return items
    return cut(_scrub(str(value), known), limit, keep_end=limit == MAX_TRACEBACK_CHARS)


def redact_sensitive(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Redact credentials by key and by content, at any depth, and bound every value."""
    secrets = _request_secrets.get()
    known = secrets.values() if secrets is not None else []
    cleaned: EventDict = {}
    for key, value in event_dict.items():
        if key in _WRITTEN_BY_PROCESSORS:
            cleaned[key] = value
        elif is_sensitive(key):
            cleaned[key] = REDACTED
        elif key in TRACEBACK_KEYS and isinstance(value, str):
            cleaned[key] = _clean(value, known, 0, MAX_TRACEBACK_CHARS)
        else:
            cleaned[key] = _clean(value, known, 0)
    return cleaned
