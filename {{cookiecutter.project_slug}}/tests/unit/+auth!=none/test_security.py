import pytest

from {{ cookiecutter.package_name }}.shared.security import Principal, permissions_for


def test_roles_grant_their_permissions_and_unknown_roles_grant_nothing() -> None:
    assert permissions_for(["user"]) == {"*:read", "identity:self"}
    assert permissions_for(["editor"]) == {"*:read", "*:write", "identity:self"}
    assert permissions_for(["admin", "ghost"]) == {"*"}
    assert permissions_for([]) == frozenset()


@pytest.mark.parametrize(
    ("granted", "wanted", "allowed"),
    [
        ("*", "catalog:write", True),
        ("catalog:*", "catalog:write", True),
        ("catalog:*", "orders:write", False),
        ("*:read", "orders:read", True),
        ("*:read", "orders:write", False),
        ("catalog:read", "catalog:read", True),
        ("catalog:read", "catalog:write", False),
    ],
)
def test_permission_wildcards(granted: str, wanted: str, allowed: bool) -> None:
    principal = Principal(subject="s", roles=frozenset(), permissions=frozenset({granted}))
    assert principal.can(wanted) is allowed


def test_a_principal_built_from_roles_has_their_permissions() -> None:
    user = Principal.with_roles("u-1", ["user"])
    assert user.can("catalog:read")
    assert user.can("identity:self")
    assert not user.can("catalog:write")
    assert not user.can("identity:admin")
    assert Principal.with_roles("a-1", ["admin"]).can("identity:admin")


def test_an_editor_writes_every_context_but_administers_nothing() -> None:
    editor = Principal.with_roles("e-1", ["editor"])
    assert editor.can("catalog:write")
    assert editor.can("orders:read")
    assert editor.can("identity:self")
    assert not editor.can("identity:admin")
