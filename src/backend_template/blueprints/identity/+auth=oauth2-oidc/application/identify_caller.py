"""Use case: who is calling, given the bearer token the identity provider issued them."""

from {{ unit.application }}.claims import ClaimsMapper
from {{ unit.application }}.ports import AccessTokenVerifier
from {{ unit.shared }}.security import Principal


class IdentifyCaller:
    """Verifies the token, then maps its role and scope claims to this service's roles."""

    def __init__(self, verifier: AccessTokenVerifier, mapper: ClaimsMapper) -> None:
        self._verifier = verifier
        self._mapper = mapper

    async def execute(self, token: str) -> Principal:
        claims = await self._verifier.verify(token)
        return self._mapper.principal(claims)
