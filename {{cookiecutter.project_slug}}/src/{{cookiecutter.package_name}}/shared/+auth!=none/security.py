"""Who is calling and what they may do: roles map to permissions in this one place."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

WILDCARD = "*"

# admin administers (identity included); editor reads and writes every context's resources but
# administers nothing; user reads.
ROLE_PERMISSIONS: Mapping[str, frozenset[str]] = {
    "admin": frozenset({WILDCARD}),
    "editor": frozenset({"*:read", "*:write", "identity:self"}),
    "user": frozenset({"*:read", "identity:self"}),
}


def permissions_for(roles: Iterable[str]) -> frozenset[str]:
    """Every permission granted by ``roles``; unknown roles grant nothing."""
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def _grants(granted: str, wanted: str) -> bool:
    if granted in (WILDCARD, wanted):
        return True
    granted_scope, _, granted_action = granted.partition(":")
    wanted_scope, _, wanted_action = wanted.partition(":")
    scope_ok = granted_scope in (WILDCARD, wanted_scope)
    action_ok = granted_action in (WILDCARD, wanted_action)
    return scope_ok and action_ok


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: a subject with roles and the permissions they grant."""

    subject: str
    roles: frozenset[str]
    permissions: frozenset[str]

    @classmethod
    def with_roles(cls, subject: str, roles: Iterable[str]) -> "Principal":
        role_set = frozenset(roles)
        return cls(subject=subject, roles=role_set, permissions=permissions_for(role_set))

    def can(self, permission: str) -> bool:
        """Whether a granted permission covers ``permission`` (``*``, ``scope:*``, ``*:action``)."""
        return any(_grants(granted, permission) for granted in self.permissions)
