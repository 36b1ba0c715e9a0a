"""json_case: camelCase projects rename every field on the wire, snake_case ones stay put."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic.alias_generators import to_camel

from backend_template import catalogue
from tests.support import bake

SNAKE = catalogue.JSON_CASES["snake_case"]
CAMEL = catalogue.JSON_CASES["camelCase"]
# Multi-word names a JSON body or event carries in snake_case Python.
WIRE_NAMES = (
    "created_at",
    "next_cursor",
    "request_id",
    "occurred_at",
    "aggregate_id",
    "inventory_lot_items_pending_id",
    "last_used_at",
    "id",
)
SNAKE_KEY = re.compile(r'"([a-z]+(?:_[a-z]+)+)"\s*:')


@pytest.mark.parametrize("name", WIRE_NAMES)
def test_the_catalogue_spells_a_field_as_pydantics_alias_generator_does(name: str) -> None:
    assert CAMEL.key(name) == to_camel(name)
    assert SNAKE.key(name) == name


def test_a_project_recorded_before_the_answer_existed_is_in_snake_case() -> None:
    assert catalogue.json_case({"project_slug": "inventory"}) is SNAKE
    assert catalogue.json_case({"json_case": "camelCase"}) is CAMEL


@pytest.fixture(scope="module")
def generate(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    made: dict[tuple[tuple[str, str], ...], Path] = {}

    def make(**answers: str) -> Path:
        key = tuple(sorted(answers.items()))
        if key not in made:
            made[key] = bake(answers, tmp_path_factory.mktemp("json-case"))
        return made[key]

    return make


def test_a_camel_case_project_writes_its_bodies_and_events_in_camel_case(
    generate: Callable[..., Path],
) -> None:
    project = generate(json_case="camelCase", contexts="catalog:product")
    package = project / "src" / "inventory_service"
    assert "class CamelModel(BaseModel)" in (package / "api/camel_case.py").read_text()
    schemas = (package / "api/catalog/schemas.py").read_text()
    assert "class ProductOut(CamelModel):" in schemas
    assert "(BaseModel)" not in schemas
    pagination = (package / "api/pagination.py").read_text()
    assert "class PageMeta(CamelModel):" in pagination
    assert "class PageOut(CamelModel, Generic[T]):" in pagination
    assert '"requestId": request_id' in (package / "api/errors.py").read_text()
    assert (
        'ID_KEY = "productId"'
        in (package / "application/catalog/integration_events.py").read_text()
    )
    assert "pydantic>=2.11" in (project / "pyproject.toml").read_text()

    document = json.loads((project / "asyncapi.json").read_text())
    for message in document["components"]["messages"].values():
        wire = message["payload"]
        assert {"occurredAt", "aggregateId"} <= set(wire["properties"])
        assert "productId" in wire["properties"]["payload"]["required"]
        names = [*wire["properties"], *wire["properties"]["payload"]["properties"]]
        assert [name for name in names if "_" in name] == []


def test_a_camel_case_projects_tests_use_camel_case(generate: Callable[..., Path]) -> None:
    project = generate(json_case="camelCase", contexts="catalog:product")
    tests = project / "tests"
    crud = (tests / "api/catalog/test_crud.py").read_text()
    assert 'body["createdAt"] == body["updatedAt"]' in crud
    assert '"requestId"}' in (tests / "api/helpers.py").read_text()
    listing = (tests / "api/catalog/test_listing.py").read_text()
    assert '("-updatedAt", [' in listing


def test_a_snake_case_project_has_no_camel_case_model_and_says_so_in_its_adr(
    generate: Callable[..., Path],
) -> None:
    project = generate()
    assert not (project / "src/inventory_service/api/camel_case.py").exists()
    schemas = (project / "src/inventory_service/api/catalog/schemas.py").read_text()
    assert "CamelModel" not in schemas
    adr = (project / "docs/adr/0004-response-conventions.md").read_text()
    assert "Field names are snake_case" in adr
    assert '"next_cursor"' in adr
    assert "CamelModel" not in adr


def test_the_adr_of_a_camel_case_project_states_the_shapes_it_ships(
    generate: Callable[..., Path],
) -> None:
    adr = (
        generate(json_case="camelCase", contexts="catalog:product")
        / "docs/adr/0004-response-conventions.md"
    ).read_text()
    assert "Field names are camelCase" in adr
    lists = '{"data": [...], "meta": {"total": 42, "offset": 0, "limit": 20, "nextCursor": "..."}}'
    assert lists in adr
    assert '"requestId": "..."' in adr
    assert not SNAKE_KEY.findall(adr)
