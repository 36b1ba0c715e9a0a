"""Identifiers for new aggregates, assigned by the application rather than by the database."""

import uuid


def new_id() -> uuid.UUID:
    return uuid.uuid4()
