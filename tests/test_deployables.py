"""Deployables: what the deployment manifests loop over, derived from the answers."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

import pytest
from cookiecutter.generate import generate_context
from cookiecutter.prompt import prompt_for_config

from backend_template import assemble, deployables, options
from backend_template.catalogue import AUTH_METHODS
from backend_template.deployables import Deployable, build_deployables, dns_label, secret_settings
from backend_template.project import Project
from backend_template.services import build_services
from backend_template.units import build_units
from tests.support import TEMPLATE, cookiecutter_answers

# Every deployable reads the key of its list cursors from its Secret: its replicas share it.
CURSOR = "APP_CURSOR_SECRET"

SUPERSET = TEMPLATE / "{{cookiecutter.project_slug}}"
AUTH_SETTINGS = SUPERSET / "src" / "{{cookiecutter.package_name}}" / "shared"
SECRET_FIELD = re.compile(r"^\s+(\w+): SecretStr\b", re.MULTILINE)


def answers_for(**choices: str) -> dict[str, Any]:
    return {**cookiecutter_answers(choices), **choices}


def rendered_context(**choices: str) -> dict[str, Any]:
    """Every answer cookiecutter renders for ``--no-input``, the private ones included."""
    context = generate_context(str(TEMPLATE / "cookiecutter.json"), extra_context=choices)
    rendered: dict[str, Any] = prompt_for_config(context, no_input=True)
    return rendered


@pytest.mark.parametrize("architecture", sorted(deployables.SINGLE_DEPLOYABLE_STYLES))
def test_single_deployable_styles_ship_the_whole_app(architecture: str) -> None:
    answers = answers_for(
        project_name="Order Desk", architecture=architecture, contexts="catalog, orders"
    )

    found = build_deployables(Project.parse(answers))

    assert found == [
        Deployable(
            name="order-desk",
            package="order_desk",
            app="order_desk.main:create_app",
            path_prefix="/",
            database_name="order_desk",
            migrate_command=("alembic", "upgrade", "head"),
            image="order-desk",
            secret_env=("APP_DATABASE_URL", "APP_JWT_SECRET", CURSOR),
        )
    ]
    only = found[0]
    assert (only.config_map, only.secret, only.migration_job, only.data_volume) == (
        "order-desk-config",
        "order-desk-secrets",
        "order-desk-migrate",
        "order-desk-data",
    )
    assert only.port == 8000


def test_every_implemented_style_has_a_deployment_layout() -> None:
    assert options.IMPLEMENTED["architecture"] <= deployables.SINGLE_DEPLOYABLE_STYLES | {
        "microservices"
    }


def test_a_workspace_without_services_is_refused() -> None:
    answers = answers_for(architecture="microservices", broker="nats")
    with pytest.raises(ValueError, match="deploys its services"):
        build_deployables(Project.parse(answers))


@pytest.mark.parametrize("orm", options.load_cookiecutter_json()["orm"])
def test_migrate_command_is_the_one_cookiecutter_json_declares(orm: str) -> None:
    declared = rendered_context(orm=orm)["__migrate_command"].split()
    answers = answers_for(orm=orm)

    assert list(build_deployables(Project.parse(answers))[0].migrate_command) == declared


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ({"auth": "jwt"}, ("APP_DATABASE_URL", "APP_JWT_SECRET", CURSOR)),
        ({"auth": "api-key"}, ("APP_DATABASE_URL", "APP_API_KEY_PEPPER", CURSOR)),
        ({"auth": "session"}, ("APP_DATABASE_URL", CURSOR)),
        ({"auth": "oauth2-oidc", "database": "mysql"}, ("APP_DATABASE_URL", CURSOR)),
        ({"auth": "none", "database": "sqlite"}, (CURSOR,)),
        ({"auth": "jwt", "database": "sqlite"}, ("APP_JWT_SECRET", CURSOR)),
        ({"auth": "none", "broker": "nats"}, ("APP_DATABASE_URL", CURSOR, "APP_BROKER_URL")),
        (
            {"auth": "api-key", "broker": "rabbitmq"},
            ("APP_DATABASE_URL", "APP_API_KEY_PEPPER", CURSOR, "APP_BROKER_URL"),
        ),
    ],
)
def test_secret_settings(choices: dict[str, str], expected: tuple[str, ...]) -> None:
    assert secret_settings(Project.parse(answers_for(**choices))) == expected


@pytest.mark.parametrize("auth", options.load_cookiecutter_json()["auth"])
def test_auth_secrets_are_the_secret_fields_of_the_auth_settings(auth: str) -> None:
    """Every SecretStr setting of an auth method is read from the Secret, and nothing else."""
    # The method's own settings: with api-key, the ones of a project that stores the keys.
    (path,) = (AUTH_SETTINGS / f"+auth={auth}").rglob("auth_settings.py")
    source = path.read_text(encoding="utf-8")
    fields = tuple(f"APP_{name.upper()}" for name in SECRET_FIELD.findall(source))

    signing = sorted({name for names in deployables.JWT_SIGNING_SECRETS.values() for name in names})
    expected = signing if auth == "jwt" else sorted(AUTH_METHODS[auth].secrets)

    assert sorted(fields) == expected


def test_an_unknown_auth_method_is_refused() -> None:
    with pytest.raises(ValueError, match="auth=saml"):
        secret_settings(Project.parse(answers_for(auth="jwt") | {"auth": "saml"}))


def test_an_unknown_orm_is_refused() -> None:
    answers = answers_for() | {"orm": "peewee"}
    with pytest.raises(ValueError, match="orm=peewee"):
        build_deployables(Project.parse(answers))


@pytest.mark.parametrize(
    "name", ["", "Order-Desk", "order_desk", "-order", "order-", "9lives", "a" * 64]
)
def test_dns_label_refuses_what_cannot_name_a_service(name: str) -> None:
    with pytest.raises(ValueError, match="cannot name Kubernetes objects"):
        dns_label(name)


def test_dns_label_keeps_a_valid_name() -> None:
    assert dns_label("a" * 63) == "a" * 63
    assert dns_label("order-desk-2") == "order-desk-2"


def test_longest_slug_keeps_the_migration_job_a_dns_label() -> None:
    # 60 characters, the longest slug validation accepts, with a dash where the cut falls.
    slug = "w" * 54 + "-house"
    answers = answers_for(project_name="Warehouse", project_slug=slug, package_name="warehouse")

    job = build_deployables(Project.parse(answers))[0].migration_job

    assert job == "w" * 54 + "-migrate"
    assert dns_label(job) == job


def test_render_context_carries_the_deployables() -> None:
    answers = answers_for(database="sqlite", auth="none")
    units = build_units(Project.parse(answers))

    context = assemble.render_context(Project.parse(answers), units)

    assert context["deployables"] == build_deployables(Project.parse(answers))


def workspace_deployables(**choices: str) -> dict[str, Deployable]:
    answers = answers_for(
        project_name="Shop Floor",
        architecture="microservices",
        contexts="catalog:product, orders",
        **choices,
    )
    found = build_deployables(Project.parse(answers), build_services(Project.parse(answers)))
    return {deployable.name: deployable for deployable in found}


def test_a_workspace_deploys_each_service_behind_its_prefix() -> None:
    found = workspace_deployables(auth="jwt", broker="rabbitmq", orm="tortoise")

    assert list(found) == ["shop-floor-identity", "shop-floor-catalog", "shop-floor-orders"]
    catalog = found["shop-floor-catalog"]
    assert (catalog.package, catalog.app, catalog.image) == (
        "catalog_service",
        "catalog_service.main:create_app",
        "shop-floor-catalog",
    )
    assert catalog.path_prefix == "/api/v1/catalog"
    assert catalog.database_name == "shop_floor_catalog"
    assert catalog.migrate_command == ("tortoise", "migrate")
    assert catalog.secret_env == ("APP_DATABASE_URL", CURSOR, "APP_BROKER_URL")
    assert dict(catalog.env)["APP_BROKER_NAMESPACE"] == "shop-floor"


def test_with_api_keys_the_identity_service_keeps_the_pepper_and_the_others_ask_it() -> None:
    found = workspace_deployables(auth="api-key", broker="rabbitmq")
    identity = found["shop-floor-identity"]
    orders = found["shop-floor-orders"]

    assert identity.secret_env == (
        "APP_DATABASE_URL",
        "APP_API_KEY_PEPPER",
        "APP_KEY_VERIFICATION_SECRET",
        CURSOR,
        "APP_BROKER_URL",
    )
    assert (identity.issues_tokens, identity.extra_paths, identity.issuer_env) == (False, (), ())
    assert "APP_IDENTITY_URL" not in dict(identity.env)
    assert orders.secret_env == (
        "APP_DATABASE_URL",
        "APP_KEY_VERIFICATION_SECRET",
        CURSOR,
        "APP_BROKER_URL",
    )
    # Inside the cluster, at identity's Service: the Ingress does not route the key check.
    assert dict(orders.env)["APP_IDENTITY_URL"] == "http://shop-floor-identity:8000"


def test_the_identity_service_signs_with_a_private_key_the_others_verify() -> None:
    found = workspace_deployables(auth="jwt", broker="nats")
    identity = found["shop-floor-identity"]
    orders = found["shop-floor-orders"]

    assert identity.secret_env == (
        "APP_DATABASE_URL",
        "APP_JWT_PRIVATE_KEY",
        CURSOR,
        "APP_BROKER_URL",
    )
    assert identity.issues_tokens
    assert identity.extra_paths == ("/.well-known",)
    assert dict(identity.env) == {
        "APP_JWT_ALGORITHM": "RS256",
        "APP_JWT_PUBLIC_ISSUER_URL": "https://shop-floor.example.com",
        "APP_JWT_AUDIENCE": "shop-floor",
        "APP_BROKER_NAMESPACE": "shop-floor",
    }
    assert identity.issuer_env == ("APP_JWT_PUBLIC_ISSUER_URL",)
    assert not orders.issues_tokens
    assert not orders.extra_paths
    settings = dict(orders.env)
    assert settings["APP_OIDC_ISSUER"] == dict(identity.env)["APP_JWT_PUBLIC_ISSUER_URL"]
    assert settings["APP_OIDC_AUDIENCE"] == dict(identity.env)["APP_JWT_AUDIENCE"]
    assert orders.issuer_env == ("APP_OIDC_ISSUER",)


def test_workspace_services_verify_an_external_providers_tokens() -> None:
    found = workspace_deployables(auth="oauth2-oidc", broker="redis", database="mysql")

    assert list(found) == ["shop-floor-catalog", "shop-floor-orders"]
    for deployable in found.values():
        settings = dict(deployable.env)
        assert settings["APP_OIDC_ISSUER"] == deployables.EXTERNAL_ISSUER
        assert settings["APP_OIDC_AUDIENCE"] == "shop-floor"
        assert not deployable.issuer_env
        assert deployable.secret_env == ("APP_DATABASE_URL", CURSOR, "APP_BROKER_URL")


def test_services_without_auth_share_the_broker_namespace_and_a_follower_reads_live() -> None:
    found = workspace_deployables(auth="none", broker="nats")

    assert [dict(deployable.env) for deployable in found.values()] == [
        {"APP_BROKER_NAMESPACE": "shop-floor"},
        {
            "APP_BROKER_NAMESPACE": "shop-floor",
            # The followed service's Kubernetes Service, in the same namespace.
            "APP_UPSTREAM_URL": "http://shop-floor-catalog:8000",
        },
    ]


def test_a_single_deployable_verifies_its_providers_tokens_for_its_own_audience() -> None:
    answers = answers_for(project_name="Order Desk", auth="oauth2-oidc")

    (only,) = build_deployables(Project.parse(answers))

    assert dict(only.env) == {
        "APP_OIDC_ISSUER": deployables.EXTERNAL_ISSUER,
        "APP_OIDC_AUDIENCE": "order-desk",
    }
    assert not only.issuer_env


@pytest.mark.parametrize("architecture", ["monolith", "microservices"])
def test_every_deployable_trusts_only_the_ingress_network(architecture: str) -> None:
    answers = answers_for(architecture=architecture, contexts="catalog, orders", auth="jwt")
    services = build_services(Project.parse(answers)) if architecture == "microservices" else []

    found = build_deployables(Project.parse(answers), services)

    for deployable in found:
        networks = [ipaddress.ip_network(item) for item in deployable.trusted_proxies]
        assert networks, deployable.name
        assert all(network.prefixlen > 0 for network in networks), "a catch-all trusts anyone"
        assert all(network.is_private for network in networks), deployable.name
