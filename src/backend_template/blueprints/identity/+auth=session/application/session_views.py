"""What the session use cases return: plain data; the session id is shown once, at sign-in."""

from dataclasses import dataclass, field
from datetime import datetime

from {{ unit.application }}.dto import UserView


@dataclass(frozen=True)
class StartedSession:
    session_id: str = field(repr=False)
    csrf_token: str = field(repr=False)
    expires_at: datetime
    user: UserView


@dataclass(frozen=True)
class CurrentSession:
    csrf_token: str = field(repr=False)
    user: UserView
