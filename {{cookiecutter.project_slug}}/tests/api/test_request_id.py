{%- set wire = json_case(cookiecutter) -%}
import logging
import re

import httpx
import pytest

GENERATED = re.compile(r"[0-9a-f]{32}")


async def test_a_sane_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": "abc-123.retry_2"})
    assert response.headers["X-Request-ID"] == "abc-123.retry_2"


async def test_a_request_id_is_generated_when_absent(client: httpx.AsyncClient) -> None:
    first = await client.get("/health/live")
    second = await client.get("/health/live")
    assert GENERATED.fullmatch(first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.parametrize("insane", ["x" * 129, "white space", "<script>", "a,b"])
async def test_an_insane_request_id_is_replaced(client: httpx.AsyncClient, insane: str) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": insane})
    assert GENERATED.fullmatch(response.headers["X-Request-ID"])


async def test_error_responses_carry_the_request_id_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere", headers={"X-Request-ID": "lost-1"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "lost-1"
    assert response.json()["error"]["{{ wire.key("request_id") }}"] == "lost-1"


def access_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[int, dict[str, object]]]:
    return [
        (record.levelno, record.msg)
        for record in caplog.records
        if isinstance(record.msg, dict) and record.msg.get("event") == "request"
    ]


async def test_one_access_line_per_request(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await client.get("/openapi.json", headers={"X-Request-ID": "line-1"})
    lines = access_lines(caplog)
    assert len(lines) == 1
    level, line = lines[0]
    assert level == logging.INFO
    assert line["method"] == "GET"
    assert line["path"] == "/openapi.json"
    assert line["status"] == 200
    assert line["request_id"] == "line-1"
    assert isinstance(line["duration_ms"], float)


async def test_a_probe_answered_ok_is_logged_at_debug_level_only(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await client.get("/health/live", headers={"X-Request-ID": "probe-1"})
    lines = access_lines(caplog)
    assert [(level, line["path"], line["request_id"]) for level, line in lines] == [
        (logging.DEBUG, "/health/live", "probe-1")
    ]


async def test_a_probe_that_fails_is_logged_at_info_level(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = await client.post("/health/live")
    lines = access_lines(caplog)
    assert response.status_code == 405
    assert [(level, line["status"]) for level, line in lines] == [(logging.INFO, 405)]
