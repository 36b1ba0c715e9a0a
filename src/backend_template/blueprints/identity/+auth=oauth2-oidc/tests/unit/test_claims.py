"""Provider roles and scopes become our roles through the mappings, and nothing else does."""

from typing import Any

from {{ unit.application }}.claims import (
    ClaimsMapper,
    claim_at,
    names_in,
)

ROLE_MAPPING = {"realm-admin": "admin", "reader": "user"}


def mapper(roles_claim: str = "roles", scope_mapping: dict[str, str] | None = None) -> ClaimsMapper:
    return ClaimsMapper(
        roles_claim=roles_claim,
        scopes_claim="scope",
        role_mapping=ROLE_MAPPING,
        scope_mapping=scope_mapping or {},
    )


def test_provider_roles_map_to_our_roles_and_their_permissions() -> None:
    principal = mapper().principal({"sub": "alice", "roles": ["realm-admin", "offline_access"]})

    assert principal.subject == "alice"
    assert principal.roles == frozenset({"admin"})
    assert principal.can("catalog:write")


def test_keycloak_realm_roles_are_read_through_a_dotted_path() -> None:
    claims: dict[str, Any] = {"sub": "bob", "realm_access": {"roles": ["reader"]}}

    principal = mapper("realm_access.roles").principal(claims)

    assert principal.roles == frozenset({"user"})
    assert principal.can("catalog:read")
    assert not principal.can("catalog:write")


def test_a_namespaced_claim_with_dots_in_its_name_is_read_whole() -> None:
    claims = {"https://example.com/roles": ["reader"], "sub": "carol"}

    assert mapper("https://example.com/roles").roles(claims) == frozenset({"user"})


def test_scopes_grant_roles_only_through_the_scope_mapping() -> None:
    claims = {"sub": "svc", "scope": "openid api.admin", "roles": []}

    assert mapper().roles(claims) == frozenset()
    assert mapper(scope_mapping={"api.admin": "admin"}).roles(claims) == frozenset({"admin"})


def test_unmapped_or_malformed_claims_grant_nothing() -> None:
    for roles in (["admin-ish"], "realm-admin-x", 42, {"realm-admin": True}, None):
        principal = mapper().principal({"sub": "eve", "roles": roles})
        assert principal.roles == frozenset()
        assert principal.permissions == frozenset()


def test_claim_paths_and_name_lists() -> None:
    claims = {"a": {"b": {"c": ["x"]}}, "scp": ["one", 2, "two"]}

    assert claim_at(claims, "a.b.c") == ["x"]
    assert claim_at(claims, "a.missing.c") is None
    assert claim_at(claims, "a.b.c.d") is None
    assert names_in(claims["scp"]) == frozenset({"one", "two"})
    assert names_in("read  write") == frozenset({"read", "write"})
