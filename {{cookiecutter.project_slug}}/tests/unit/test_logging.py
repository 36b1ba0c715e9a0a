import io
import json
import logging

import structlog

from {{ cookiecutter.package_name }}.shared.logging import (
    REDACTED,
    configure_logging,
    redact_sensitive,
)
from {{ cookiecutter.package_name }}.shared.settings import Settings


def test_credentials_are_redacted_whatever_the_key_case() -> None:
    event = redact_sensitive(
        None,
        "info",
        {"event": "login", "Password": "hunter2", "refresh_token": "abc", "user_id": "42"},
    )
    assert event == {
        "event": "login",
        "Password": REDACTED,
        "refresh_token": REDACTED,
        "user_id": "42",
    }


def test_json_lines_carry_the_bound_request_id(settings: Settings) -> None:
    output = io.StringIO()
    configure_logging(settings.model_copy(update={"log_json": True}), output)
    with structlog.contextvars.bound_contextvars(request_id="req-1"):
        structlog.get_logger("tests").warning("something_happened", api_key="k", count=2)
    record = json.loads(output.getvalue().splitlines()[-1])
    assert record["event"] == "something_happened"
    assert record["request_id"] == "req-1"
    assert record["level"] == "warning"
    assert record["api_key"] == REDACTED
    assert record["count"] == 2


def test_standard_library_logs_go_through_the_same_renderer(settings: Settings) -> None:
    output = io.StringIO()
    configure_logging(settings.model_copy(update={"log_json": True}), output)
    logging.getLogger("uvicorn.error").warning("server %s", "started")
    record = json.loads(output.getvalue().splitlines()[-1])
    assert record["event"] == "server started"
    assert record["logger"] == "uvicorn.error"


def test_reconfiguring_keeps_a_single_handler(settings: Settings) -> None:
    configure_logging(settings)
    configure_logging(settings)
    ours = [h for h in logging.getLogger().handlers if type(h).__name__ == "_AppHandler"]
    assert len(ours) == 1
