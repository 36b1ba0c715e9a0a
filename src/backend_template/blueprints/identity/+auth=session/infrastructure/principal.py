"""Session cookies resolved to a Principal, for the api layer's Authorizer."""

from {{ unit.application }}.resolve_session import ResolveSession
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.session_settings import session_policy
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.security import Principal
from {{ unit.shared }}.settings import Settings


class SessionPrincipalResolver:
    """Finds the session by its id's digest; checks its timeouts and that its user is active."""

    def __init__(self, resolve_session: ResolveSession) -> None:
        self._resolve_session = resolve_session

    @classmethod
    def from_settings(
        cls, settings: Settings, database: Database, clock: Clock
    ) -> "SessionPrincipalResolver":
        uow = unit_of_work_factory(database)
        return cls(ResolveSession(uow, clock, session_policy(settings)))

    async def resolve(self, credentials: str) -> Principal:
        current = await self._resolve_session.execute(credentials)
        return Principal.with_roles(str(current.user.id), {current.user.role.value})
