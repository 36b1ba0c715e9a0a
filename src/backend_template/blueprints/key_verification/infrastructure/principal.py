"""API keys resolved to a Principal through the identity service: permissions = scopes."""

from datetime import timedelta

from {{ unit.application }}.verify_key import VerifyApiKey
from {{ unit.infrastructure }}.identity_service import (
    IdentityServiceKeyAuthority,
)
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.security import Principal
from {{ unit.shared }}.settings import Settings


class RemoteApiKeyPrincipalResolver:
    """The caller is the key the identity service vouches for: its id, and its scopes."""

    def __init__(self, verify: VerifyApiKey, authority: IdentityServiceKeyAuthority) -> None:
        self._verify = verify
        self._authority = authority

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock) -> "RemoteApiKeyPrincipalResolver":
        authority = IdentityServiceKeyAuthority.from_settings(settings, clock)
        grace = timedelta(seconds=settings.identity_outage_grace_seconds)
        return cls(VerifyApiKey(authority, clock, grace), authority)

    async def aclose(self) -> None:
        """Close the connections to the identity service (at shutdown)."""
        await self._authority.aclose()

    async def resolve(self, credentials: str) -> Principal:
        key = await self._verify.execute(credentials)
        return Principal(subject=key.key_id, roles=frozenset(), permissions=key.scopes)
