"""What the database tells the metrics and the traces: its pool's use, and a span per statement.

The pool's connections are counted as transactions borrow and return them. Tortoise has no
OpenTelemetry instrumentation of its own, so the client's execute methods are wrapped, once,
when tracing is on; without it they run untouched.
"""

import functools
import importlib
from collections.abc import Awaitable, Callable
from typing import Any

from opentelemetry.trace import SpanKind
from tortoise.backends.base.client import BaseDBAsyncClient

from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.shared.metrics import DATABASE_CONNECTIONS, DATABASE_CONNECTIONS_IN_USE
from {{ cookiecutter.package_name }}.shared.tracing import tracer

EXECUTE_METHODS = (
    "execute_insert",
    "execute_many",
    "execute_query",
    "execute_query_dict",
    "execute_script",
)
_WRAPPED = "__traced_statement__"

Execute = Callable[..., Awaitable[Any]]


def _traced(execute: Execute, system: str) -> Execute:
    @functools.wraps(execute)
    async def run(client: BaseDBAsyncClient, query: str, *args: Any, **kwargs: Any) -> Any:
        operation = query.lstrip().split(None, 1)[0].upper() if query.strip() else "SQL"
        with tracer.start_as_current_span(
            operation,
            kind=SpanKind.CLIENT,
            attributes={"db.system.name": system, "db.query.text": query},
        ):
            return await execute(client, query, *args, **kwargs)

    setattr(run, _WRAPPED, True)
    return run


def _client_classes(root: type[BaseDBAsyncClient]) -> list[type[BaseDBAsyncClient]]:
    found, pending = [], [root]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


class _PoolMetrics:
    """The pool gauges: connections open (the pool's own count) and lent out to transactions."""

    def lent(self, held_open: int | None) -> None:
        DATABASE_CONNECTIONS_IN_USE.inc()
        if held_open is None:
            # SQLite: each transaction opens a connection of its own and closes it at the end.
            DATABASE_CONNECTIONS.inc()
        else:
            DATABASE_CONNECTIONS.set(held_open)

    def returned(self, held_open: int | None) -> None:
        DATABASE_CONNECTIONS_IN_USE.dec()
        if held_open is None:
            DATABASE_CONNECTIONS.dec()
        else:
            DATABASE_CONNECTIONS.set(held_open)


def observe_database(database: Database, *, traced: bool) -> None:
    """Count the pool's connections; with tracing on, a client span for every statement."""
    database.observe_pool(_PoolMetrics())
    if not traced:
        return
    # The backend's client classes exist once its module is imported.
    importlib.import_module(f"{database.engine}.client")
    system = database.engine.rsplit(".", 1)[-1]
    for cls in _client_classes(BaseDBAsyncClient):
        for name in EXECUTE_METHODS:
            method = cls.__dict__.get(name)
            if callable(method) and not getattr(method, _WRAPPED, False):
                setattr(cls, name, _traced(method, system))
