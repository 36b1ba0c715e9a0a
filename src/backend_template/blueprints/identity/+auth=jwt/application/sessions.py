"""Issuing an access token and a refresh token that continue one session (token family)."""

import uuid
from datetime import datetime, timedelta

from {{ unit.application }}.opaque_tokens import (
    hash_refresh_token,
    new_refresh_token,
)
from {{ unit.application }}.ports import (
    AccessTokenCodec,
    IdentityUnitOfWork,
)
from {{ unit.application }}.tokens import TokenPair
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import User
from {{ unit.shared }}.ids import new_id


class SessionIssuer:
    def __init__(self, codec: AccessTokenCodec, refresh_ttl: timedelta) -> None:
        self._codec = codec
        self._refresh_ttl = refresh_ttl

    @property
    def refresh_ttl(self) -> timedelta:
        return self._refresh_ttl

    async def issue(
        self,
        uow: IdentityUnitOfWork,
        user: User,
        family_id: uuid.UUID,
        now: datetime,
    ) -> TokenPair:
        """Store a new refresh token of ``family_id`` in ``uow`` (caller commits) and sign both."""
        refresh_token = new_refresh_token()
        await uow.refresh_tokens.add(
            RefreshToken(
                id=new_id(),
                user_id=user.id,
                family_id=family_id,
                token_hash=hash_refresh_token(refresh_token),
                issued_at=now,
                expires_at=now + self.refresh_ttl,
            )
        )
        access = self._codec.issue(user_id=user.id, role=user.role, session_id=family_id, now=now)
        return TokenPair(
            access_token=access.token,
            refresh_token=refresh_token,
            expires_in=access.expires_in,
        )
