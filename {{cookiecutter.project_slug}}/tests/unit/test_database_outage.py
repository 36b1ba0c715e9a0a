"""Database outages told apart from bad requests, and raised as the kernel's unavailability."""

import pytest

from {{ cookiecutter.package_name }}.infrastructure.database import (
    is_outage,
    outage_as_unavailable,
)
from {{ cookiecutter.package_name }}.shared.errors import ConflictError, ServiceUnavailableError


class WrappingError(Exception):
    """An ORM's error carrying the driver's as its argument, as Tortoise raises them."""


def test_timeouts_and_lost_connections_are_outages_however_wrapped() -> None:
    chained = RuntimeError("while reading")
    chained.__cause__ = TimeoutError()

    assert is_outage(TimeoutError())
    assert is_outage(ConnectionRefusedError(111, "Connect call failed"))
    assert is_outage(WrappingError(ConnectionResetError()))
    assert is_outage(chained)


def test_bad_requests_and_rule_violations_are_not_outages() -> None:
    assert not is_outage(ValueError("not a number"))
    assert not is_outage(ConflictError("the name is taken"))
    assert not is_outage(WrappingError("syntax error"))
    assert not is_outage(None)


def test_an_outage_inside_leaves_as_unavailable_with_its_cause() -> None:
    with pytest.raises(ServiceUnavailableError) as raised, outage_as_unavailable():
        raise TimeoutError

    assert raised.value.code == "unavailable"
    assert isinstance(raised.value.__cause__, TimeoutError)


def test_the_outage_a_unit_of_work_leaves_with_becomes_unavailable_after_its_cleanup() -> None:
    cleaned: list[str] = []

    with pytest.raises(ServiceUnavailableError), outage_as_unavailable(ConnectionResetError()):
        cleaned.append("closed")

    assert cleaned == ["closed"]


def test_other_errors_leave_unchanged() -> None:
    with pytest.raises(ConflictError), outage_as_unavailable(ValueError("not an outage")):
        raise ConflictError("the name is taken")
    with outage_as_unavailable(ValueError("not an outage")):
        pass
