"""Structured logs: one JSON object per line (or readable lines in development), request-aware.

Nothing secret reaches a log, whatever fails: tracebacks name their frames but never carry
their local variables, every value is redacted by its key and by its content (credential-looking
text, and the credentials the current request carried), and every entry is bounded in size.
"""

import json
import logging
import re
import sys
import traceback
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple, Protocol, TextIO
from urllib.parse import parse_qsl

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

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
MAX_STRING_CHARS = 2_000
MAX_TRACEBACK_CHARS = 16_000
MAX_ITEMS = 50
MAX_DEPTH = 6
MAX_EXCEPTIONS = 5
MAX_FRAMES = 20
# Of those, the innermost always; the rest are the application's own frames (not the libraries').
INNERMOST_FRAMES = 5
MAX_ENTRY_CHARS = 64 * 1024
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

# uvicorn's access log is replaced by the one line per request that the api middleware writes.
SILENCED_LOGGERS = ("uvicorn.access",)
ROUTED_LOGGERS = ("uvicorn", "uvicorn.error", "sqlalchemy", "alembic", "tortoise")


class Frame(NamedTuple):
    """One frame of a traceback, as logged: where, never what its variables held."""

    module: str
    lineno: int
    name: str

    @property
    def package(self) -> str:
        return self.module.partition(".")[0]


class ResponseAborted(Exception):  # noqa: N818 - it names what happens, not a fault of its own
    """Ends a response that failed after it started; the failure itself is logged already."""


def is_sensitive(key: str) -> bool:
    normalised = key.lower().replace("-", "_")
    return any(part in normalised for part in SENSITIVE_KEY_PARTS)


class RequestSecrets:
    """The credentials one request carried (headers, query, body fields): kept out of its logs."""

    def __init__(self) -> None:
        self._known: set[str] = set()
        self._body = bytearray()
        self._body_type: str | None = None
        self._body_parsed = True

    @classmethod
    def of_request(cls, headers: Iterable[tuple[bytes, bytes]], query: bytes) -> "RequestSecrets":
        found = cls()
        for raw_name, raw_value in headers:
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            if name == "content-type":
                media = value.split(";", 1)[0].strip().lower()
                found._body_type = media if media in BODY_TYPES else None
            elif name == "cookie":
                found.add(value)
                for pair in value.split(";"):
                    found.add(pair.partition("=")[2].strip())
            elif is_sensitive(name):
                found.add(value)
                found.add(value.partition(" ")[2].strip())
        found._add_fields(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
        return found

    def add(self, value: str) -> None:
        if len(value) >= MIN_SECRET_CHARS:
            self._known.add(value)

    def note_body(self, chunk: bytes) -> None:
        """Keep the start of a form or JSON body; it is parsed only if an entry is written."""
        room = MAX_BODY_BYTES - len(self._body)
        if self._body_type is not None and chunk and room > 0:
            self._body += chunk[:room]
            self._body_parsed = False

    def values(self) -> list[str]:
        """The credentials, longest first, so that none is left half-redacted inside another."""
        if not self._body_parsed:
            self._body_parsed = True
            self._add_body()
        return sorted(self._known, key=len, reverse=True)

    def _add_body(self) -> None:
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


def _scrub(text: str, known: list[str]) -> str:
    for secret in known:
        text = text.replace(secret, REDACTED)
    for pattern, replacement in CREDENTIAL_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _cut(text: str, limit: int, keep_end: bool) -> str:
    if len(text) <= limit:
        return text
    marker = f"...[{len(text) - limit} characters cut]..."
    return marker + text[-limit:] if keep_end else text[:limit] + marker


def _clean(value: object, known: list[str], depth: int, limit: int = MAX_STRING_CHARS) -> object:
    """The value with credentials redacted and every string and container bounded."""
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
    return _cut(_scrub(str(value), known), limit, keep_end=limit == MAX_TRACEBACK_CHARS)


def redact_sensitive(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Redact credentials by key and by content, at any depth, and bound every value."""
    secrets = _request_secrets.get()
    known = secrets.values() if secrets is not None else []
    cleaned: EventDict = {}
    for key, value in event_dict.items():
        if is_sensitive(key):
            cleaned[key] = REDACTED
        elif key in TRACEBACK_KEYS and isinstance(value, str):
            cleaned[key] = _clean(value, known, 0, MAX_TRACEBACK_CHARS)
        else:
            cleaned[key] = _clean(value, known, 0)
    return cleaned


def _exception_of(exc_info: object) -> BaseException | None:
    if isinstance(exc_info, BaseException):
        return exc_info
    if isinstance(exc_info, tuple) and len(exc_info) == 3:  # noqa: PLR2004 - (type, value, tb)
        error = exc_info[1]
        return error if isinstance(error, BaseException) else None
    return sys.exc_info()[1] if exc_info else None


def _message(error: BaseException) -> str:
    try:
        return _cut(str(error), MAX_STRING_CHARS, keep_end=False)
    except Exception:  # an exception whose str() fails is still logged
        return "[message unavailable]"


def _type_name(error: BaseException) -> str:
    kind = type(error)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _frames(error: BaseException, own_packages: frozenset[str]) -> tuple[list[Frame], int]:
    """The innermost frames, and the application's own before them; how many were left out."""
    frames = [
        Frame(str(frame.f_globals.get("__name__", "?")), lineno, frame.f_code.co_qualname)
        for frame, lineno in traceback.walk_tb(error.__traceback__)
    ]
    if len(frames) <= MAX_FRAMES:
        return frames, 0
    inner = frames[-INNERMOST_FRAMES:]
    own = [frame for frame in frames[:-INNERMOST_FRAMES] if frame.package in own_packages]
    kept = own[-(MAX_FRAMES - INNERMOST_FRAMES) :] + inner
    return kept, len(frames) - len(kept)


def exception_stacks(
    error: BaseException, own_packages: frozenset[str] = frozenset()
) -> list[dict[str, object]]:
    """The exception, then what caused it (or was being handled), then a group's members."""
    stacks: list[dict[str, object]] = []
    seen: set[int] = set()
    pending: list[tuple[BaseException, str]] = [(error, "raised")]
    while pending and len(stacks) < MAX_EXCEPTIONS:
        current, relation = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        frames, omitted = _frames(current, own_packages)
        stacks.append(
            {
                "exc_type": _type_name(current),
                "exc_value": _message(current),
                "relation": relation,
                "frames": [frame._asdict() for frame in frames],
                "frames_omitted": omitted,
            }
        )
        if current.__cause__ is not None:
            pending.append((current.__cause__, "cause"))
        elif current.__context__ is not None and not current.__suppress_context__:
            pending.append((current.__context__, "handling"))
        if isinstance(current, BaseExceptionGroup):
            pending.extend((member, "group member") for member in current.exceptions)
    return stacks


HEADINGS = {
    "raised": "Traceback (most recent call last):",
    "cause": "Caused by (most recent call last):",
    "handling": "Raised while handling (most recent call last):",
    "group member": "In the group (most recent call last):",
}


def _as_text(stacks: list[dict[str, object]]) -> str:
    """The stacks as a plain traceback: the exception first, then what led to it."""
    parts: list[str] = []
    for stack in stacks:
        lines = [HEADINGS.get(str(stack["relation"]), "")]
        frames = stack["frames"]
        lines.extend(
            f"  {frame['module']}, line {frame['lineno']}, in {frame['name']}"
            for frame in (frames if isinstance(frames, list) else [])
        )
        if stack["frames_omitted"]:
            lines.append(f"  ({stack['frames_omitted']} library frames left out)")
        lines.append(f"{stack['exc_type']}: {stack['exc_value']}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def render_exceptions(json_output: bool, own_packages: frozenset[str] = frozenset()) -> Processor:
    """Turn ``exc_info`` into bounded stacks (JSON) or a bounded plain traceback (console)."""

    def render(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
        error = _exception_of(event_dict.pop("exc_info", None))
        if error is not None:
            stacks = exception_stacks(error, own_packages)
            event_dict["exception"] = stacks if json_output else _as_text(stacks)
        return event_dict

    return render


def shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _renderer(json_output: bool, stream: TextIO) -> Processor:
    if not json_output:
        return structlog.dev.ConsoleRenderer(
            colors=stream.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    render_json = structlog.processors.JSONRenderer()

    def bounded(logger: WrappedLogger, method: str, event_dict: EventDict) -> str | bytes:
        rendered = render_json(logger, method, event_dict)
        if len(rendered) <= MAX_ENTRY_CHARS:
            return rendered
        # Many fields, each within its bound, still too much together: keep what says what happened.
        kept = ("timestamp", "level", "logger", "event", "request_id")
        summary = {key: event_dict[key] for key in kept if key in event_dict}
        return render_json(logger, method, {**summary, "entry_cut_from_chars": len(rendered)})

    return bounded


class LogSettings(Protocol):
    """What logging reads of the settings: level, format, and whether SQL is echoed."""

    @property
    def log_level(self) -> str: ...

    @property
    def log_json(self) -> bool: ...

    @property
    def database_echo(self) -> bool: ...


class _AppHandler(logging.StreamHandler[TextIO]):
    """The handler this module installs, told apart from handlers installed by others."""


def _not_logged_before(record: logging.LogRecord) -> bool:
    """Drop the server's report of a response the application aborted after logging why."""
    return not (record.exc_info and isinstance(record.exc_info[1], ResponseAborted))


def configure_logging(settings: LogSettings, stream: TextIO | None = None) -> None:
    """Route structlog and the standard library (uvicorn, the ORM) through one renderer."""
    processors = shared_processors()
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *processors,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    output = stream or sys.stderr
    # The application's packages: the service's (where its settings live) and this kernel's.
    own_packages = frozenset(
        module.partition(".")[0] for module in (type(settings).__module__, __name__)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=processors,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            render_exceptions(settings.log_json, own_packages),
            redact_sensitive,
            _renderer(settings.log_json, output),
        ],
    )
    handler = _AppHandler(output)
    handler.setFormatter(formatter)
    handler.addFilter(_not_logged_before)

    root = logging.getLogger()
    for previous in [h for h in root.handlers if isinstance(h, _AppHandler)]:
        root.removeHandler(previous)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in ROUTED_LOGGERS:
        routed = logging.getLogger(name)
        routed.handlers.clear()
        routed.propagate = True
    # SQL statements are logged (through the same renderer) only when APP_DATABASE_ECHO is on.
    sql_level = logging.INFO if settings.database_echo else logging.WARNING
    logging.getLogger("sqlalchemy.engine").setLevel(sql_level)
    # Tortoise ORM logs its statements at DEBUG level.
    logging.getLogger("tortoise.db_client").setLevel(
        logging.DEBUG if settings.database_echo else logging.WARNING
    )
    for name in SILENCED_LOGGERS:
        silenced = logging.getLogger(name)
        silenced.handlers.clear()
        silenced.propagate = False
