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
from functools import cache
from pathlib import Path
from typing import Any

from backend_template import catalogue

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
    """A combination that generation refuses.

    ``option`` is the answer a refusal asks to change first, ``reason`` the sentence of the
    refusal, ``why`` its cause in the words the wizard shows beside a disabled choice, and
    ``implemented_later`` says that a later version may lift it. The ways out are never written
    here: ``refusals`` computes them from these same tables, so a refusal cannot suggest a
    choice that is itself refused.
    """

    condition: Condition
    option: str
    reason: str
    why: str
    implemented_later: bool = False


# Questions asked only when their condition holds; otherwise the default stands.
APPLIES_WHEN: dict[str, Condition] = {}

# Combinations that can never make sense, whatever gets implemented later.
IMPOSSIBLE: tuple[Rule, ...] = (
    Rule(
        when(architecture="microservices", broker="none"),
        "broker",
        "architecture=microservices needs a broker for events between services",
        "services exchange their events over a broker",
    ),
    Rule(
        when(architecture="microservices", auth="session"),
        "auth",
        "auth=session does not fit architecture=microservices (a cookie session cannot be verified "
        "by every service)",
        "a cookie session cannot be verified by every service",
    ),
    Rule(
        when(architecture="microservices", database="sqlite"),
        "database",
        "database=sqlite does not fit architecture=microservices (each service needs its own "
        "database server)",
        "each service needs its own database server",
    ),
)

# Combinations this version cannot generate yet, though they could make sense.
NOT_YET: tuple[Rule, ...] = ()

# What this version of the template can generate. A choice outside it is refused, saying so.
IMPLEMENTED: dict[str, frozenset[str]] = {
    "python_version": frozenset({"3.11", "3.12", "3.13"}),
    "architecture": frozenset({"monolith", "modular-monolith", "microservices"}),
    "auth": frozenset({"jwt", "oauth2-oidc", "session", "api-key", "none"}),
    "orm": frozenset({"sqlalchemy", "sqlmodel", "tortoise"}),
    "database": frozenset({"postgresql", "mysql", "sqlite"}),
    "broker": catalogue.implemented_brokers(),
    "json_case": frozenset(catalogue.JSON_CASES),
}

# What a declared but unimplemented choice still lacks, said where it is refused or offered.
MISSING: dict[tuple[str, str], str] = {}

CHOICE_OPTIONS: tuple[str, ...] = (
    "python_version",
    "architecture",
    "auth",
    "orm",
    "database",
    "broker",
    "json_case",
)


def applies(option: str, answers: Answers) -> bool:
    """Whether a question is asked, given the answers so far."""
    condition = APPLIES_WHEN.get(option)
    return condition is None or condition.holds(answers)


@dataclass(frozen=True)
class Refusal:
    """One reason answers cannot generate, and the single answers that would lift it.

    Every suggestion, applied on its own, leaves the answers without this refusal and without
    any refusal they did not already have.
    """

    key: str
    message: str
    suggestions: tuple[tuple[str, str], ...]


def declared_choices(option: str) -> tuple[str, ...]:
    """The choices of ``option`` in cookiecutter.json's order."""
    return _declared_choices(template_dir()).get(option, ())


@cache
def _declared_choices(directory: Path) -> dict[str, tuple[str, ...]]:
    model = load_cookiecutter_json(directory)
    return {key: tuple(str(value) for value in model[key]) for key in CHOICE_OPTIONS}


def unimplemented_reason(option: str, value: str) -> str:
    """Why a declared choice cannot be picked in this version, with what it still lacks."""
    missing = MISSING.get((option, value))
    return f"not implemented yet: {missing}" if missing else "not implemented yet"


def possible_values(option: str, answers: Answers) -> list[str]:
    """The choices of ``option`` that, put in place of its answer, keep the rules satisfied."""
    current = str(answers.get(option))
    return [
        value
        for value in declared_choices(option)
        if value != current and choice_is_possible(option, value, answers)
    ]


def either(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def way_out(
    options_first: tuple[str, ...], answers: Answers
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """``choose a=x or y (or b=z)``: the single changes that lift a refusal, first option first."""
    suggestions: list[tuple[str, str]] = []
    parts: list[str] = []
    for option in options_first:
        values = possible_values(option, answers)
        if values:
            suggestions.extend((option, value) for value in values)
            parts.append(f"{option}={either(values)}")
    if not parts:
        return f"change {' or '.join(options_first)}", ()
    text = f"choose {parts[0]}"
    if len(parts) > 1:
        text += f" (or {'; or '.join(parts[1:])})"
    return text, tuple(suggestions)


def refusals(answers: Answers) -> list[Refusal]:
    """Every refusal of these answers, each with the ways out the same tables allow."""
    found: list[Refusal] = []
    for rule in (*IMPOSSIBLE, *NOT_YET):
        if rule.condition.holds(answers):
            others = tuple(key for key in rule.condition.values if key != rule.option)
            text, suggestions = way_out((rule.option, *others), answers)
            found.append(Refusal(rule.reason, f"{rule.reason}: {text}", suggestions))
    for option, implemented in IMPLEMENTED.items():
        value = str(answers.get(option))
        if value not in implemented:
            text, suggestions = way_out((option,), answers)
            missing = MISSING.get((option, value))
            because = f" ({missing})" if missing else ""
            found.append(
                Refusal(
                    f"{option}={value} is not implemented",
                    f"{option}={value} is not implemented yet in this version of "
                    f"backend-template{because}: {text}",
                    suggestions,
                )
            )
    return found


def combination_problems(answers: Answers) -> list[str]:
    """One line per impossible or not-yet-implemented choice in these answers."""
    return [refusal.message for refusal in refusals(answers)]


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


def ruling_out(option: str, value: str, answers: Answers) -> Rule | None:
    """The first rule that refuses ``value`` for ``option`` with the other answers, if any."""
    trial = {**answers, option: value}
    return next(
        (
            rule
            for rule in (*IMPOSSIBLE, *NOT_YET)
            if option in rule.condition.values and rule.condition.holds(trial)
        ),
        None,
    )
