"""The catalogue: one entry per declared choice, read by Jinja as the template's own data."""

from __future__ import annotations

import pytest
import yaml

from backend_template import catalogue, options
from backend_template.catalogue import AUTH_METHODS, BROKERS, DATABASES, JSON_CASES, ORMS
from backend_template.names import DEPENDENCY_MODULES

MODEL = options.load_cookiecutter_json()
ENTRIES = {
    "broker": BROKERS,
    "database": DATABASES,
    "orm": ORMS,
    "auth": AUTH_METHODS,
    "json_case": JSON_CASES,
}


@pytest.mark.parametrize("option", list(ENTRIES))
def test_every_declared_choice_has_one_entry_named_after_it(option: str) -> None:
    entries = ENTRIES[option]
    assert set(entries) == set(MODEL[option])
    assert all(entry.name == name for name, entry in entries.items())


def test_the_implemented_brokers_are_the_entries_marked_so() -> None:
    implemented = frozenset({"none", "rabbitmq", "nats", "redis", "kafka"})
    assert options.IMPLEMENTED["broker"] == implemented
    assert implemented == {name for name, broker in BROKERS.items() if broker.implemented}


@pytest.mark.parametrize("name", [name for name, broker in BROKERS.items() if broker.implemented])
def test_a_broker_brings_all_a_project_needs_of_it_or_nothing(name: str) -> None:
    broker = BROKERS[name]
    brought = (
        broker.label,
        broker.local_url,
        broker.compose_url,
        broker.url_form,
        broker.compose_service,
        broker.compose_ready,
        # The tests' server: the one CI runs at its URL, or one the tests start themselves.
        (broker.test_url and (broker.ci_service or broker.ci_start)) or broker.test_requirements,
        broker.requirements,
        broker.modules,
    )
    assert all(brought) if name != "none" else not any(brought)
    assert not (broker.test_url and broker.test_requirements), "one test server, not two"


@pytest.mark.parametrize("name", [name for name in BROKERS if BROKERS[name].compose_service])
def test_a_broker_compose_service_is_one_service_with_its_volume(name: str) -> None:
    broker = BROKERS[name]
    services = yaml.safe_load(broker.compose_service)
    assert list(services) == [name]
    assert broker.compose_service.startswith(f"  {name}:\n")
    assert f"{broker.volume}:" in broker.compose_service
    assert list(yaml.safe_load(broker.compose_ready)) == [name]


@pytest.mark.parametrize("orm", list(ORMS))
@pytest.mark.parametrize("database", list(DATABASES))
def test_database_urls_name_the_project_and_its_test_database(orm: str, database: str) -> None:
    entry, orm_entry = DATABASES[database], ORMS[orm]
    local, test = entry.local_url(orm_entry, "shop"), entry.test_url(orm_entry, "shop")
    assert local.startswith(orm_entry.schemes[database])
    assert test.startswith(orm_entry.schemes[database])
    assert local.removesuffix(".db").endswith("/shop")
    assert test.removesuffix(".db").endswith("/shop_test")
    if entry.is_file:
        assert local.endswith("/var/shop.db")
    else:
        assert f"@localhost:{entry.port}/" in local
        assert f"@127.0.0.1:{entry.port}/" in test


def test_a_service_ships_the_migrations_of_its_own_directory() -> None:
    lines = ORMS["sqlalchemy"].dockerfile_lines("orders_service", "orders")
    assert lines.splitlines() == [
        "COPY --chown=app:app services/orders/alembic.ini ./",
        "COPY --chown=app:app services/orders/migrations ./migrations",
    ]
    assert "shop.composition.orm" in ORMS["tortoise"].dockerfile_lines("shop")


def test_every_adapter_module_is_a_name_a_package_may_not_take() -> None:
    assert catalogue.adapter_modules() <= DEPENDENCY_MODULES
    assert {"nats", "redis", "aio_pika", "tortoise"} <= DEPENDENCY_MODULES
