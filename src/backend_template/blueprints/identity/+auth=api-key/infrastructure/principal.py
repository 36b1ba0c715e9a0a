"""API keys resolved to a Principal, for the api layer's Authorizer: permissions = scopes."""

from datetime import timedelta

from {{ unit.application }}.authenticate_key import (
    AuthenticateApiKey,
)
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.key_hasher import HmacKeyHasher
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.security import Principal
from {{ unit.shared }}.settings import Settings


class ApiKeyPrincipalResolver:
    """The caller is the key: its id is the subject, its scopes are the permissions."""

    def __init__(self, authenticate: AuthenticateApiKey) -> None:
        self._authenticate = authenticate

    @classmethod
    def from_settings(
        cls, settings: Settings, database: Database, clock: Clock
    ) -> "ApiKeyPrincipalResolver":
        interval = timedelta(seconds=settings.api_key_last_used_interval_seconds)
        authenticate = AuthenticateApiKey(
            unit_of_work_factory(database), HmacKeyHasher.from_settings(settings), clock, interval
        )
        return cls(authenticate)

    async def resolve(self, credentials: str) -> Principal:
        key = await self._authenticate.execute(credentials)
        return Principal(subject=str(key.id), roles=frozenset(), permissions=frozenset(key.scopes))
