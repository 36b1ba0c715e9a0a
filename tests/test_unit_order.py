"""Migration identifiers and unit order: what a deployed database stores never moves."""

from __future__ import annotations

from typing import Any

import pytest

from backend_template.names import ContextName
from backend_template.project import Project, parse_recorded
from backend_template.services import build_services
from backend_template.units import build_units
from backend_template.validation import validate

BASE: dict[str, Any] = {
    "project_name": "Shop",
    "project_slug": "shop",
    "package_name": "shop",
    "architecture": "monolith",
    "auth": "jwt",
    "orm": "sqlalchemy",
    "database": "postgresql",
    "contexts": "catalog",
}
RECORDED = (
    "outbox=outbox_0001,idempotency=idempotency_0001,identity=identity_0001,catalog=catalog_0001"
)


def chain(answers: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return [
        (unit.name, unit.revision, unit.down_revision)
        for unit in build_units(Project.parse(answers))
    ]


def test_a_revision_id_is_the_units_name_not_its_position() -> None:
    alone = {unit.name: unit.revision for unit in build_units(Project.parse(BASE))}
    after = {
        unit.name: unit.revision
        for unit in build_units(Project.parse({**BASE, "contexts": "billing,catalog"}))
    }

    assert alone["catalog"] == after["catalog"] == "catalog_0001"
    assert after["billing"] == "billing_0001"


def test_a_recorded_project_appends_new_units_after_its_head() -> None:
    answers = {**BASE, "contexts": "billing,catalog", "_units": RECORDED}

    assert chain(answers) == [
        ("outbox", "outbox_0001", None),
        ("idempotency", "idempotency_0001", "outbox_0001"),
        ("identity", "identity_0001", "idempotency_0001"),
        ("catalog", "catalog_0001", "identity_0001"),
        ("billing", "billing_0001", "catalog_0001"),
    ]
    assert chain({**BASE, "_units": RECORDED}) == chain(BASE)


def test_a_platform_unit_added_later_follows_the_recorded_units() -> None:
    answers = {**BASE, "_units": "outbox=outbox_0001,identity=identity_0001,catalog=catalog_0001"}

    assert chain(answers)[-1] == ("idempotency", "idempotency_0001", "catalog_0001")


def test_recorded_revisions_are_kept_as_recorded() -> None:
    answers = {**BASE, "_units": RECORDED.replace("catalog_0001", "catalog_0007")}

    assert chain(answers)[-1] == ("catalog", "catalog_0007", "identity_0001")


def test_identity_added_later_follows_the_recorded_contexts() -> None:
    answers = {
        **BASE,
        "_units": "outbox=outbox_0001,idempotency=idempotency_0001,catalog=catalog_0001",
    }

    assert [name for name, _, _ in chain(answers)] == [
        "outbox",
        "idempotency",
        "catalog",
        "identity",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('catalog=x"; import os', "malformed revision id"),
        ("Catalog", "not a unit name listed once"),
        ("catalog,catalog", "not a unit name listed once"),
    ],
)
def test_malformed_recorded_units_are_refused(text: str, message: str) -> None:
    _, problems = parse_recorded(text)
    assert len(problems) == 1
    assert message in problems[0]
    assert [
        problem
        for problem in validate({**BASE, "project_name": "Shop", "_units": text})
        if message in problem
    ]


def test_services_keep_their_recorded_order_and_ports() -> None:
    answers = {
        **BASE,
        "architecture": "microservices",
        "project_slug": "shop",
        "project_name": "Shop",
        "broker": "nats",
        "contexts": "billing,catalog",
        "_units": RECORDED,
    }

    services = {service.name: service for service in build_services(Project.parse(answers))}
    fresh = {
        service.name: service
        for service in build_services(Project.parse({**answers, "contexts": "catalog"}))
    }

    assert services["catalog"].local_port == fresh["catalog"].local_port
    assert services["billing"].upstream == ContextName("catalog", "catalog")
