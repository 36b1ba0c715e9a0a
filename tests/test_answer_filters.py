"""The extension cookiecutter.json loads: answers render as text, filters write them literally."""

from __future__ import annotations

import ast
import tomllib
from typing import Any

import pytest
from cookiecutter.prompt import render_variable

import backend_template_answers as answers_module
from backend_template import options, wizard

SAMPLES = (
    "Inventory Service",
    "{{ 7*7 }} {% if x %}{# c #}",
    'Café \u2013 "Orders" \\ it\'s 😀 \x00',
    "`code` | pipe ``two``",
)


@pytest.fixture(scope="module")
def env() -> Any:
    return wizard.environment(options.load_cookiecutter_json())


@pytest.mark.parametrize("text", SAMPLES)
def test_an_answer_renders_as_its_text(env: Any, text: str) -> None:
    assert render_variable(env, text, {"project_name": "x"}) == text


def test_the_template_own_defaults_still_render(env: Any) -> None:
    model = options.load_cookiecutter_json()
    slug = render_variable(env, model["project_slug"], {"project_name": "Stock Keeper"})
    assert slug == "stock-keeper"


@pytest.mark.parametrize("text", SAMPLES)
def test_python_string_is_ascii_and_round_trips(text: str) -> None:
    literal = answers_module.python_string(text)
    assert literal.isascii()
    assert '"' not in literal[1:-1]
    assert ast.literal_eval(literal) == text


@pytest.mark.parametrize("text", [sample for sample in SAMPLES if "\x00" not in sample])
def test_toml_string_round_trips(text: str) -> None:
    assert tomllib.loads(f"value = {answers_module.toml_string(text)}\n")["value"] == text


def test_markdown_code_keeps_a_table_cell_whole() -> None:
    code = answers_module.markdown_code("a | `b`")
    assert code == "`` a \\| `b` ``"
    assert answers_module.markdown_code("Inventory Service") == "`Inventory Service`"


@pytest.mark.parametrize(
    ("slug", "directory"),
    [
        ("inventory-service", "inventory-service"),
        ("nested/inventory", "nested-inventory"),
        ("a\\b", "a-b"),
        ("..", "--"),
        (".", "-"),
        ("", "-"),
        ("../up", "..-up"),
    ],
)
def test_directory_name_is_one_directory(slug: str, directory: str) -> None:
    assert answers_module.directory_name(slug) == directory
