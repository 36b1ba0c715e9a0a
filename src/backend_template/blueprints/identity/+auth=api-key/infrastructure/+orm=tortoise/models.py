"""Tortoise model of the identity context, mapped to and from the domain explicitly."""

from tortoise import fields
from tortoise.models import Model

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.database }} import UtcDatetimeField


class ApiKeyRecord(Model):
    id = fields.UUIDField(primary_key=True)
    key_id = fields.CharField(max_length=16, unique=True)
    name = fields.CharField(max_length=100)
    # Space-separated, as OAuth2 writes scopes; a scope never contains a space.
    scopes = fields.TextField()
    key_hash = fields.CharField(max_length=64)
    created_at = UtcDatetimeField()
    expires_at = UtcDatetimeField(null=True)
    last_used_at = UtcDatetimeField(null=True)
    revoked_at = UtcDatetimeField(null=True)
    version = fields.IntField()

    class Meta:
        table = "api_keys"


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
