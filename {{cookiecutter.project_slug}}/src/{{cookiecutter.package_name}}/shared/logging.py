"""Structured logs: one JSON object per line (or readable lines in development), request-aware."""

import logging
import sys
from typing import Protocol, TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

REDACTED = "[redacted]"
SENSITIVE_KEY_PARTS = ("password", "secret", "token", "authorization", "cookie", "api_key")

# uvicorn's access log is replaced by the one line per request that the api middleware writes.
SILENCED_LOGGERS = ("uvicorn.access",)
ROUTED_LOGGERS = ("uvicorn", "uvicorn.error", "sqlalchemy", "alembic", "tortoise")


def redact_sensitive(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Replace the value of any key that looks like a credential, wherever it was logged from."""
    for key in list(event_dict):
        if any(part in key.lower() for part in SENSITIVE_KEY_PARTS):
            event_dict[key] = REDACTED
    return event_dict


def shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_sensitive,
    ]


def _renderer(json_output: bool, stream: TextIO) -> Processor:
    if json_output:
        return structlog.processors.JSONRenderer()
    # Plain tracebacks: rich's (the default when installed) print local variables, secrets included.
    return structlog.dev.ConsoleRenderer(
        colors=stream.isatty(),
        exception_formatter=structlog.dev.plain_traceback,
    )


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
    final: list[Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if settings.log_json:
        final.append(structlog.processors.dict_tracebacks)
    output = stream or sys.stderr
    final.append(_renderer(settings.log_json, output))
    formatter = structlog.stdlib.ProcessorFormatter(foreign_pre_chain=processors, processors=final)
    handler = _AppHandler(output)
    handler.setFormatter(formatter)

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
