"""Contract tests: schemathesis drives every operation of the app's OpenAPI document.

Each operation gets its documented examples, the boundaries of every parameter (valid and
not), then generated requests, all sent as an administrator with the auth method's real
credentials to the app in this process and the test database. Every answer must be no 5xx,
a documented status, and conform to the documented schema, headers and media type; valid
input must be served and invalid input refused.
"""

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from schemathesis import Case, CheckContext, Response, checks
from schemathesis.config import SchemathesisConfig
from urllib3 import HTTPHeaderDict, HTTPResponse

from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

from tests.conftest import TEST_DATABASE_URL, next_client_address

BASE_URL = "http://contract.test"
# Generated requests per operation, on top of its examples and boundary cases: enough to
# reach past the boundaries, few enough to keep `make check` quick.
EXAMPLES_PER_OPERATION = 15

# The document is the app's own; its routes and schemas do not depend on the test settings.
DOCUMENT = create_app(
    Settings(_env_file=None, environment=Environment.TEST, database_url=TEST_DATABASE_URL)
).openapi()
# The credentials are the fixtures' real ones: schemathesis neither draws nor takes them away.
# A request the conditional headers refuse (412) was well formed: it is no rejected input, nor
# is a list cursor the service never issued (400): any string fits the cursor's schema.
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"with-security-parameters": False},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": [
                    "2xx",
                    "3xx",
                    "400",
                    "401",
                    "403",
                    "404",
                    "409",
                    "412",
                    "429",
                ]
            }
        },
    }
)
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
# The service refuses addresses on the domains reserved for testing (RFC 6761), and
# schemathesis draws some on .test: the contract draws its addresses on public ones. Built from
# parts rather than a regular expression: the boundary lengths around the documented maximum
# are beyond these addresses, and a draw this cheap gives up on them about four times sooner.
ADDRESS_PART = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20)
PUBLIC_TLD = st.sampled_from(["com", "org", "net"])
schemathesis.openapi.format(
    "email", st.builds("{}@{}.{}".format, ADDRESS_PART, ADDRESS_PART, PUBLIC_TLD)
)


def as_bytes(value: str | bytes) -> bytes:
    return value.encode("latin-1") if isinstance(value, str) else value


class InProcessAdapter(BaseAdapter):
    """Hands each request schemathesis sends to the app, on the loop the fixtures run on.

    The app's connection pool belongs to that loop, so requests cannot go through a client
    that runs the app on a loop of its own.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, client: httpx.AsyncClient) -> None:
        super().__init__()
        self._loop = loop
        self._client = client

    def send(
        self,
        request: requests.PreparedRequest,
        *_args: Any,
        **_options: Any,  # timeouts, TLS and proxies mean nothing in-process
    ) -> requests.Response:
        answer = self._loop.run_until_complete(
            self._client.request(
                request.method or "GET",
                request.url or BASE_URL,
                # As they would travel: bytes, for the values drawn beyond ASCII too.
                headers=[
                    (name.encode("latin-1"), as_bytes(value))
                    for name, value in request.headers.items()
                ],
                content=request.body,
            )
        )
        headers = answer.headers.multi_items()
        response = requests.Response()
        response.status_code = answer.status_code
        response.reason = answer.reason_phrase
        response.headers = CaseInsensitiveDict(headers)
        response.raw = HTTPResponse(
            body=b"",
            headers=HTTPHeaderDict(headers),
            status=answer.status_code,
            version=11,
            reason=answer.reason_phrase,
            preload_content=False,
        )
        response._content = answer.content  # the body, read already
        response.encoding = answer.encoding
        response.url = str(answer.url)
        response.request = request
        return response

    def close(self) -> None:
        """Nothing to release: the client is the fixture's."""


@pytest.fixture
async def fixtures_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


@pytest.fixture
async def app_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client that gets the app's 500 response instead of the exception behind it.

    It calls from an address of its own: each operation's examples spend a budget of their own.
    """
    transport = httpx.ASGITransport(
        app=app, raise_app_exceptions=False, client=(next_client_address(), 123)
    )
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


@pytest.fixture
def session(
    fixtures_loop: asyncio.AbstractEventLoop, app_client: httpx.AsyncClient
) -> Iterator[requests.Session]:
    with requests.Session() as http:
        http.mount(BASE_URL, InProcessAdapter(fixtures_loop, app_client))
        yield http


def test_the_contract_is_the_apps_document(app: FastAPI) -> None:
    assert app.openapi()["paths"] == DOCUMENT["paths"]


def drawn_valid(case: Case[Any]) -> bool:
    """Whether every part of the case is valid: each header matches its documented pattern."""
    if case.meta and not all(part.mode.is_positive for part in case.meta.components.values()):
        return False
    # An undeclared method (schemathesis checks the 405) has no parameters of its own.
    operation = DOCUMENT["paths"][case.path].get(case.method.lower(), {})
    parameters = operation.get("parameters", [])
    for parameter in parameters:
        pattern = parameter["schema"].get("pattern")
        value = (case.headers or {}).get(parameter["name"])
        drawn = parameter["in"] == "header" and isinstance(value, str)
        if drawn and pattern and not re.search(pattern, str(value)):
            return False
    return True


# Rules no schema can state: an expiry in the past, an Idempotency-Key drawn again for another body.
DOMAIN_RULES = frozenset({"rule_violation", "idempotency_key_reused"})


def broke_a_domain_rule(response: Response) -> bool:
    """A 422 for a rule no schema can state, as the envelope says."""
    if response.status_code != HTTPStatus.UNPROCESSABLE_ENTITY:
        return False
    body = response.json()
    return isinstance(body, dict) and body.get("error", {}).get("code") in DOMAIN_RULES


def positive_data_acceptance(ctx: CheckContext, response: Response, case: Case[Any]) -> None:
    """Schemathesis' check, for the cases that are valid indeed, refused for their form.

    Its coverage phase may label a case positive while it drew a part invalid (an optional
    header with a pattern): the negative checks judge such a case. And valid input may still
    break a domain rule: only a validation error says the document promised too much.
    """
    if drawn_valid(case) and not broke_a_domain_rule(response):
        checks.positive_data_acceptance(ctx, response, case)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    # One client and one signed-in administrator per operation, shared by its examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_its_contract(
    case: Case[Any], session: requests.Session, admin_headers: dict[str, str]
) -> None:
    headers = dict(admin_headers)
    # A session travels as a cookie: given as one, it is what schemathesis takes away when it
    # checks that the operation refuses a request without credentials.
    cookie = SimpleCookie(headers.pop("Cookie", ""))
    cookies = {name: morsel.value for name, morsel in cookie.items()}
    case.call_and_validate(
        base_url=BASE_URL,
        session=session,
        headers=headers,
        cookies=cookies,
        # ignored_auth sends its probes through a session of its own, which cannot reach the app
        # in this process; the access tests check that every route refuses a missing credential.
        excluded_checks=[checks.positive_data_acceptance, checks.ignored_auth],
        additional_checks=[positive_data_acceptance],
    )
