"""What the database tells the metrics and the traces: its pool's use, and a span per statement.

The spans come from SQLAlchemy's own cursor events (the engine's sync side, which runs in the
caller's context), so they are children of the request or consumer span that ran the statement.
"""

from typing import Any

from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, ExceptionContext
from sqlalchemy.pool import Pool

from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.shared.metrics import DATABASE_CONNECTIONS, DATABASE_CONNECTIONS_IN_USE
from {{ cookiecutter.package_name }}.shared.tracing import tracer

# Where a connection keeps the spans of the statements it is running (one, but nesting is safe).
_SPANS = "telemetry_spans"


def _count_pool_use(pool: Pool) -> None:
    def opened(*_args: Any) -> None:
        DATABASE_CONNECTIONS.inc()

    def closed(*_args: Any) -> None:
        DATABASE_CONNECTIONS.dec()

    def lent(*_args: Any) -> None:
        DATABASE_CONNECTIONS_IN_USE.inc()

    def returned(*_args: Any) -> None:
        DATABASE_CONNECTIONS_IN_USE.dec()

    event.listen(pool, "connect", opened)
    event.listen(pool, "close", closed)
    event.listen(pool, "detach", closed)
    event.listen(pool, "checkout", lent)
    event.listen(pool, "checkin", returned)


def _trace_statements(engine: Engine) -> None:
    system = engine.dialect.name
    database = engine.url.database or ""

    def started(connection: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        operation = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "SQL"
        span = tracer.start_span(
            f"{operation} {database}".strip(),
            kind=SpanKind.CLIENT,
            attributes={
                "db.system.name": system,
                "db.namespace": database,
                "db.operation.name": operation,
                "db.query.text": statement,
            },
        )
        connection.info.setdefault(_SPANS, []).append(span)

    def finished(connection: Connection, *_args: Any) -> None:
        spans: list[Span] = connection.info.get(_SPANS, [])
        if spans:
            spans.pop().end()

    def failed(context: ExceptionContext) -> None:
        connection = context.connection
        spans: list[Span] = connection.info.get(_SPANS, []) if connection is not None else []
        if spans:
            span = spans.pop()
            span.set_status(Status(StatusCode.ERROR, type(context.original_exception).__name__))
            span.end()

    event.listen(engine, "before_cursor_execute", started)
    event.listen(engine, "after_cursor_execute", finished)
    event.listen(engine, "handle_error", failed)


def observe_database(database: Database, *, traced: bool) -> None:
    """Count the pool's connections; with tracing on, one client span per SQL statement."""
    _count_pool_use(database.engine.sync_engine.pool)
    if traced:
        # Without tracing, no listener runs per statement.
        _trace_statements(database.engine.sync_engine)
