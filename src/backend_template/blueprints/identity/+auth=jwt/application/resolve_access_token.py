"""Who an access token speaks for, checked against the current state of user and session."""

from {{ unit.application }}.dto import UserView
from {{ unit.application }}.ports import (
    AccessTokenCodec,
    UnitOfWorkFactory,
)
from {{ unit.domain }}.errors import InvalidTokenError


class ResolveAccessToken:
    """A signature alone is not enough: the user must be active and the session not revoked."""

    def __init__(self, uow: UnitOfWorkFactory, codec: AccessTokenCodec) -> None:
        self._uow = uow
        self._codec = codec

    async def execute(self, token: str) -> UserView:
        claims = self._codec.verify(token)
        async with self._uow() as uow:
            user = await uow.users.get(claims.user_id)
            if user is None or not user.is_active:
                raise InvalidTokenError
            if await uow.refresh_tokens.is_family_revoked(claims.session_id):
                raise InvalidTokenError
        return UserView.of(user)
