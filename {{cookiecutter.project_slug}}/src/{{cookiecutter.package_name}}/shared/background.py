"""Background tasks: stopping one without trusting every library under it to let it stop."""

import asyncio
from typing import Any


async def stop_task(task: asyncio.Task[Any], grace_seconds: float) -> bool:
    """Cancel ``task`` and wait at most ``grace_seconds`` for it to end; True if it ended.

    A database or broker driver may swallow a cancellation, or turn it into an error of its
    own, and keep the task running: the caller (an application shutting down) is not held by
    it longer than that. Whatever the task ended with is consumed here, so asyncio does not
    report it again at exit; the task handles and logs its own errors.
    """
    if not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=grace_seconds)
    if not task.done():
        return False
    if not task.cancelled():
        task.exception()
    return True
