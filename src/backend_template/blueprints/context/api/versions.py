"""Optimistic concurrency over HTTP: the version travels in ETag / If-Match or in the body."""

from fastapi.exceptions import RequestValidationError


def etag(version: int) -> str:
    return f'"{version}"'


def _invalid(message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ("header", "if-match"), "msg": message, "type": "value_error"}],
    )


def parse_if_match(if_match: str | None) -> int | None:
    """The version in an If-Match header such as ``"3"``, ``W/"3"`` or ``3``; None when absent."""
    if if_match is None or not if_match.strip():
        return None
    raw = if_match.strip().removeprefix("W/").strip('"')
    if not raw.isdigit():
        msg = 'If-Match must hold one version number, such as "3"'
        raise _invalid(msg)
    return int(raw)


def expected_version(if_match: str | None, body_version: int | None) -> int | None:
    """The version the caller expects, from either place; both given must agree."""
    header_version = parse_if_match(if_match)
    if header_version is None:
        return body_version
    if body_version is not None and body_version != header_version:
        msg = "If-Match and the body name different versions: send one, or the same in both"
        raise _invalid(msg)
    return header_version
