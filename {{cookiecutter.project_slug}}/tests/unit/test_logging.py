import io
import json
import logging

import pytest
import structlog

from {{ cookiecutter.package_name }}.shared.logging import MAX_ENTRY_CHARS, configure_logging
from {{ cookiecutter.package_name }}.shared.redaction import (
    CREDENTIAL_PATTERNS,
    MAX_STRING_CHARS,
    REDACTED,
    RequestSecrets,
    may_hold_credential,
    redact_sensitive,
    redacting,
)
from {{ cookiecutter.package_name }}.shared.settings import Settings

SECRET = "s3cret-value-that-must-not-leak"


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


def test_nested_credentials_are_redacted_in_dicts_and_lists() -> None:
    event = redact_sensitive(
        None,
        "info",
        {
            "event": "call",
            "request": {"headers": {"X-API-Key": SECRET, "Accept": "json"}, "body": [SECRET]},
            "attempts": [{"password": SECRET}, ("csrf_token", 3)],
        },
    )
    assert event["request"] == {
        "headers": {"X-API-Key": REDACTED, "Accept": "json"},
        "body": [SECRET],
    }
    assert event["attempts"] == [{"password": REDACTED}, ["csrf_token", 3]]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"sent Authorization: Bearer {SECRET}", "sent Authorization:"),
        (f"connect to postgresql+asyncpg://app:{SECRET}@db:5432/app failed", "@db:5432/app"),
        (f"redis://:{SECRET}@cache:6379/0 is down", "@cache:6379/0"),
        (f"form password={SECRET}&next=/", "&next=/"),
        (f"'api_key': '{SECRET}', 'n': 1", "'n': 1"),
        ("header eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end", "end"),
        (f"WHERE email = $1]\n[parameters: ('{SECRET}',)]", "WHERE email"),
        (f"-----BEGIN PRIVATE KEY-----\n{SECRET}\n-----END PRIVATE KEY-----", ""),
    ],
)
def test_credential_looking_text_is_redacted_in_any_string(text: str, kept: str) -> None:
    event = redact_sensitive(None, "error", {"event": text, "details": {"error": [text]}})
    rendered = json.dumps(event)
    assert SECRET not in rendered
    assert "eyJzdWIiOiIxIn0" not in rendered
    assert kept in event["event"]
    assert REDACTED in event["event"]


@pytest.mark.parametrize(
    "text",
    [
        "GET /api/v1/things/42 answered",
        "Sent BEARER abc",
        "PassWord=x",
        "X-Api-Key: k",
        "x-api_key: k",
        "token",
        "eyJhbGciOiJIUzI1NiJ9",
        "EYJ upper case is not a JWT but is searched",
        "mysql://u:p@h/d",
        "[parameters: (1,)]",
        "QUERY ARGUMENT $1: x",
        "pa\u017fsword=hunter2",  # a long s, folded to s by the case-insensitive pattern
        "\u212apassword-free text with a Kelvin sign",
        "caf\u00e9 au lait",
        "",
    ],
)
def test_the_quick_credential_test_agrees_with_the_pattern(text: str) -> None:
    # The ASCII fast path is a prefilter: it may never miss text a credential pattern matches.
    slow = any(pattern.search(text) for pattern, _ in CREDENTIAL_PATTERNS)
    assert not slow or may_hold_credential(text)


def test_ordinary_text_needs_no_credential_search() -> None:
    assert not may_hold_credential("GET /api/v1/things/42 answered 200 in 3 ms")
    assert not may_hold_credential("caf\u00e9 au lait")


def test_a_credential_past_a_long_s_is_still_redacted() -> None:
    event = redact_sensitive(None, "info", {"event": f"pa\u017fsword={SECRET}"})
    assert SECRET not in json.dumps(event)


def test_what_the_request_carried_is_redacted_from_its_entries() -> None:
    headers = [
        (b"authorization", f"Bearer {SECRET}-token".encode()),
        (b"cookie", b"sid=cookie-secret-1"),
        (b"content-type", b"application/x-www-form-urlencoded"),
    ]
    secrets = RequestSecrets.of_request(headers, b"access_token=query-secret-1&page=2")
    secrets.note_body(b"username=someone&password=plain%20words%20pw")
    with redacting(secrets):
        event = redact_sensitive(
            None,
            "error",
            {"event": f"{SECRET}-token cookie-secret-1 query-secret-1 plain words pw someone"},
        )
    assert event["event"] == f"{REDACTED} {REDACTED} {REDACTED} {REDACTED} someone"
    assert redact_sensitive(None, "info", {"event": "plain words pw"})["event"] == "plain words pw"


def test_json_body_fields_are_found_at_any_depth() -> None:
    secrets = RequestSecrets.of_request([(b"content-type", b"application/json")], b"")
    secrets.note_body(b'{"user": {"new_password": "deeply-nested-pw"}, "name": "visible"}')
    assert secrets.values() == ["deeply-nested-pw"]


def test_strings_and_containers_are_bounded() -> None:
    event = redact_sensitive(None, "info", {"event": "x" * 100_000, "items": list(range(1000))})
    assert len(event["event"]) < MAX_STRING_CHARS + 100
    assert len(event["items"]) < 100


def json_output(settings: Settings) -> io.StringIO:
    output = io.StringIO()
    configure_logging(settings.model_copy(update={"log_json": True}), output)
    return output


def test_json_lines_carry_the_bound_request_id(settings: Settings) -> None:
    output = json_output(settings)
    with structlog.contextvars.bound_contextvars(request_id="req-1"):
        structlog.get_logger("tests").warning("something_happened", api_key="k", count=2)
    record = json.loads(output.getvalue().splitlines()[-1])
    assert record["event"] == "something_happened"
    assert record["request_id"] == "req-1"
    assert record["level"] == "warning"
    assert record["api_key"] == REDACTED
    assert record["count"] == 2


def fail_with_a_secret_in_locals() -> None:
    password = SECRET
    if password:
        msg = "the store refused the write"
        raise RuntimeError(msg)


@pytest.mark.parametrize("log_json", [True, False])
def test_tracebacks_name_frames_but_carry_no_locals(settings: Settings, log_json: bool) -> None:
    output = io.StringIO()
    configure_logging(settings.model_copy(update={"log_json": log_json}), output)
    try:
        fail_with_a_secret_in_locals()
    except RuntimeError:
        structlog.get_logger("tests").exception("write_failed")
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    text = output.getvalue()
    assert SECRET not in text
    assert "fail_with_a_secret_in_locals" in text
    assert "the store refused the write" in text


@pytest.mark.parametrize("log_json", [True, False])
def test_an_entry_too_big_as_a_whole_keeps_what_happened(
    settings: Settings, log_json: bool
) -> None:
    output = io.StringIO()
    configure_logging(settings.model_copy(update={"log_json": log_json}), output)
    fields = {f"field_{number}": "x" * MAX_STRING_CHARS for number in range(60)}
    structlog.get_logger("tests").error("too_much", **fields)
    (line,) = output.getvalue().splitlines()
    assert len(line) <= MAX_ENTRY_CHARS
    assert "too_much" in line
    assert "entry_cut_from_chars" in line


def test_standard_library_logs_go_through_the_same_renderer(settings: Settings) -> None:
    output = json_output(settings)
    logging.getLogger("uvicorn.error").warning("server %s", "started")
    record = json.loads(output.getvalue().splitlines()[-1])
    assert record["event"] == "server started"
    assert record["logger"] == "uvicorn.error"


def test_reconfiguring_keeps_a_single_handler(settings: Settings) -> None:
    configure_logging(settings)
    configure_logging(settings)
    ours = [h for h in logging.getLogger().handlers if type(h).__name__ == "_AppHandler"]
    assert len(ours) == 1
