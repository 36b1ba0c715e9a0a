{%- set up = unit.upstream -%}
"""Reading the known records over HTTP, as the events arrive.

The outbox relay publishes events once their change is committed: on the in-process bus the
handlers run within the relay, through a broker whenever the broker delivers, so the tests
wait (a bounded time) for the known records to show what they expect.
"""

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI

KNOWN = "/api/v1/{{ unit.name }}/known-{{ up.entity_plural | replace('_', '-') }}"
# How long a broker may take to deliver an event to this context.
PATIENCE_SECONDS = 15.0

Record = dict[str, Any]


class KnownEndpoints:
    """The known records' endpoints, read with ``headers``, after relaying what is committed."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self._app = app
        self._client = client
        self._headers = headers

    async def when(self, entity_id: str, check: Callable[[Record], bool]) -> Record:
        """The record of ``entity_id`` once it passes ``check``; fails after the patience."""
        await self._app.state.outbox.flush()
        deadline = time.monotonic() + PATIENCE_SECONDS
        while True:
            response = await self._client.get(f"{KNOWN}/{entity_id}", headers=self._headers)
            if response.status_code == 200 and check(response.json()):
                record: Record = response.json()
                return record
            assert time.monotonic() < deadline, f"the record never got there: {response.text}"
            await asyncio.sleep(0.05)

    async def page(self, offset: int, limit: int) -> Record:
        params = {"offset": offset, "limit": limit}
        response = await self._client.get(KNOWN, params=params, headers=self._headers)
        assert response.status_code == 200, response.text
        page: Record = response.json()
        return page
