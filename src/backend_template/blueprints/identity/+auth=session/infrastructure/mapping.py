"""Users and sessions between the domain and their records, whichever ORM stores them."""

from {{ unit.domain }}.session import Session
from {{ unit.domain }}.user import Role, User
from {{ unit.infrastructure }}.models import SessionRecord, UserRecord


{% include "infrastructure/_user_mapping.py" %}


def session_to_domain(record: SessionRecord) -> Session:
    return Session(
        id=record.id,
        user_id=record.user_id,
        token_hash=record.token_hash,
        csrf_token=record.csrf_token,
        created_at=record.created_at,
        last_seen_at=record.last_seen_at,
        expires_at=record.expires_at,
    )


def session_to_record(session: Session) -> SessionRecord:
    return SessionRecord(
        id=session.id,
        user_id=session.user_id,
        token_hash=session.token_hash,
        csrf_token=session.csrf_token,
        created_at=session.created_at,
        last_seen_at=session.last_seen_at,
        expires_at=session.expires_at,
    )
