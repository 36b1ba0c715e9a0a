"""A registered user: who they are, which role they hold, and whether they may sign in."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    USER = "user"


@dataclass
class User:
    id: uuid.UUID
    email: str
    password_hash: str = field(repr=False)
    role: Role
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def register(
        cls,
        *,
        user_id: uuid.UUID,
        email: str,
        password_hash: str,
        now: datetime,
        role: Role = Role.USER,
    ) -> "User":
        return cls(
            id=user_id,
            email=email,
            password_hash=password_hash,
            role=role,
            is_active=True,
            created_at=now,
            updated_at=now,
        )

    def change_role(self, role: Role, now: datetime) -> None:
        self.role = role
        self.updated_at = now

    def set_active(self, active: bool, now: datetime) -> None:
        self.is_active = active
        self.updated_at = now

    def replace_password_hash(self, password_hash: str, now: datetime) -> None:
        self.password_hash = password_hash
        self.updated_at = now
