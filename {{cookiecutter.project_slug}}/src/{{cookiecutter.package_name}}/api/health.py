"""Liveness (the process answers) and readiness (its dependencies answer too)."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Literal

import structlog
from fastapi import APIRouter
from pydantic import BaseModel

from {{ cookiecutter.package_name }}.shared.errors import ServiceUnavailableError

READINESS_TIMEOUT_SECONDS = 2.0
# Where the probes are: not rate limited, and logged at DEBUG when they answer 2xx.
HEALTH_PREFIX = "/health"

ReadinessCheck = Callable[[], Awaitable[None]]

logger = structlog.get_logger(__name__)

# Checks given up on, kept referenced until they have wound down.
_abandoned: set[asyncio.Future[None]] = set()


def _wound_down(check: asyncio.Future[None]) -> None:
    _abandoned.discard(check)
    if not check.cancelled():
        # Retrieved, so asyncio does not report it: the timeout was logged already.
        check.exception()


async def _run_within(check: ReadinessCheck, timeout_seconds: float) -> None:
    """Run ``check``; raise TimeoutError after ``timeout_seconds`` without waiting for it to end.

    A driver may take longer to give up than the check was allowed (closing a connection to a
    silent server politely), so a late check is cancelled and winds down in the background.
    """
    running = asyncio.ensure_future(check())
    try:
        done, _ = await asyncio.wait({running}, timeout=timeout_seconds)
    finally:
        if not running.done():
            running.cancel()
            _abandoned.add(running)
            running.add_done_callback(_wound_down)
    if not done:
        msg = f"no answer within {timeout_seconds} s"
        raise TimeoutError(msg)
    await running


class LiveOut(BaseModel):
    status: Literal["ok"] = "ok"


class ReadyOut(BaseModel):
    status: Literal["ready"] = "ready"


def build_health_router(
    readiness: ReadinessCheck,
    *,
    timeout_seconds: float = READINESS_TIMEOUT_SECONDS,
) -> APIRouter:
    router = APIRouter(prefix=HEALTH_PREFIX, tags=["health"])

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
            await _run_within(readiness, timeout_seconds)
        except Exception as error:
            # Any failure of the check means "not ready"; the reason goes to the log only.
            logger.warning("readiness_failed", error_type=type(error).__name__, error=str(error))
            msg = "The service is not ready: a dependency is unreachable."
            raise ServiceUnavailableError(msg) from error
        return ReadyOut()

    return router
