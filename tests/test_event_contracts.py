"""Event contracts across services: a producer's change that breaks a consumer fails its tests.

A microservices workspace whose orders service follows the catalog service's events is
generated and installed; the catalog service then renames a field of an event it publishes and
rewrites its ``asyncapi.json`` (``make asyncapi``), as a developer would. Its own tests accept
the change, the orders service's contract tests refuse it.
"""

from __future__ import annotations

import shutil

import pytest

from tests.support import bake, cookiecutter_answers, output_of, run, tool, unavailable
from tests.test_generated_check import SYNC_TIMEOUT, interpreter, project_environment

pytestmark = [pytest.mark.tier2, pytest.mark.cost(0.3)]

ANSWERS = {
    "architecture": "microservices",
    "broker": "rabbitmq",
    "contexts": "catalog, orders",
    "python_version": "3.12",
}
PRODUCER_EVENTS = "services/catalog/src/catalog_service/application/catalog/integration_events.py"
PRODUCER_TEST = "tests/unit/test_asyncapi.py"
CONSUMER_TEST = "tests/unit/orders/test_upstream_contract.py"
# No coverage threshold: a few test files run, not the suite.
FOCUSED = ["uv", "run", "pytest", "-p", "no:cacheprovider", "--no-cov", "-q"]


def rename_created_quantity(source: str) -> str:
    """The producer's events module with the created event's ``quantity`` published as ``stock``."""
    renamed = source.replace(
        'CREATED: {ID_KEY: "string", "name": "string", "quantity": "integer"}',
        'CREATED: {ID_KEY: "string", "name": "string", "stock": "integer"}',
    ).replace(
        'return CREATED, {"name": event.name, "quantity": event.quantity}',
        'return CREATED, {"name": event.name, "stock": event.quantity}',
    )
    assert renamed.count('"stock"') == 2, "the producer's events module changed its shape"
    return renamed


def test_a_renamed_event_field_fails_the_consumers_contract_test(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    python = interpreter(ANSWERS["python_version"])
    if python is None or shutil.which("make") is None:
        unavailable("no Python 3.12 interpreter or no make")
    assert python is not None
    tools = tmp_path_factory.mktemp("tools")
    (tools / "uv").symlink_to(tool("uv"))
    workspace = bake(cookiecutter_answers(ANSWERS), tmp_path_factory.mktemp("contracts"))
    env = project_environment(python, tools)
    sync = run(
        ["uv", "sync", "--python", str(python)], cwd=workspace, env=env, timeout=SYNC_TIMEOUT
    )
    assert sync.returncode == 0, output_of(sync)
    producer, consumer = workspace / "services/catalog", workspace / "services/orders"

    before = run([*FOCUSED, CONSUMER_TEST], cwd=consumer, env=env, timeout=300)
    assert before.returncode == 0, output_of(before)

    events = workspace / PRODUCER_EVENTS
    events.write_text(rename_created_quantity(events.read_text(encoding="utf-8")), encoding="utf-8")
    stale = run([*FOCUSED, PRODUCER_TEST], cwd=producer, env=env, timeout=300)
    written = run(["make", "asyncapi"], cwd=producer, env=env, timeout=300)
    produced = run([*FOCUSED, PRODUCER_TEST], cwd=producer, env=env, timeout=300)
    after = run([*FOCUSED, CONSUMER_TEST], cwd=consumer, env=env, timeout=300)

    assert stale.returncode == 1, output_of(stale)
    assert "catalog.catalog.created" in stale.stdout
    assert written.returncode == 0, output_of(written)
    assert '"stock"' in (producer / "asyncapi.json").read_text(encoding="utf-8")
    assert produced.returncode == 0, output_of(produced)
    assert after.returncode == 1, output_of(after)
    assert "catalog.catalog.created no longer carries what this context reads" in after.stdout
    assert "'quantity': 'read as integer, published as nothing'" in after.stdout
    assert "1 failed, 5 passed" in after.stdout
