"""End a session: its row is deleted, so its id never works again."""

import structlog

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.session_tokens import hash_session_id

logger = structlog.get_logger(__name__)


class LogOut:
    """Idempotent: an unknown or already ended session is not an error, and says nothing."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, session_id: str) -> None:
        async with self._uow() as uow:
            stored = await uow.sessions.get_by_hash(hash_session_id(session_id))
            if stored is None:
                return
            await uow.sessions.delete(stored.id)
            await uow.commit()
        logger.info("logged_out", user_id=str(stored.user_id), session=str(stored.id))
