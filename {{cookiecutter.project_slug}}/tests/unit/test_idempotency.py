"""The Idempotency-Key middleware on an in-memory store: replays, refusals, what is not kept."""

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse

from {{ cookiecutter.package_name }}.api.idempotency import (
    IdempotencyMiddleware,
    document_idempotency,
)
from {{ cookiecutter.package_name }}.shared.idempotency import Claim, KeptResponse

NOW = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
TTL = timedelta(hours=1)


class SteppingClock:
    def __init__(self) -> None:
        self.moment = NOW

    def now(self) -> datetime:
        return self.moment


class MemoryStore:
    """Claims in a dict: (fingerprint, response, until) by key."""

    def __init__(self) -> None:
        self.claims: dict[str, tuple[str, KeptResponse | None, datetime]] = {}
        self.purged: list[datetime] = []
        self.claimed = asyncio.Event()

    async def claim(
        self, key: str, fingerprint: str, now: datetime, until: datetime
    ) -> Claim | None:
        held = self.claims.get(key)
        if held is not None and held[2] > now:
            return Claim(held[0], held[1])
        self.claims[key] = (fingerprint, None, until)
        self.claimed.set()
        return None

    async def complete(self, key: str, response: KeptResponse, until: datetime) -> None:
        self.claims[key] = (self.claims[key][0], response, until)

    async def release(self, key: str) -> None:
        if key in self.claims and self.claims[key][1] is None:
            del self.claims[key]

    async def purge(self, now: datetime) -> int:
        self.purged.append(now)
        return 0


class Service:
    """A tiny app behind the middleware that counts what its routes really did."""

    def __init__(self) -> None:
        self.store, self.clock = MemoryStore(), SteppingClock()
        self.created = 0
        self.failures_left = 0
        self.hold = asyncio.Event()
        self.hold.set()
        app = FastAPI()

        @app.post("/things")
        async def create_thing() -> Response:
            await self.hold.wait()
            if self.failures_left:
                self.failures_left -= 1
                return Response(status_code=503)
            self.created += 1
            headers = {"Location": f"/things/{self.created}", "X-Served-By": "replica-1"}
            return JSONResponse({"id": self.created}, status_code=201, headers=headers)

        @app.post("/sessions")
        async def sign_in(response: Response) -> dict[str, str]:
            self.created += 1
            response.headers["Cache-Control"] = "no-store"
            return {"token": f"secret-{self.created}"}

        app.add_middleware(
            IdempotencyMiddleware, store=self.store, clock=self.clock, ttl=TTL, lock=TTL / 60
        )
        self.app = app

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://t")


@pytest.fixture
def service() -> Service:
    return Service()


def keyed(key: str = "key-1", caller: str = "alice") -> dict[str, str]:
    return {"Idempotency-Key": key, "Authorization": f"Bearer {caller}"}


async def test_a_retry_gets_the_first_response_with_the_headers_that_describe_it(
    service: Service,
) -> None:
    async with service.client() as client:
        first = await client.post("/things", json={"a": 1}, headers=keyed())
        retry = await client.post("/things", json={"a": 1}, headers=keyed())

    assert service.created == 1
    assert (retry.status_code, retry.json()) == (201, {"id": 1})
    assert retry.headers["Location"] == first.headers["Location"] == "/things/1"
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert "X-Served-By" not in retry.headers


async def test_another_body_path_or_caller_is_another_request(service: Service) -> None:
    async with service.client() as client:
        await client.post("/things", json={"a": 1}, headers=keyed())
        other_body = await client.post("/things", json={"a": 2}, headers=keyed())
        other_path = await client.post("/things?dry=1", json={"a": 1}, headers=keyed())
        other_caller = await client.post("/things", json={"a": 1}, headers=keyed(caller="bob"))

    assert (other_body.status_code, other_path.status_code) == (422, 422)
    assert other_body.json()["error"]["code"] == "idempotency_key_reused"
    assert other_caller.status_code == 201
    assert service.created == 2


async def test_a_retry_while_the_first_is_under_way_is_409_and_runs_nothing(
    service: Service,
) -> None:
    service.hold.clear()
    async with service.client() as client:
        first = asyncio.create_task(client.post("/things", json={}, headers=keyed()))
        await service.store.claimed.wait()
        during = await client.post("/things", json={}, headers=keyed())
        service.hold.set()
        await first

    assert during.status_code == 409
    assert during.json()["error"]["code"] == "idempotency_key_in_use"
    assert during.headers["Retry-After"] == "1"
    assert service.created == 1


async def test_a_failed_response_is_not_kept_so_the_retry_runs_again(service: Service) -> None:
    service.failures_left = 1
    async with service.client() as client:
        failed = await client.post("/things", json={}, headers=keyed())
        retried = await client.post("/things", json={}, headers=keyed())

    assert (failed.status_code, retried.status_code) == (503, 201)
    assert "Idempotent-Replayed" not in retried.headers
    assert service.created == 1


async def test_a_response_that_carries_credentials_is_never_kept(service: Service) -> None:
    async with service.client() as client:
        first = await client.post("/sessions", json={}, headers=keyed())
        second = await client.post("/sessions", json={}, headers=keyed())

    assert first.json() != second.json()
    assert service.store.claims == {}


async def test_a_kept_response_lapses_after_its_time(service: Service) -> None:
    async with service.client() as client:
        await client.post("/things", json={}, headers=keyed())
        service.clock.moment += TTL
        later = await client.post("/things", json={}, headers=keyed())

    assert "Idempotent-Replayed" not in later.headers
    assert service.created == 2
    assert service.store.purged == [NOW, NOW + TTL]


@pytest.mark.parametrize("key", [b"", b"x" * 256, "caf\u00e9".encode()])
async def test_a_malformed_key_is_400(service: Service, key: bytes) -> None:
    async with service.client() as client:
        response = await client.post("/things", json={}, headers={b"Idempotency-Key": key})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_idempotency_key"
    assert service.created == 0


async def test_requests_without_a_key_and_other_methods_pass_through(service: Service) -> None:
    async with service.client() as client:
        await client.post("/things", json={})
        await client.post("/things", json={})

    assert service.created == 2
    assert service.store.claims == {}


def test_every_post_operation_documents_the_header_and_its_refusals(service: Service) -> None:
    document_idempotency(service.app)

    document = service.app.openapi()

    for path in ("/things", "/sessions"):
        operation = document["paths"][path]["post"]
        names = [parameter["name"] for parameter in operation["parameters"]]
        assert names == ["Idempotency-Key"]
        assert {"400", "409", "422"} <= set(operation["responses"])
    assert service.app.openapi() == document
