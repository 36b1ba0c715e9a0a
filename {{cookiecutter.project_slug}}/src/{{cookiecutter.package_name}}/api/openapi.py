"""The OpenAPI document: one naming convention, and every status a route can answer.

Names. An operation's ``operationId`` is the name of the function that serves it
(``create_catalog``, ``list_users``): snake case, unique in the document, so that a generated
client's methods read like the code. Its ``summary`` is that name in words, in sentence case
(``Create catalog``); the function's docstring is its ``description``.

Errors. The statuses follow from what the document already says of an operation, so that no
route lists its errors by hand: a body that cannot be read or a query parameter the operation
does not take (400, for every route), credentials required (401,
403), an item in the path (404), a write (409), an If-Match header (412), anything to validate
(422), and for every route 500 and 503.
"""

import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute

from {{ cookiecutter.package_name }}.api.errors import ErrorEnvelope, path_pattern

ENVELOPE = ErrorEnvelope.__name__
ENVELOPE_CONTENT = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ENVELOPE}"}}}
WRITES = frozenset({"post", "put", "patch", "delete"})
# What FastAPI documents for 422 by default; the envelope replaces it.
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")

Operation = dict[str, Any]


def error_statuses(method: str, operation: Operation) -> set[int]:
    """The error statuses an operation can answer, read from its own description."""
    parameters = operation.get("parameters", [])
    # Every route refuses an unknown query parameter (strict_queries.py).
    statuses = {
        HTTPStatus.BAD_REQUEST,
        HTTPStatus.INTERNAL_SERVER_ERROR,
        HTTPStatus.SERVICE_UNAVAILABLE,
    }
    if operation.get("security"):
        statuses |= {HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN}
    if any(parameter["in"] == "path" for parameter in parameters):
        statuses.add(HTTPStatus.NOT_FOUND)
    if method in WRITES:
        statuses.add(HTTPStatus.CONFLICT)
    if any(
        parameter["in"] == "header" and parameter["name"].lower() == "if-match"
        for parameter in parameters
    ):
        statuses.add(HTTPStatus.PRECONDITION_FAILED)
    if parameters or "requestBody" in operation:
        statuses.add(HTTPStatus.UNPROCESSABLE_ENTITY)
    return {int(status) for status in statuses}


def document_errors(document: dict[str, Any]) -> None:
    """Add every operation's error statuses, and give each error response the envelope."""
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for status in error_statuses(method, operation):
                responses.setdefault(str(status), {"description": HTTPStatus(status).phrase})
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = ENVELOPE_CONTENT
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    envelope = ErrorEnvelope.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(envelope.pop("$defs", {}))
    schemas[ENVELOPE] = envelope


def operation_id(route: APIRoute) -> str:
    """An operation's ``operationId``: the name of the function that serves it.

    The application passes it to FastAPI (``generate_unique_id_function``), which asks it for
    every route, those of included routers too.
    """
    return route.endpoint.__name__


def summary_of(identifier: str) -> str:
    """``list_users`` as a summary: ``List users``."""
    return identifier.replace("_", " ").capitalize()


def summarise_operations(document: dict[str, Any]) -> None:
    """Give every operation its ``operationId`` in words as its summary."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                operation["summary"] = summary_of(operation["operationId"])


def documented_paths(app: FastAPI) -> list[tuple[re.Pattern[str], dict[str, Any]]]:
    """Each documented path as the pattern of the request paths it serves, kept on the app."""
    index: list[tuple[re.Pattern[str], dict[str, Any]]] | None = getattr(
        app.state, "documented_paths", None
    )
    if index is None:
        paths = app.openapi().get("paths", {}).items()
        index = [(path_pattern(template, item), item) for template, item in paths]
        app.state.documented_paths = index
    return index


def documented_operation(request: Request) -> Operation | None:
    """The document's description of the operation serving ``request``, if it has one.

    Found once per route and method: an API route is documented at its own template, so
    the answer holds for every later request it serves, without matching the paths again.
    """
    method = "get" if request.method == "HEAD" else request.method.lower()
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return _operation_at(request, method)
    known: dict[tuple[str, str], Operation | None] | None = getattr(
        request.app.state, "documented_operations", None
    )
    if known is None:
        known = request.app.state.documented_operations = {}
    key = (method, route.path_format)
    if key not in known:
        known[key] = _operation_at(request, method)
    return known[key]


def _operation_at(request: Request, method: str) -> Operation | None:
    path = request.url.path.removeprefix(request.scope.get("root_path", ""))
    for pattern, path_item in documented_paths(request.app):
        if method in path_item and pattern.fullmatch(path):
            operation: Operation = path_item[method]
            return operation
    return None


def install_openapi(app: FastAPI) -> None:
    """Make the app's document (built once, on first request) tell its errors."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            summarise_operations(document)
            document_errors(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
