"""Liveness (the process answers) and readiness (its dependencies answer too)."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Literal

import structlog
from fastapi import APIRouter
from pydantic import BaseModel

from {{ cookiecutter.package_name }}.shared.errors import ServiceUnavailableError

READINESS_TIMEOUT_SECONDS = 2.0

ReadinessCheck = Callable[[], Awaitable[None]]

logger = structlog.get_logger(__name__)


class LiveOut(BaseModel):
    status: Literal["ok"] = "ok"


class ReadyOut(BaseModel):
    status: Literal["ready"] = "ready"


def build_health_router(
    readiness: ReadinessCheck,
    *,
    timeout_seconds: float = READINESS_TIMEOUT_SECONDS,
) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live")
    async def live() -> LiveOut:
        """The process is up and serving requests."""
        return LiveOut()

    @router.get(
        "/ready",
        responses={503: {"description": "A dependency is unreachable or too slow."}},
    )
    async def ready() -> ReadyOut:
        """The service can do its work: every dependency answered in time."""
        try:
            async with asyncio.timeout(timeout_seconds):
                await readiness()
        except Exception as error:
            # Any failure of the check means "not ready"; the reason goes to the log only.
            logger.warning("readiness_failed", error_type=type(error).__name__, error=str(error))
            msg = "The service is not ready: a dependency is unreachable."
            raise ServiceUnavailableError(msg) from error
        return ReadyOut()

    return router
