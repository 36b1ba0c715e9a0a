"""Validation of a full set of answers, shared by the pre-gen hook, the wizard and the tests."""

from __future__ import annotations

from backend_template.names import (
    MAX_PACKAGE_LENGTH,
    SLUG_PATTERN,
    identifier_problem,
    parse_contexts,
    shadowed_module,
)
from backend_template.options import Answers, combination_problems

# Names end up in string literals of generated modules: keep those lines within 100 columns.
MAX_NAME_LENGTH = 60


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


def text_problem(option: str, value: str) -> str | None:
    if not value.strip():
        return f"{option} is empty: give a value"
    if "\n" in value or "\r" in value:
        return f"{option} spans several lines: give it on one line"
    if option == "project_name" and len(value) > MAX_NAME_LENGTH:
        return f"project_name is longer than {MAX_NAME_LENGTH} characters: choose a shorter name"
    return None


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
    problems.extend(combination_problems(answers))
    return problems
