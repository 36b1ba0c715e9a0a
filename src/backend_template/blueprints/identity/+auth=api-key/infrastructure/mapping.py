"""API keys between the domain and their record, whichever ORM stores them."""

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.infrastructure }}.models import ApiKeyRecord


def key_to_domain(record: ApiKeyRecord) -> ApiKey:
    return ApiKey(
        id=record.id,
        key_id=record.key_id,
        name=record.name,
        scopes=frozenset(record.scopes.split()),
        key_hash=record.key_hash,
        created_at=record.created_at,
        expires_at=record.expires_at,
        last_used_at=record.last_used_at,
        revoked_at=record.revoked_at,
        version=record.version,
    )


def key_to_record(key: ApiKey) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=key.id,
        key_id=key.key_id,
        name=key.name,
        scopes=" ".join(sorted(key.scopes)),
        key_hash=key.key_hash,
        created_at=key.created_at,
        expires_at=key.expires_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
        version=key.version,
    )
