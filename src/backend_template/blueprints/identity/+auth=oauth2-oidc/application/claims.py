"""The provider's role and scope claims turned into this service's roles (so permissions)."""

from collections.abc import Mapping
from typing import Any

from {{ unit.shared }}.security import Principal


def claim_at(claims: Mapping[str, Any], path: str) -> object:
    """The claim named ``path``, else the one reached by its dots: ``realm_access.roles``.

    A name is tried whole first, so namespaced claims (``https://example.com/roles``) work.
    """
    if path in claims:
        return claims[path]
    value: object = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def names_in(value: object) -> frozenset[str]:
    """Names in a claim: a space-separated string (``scope``) or a list of strings."""
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, list | tuple):
        return frozenset(item for item in value if isinstance(item, str))
    return frozenset()


class ClaimsMapper:
    """Maps provider roles and scopes to our roles; ROLE_PERMISSIONS then grants permissions."""

    def __init__(
        self,
        *,
        roles_claim: str,
        scopes_claim: str,
        role_mapping: Mapping[str, str],
        scope_mapping: Mapping[str, str],
    ) -> None:
        self._roles_claim = roles_claim
        self._scopes_claim = scopes_claim
        self._role_mapping = dict(role_mapping)
        self._scope_mapping = dict(scope_mapping)

    def roles(self, claims: Mapping[str, Any]) -> frozenset[str]:
        provider_roles = names_in(claim_at(claims, self._roles_claim))
        scopes = names_in(claim_at(claims, self._scopes_claim))
        granted = {self._role_mapping[name] for name in provider_roles & self._role_mapping.keys()}
        granted |= {self._scope_mapping[name] for name in scopes & self._scope_mapping.keys()}
        return frozenset(granted)

    def principal(self, claims: Mapping[str, Any]) -> Principal:
        return Principal.with_roles(str(claims["sub"]), self.roles(claims))
