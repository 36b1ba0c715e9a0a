"""Strict queries: a query parameter the route does not declare is refused, never ignored.

A typo (``?staus=draft``) or an operator the route lacks (``?quantity[between]=1``) would
otherwise answer with unfiltered data, which a client cannot tell from a filtered answer.
"""

import re
from collections.abc import Iterable

from fastapi import Request

from {{ cookiecutter.package_name }}.api.openapi import documented_operation
from {{ cookiecutter.package_name }}.shared.errors import BadRequestError

_OPERATOR = re.compile(r"(?P<field>[^\[\]]+)\[(?P<operator>[^\[\]]*)\]")


class UnknownQueryParameterError(BadRequestError):
    code = "unknown_parameter"


def unknown_parameter_message(unknown: Iterable[str], declared: frozenset[str]) -> str:
    """Which parameters are unknown and, for ``field[operator]``, the field's operators."""
    names = sorted(unknown)
    hints = []
    for name in names:
        match = _OPERATOR.fullmatch(name)
        if match is None:
            continue
        prefix = match["field"] + "["
        operators = sorted(
            known[len(prefix) : -1] for known in declared if known.startswith(prefix)
        )
        if operators:
            hints.append(f"{match['field']} takes {', '.join(operators)}")
    message = "Unknown query parameter: " + ", ".join(names)
    return message + ("; " + "; ".join(hints) if hints else "") + "."


async def refuse_unknown_query_parameters(request: Request) -> None:
    """Answer 400 (unknown_parameter) to a query parameter the operation does not document."""
    if not request.scope.get("query_string"):
        # No query, nothing unknown: most requests stop here.
        return
    operation = documented_operation(request)
    if operation is None:
        return
    declared = frozenset(
        parameter["name"]
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "query"
    )
    unknown = set(request.query_params) - declared
    if unknown:
        raise UnknownQueryParameterError(
            unknown_parameter_message(unknown, declared),
            details={"unknown": sorted(unknown), "accepted": sorted(declared)},
        )
