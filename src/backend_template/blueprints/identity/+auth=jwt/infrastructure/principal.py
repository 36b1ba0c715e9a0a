"""Bearer access tokens resolved to a Principal, for the api layer's Authorizer."""

from {{ unit.application }}.resolve_access_token import (
    ResolveAccessToken,
)
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.jwt_codec import (
    JwtAccessTokenCodec,
)
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.security import Principal
from {{ unit.shared }}.settings import Settings


class JwtPrincipalResolver:
    """Verifies the JWT, then checks that its user is active and its session not revoked."""

    def __init__(self, resolve_access_token: ResolveAccessToken) -> None:
        self._resolve_access_token = resolve_access_token

    @classmethod
    def from_settings(cls, settings: Settings, database: Database) -> "JwtPrincipalResolver":
        codec = JwtAccessTokenCodec.from_settings(settings)
        return cls(ResolveAccessToken(unit_of_work_factory(database), codec))

    async def resolve(self, credentials: str) -> Principal:
        user = await self._resolve_access_token.execute(credentials)
        return Principal.with_roles(str(user.id), {user.role.value})
