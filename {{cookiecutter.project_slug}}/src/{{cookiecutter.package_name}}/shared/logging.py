"""Structured logs: one JSON object per line (or readable lines in development), request-aware.

Nothing secret reaches a log, whatever fails: tracebacks name their frames but never carry
their local variables (``tracebacks``), every value is redacted by its key and by its content
(``redaction``), and every entry is bounded in size.
"""

import logging
import sys
from typing import Protocol, TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from {{ cookiecutter.package_name }}.shared.redaction import redact_sensitive
from {{ cookiecutter.package_name }}.shared.tracebacks import render_exceptions
from {{ cookiecutter.package_name }}.shared.tracing import add_trace_ids

# Many fields, each within its bound, may still make too big an entry together.
MAX_ENTRY_CHARS = 64 * 1024

# uvicorn's access log is replaced by the one line per request that the api middleware writes.
SILENCED_LOGGERS = ("uvicorn.access",)
ROUTED_LOGGERS = ("uvicorn", "uvicorn.error", "sqlalchemy", "alembic", "tortoise")


class ResponseAborted(Exception):  # noqa: N818 - it names what happens, not a fault of its own
    """Ends a response that failed after it started; the failure itself is logged already."""


def shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        add_trace_ids,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _renderer(json_output: bool, stream: TextIO) -> Processor:
    render: Processor = (
        structlog.processors.JSONRenderer()
        if json_output
        # Never rich's tracebacks (the default when installed): they print local variables.
        else structlog.dev.ConsoleRenderer(
            colors=stream.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    )

    # Both renderers return text: str() only tells the type checker so. The console renderer
    # pops what it prints, hence the copy.
    def bounded(logger: WrappedLogger, method: str, event_dict: EventDict) -> str:
        rendered = str(render(logger, method, dict(event_dict)))
        if len(rendered) <= MAX_ENTRY_CHARS:
            return rendered
        # Many fields, each within its bound, still too much together: keep what says what happened.
        kept = ("timestamp", "level", "logger", "event", "request_id")
        summary = {key: event_dict[key] for key in kept if key in event_dict}
        return str(render(logger, method, {**summary, "entry_cut_from_chars": len(rendered)}))

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
    # No entry shows where it was written from, or which thread or process wrote it: the
    # standard library then skips looking them up for every record (its documented switches).
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
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
