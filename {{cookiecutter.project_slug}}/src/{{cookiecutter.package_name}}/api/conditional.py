"""Conditional reads and what a client may keep: If-None-Match, Cache-Control and Vary.

An item's ETag is its version (see versions.py). A read with If-None-Match naming it is
304 Not Modified, without a body: RFC 9110 compares the tags weakly, so W/"3" matches "3".
Reads are per caller: a client may keep them but must revalidate before reuse, and shared
caches may not store them; Vary names the headers that carry the caller's credentials.
"""

from http import HTTPStatus
from typing import Annotated, Any

from fastapi import Header, Request, Response

from {{ cookiecutter.package_name }}.api.openapi import documented_operation
from {{ cookiecutter.package_name }}.api.versions import ANY_VERSION, etag

CACHE_CONTROL = "private, no-cache"
IF_NONE_MATCH_HELP = 'The ETag you hold, e.g. "3": 304 without a body while it is current.'
IfNoneMatch = Annotated[str | None, Header(max_length=1024, description=IF_NONE_MATCH_HELP)]
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    HTTPStatus.NOT_MODIFIED: {"description": "Not Modified: the ETag you sent is still current."},
}


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def is_current(if_none_match: str | None, version: int) -> bool:
    """Whether If-None-Match names this version (or is *): the client's copy is current."""
    if if_none_match is None:
        return False
    tags = [tag for tag in if_none_match.split(",") if tag.strip()]
    current = etag(version)
    return any(tag.strip() == ANY_VERSION or _opaque(tag) == current for tag in tags)


def credential_headers(request: Request) -> list[str]:
    """The request headers that carry the operation's credentials, from its security schemes."""
    operation = documented_operation(request) or {}
    schemes = request.app.openapi().get("components", {}).get("securitySchemes", {})
    names = set()
    for requirement in operation.get("security", []):
        for name in requirement:
            scheme = schemes.get(name, {})
            if scheme.get("type") != "apiKey":
                names.add("Authorization")
            else:
                names.add("Cookie" if scheme.get("in") == "cookie" else scheme["name"])
    return sorted(names)


def cache_privately(request: Request, response: Response) -> None:
    """Say that the response is the caller's alone, to keep only while revalidated."""
    response.headers["Cache-Control"] = CACHE_CONTROL
    vary = credential_headers(request)
    if vary:
        response.headers["Vary"] = ", ".join(vary)


def not_modified(request: Request, version: int) -> Response:
    """The 304 for a client whose copy is current: the same ETag and caching, no body."""
    response = Response(status_code=HTTPStatus.NOT_MODIFIED, headers={"ETag": etag(version)})
    cache_privately(request, response)
    return response
