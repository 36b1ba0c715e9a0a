"""Team presets: a YAML file that locks some answers, narrows some choices and sets defaults.

A preset is validated whole against cookiecutter.json and the option tables before anything is
asked, one line per problem. Its values are answers like any other: data, never templates.
The project records the preset's name, the sha256 of its bytes and its text, so that ``check``
can hold the answers against it offline and ``update --preset`` can apply a new revision.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from backend_template import options, wizard

SECTIONS = ("locked", "allowed", "defaults")
KEYS = ("name", *SECTIONS)


class PresetError(Exception):
    """A preset that cannot be used: one line per problem."""

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Preset:
    """A validated preset: its name, the sha256 and text it was read from, and its answers."""

    name: str
    sha256: str
    content: str
    locked: dict[str, str] = field(default_factory=dict)
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    def record(self) -> dict[str, str]:
        """What the provenance record keeps of this preset."""
        return {"name": self.name, "sha256": self.sha256, "content": self.content}

    def answered_defaults(self) -> dict[str, str]:
        """What ``--no-input`` takes where nothing is given: a default, else the first allowed."""
        return {**{key: values[0] for key, values in self.allowed.items()}, **self.defaults}

    def setting_problems(self, settings: Mapping[str, str]) -> list[str]:
        """One line per ``--set`` answer this preset refuses."""
        problems: list[str] = []
        for key, value in settings.items():
            if key in self.locked and value != self.locked[key]:
                problems.append(
                    f"{key} is locked to {self.locked[key]!r} by preset {self.name!r}: "
                    f"drop --set {key}={value}"
                )
            elif key in self.allowed and value not in self.allowed[key]:
                problems.append(
                    f"{key}={value} is not allowed by preset {self.name!r}: "
                    f"choose {key} from {', '.join(self.allowed[key])}"
                )
        return problems

    def violations(self, answers: Mapping[str, Any]) -> list[str]:
        """One line per answer that breaks this preset."""
        problems: list[str] = []
        for key, value in self.locked.items():
            if str(answers.get(key)) != value:
                problems.append(
                    f"{key}={answers.get(key)} breaks preset {self.name!r}, which locks {key} "
                    f"to {value!r}"
                )
        for key, values in self.allowed.items():
            if str(answers.get(key)) not in values:
                problems.append(
                    f"{key}={answers.get(key)} breaks preset {self.name!r}, which allows "
                    f"{key} only as {', '.join(values)}"
                )
        return problems


def scalar(value: Any) -> str | None:
    """A YAML scalar as answer text (``3.12`` as a number reads as "3.12"); None otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def value_problem(key: str, value: str, question: wizard.Question) -> str | None:
    """Why ``value`` cannot answer ``question``, with the option tables' own words."""
    if question.is_choice:
        offered = [str(raw) for raw in question.raw]
        if value not in offered:
            return f"{key}={value} is not a choice: choose {key} from {', '.join(offered)}"
        implemented = options.IMPLEMENTED.get(key)
        if implemented is not None and value not in implemented:
            return (
                f"{key}={value} is not implemented yet in this version of backend-template: "
                f"choose {key} from {', '.join(sorted(implemented))}"
            )
        return None
    return wizard.text_problem(key, value)


def section(
    data: Mapping[str, Any], name: str, by_key: Mapping[str, wizard.Question], problems: list[str]
) -> dict[str, Any]:
    """The mapping under ``name``, its keys checked against the questions."""
    raw = data.get(name) or {}
    if not isinstance(raw, Mapping):
        problems.append(f"{name} must be a mapping of option: value")
        return {}
    found: dict[str, Any] = {}
    for key, value in raw.items():
        if str(key) not in by_key:
            problems.append(f"{name}: unknown option {key!r}: the options are {', '.join(by_key)}")
        else:
            found[str(key)] = value
    return found


Questions = Mapping[str, wizard.Question]


def locked_answers(
    data: Mapping[str, Any], by_key: Questions, problems: list[str]
) -> dict[str, str]:
    locked: dict[str, str] = {}
    for key, value in section(data, "locked", by_key, problems).items():
        text_value = scalar(value)
        if text_value is None:
            problems.append(f"locked: {key} must be a single value")
        elif problem := value_problem(key, text_value, by_key[key]):
            problems.append(f"locked: {problem}")
        else:
            locked[key] = text_value
    problems += [
        f"locked answers cannot generate: {rule.reason}"
        for rule in (*options.IMPOSSIBLE, *options.NOT_YET)
        if set(rule.condition.values) <= set(locked) and rule.condition.holds(locked)
    ]
    return locked


def allowed_choices(
    data: Mapping[str, Any], by_key: Questions, locked: Mapping[str, str], problems: list[str]
) -> dict[str, tuple[str, ...]]:
    allowed: dict[str, tuple[str, ...]] = {}
    for key, value in section(data, "allowed", by_key, problems).items():
        values = [scalar(item) for item in value] if isinstance(value, list) else []
        texts = [item for item in values if item is not None]
        if not by_key[key].is_choice:
            problems.append(f"allowed: {key} is not a choice; lock it or give it a default")
        elif not texts or len(texts) != len(values):
            problems.append(f"allowed: {key} must be a non-empty list of choices")
        elif key in locked:
            problems.append(f"allowed: {key} is also locked; keep one of the two")
        else:
            found = [
                problem for item in texts if (problem := value_problem(key, item, by_key[key]))
            ]
            problems += [f"allowed: {problem}" for problem in found]
            if not found and not any(
                options.choice_is_possible(key, item, locked) for item in texts
            ):
                problems.append(
                    f"allowed: no choice of {key} ({', '.join(texts)}) can generate with the "
                    "locked answers"
                )
            elif not found:
                allowed[key] = tuple(texts)
    return allowed


def default_answers(
    data: Mapping[str, Any],
    by_key: Questions,
    locked: Mapping[str, str],
    allowed: Mapping[str, tuple[str, ...]],
    problems: list[str],
) -> dict[str, str]:
    defaults: dict[str, str] = {}
    for key, value in section(data, "defaults", by_key, problems).items():
        text_value = scalar(value)
        if text_value is None:
            problems.append(f"defaults: {key} must be a single value")
        elif key in locked:
            problems.append(f"defaults: {key} is locked; keep one of the two")
        elif key in allowed and text_value not in allowed[key]:
            problems.append(
                f"defaults: {key}={text_value} is not among the allowed {', '.join(allowed[key])}"
            )
        elif problem := value_problem(key, text_value, by_key[key]):
            problems.append(f"defaults: {problem}")
        else:
            defaults[key] = text_value
    return defaults


def parse(
    text: str, source: str, model: Mapping[str, Any] | None = None, *, name: str | None = None
) -> Preset:
    """The preset in ``text`` (read from ``source``); PresetError listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        msg = f"preset {source} is not valid YAML: {problem}{where}"
        raise PresetError(msg) from error
    if not isinstance(data, Mapping):
        msg = f"preset {source} must be a mapping with name, locked, allowed and defaults"
        raise PresetError(msg)
    problems = [
        f"unknown preset key {key!r}: a preset has {', '.join(KEYS)}"
        for key in data
        if key not in KEYS
    ]
    fallback = name or Path(source).stem
    given = data.get("name", fallback)
    if not isinstance(given, str) or not given.strip() or not given.isprintable():
        problems.append("name must be a non-empty line of text")
        given = fallback
    by_key = {
        question.key: question
        for question in wizard.questions(model or options.load_cookiecutter_json())
    }
    locked = locked_answers(data, by_key, problems)
    allowed = allowed_choices(data, by_key, locked, problems)
    defaults = default_answers(data, by_key, locked, allowed, problems)
    if problems:
        raise PresetError(*(f"preset {source}: {problem}" for problem in problems))
    return Preset(
        name=given.strip(),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        content=text,
        locked=locked,
        allowed=allowed,
        defaults=defaults,
    )


def load(path: Path, model: Mapping[str, Any] | None = None) -> Preset:
    """The preset in the file at ``path``; PresetError when it cannot be read or used."""
    try:
        # Bytes decoded as they are, so the recorded sha256 is the file's own.
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        msg = f"cannot read preset {path}: {error}"
        raise PresetError(msg) from error
    return parse(text, str(path), model)


def of_record(recorded: Mapping[str, Any]) -> Preset:
    """The preset a provenance record keeps; PresetError when its text no longer matches."""
    content = str(recorded.get("content", ""))
    name = str(recorded.get("name", "preset"))
    if hashlib.sha256(content.encode("utf-8")).hexdigest() != recorded.get("sha256"):
        msg = (
            f"the recorded preset {name!r} does not match its sha256: "
            "apply the preset again with update --preset FILE"
        )
        raise PresetError(msg)
    return parse(content, f"recorded preset {name!r}", name=name)
