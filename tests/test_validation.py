"""Rejections: answers that cannot generate stop in the pre-generation hook, leaving nothing.

Each rejected input goes through real ``cookiecutter`` generation; fast unit tests of the
validation functions follow.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from cookiecutter.generate import generate_context
from cookiecutter.prompt import prompt_for_config

from backend_template import options, validation
from backend_template.names import ContextName, parse_contexts, plural, singular
from tests.rejections import REJECTIONS, Rejection
from tests.support import (
    TEMPLATE,
    cookiecutter_answers,
    error_lines,
    output_of,
    run_cookiecutter,
)


@pytest.mark.parametrize("rejection", REJECTIONS, ids=lambda rejection: rejection.id)
def test_cookiecutter_refuses_and_leaves_nothing(rejection: Rejection, tmp_path: Path) -> None:
    output = tmp_path / "out"
    output.mkdir()
    arguments = [f"{key}={value}" for key, value in rejection.answers.items()]

    result = run_cookiecutter(arguments, output)

    assert result.returncode != 0, output_of(result)
    matching = [line for line in error_lines(result.stderr) if rejection.message in line]
    assert len(matching) == 1, output_of(result)
    assert list(output.iterdir()) == []


def test_cookiecutter_defaults_pass_the_hook() -> None:
    assert validation.validate(cookiecutter_answers({})) == []


# Fast unit tests of the functions the hook, the wizard and the CLI share.


@pytest.mark.parametrize("slug", ["inventory", "inventory-service", "a1", "order-service-2"])
def test_slug_accepted(slug: str) -> None:
    assert validation.slug_problem(slug) is None


@pytest.mark.parametrize(
    "slug", ["", "Inventory", "inventory_service", "-inventory", "inventory-", "a--b", "1a", "a b"]
)
def test_slug_rejected(slug: str) -> None:
    problem = validation.slug_problem(slug)
    assert problem is not None
    assert problem.startswith(f"project_slug {slug!r} is not a valid slug")


@pytest.mark.parametrize("package", ["inventory", "inventory_service", "orders2"])
def test_package_accepted(package: str) -> None:
    assert validation.package_problem(package) is None


@pytest.mark.parametrize(
    ("package", "reason"),
    [
        ("Inventory", "is not a lowercase Python identifier"),
        ("inventory-service", "is not a lowercase Python identifier"),
        ("_private", "is not a lowercase Python identifier"),
        ("class", "is a Python keyword"),
        ("match", "is a Python keyword"),
        ("typing", "would shadow the standard library"),
        ("json", "would shadow the standard library"),
        ("test", "would shadow the standard library"),
        ("fastapi", "would shadow a dependency of the generated project"),
        ("sqlalchemy", "would shadow a dependency of the generated project"),
        ("pydantic", "would shadow a dependency of the generated project"),
    ],
)
def test_package_rejected(package: str, reason: str) -> None:
    problem = validation.package_problem(package)
    assert problem is not None
    assert reason in problem


def test_contexts_parse_names_and_entities() -> None:
    contexts, problems = parse_contexts(" catalog:product , orders,inventory_items ")
    assert problems == []
    assert contexts == [
        ContextName("catalog", "product"),
        ContextName("orders", "order"),
        ContextName("inventory_items", "inventory_item"),
    ]
    assert [context.entity_class for context in contexts] == ["Product", "Order", "InventoryItem"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "contexts is empty"),
        (" , ", "contexts is empty"),
        ("catalog,", "has an empty entry"),
        ("catalog, catalog", "is listed twice"),
        ("Catalog", "is not a lowercase Python identifier"),
        ("order lines", "is not a lowercase Python identifier"),
        ("for", "is a Python keyword"),
        ("api", "collides with a name the generated project uses"),
        ("domain", "collides with a name the generated project uses"),
        ("shared", "collides with a name the generated project uses"),
        ("identity", "collides with a name the generated project uses"),
    ],
)
def test_contexts_rejected(raw: str, reason: str) -> None:
    problems = validation.contexts_problems(raw)
    assert len(problems) == 1
    assert reason in problems[0]


def test_each_bad_context_gets_its_own_line() -> None:
    assert len(validation.contexts_problems("api, Catalog, orders, orders")) == 3


@pytest.mark.parametrize(
    ("value", "reason"),
    [("", "is empty"), ("   ", "is empty"), ("a\nb", "spans several lines")],
)
def test_text_rejected(value: str, reason: str) -> None:
    problem = validation.text_problem("description", value)
    assert problem is not None
    assert problem.startswith("description ")
    assert reason in problem


@pytest.mark.parametrize(
    ("word", "singular_form", "plural_form"),
    [
        ("orders", "order", "orders"),
        ("categories", "category", "categories"),
        ("boxes", "box", "boxes"),
        ("addresses", "address", "addresses"),
        ("status", "status", "statuses"),
        ("line_items", "line_item", "line_items"),
    ],
)
def test_singular_and_plural(word: str, singular_form: str, plural_form: str) -> None:
    assert singular(word) == singular_form
    assert plural(singular_form) == plural_form


@pytest.mark.usefixtures("kafka_unimplemented")
def test_validate_reports_every_problem_once() -> None:
    answers = cookiecutter_answers(
        {"project_slug": "Bad Slug", "package_name": "typing", "broker": "kafka"}
    )
    problems = validation.validate(answers)
    assert len(problems) == 3
    assert [problem.split(" ", 1)[0] for problem in problems] == [
        "project_slug",
        "package_name",
        "broker=kafka",
    ]


@pytest.mark.parametrize(
    "combination",
    [
        {"architecture": "microservices", "broker": "none"},
        {"architecture": "microservices", "auth": "session"},
        {"architecture": "microservices", "database": "sqlite"},
    ],
)
def test_impossible_combinations_refused(combination: dict[str, str]) -> None:
    answers = cookiecutter_answers(combination)
    rules = [rule for rule in options.IMPOSSIBLE if rule.condition.holds(answers)]
    assert rules
    problems = options.combination_problems(answers)
    assert all(any(line.startswith(rule.reason) for line in problems) for rule in rules)


def test_unimplemented_choices_refused_by_name() -> None:
    for option, values in options.IMPLEMENTED.items():
        declared = options.load_cookiecutter_json()[option]
        for value in declared:
            answers = cookiecutter_answers({option: value})
            refused = [
                line
                for line in options.combination_problems(answers)
                if f"{option}={value} is not implemented" in line
            ]
            assert bool(refused) == (value not in values), (option, value)


def test_choice_is_possible_follows_implementation() -> None:
    answers = cookiecutter_answers({})
    assert options.choice_is_possible("database", "sqlite", answers)
    assert options.choice_is_possible("orm", "tortoise", answers)
    assert options.choice_is_possible("broker", "kafka", answers)


@pytest.mark.usefixtures("kafka_unimplemented")
def test_an_unimplemented_choice_is_not_possible() -> None:
    assert not options.choice_is_possible("broker", "kafka", cookiecutter_answers({}))


def test_choice_is_possible_follows_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    model = options.load_cookiecutter_json()
    for option in options.CHOICE_OPTIONS:
        monkeypatch.setitem(options.IMPLEMENTED, option, frozenset(model[option]))
    answers = {**cookiecutter_answers({}), "architecture": "microservices"}
    assert not options.choice_is_possible("broker", "none", answers)
    assert options.choice_is_possible("broker", "nats", answers)
    assert not options.choice_is_possible("auth", "session", answers)
    assert not options.choice_is_possible("database", "sqlite", answers)
    assert options.choice_is_possible("database", "sqlite", {**answers, "architecture": "monolith"})


def every_combination() -> list[dict[str, str]]:
    """The default answers with every combination of the choice options in their place."""
    base = cookiecutter_answers({})
    model = options.load_cookiecutter_json()
    declared = [[str(value) for value in model[option]] for option in options.CHOICE_OPTIONS]
    return [
        {**base, **dict(zip(options.CHOICE_OPTIONS, values, strict=True))}
        for values in itertools.product(*declared)
    ]


def test_every_suggestion_of_every_refusal_is_accepted() -> None:
    combinations = every_combination()
    refused = 0
    for answers in combinations:
        found = options.refusals(answers)
        keys = {refusal.key for refusal in found}
        assert options.combination_problems(answers) == [refusal.message for refusal in found]
        for refusal in found:
            refused += 1
            assert refusal.suggestions, (answers, refusal.message)
            for option, value in refusal.suggestions:
                assert f"{option}=" in refusal.message, refusal.message
                assert value in refusal.message, refusal.message
                trial = {**answers, option: value}
                left = {other.key for other in options.refusals(trial)}
                assert refusal.key not in left, (answers, option, value)
                assert left <= keys, f"{option}={value} for {answers} brings {left - keys}"
                if len(found) == 1:
                    assert validation.validate(trial) == [], (answers, option, value)
    assert refused, "the walk met no refusal: the tables or the choices changed"
    assert len(combinations) == len(set(map(str, combinations)))


@pytest.mark.parametrize(
    ("extra", "line"),
    [
        (
            {"architecture": "microservices", "auth": "session", "broker": "rabbitmq"},
            "choose auth=jwt, oauth2-oidc, api-key or none "
            "(or architecture=monolith or modular-monolith)",
        ),
        (
            {"architecture": "microservices"},
            "choose broker=rabbitmq, nats, redis or kafka (or architecture=monolith or "
            "modular-monolith)",
        ),
    ],
)
def test_refusals_name_only_accepted_choices(extra: dict[str, str], line: str) -> None:
    problems = options.combination_problems(cookiecutter_answers(extra))
    assert len(problems) == 1, problems
    assert problems[0].endswith(line), problems[0]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("a\tb", "contains the invisible character U+0009"),
        ("a\u202eb", "contains the invisible character U+202E"),
        ("a\x7fb", "contains the invisible character U+007F"),
        ("a\u2028b", "spans several lines"),
        ("a\x85b", "spans several lines"),
    ],
)
def test_text_that_no_file_carries_is_rejected(value: str, reason: str) -> None:
    problem = validation.text_problem("author", value)
    assert problem is not None
    assert problem.startswith("author ")
    assert reason in problem


@pytest.mark.parametrize(
    "value", ["{{ 7*7 }}", "{% if x %}{# c #}", 'Café \u2013 "Orders" \\ 😀', "在" * 10]
)
def test_template_syntax_and_unicode_are_text(value: str) -> None:
    assert validation.text_problem("project_name", value) is None


def test_project_name_counts_its_python_escapes() -> None:
    problem = validation.text_problem("project_name", "在" * 11)
    assert problem is not None
    assert "once written as a Python string" in problem


def cookiecutter_rendered(extra: dict[str, str]) -> dict[str, Any]:
    """Every value cookiecutter computes for ``--no-input`` with ``extra``, private ones too."""
    context = generate_context(str(TEMPLATE / "cookiecutter.json"), extra_context=extra)
    return dict(prompt_for_config(context, no_input=True))


@pytest.mark.parametrize("extra", [{}, {"orm": "tortoise", "database": "sqlite"}])
def test_computed_values_match_cookiecutter(extra: dict[str, str]) -> None:
    model = options.load_cookiecutter_json()
    assert validation.computed_problems(cookiecutter_rendered(extra), model) == []
    assert validation.computed_problems(cookiecutter_answers(extra), model) == []


@pytest.mark.parametrize(
    ("replaced", "message"),
    [
        ({"__database_url": "sqlite://elsewhere"}, "__database_url is computed by the template"),
        ({"_upstream": "catalog:product"}, "_upstream is set by the template for each service"),
        ({"_key_role": "verifier"}, "_key_role is set by the template for each service"),
    ],
)
def test_replaced_computed_values_are_refused(replaced: dict[str, str], message: str) -> None:
    model = options.load_cookiecutter_json()
    problems = validation.computed_problems({**cookiecutter_rendered({}), **replaced}, model)
    assert len(problems) == 1
    assert message in problems[0]
