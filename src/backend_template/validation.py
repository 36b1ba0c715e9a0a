"""Validation of a full set of answers, shared by the pre-gen hook, the wizard and the tests."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from backend_template import catalogue
from backend_template.names import (
    MAX_PACKAGE_LENGTH,
    SLUG_PATTERN,
    identifier_problem,
    parse_contexts,
    shadowed_module,
)
from backend_template.options import Answers, answer_filters, combination_problems
from backend_template.project import RECORDED_KEY, parse_recorded

# Names end up in string literals of generated modules: keep those lines within 100 columns.
MAX_NAME_LENGTH = 60

# What str.splitlines() breaks a line at.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Invisible characters that reorder the text around them (bidirectional controls).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Control characters, surrogates and separators: no target file carries them as plain text.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
# Engine-internal keys: set for each service of a microservices project, never an answer.
INTERNAL_KEYS = ("_service", "_upstream", "_key_role")


def slug_problem(value: str) -> str | None:
    if len(value) > MAX_NAME_LENGTH:
        return f"project_slug is longer than {MAX_NAME_LENGTH} characters: choose a shorter slug"
    if not SLUG_PATTERN.match(value):
        return (
            f"project_slug {value!r} is not a valid slug: use lowercase letters, digits and single "
            "dashes, starting with a letter (e.g. inventory-service)"
        )
    return None


def package_problem(value: str) -> str | None:
    problem = identifier_problem("package_name", value)
    if problem:
        return problem
    if len(value) > MAX_PACKAGE_LENGTH:
        return (
            f"package_name {value!r} is longer than {MAX_PACKAGE_LENGTH} characters: "
            "choose a shorter package name"
        )
    shadowed = shadowed_module(value)
    if shadowed:
        return f"package_name {value!r} would shadow {shadowed}: choose a more specific name"
    return None


def contexts_problems(value: str) -> list[str]:
    return parse_contexts(value)[1]


def unsafe_character(value: str) -> str | None:
    """The first character of ``value`` no generated file can carry as plain text, or None."""
    for character in value:
        if unicodedata.category(character) in UNSAFE_CATEGORIES or character in BIDI_CONTROLS:
            return character
    return None


def text_problem(option: str, value: str) -> str | None:
    if not value.strip():
        return f"{option} is empty: give a value"
    if any(character in LINE_BREAKS for character in value):
        return f"{option} spans several lines: give it on one line"
    unsafe = unsafe_character(value)
    if unsafe:
        return (
            f"{option} contains the invisible character U+{ord(unsafe):04X}: "
            "use printable text on one line"
        )
    if option == "project_name":
        if len(value) > MAX_NAME_LENGTH:
            return (
                f"project_name is longer than {MAX_NAME_LENGTH} characters: choose a shorter name"
            )
        if len(answer_filters()["python_string"](value)) - 2 > MAX_NAME_LENGTH:
            return (
                f"project_name is longer than {MAX_NAME_LENGTH} characters once written as a "
                "Python string (a character beyond ASCII counts as its escape, e.g. \\u00e9): "
                "choose a shorter name"
            )
    return None


def computed_problems(context: Mapping[str, Any], model: Mapping[str, Any]) -> list[str]:
    """Values cookiecutter.json computes or the engine sets that the answers replaced."""
    problems = [
        f"{key} is set by the template for each service, not an answer: remove it"
        for key in INTERNAL_KEYS
        if key in model and context.get(key, model[key]) != model[key]
    ]
    derived = catalogue.derived(context)
    problems.extend(
        f"{key} is computed by the template, not an answer: remove it from the answers"
        for key, value in derived.items()
        if key in model and context.get(key, value) != value
    )
    return problems


def validate(answers: Answers) -> list[str]:
    """Every problem with these answers, one actionable line each; empty when they generate."""
    problems: list[str] = []
    for option in ("project_name", "description", "author"):
        problem = text_problem(option, str(answers.get(option, "")))
        if problem:
            problems.append(problem)
    for check, option in ((slug_problem, "project_slug"), (package_problem, "package_name")):
        problem = check(str(answers.get(option, "")))
        if problem:
            problems.append(problem)
    problems.extend(contexts_problems(str(answers.get("contexts", ""))))
    problems.extend(parse_recorded(str(answers.get(RECORDED_KEY) or ""))[1])
    problems.extend(combination_problems(answers))
    return problems
