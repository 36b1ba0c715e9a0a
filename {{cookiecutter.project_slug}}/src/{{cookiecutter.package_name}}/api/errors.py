{%- set wire = json_case(cookiecutter) -%}
"""One error envelope for every failure: {"error": {"code", "message", "details", "{{ wire.key("request_id") }}"}}."""

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import {% if not wire.camel %}BaseModel, {% endif %}Field
from starlette.exceptions import HTTPException as StarletteHTTPException

{% if wire.camel -%}
from {{ cookiecutter.package_name }}.api.camel_case import CamelModel
{% endif -%}
from {{ cookiecutter.package_name }}.shared.errors import (
    AppError,
    AuthenticationError,
    RateLimitedError,
    ServiceUnavailableError,
)
from {{ cookiecutter.package_name }}.shared.logging import ResponseAborted

logger = structlog.get_logger(__name__)

# When a client may try again after a 503 (a dependency unavailable), unless told otherwise.
DEFAULT_RETRY_AFTER_SECONDS = 5

STATUS_BY_CODE: Mapping[str, int] = {
    "bad_request": HTTPStatus.BAD_REQUEST,
    "unknown_parameter": HTTPStatus.BAD_REQUEST,
    "invalid_cursor": HTTPStatus.BAD_REQUEST,
    "not_found": HTTPStatus.NOT_FOUND,
    "conflict": HTTPStatus.CONFLICT,
    "concurrent_update": HTTPStatus.CONFLICT,
    "precondition_failed": HTTPStatus.PRECONDITION_FAILED,
    "rule_violation": HTTPStatus.UNPROCESSABLE_ENTITY,
    "unauthenticated": HTTPStatus.UNAUTHORIZED,
    "forbidden": HTTPStatus.FORBIDDEN,
    "rate_limited": HTTPStatus.TOO_MANY_REQUESTS,
    "unavailable": HTTPStatus.SERVICE_UNAVAILABLE,
}

CODE_BY_STATUS: Mapping[int, str] = {
    HTTPStatus.BAD_REQUEST: "bad_request",
    HTTPStatus.UNAUTHORIZED: "unauthenticated",
    HTTPStatus.FORBIDDEN: "forbidden",
    HTTPStatus.NOT_FOUND: "not_found",
    HTTPStatus.METHOD_NOT_ALLOWED: "method_not_allowed",
    HTTPStatus.CONFLICT: "conflict",
    HTTPStatus.PRECONDITION_FAILED: "precondition_failed",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "payload_too_large",
    HTTPStatus.UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    HTTPStatus.UNPROCESSABLE_ENTITY: "validation_error",
    HTTPStatus.TOO_MANY_REQUESTS: "rate_limited",
    HTTPStatus.SERVICE_UNAVAILABLE: "unavailable",
}


class ErrorOut({{ wire.model }}):
    code: str = Field(description="Stable and machine-readable, e.g. not_found.")
    message: str = Field(description="Safe to show to a person.")
    details: dict[str, Any] | list[Any] = Field(description="What the code needs to say more.")
    request_id: str | None = Field(description="Also in the X-Request-ID response header.")


class ErrorEnvelope({{ wire.model }}):
    """The body of every error response."""

    error: ErrorOut


def request_id_of(request: Request) -> str | None:
    value = getattr(request.state, "request_id", None)
    return value if isinstance(value, str) else None


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: Mapping[str, object] | Sequence[object] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    request_id = request_id_of(request)
    body = {
        "error": {
            "code": code,
            "message": message,
            "details": details if details is not None else {},
            "{{ wire.key("request_id") }}": request_id,
        }
    }
    response_headers = dict(headers or {})
    if request_id:
        response_headers["X-Request-ID"] = request_id
    return JSONResponse(body, status_code=status, headers=response_headers)


def app_error_handler(
    authentication_challenge: str | None,
) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    """The handler of the kernel's errors; a 401 carries ``WWW-Authenticate`` when given one.

    The challenge names the auth method's HTTP scheme (``Bearer`` for access tokens); a
    method with no such scheme (a session cookie) sends none rather than a false one.
    """

    async def handle_app_error(request: Request, error: Exception) -> JSONResponse:
        if not isinstance(error, AppError):
            raise error
        status = STATUS_BY_CODE.get(error.code, HTTPStatus.INTERNAL_SERVER_ERROR)
        headers: dict[str, str] = {}
        if isinstance(error, AuthenticationError) and authentication_challenge:
            headers["WWW-Authenticate"] = authentication_challenge
        if isinstance(error, RateLimitedError):
            headers["Retry-After"] = str(error.retry_after)
        return error_response(request, status, error.code, error.message, error.details, headers)

    return handle_app_error


UUID_SEGMENT = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def path_pattern(template: str, path_item: Mapping[str, Any]) -> re.Pattern[str]:
    """A documented path as a regex; a UUID parameter takes a UUID only, as its route does."""
    formats = {
        parameter["name"]: parameter.get("schema", {}).get("format")
        for operation in path_item.values()
        if isinstance(operation, Mapping)
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "path"
    }
    pattern = re.sub(
        r"\\\{(\w+)\\\}",
        lambda name: UUID_SEGMENT if formats.get(name[1]) == "uuid" else "[^/]+",
        re.escape(template),
    )
    return re.compile(pattern)


def allowed_methods(request: Request, first_route: str) -> str:
    """Every method served at the request's path, by whichever route serves it.

    Starlette names the methods of the first route that matches the path only (``first_route``);
    the others come from the application's document.
    """
    methods = {method.strip() for method in first_route.split(",") if method.strip()}
    path = request.url.path.removeprefix(request.scope.get("root_path", ""))
    for template, path_item in request.app.openapi().get("paths", {}).items():
        if path_pattern(template, path_item).fullmatch(path):
            methods |= {method.upper() for method in path_item if method in HTTP_METHODS}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


async def handle_http_error(request: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, StarletteHTTPException):
        raise error
    code = CODE_BY_STATUS.get(error.status_code, "http_error")
    detail: object = error.detail  # FastAPI's HTTPException lets callers pass any JSON value
    message = detail if isinstance(detail, str) else HTTPStatus(error.status_code).phrase
    headers = dict(error.headers or {})
    if error.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        # RFC 9110: Allow lists every method of the resource.
        headers["Allow"] = allowed_methods(request, headers.get("Allow", ""))
    return error_response(request, error.status_code, code, message, headers=headers)


def _clean_validation_errors(errors: Sequence[Any]) -> list[dict[str, object]]:
    """Field errors without the submitted input, which may carry passwords or keys."""
    return [
        {"loc": list(item.get("loc", ())), "msg": item.get("msg", ""), "type": item.get("type", "")}
        for item in errors
        if isinstance(item, Mapping)
    ]


async def handle_validation_error(request: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, RequestValidationError):
        raise error
    return error_response(
        request,
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "validation_error",
        "The request is not valid.",
        {"errors": _clean_validation_errors(error.errors())},
    )


async def handle_unexpected_error(request: Request, error: Exception) -> JSONResponse:
    """The 500 envelope for a failure no handler knows, logged once, without its locals."""
    if not isinstance(error, ResponseAborted):
        logger.error("unhandled_error", error_type=type(error).__name__, exc_info=error)
    return error_response(
        request,
        HTTPStatus.INTERNAL_SERVER_ERROR,
        "internal_error",
        "An unexpected error occurred.",
    )


def unavailable_handler(
    retry_after_seconds: int,
) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    """The 503 for a dependency that cannot serve now, telling clients when to try again."""

    async def handle_unavailable(request: Request, error: Exception) -> JSONResponse:
        if not isinstance(error, ServiceUnavailableError):
            raise error
        wait = error.retry_after if error.retry_after is not None else retry_after_seconds
        headers = {"Retry-After": str(wait)}
        return error_response(
            request,
            HTTPStatus.SERVICE_UNAVAILABLE,
            error.code,
            error.message,
            error.details,
            headers,
        )

    return handle_unavailable


def install_error_handlers(
    app: FastAPI,
    *,
    retry_after_seconds: int = DEFAULT_RETRY_AFTER_SECONDS,
    authentication_challenge: str | None = None,
) -> None:
    app.add_exception_handler(AppError, app_error_handler(authentication_challenge))
    app.add_exception_handler(ServiceUnavailableError, unavailable_handler(retry_after_seconds))
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(Exception, handle_unexpected_error)
