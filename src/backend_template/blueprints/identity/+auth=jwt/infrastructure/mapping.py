"""Users and refresh tokens between the domain and their records, whichever ORM stores them."""

from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import Role, User
from {{ unit.infrastructure }}.models import RefreshTokenRecord, UserRecord


{% include "infrastructure/_user_mapping.py" %}


def token_to_domain(record: RefreshTokenRecord) -> RefreshToken:
    return RefreshToken(
        id=record.id,
        user_id=record.user_id,
        family_id=record.family_id,
        token_hash=record.token_hash,
        issued_at=record.issued_at,
        expires_at=record.expires_at,
        used_at=record.used_at,
        revoked_at=record.revoked_at,
    )


def token_to_record(token: RefreshToken) -> RefreshTokenRecord:
    return RefreshTokenRecord(
        id=token.id,
        user_id=token.user_id,
        family_id=token.family_id,
        token_hash=token.token_hash,
        issued_at=token.issued_at,
        expires_at=token.expires_at,
        used_at=token.used_at,
        revoked_at=token.revoked_at,
    )
