{%- set wire = json_case(cookiecutter) -%}
"""Optimistic concurrency over HTTP: the version travels in ETag / If-Match or in the body.

If-Match follows RFC 9110: ``*`` holds for any current version, an entity tag is compared
strongly (a weak one never matches), and a tag that no longer matches is 412 Precondition
Failed. A stale version in the body is a 409 conflict, as for any other concurrent write.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.exceptions import RequestValidationError

from {{ cookiecutter.package_name }}.shared.errors import ConcurrentUpdateError, PreconditionFailedError

ANY_VERSION = "*"
# One entity tag such as "3" or W/"3", or *: what the header parameter accepts.
IF_MATCH_PATTERN = r'^(\*|(W/)?"[0-9]+")$'
_ENTITY_TAG = re.compile(r'(W/)?"([0-9]+)"')
# Versions start at 1: a weak tag asks for this one, which no stored version is.
NO_VERSION = 0


def etag(version: int) -> str:
    return f'"{version}"'


def _invalid(message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ("header", "if-match"), "msg": message, "type": "value_error"}],
    )


def parse_if_match(if_match: str | None) -> int | None:
    """The version If-Match names; None when absent or ``*`` (whatever version is current)."""
    if if_match is None or not if_match.strip() or if_match.strip() == ANY_VERSION:
        return None
    tag = _ENTITY_TAG.fullmatch(if_match.strip())
    if tag is None:
        msg = 'If-Match must hold one entity tag, such as "3", or *'
        raise _invalid(msg)
    weak, version = tag.groups()
    return NO_VERSION if weak else int(version)


def expected_version(if_match: str | None, body_version: int | None) -> int | None:
    """The version the caller expects, from either place; two different ones cannot both hold."""
    header_version = parse_if_match(if_match)
    if header_version is None:
        return body_version
    if body_version is not None and body_version != header_version:
        msg = "If-Match and the body name different versions: they cannot both be current"
        raise PreconditionFailedError(
            msg, details={"{{ wire.key("if_match") }}": header_version, "version": body_version}
        )
    return header_version


@contextmanager
def precondition(if_match: str | None) -> Iterator[None]:
    """Within it, a version named by If-Match that is no longer current is 412, not 409."""
    try:
        yield
    except ConcurrentUpdateError as error:
        if parse_if_match(if_match) is None:
            raise
        raise PreconditionFailedError(error.message, details=error.details) from error
