"""The client's address and scheme behind trusted proxies, from X-Forwarded-For and -Proto.

Every proxy appends the address it received the request from, so only the right end of
X-Forwarded-For is written by proxies; whatever lies left of it the client may have made up.
The walk starts at the peer and goes left while the address in hand is a trusted proxy: the
first address that is not one is the client. A peer outside the trusted networks is the client,
whatever it sends. A malformed entry met on the way voids the header: the peer stands.
"""

import ipaddress
from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDED_SCHEMES = {"http": "http", "https": "https"}
WEBSOCKET_SCHEMES = {"http": "ws", "https": "wss"}


def parse_address(text: str) -> IPAddress | None:
    """An address as proxies write it (``1.2.3.4``, ``1.2.3.4:80``, ``[2001:db8::1]:443``)."""
    value = text.strip()
    if value.startswith("["):
        value, bracket, _ = value[1:].partition("]")
        if not bracket:
            return None
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def forwarded_client(
    peer: IPAddress, forwarded_for: Sequence[str], trusted: Sequence[IPNetwork]
) -> tuple[IPAddress, int | None]:
    """The client and the index of its X-Forwarded-For entry (None: the peer itself)."""

    def is_trusted(address: IPAddress) -> bool:
        return any(address in network for network in trusted)

    client: tuple[IPAddress, int | None] = (peer, None)
    for index in range(len(forwarded_for) - 1, -1, -1):
        if not is_trusted(client[0]):
            return client
        address = parse_address(forwarded_for[index])
        if address is None:
            return peer, None
        client = (address, index)
    # Trusted all the way: the left-most hop is the furthest anyone vouches for.
    return client


def _entries(headers: Headers, name: str) -> list[str]:
    return [item for value in headers.getlist(name) for item in value.split(",")]


class ForwardedHeadersMiddleware:
    """Pure ASGI: sets the scope's client (and scheme) from the headers of trusted proxies."""

    def __init__(self, app: ASGIApp, trusted: Sequence[IPNetwork]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope.get("client"):
            self._resolve(scope)
        await self.app(scope, receive, send)

    def _resolve(self, scope: Scope) -> None:
        peer = parse_address(str(scope["client"][0]))
        if peer is None or not any(peer in network for network in self.trusted):
            return
        headers = Headers(scope=scope)
        hops = _entries(headers, "x-forwarded-for")
        client, index = forwarded_client(peer, hops, self.trusted)
        if index is not None:
            scope["client"] = (str(client), 0)
        protos = _entries(headers, "x-forwarded-proto")
        if protos:
            # Aligned with the client's hop when every proxy appended one, else the nearest.
            position = index if index is not None and len(protos) == len(hops) else -1
            proto = protos[position].strip().lower()
            schemes = WEBSOCKET_SCHEMES if scope["type"] == "websocket" else FORWARDED_SCHEMES
            if proto in schemes:
                scope["scheme"] = schemes[proto]
