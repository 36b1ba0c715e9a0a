"""The baseline for bench/service.py: bare FastAPI returning the generated service's JSON.

It reads the bodies to return from the JSON file named by BENCH_PAYLOADS
({"routes": {path: body}}) and serves each path with a plain GET route: no middleware,
no authentication, no database. Run by bench/service.py with the generated project's own
interpreter, so both servers use the same FastAPI, pydantic and uvicorn.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI


def route(body: Any) -> Any:
    async def endpoint() -> Any:
        return body

    return endpoint


def create_app() -> FastAPI:
    payloads = json.loads(Path(os.environ["BENCH_PAYLOADS"]).read_text(encoding="utf-8"))
    app = FastAPI()
    for path, body in payloads["routes"].items():
        app.add_api_route(path, route(body), methods=["GET"])
    return app
