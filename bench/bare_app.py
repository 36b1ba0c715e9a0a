"""The baseline for bench/service.py: bare FastAPI answering like the generated service.

It reads the bodies to return from the JSON file named by BENCH_PAYLOADS, which
bench/service.py writes from the generated service's own answers::

    {"collection": "/api/v1/catalog", "health": {...}, "item": {...},
     "pages": {"10": {"data": [...], "meta": {...}}, "100": {...}},
     "created": {...}, "updated": {...}}

and serves the same routes: GET /health/live, GET the collection (the recorded page of the
asked limit, in the service's list shape), GET one item, POST a new one (201) and PATCH one,
the last two parsing the JSON request body and answering the recorded body with the sent
fields in it. No middleware, no authentication (the header is ignored), no database. Run by
bench/service.py with the generated project's own interpreter, so both servers use the same
FastAPI, pydantic and uvicorn.
"""

from __future__ import annotations

import json
import os
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request


def create_app() -> FastAPI:
    payloads = json.loads(Path(os.environ["BENCH_PAYLOADS"]).read_text(encoding="utf-8"))
    collection: str = payloads["collection"]
    pages: dict[str, Any] = payloads["pages"]
    app = FastAPI()

    @app.get("/health/live")
    async def live() -> Any:
        return payloads["health"]

    @app.get(collection)
    async def listing(limit: int = 20) -> Any:
        return pages[str(limit)]

    @app.get(collection + "/{entity_id}")
    async def item(entity_id: str) -> Any:
        return {**payloads["item"], "id": entity_id}

    @app.post(collection, status_code=HTTPStatus.CREATED)
    async def create(request: Request) -> Any:
        return {**payloads["created"], **(await request.json())}

    @app.patch(collection + "/{entity_id}")
    async def update(entity_id: str, request: Request) -> Any:
        return {**payloads["updated"], **(await request.json()), "id": entity_id}

    return app
