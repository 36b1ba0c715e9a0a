"""Inputs generation must refuse, each with the line that must explain why.

Shared by the cookiecutter path (pre-generation hook) and the ``backend-template new`` path.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend_template.names import MAX_CONTEXT_LENGTH, MAX_PACKAGE_LENGTH
from backend_template.validation import MAX_NAME_LENGTH


@dataclass(frozen=True)
class Rejection:
    id: str
    answers: dict[str, str]
    message: str


REJECTIONS: tuple[Rejection, ...] = (
    Rejection(
        "slug-uppercase",
        {"project_slug": "Inventory-Service"},
        "project_slug 'Inventory-Service' is not a valid slug",
    ),
    Rejection(
        "slug-underscore",
        {"project_slug": "inventory_service"},
        "project_slug 'inventory_service' is not a valid slug",
    ),
    Rejection(
        "package-not-identifier",
        {"package_name": "inventory-service"},
        "package_name 'inventory-service' is not a lowercase Python identifier",
    ),
    Rejection(
        "package-leading-digit",
        {"package_name": "2inventory"},
        "package_name '2inventory' is not a lowercase Python identifier",
    ),
    Rejection(
        "package-shadows-stdlib-typing",
        {"package_name": "typing"},
        "package_name 'typing' would shadow the standard library",
    ),
    Rejection(
        "package-shadows-stdlib-test",
        {"package_name": "test"},
        "package_name 'test' would shadow the standard library",
    ),
    Rejection(
        "package-shadows-fastapi",
        {"package_name": "fastapi"},
        "package_name 'fastapi' would shadow a dependency of the generated project",
    ),
    Rejection(
        "package-shadows-sqlalchemy",
        {"package_name": "sqlalchemy"},
        "package_name 'sqlalchemy' would shadow a dependency of the generated project",
    ),
    Rejection(
        "package-keyword",
        {"package_name": "class"},
        "package_name 'class' is a Python keyword",
    ),
    Rejection("contexts-empty", {"contexts": " "}, "contexts is empty"),
    Rejection(
        "contexts-stray-comma",
        {"contexts": "catalog,,orders"},
        "has an empty entry: remove the stray comma",
    ),
    Rejection(
        "contexts-duplicated",
        {"contexts": "catalog, orders, catalog"},
        "context 'catalog' is listed twice",
    ),
    Rejection(
        "contexts-not-identifier",
        {"contexts": "order-lines"},
        "context 'order-lines' is not a lowercase Python identifier",
    ),
    Rejection(
        "contexts-capitalised",
        {"contexts": "Catalog"},
        "context 'Catalog' is not a lowercase Python identifier",
    ),
    Rejection("contexts-keyword", {"contexts": "import"}, "context 'import' is a Python keyword"),
    Rejection(
        "contexts-bad-entity",
        {"contexts": "catalog:Product"},
        "entity of context 'catalog' 'Product' is not a lowercase Python identifier",
    ),
    Rejection(
        "contexts-reserved-api",
        {"contexts": "api"},
        "context 'api' collides with a name the generated project uses",
    ),
    Rejection(
        "contexts-reserved-domain",
        {"contexts": "catalog, domain"},
        "context 'domain' collides with a name the generated project uses",
    ),
    Rejection(
        "contexts-reserved-shared",
        {"contexts": "shared"},
        "context 'shared' collides with a name the generated project uses",
    ),
    Rejection(
        "microservices-without-broker",
        {"architecture": "microservices", "broker": "none"},
        "architecture=microservices needs a broker for events between services",
    ),
    Rejection(
        "microservices-with-session",
        {"architecture": "microservices", "auth": "session", "broker": "nats"},
        "auth=session does not fit architecture=microservices",
    ),
    Rejection(
        "microservices-with-sqlite",
        {"architecture": "microservices", "database": "sqlite", "broker": "nats"},
        "database=sqlite does not fit architecture=microservices",
    ),
    Rejection(
        "package-too-long",
        {"package_name": "a" * (MAX_PACKAGE_LENGTH + 1)},
        f"is longer than {MAX_PACKAGE_LENGTH} characters: choose a shorter package name",
    ),
    Rejection(
        "slug-too-long",
        {"project_slug": "a" * (MAX_NAME_LENGTH + 1), "package_name": "inventory"},
        f"project_slug is longer than {MAX_NAME_LENGTH} characters",
    ),
    Rejection(
        "context-too-long",
        {"contexts": "s" * (MAX_CONTEXT_LENGTH + 1)},
        f"keep the context and entity names to {MAX_CONTEXT_LENGTH} characters or fewer",
    ),
    Rejection(
        "entity-too-long",
        {"contexts": "catalog:" + "e" * (MAX_CONTEXT_LENGTH + 1)},
        f"keep the context and entity names to {MAX_CONTEXT_LENGTH} characters or fewer",
    ),
    Rejection(
        "blank-name",
        {"project_name": " ", "project_slug": "inventory"},
        "project_name is empty",
    ),
    Rejection(
        "multi-line-description",
        {"description": "first line\nsecond line"},
        "description spans several lines",
    ),
    Rejection(
        "slug-template-expression",
        {"project_slug": "{{ 7*7 }}"},
        "project_slug '{{ 7*7 }}' is not a valid slug",
    ),
    Rejection(
        "slug-nested",
        {"project_slug": "nested/inventory", "package_name": "inventory"},
        "project_slug 'nested/inventory' is not a valid slug",
    ),
    Rejection(
        "description-control-character",
        {"description": "{% raw %}\x1b[31m"},
        "description contains the invisible character U+001B",
    ),
)
