"""The rules of the option model that cookiecutter.json cannot express, kept as data.

cookiecutter.json declares every question and its choices. This module says which question
applies when, which combinations are impossible, and which choices are implemented. The
pre-generation hook, the wizard and the template tests all read these tables.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Answers = Mapping[str, Any]

TEMPLATE_ROOT = Path(__file__).resolve().parent / "_template"
# The Jinja extension cookiecutter.json loads from the template directory (answers are data).
ANSWERS_MODULE = "backend_template_answers"


def template_dir() -> Path:
    """The directory holding cookiecutter.json: the packaged copy, else the source checkout."""
    if (TEMPLATE_ROOT / "cookiecutter.json").is_file():
        return TEMPLATE_ROOT
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "cookiecutter.json").is_file():
        return checkout
    msg = "the backend-template installation has no cookiecutter.json; reinstall the package"
    raise FileNotFoundError(msg)


@contextmanager
def template_importable(directory: Path | None = None) -> Iterator[None]:
    """The template directory on the import path, as cookiecutter puts it while it generates."""
    entry = str(directory or template_dir())
    sys.path.append(entry)
    try:
        yield
    finally:
        sys.path.remove(entry)


def answer_filters() -> dict[str, Callable[[str], str]]:
    """The filters that write an answer literally (Python, TOML, Markdown), for the engine."""
    with template_importable():
        module = importlib.import_module(ANSWERS_MODULE)
    return dict(module.FILTERS)


def load_cookiecutter_json(directory: Path | None = None) -> dict[str, Any]:
    """The option model as declared in cookiecutter.json."""
    path = (directory or template_dir()) / "cookiecutter.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Condition:
    """A predicate over answers: every named option takes one of the listed values."""

    values: Mapping[str, frozenset[str]]

    def holds(self, answers: Answers) -> bool:
        return all(str(answers.get(key)) in allowed for key, allowed in self.values.items())


def when(**values: str | tuple[str, ...]) -> Condition:
    """Build a condition: ``when(architecture="microservices", auth=("jwt", "none"))``."""
    normalised = {
        key: frozenset((value,) if isinstance(value, str) else value)
        for key, value in values.items()
    }
    return Condition(normalised)


@dataclass(frozen=True)
class Rule:
    """A combination that generation refuses, with the one line that says why and what to do."""

    condition: Condition
    message: str


# Questions asked only when their condition holds; otherwise the default stands.
APPLIES_WHEN: dict[str, Condition] = {}

# Combinations that can never make sense, whatever gets implemented later.
IMPOSSIBLE: tuple[Rule, ...] = (
    Rule(
        when(architecture="microservices", broker="none"),
        "architecture=microservices needs a broker for events between services: "
        "choose broker=rabbitmq, nats, redis or kafka",
    ),
    Rule(
        when(architecture="microservices", auth="session"),
        "auth=session does not fit architecture=microservices (a cookie session cannot be verified "
        "by every service): choose auth=jwt, oauth2-oidc or api-key",
    ),
    Rule(
        when(architecture="microservices", database="sqlite"),
        "database=sqlite does not fit architecture=microservices (each service needs its own "
        "database server): choose database=postgresql or mysql",
    ),
)

# Combinations this version cannot generate yet, though they could make sense.
NOT_YET: tuple[Rule, ...] = (
    Rule(
        when(architecture="microservices", auth="api-key"),
        "auth=api-key is not implemented yet for architecture=microservices (every service would "
        "verify keys against the identity service): choose auth=jwt, oauth2-oidc or none",
    ),
    Rule(
        when(architecture="microservices", broker="kafka"),
        "broker=kafka is not implemented yet: choose broker=rabbitmq, nats or redis",
    ),
)

# What this version of the template can generate. A choice outside it is refused, saying so.
IMPLEMENTED: dict[str, frozenset[str]] = {
    "python_version": frozenset({"3.11", "3.12", "3.13"}),
    "architecture": frozenset({"monolith", "modular-monolith", "microservices"}),
    "auth": frozenset({"jwt", "oauth2-oidc", "session", "api-key", "none"}),
    "orm": frozenset({"sqlalchemy", "sqlmodel", "tortoise"}),
    "database": frozenset({"postgresql", "mysql", "sqlite"}),
    "broker": frozenset({"none", "rabbitmq", "nats", "redis"}),
}

CHOICE_OPTIONS: tuple[str, ...] = (
    "python_version",
    "architecture",
    "auth",
    "orm",
    "database",
    "broker",
)


def applies(option: str, answers: Answers) -> bool:
    """Whether a question is asked, given the answers so far."""
    condition = APPLIES_WHEN.get(option)
    return condition is None or condition.holds(answers)


def combination_problems(answers: Answers) -> list[str]:
    """One line per impossible or not-yet-implemented choice in these answers."""
    problems = [rule.message for rule in (*IMPOSSIBLE, *NOT_YET) if rule.condition.holds(answers)]
    for option, implemented in IMPLEMENTED.items():
        value = str(answers.get(option))
        if value not in implemented:
            supported = ", ".join(sorted(implemented))
            problems.append(
                f"{option}={value} is not implemented yet in this version of backend-template: "
                f"choose {option} from {supported}"
            )
    return problems


def choice_is_possible(option: str, value: str, answers: Answers) -> bool:
    """Whether picking ``value`` for ``option`` keeps the answers generatable."""
    if value not in IMPLEMENTED.get(option, frozenset({value})):
        return False
    trial = {**answers, option: value}
    return not any(
        rule.condition.holds(trial)
        for rule in (*IMPOSSIBLE, *NOT_YET)
        if option in rule.condition.values
    )
