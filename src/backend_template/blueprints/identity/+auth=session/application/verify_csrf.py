"""The synchronizer-token check for unsafe requests made with a session cookie."""

import hmac

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.session_tokens import hash_session_id
from {{ unit.domain }}.session_errors import CsrfTokenError


class VerifyCsrf:
    """Compares in constant time; an unknown session passes here and fails authentication next."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, session_id: str, presented: str | None) -> None:
        async with self._uow() as uow:
            session = await uow.sessions.get_by_hash(hash_session_id(session_id))
        if session is None:
            return
        if not presented or not hmac.compare_digest(
            presented.encode(), session.csrf_token.encode()
        ):
            raise CsrfTokenError
