"""Forwarded headers: believed from trusted proxies only, read from the right."""

import ipaddress

import pytest
from pydantic import ValidationError
from starlette.types import Message, Receive, Scope, Send

from {{ cookiecutter.package_name }}.api.forwarded import (
    ForwardedHeadersMiddleware,
    IPNetwork,
    parse_address,
)
from {{ cookiecutter.package_name }}.shared.settings import Settings

pytestmark = pytest.mark.usefixtures("clean_app_environment")

INGRESS = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("fd00::/8")]


async def seen_by_the_app(
    peer: str,
    headers: list[tuple[str, str]],
    trusted: list[IPNetwork] = INGRESS,
    kind: str = "http",
) -> tuple[str, str]:
    """The client host and scheme the app sees after the middleware, for one request."""
    seen: dict[str, Scope] = {}

    async def app(scope: Scope, _receive: Receive, _send: Send) -> None:
        seen["scope"] = scope

    async def receive() -> Message:
        return {"type": "http.request"}

    async def send(_message: Message) -> None:
        return None

    scope: Scope = {
        "type": kind,
        "scheme": "ws" if kind == "websocket" else "http",
        "client": (peer, 41000),
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers],
    }
    await ForwardedHeadersMiddleware(app, trusted)(scope, receive, send)
    return seen["scope"]["client"][0], seen["scope"]["scheme"]


@pytest.mark.parametrize("spoofed", ["203.0.113.1", "10.1.1.1, 203.0.113.2", "2001:db8::9"])
async def test_an_untrusted_peer_stays_the_client_whatever_it_forwards(spoofed: str) -> None:
    headers = [("X-Forwarded-For", spoofed), ("X-Forwarded-Proto", "https")]
    assert await seen_by_the_app("198.51.100.7", headers) == ("198.51.100.7", "http")


async def test_a_trusted_proxy_gives_the_right_most_untrusted_address() -> None:
    # The client wrote the first two entries; the load balancer and the ingress appended theirs.
    forwarded = "198.51.100.99, 10.9.9.9, 203.0.113.5, 10.2.0.4"
    client, _ = await seen_by_the_app("10.1.0.3", [("X-Forwarded-For", forwarded)])
    assert client == "203.0.113.5"


async def test_header_lines_join_in_order_and_ports_are_dropped() -> None:
    headers = [("X-Forwarded-For", "192.0.2.1"), ("X-Forwarded-For", "203.0.113.5:51234")]
    assert (await seen_by_the_app("10.1.0.3", headers))[0] == "203.0.113.5"


async def test_a_chain_of_trusted_hops_only_gives_its_left_most_hop() -> None:
    headers = [("X-Forwarded-For", "10.8.0.1, 10.2.0.4")]
    assert (await seen_by_the_app("10.1.0.3", headers))[0] == "10.8.0.1"


@pytest.mark.parametrize(
    "forwarded", ["not-an-address", "203.0.113.5, 999.1.1.1", "[2001:db8::1", "", " , "]
)
async def test_a_malformed_header_is_ignored(forwarded: str) -> None:
    headers = [("X-Forwarded-For", forwarded), ("X-Forwarded-Proto", "https")]
    assert await seen_by_the_app("10.1.0.3", headers) == ("10.1.0.3", "https")


async def test_ipv6_peers_and_forwarded_addresses() -> None:
    headers = [("X-Forwarded-For", "2001:db8::1, [2001:db8::2]:443, fd00::17")]
    assert (await seen_by_the_app("fd00::3", headers))[0] == "2001:db8::2"
    mapped = [("X-Forwarded-For", "::ffff:203.0.113.5")]
    assert (await seen_by_the_app("::ffff:10.1.0.3", mapped))[0] == "203.0.113.5"
    untrusted = [("X-Forwarded-For", "2001:db8::1")]
    assert (await seen_by_the_app("2001:db8::77", untrusted))[0] == "2001:db8::77"


@pytest.mark.parametrize(
    ("forwarded", "protos", "scheme"),
    [
        ("203.0.113.5", "https", "https"),
        ("203.0.113.5, 10.9.9.9", "https, http", "https"),
        ("203.0.113.5", "HTTPS ", "https"),
        ("203.0.113.5", "gopher", "http"),
    ],
)
async def test_the_scheme_is_the_one_the_clients_proxy_saw(
    forwarded: str, protos: str, scheme: str
) -> None:
    headers = [("X-Forwarded-For", forwarded), ("X-Forwarded-Proto", protos)]
    assert await seen_by_the_app("10.1.0.3", headers) == ("203.0.113.5", scheme)


async def test_websockets_get_the_websocket_scheme() -> None:
    headers = [("X-Forwarded-For", "203.0.113.5"), ("X-Forwarded-Proto", "https")]
    assert await seen_by_the_app("10.1.0.3", headers, kind="websocket") == ("203.0.113.5", "wss")


def test_parse_address_reads_what_proxies_write() -> None:
    assert parse_address(" 192.0.2.1:80 ") == ipaddress.ip_address("192.0.2.1")
    assert parse_address("[2001:db8::1]") == ipaddress.ip_address("2001:db8::1")
    assert parse_address("2001:db8::1") == ipaddress.ip_address("2001:db8::1")
    assert parse_address("unknown") is None


def test_trusted_proxies_are_comma_separated_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32")
    assert [str(net) for net in Settings(_env_file=None).trusted_proxies] == [
        "10.0.0.0/8",
        "192.0.2.7/32",
        "2001:db8::/32",
    ]
    assert Settings(_env_file=None, trusted_proxies=[]).trusted_proxies == []


@pytest.mark.parametrize("raw", ["10.0.0.1/8", "*", "ingress"])
def test_what_is_not_a_network_is_refused(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("APP_TRUSTED_PROXIES", raw)
    with pytest.raises(ValidationError, match="is not a network"):
        Settings(_env_file=None)


@pytest.mark.parametrize("catch_all", ["0.0.0.0/0", "10.0.0.0/8, ::/0"])
def test_production_refuses_a_catch_all_unless_acknowledged(
    monkeypatch: pytest.MonkeyPatch, catch_all: str
) -> None:
    monkeypatch.setenv("APP_TRUSTED_PROXIES", catch_all)
    configured = Settings(_env_file=None)
    assert configured.proxy_problems()
    assert configured.model_copy(update={"trust_any_proxy": True}).proxy_problems() == []
    assert Settings(_env_file=None, trusted_proxies=INGRESS).proxy_problems() == []
    monkeypatch.setenv("APP_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="APP_TRUSTED_PROXIES contains"):
        Settings(_env_file=None)
