"""The guided path: the questions of cookiecutter.json, asked only where they apply.

The questions, their order, their texts and their defaults all come from cookiecutter.json;
which question applies and which choice is possible come from ``backend_template.options``;
text answers are checked with the functions the pre-generation hook uses. Nothing here
decides what a project may be: it only asks.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import questionary
from cookiecutter.environment import StrictEnvironment  # type: ignore[import-untyped]
from cookiecutter.prompt import render_variable  # type: ignore[import-untyped]
from cookiecutter.utils import create_env_with_context  # type: ignore[import-untyped]

from backend_template import options, validation

if TYPE_CHECKING:
    from backend_template.presets import Preset

Answers = dict[str, str]


class CancelledError(Exception):
    """The user stopped the wizard (Ctrl-C, Ctrl-D): nothing may be written."""


class NoPossibleChoiceError(Exception):
    """Every choice of a question is ruled out by the answers so far."""


@dataclass(frozen=True)
class Question:
    """One public entry of cookiecutter.json: its key, its raw default and its prompt texts."""

    key: str
    raw: Any
    prompt: str
    labels: Mapping[str, str]

    @property
    def is_choice(self) -> bool:
        return isinstance(self.raw, list)

    def choices(self, env: StrictEnvironment, answers: Mapping[str, str]) -> list[str]:
        """The choices as cookiecutter renders them, in the declared order."""
        if not self.is_choice:
            return []
        return [str(render_variable(env, raw, dict(answers))) for raw in self.raw]

    def default(self, env: StrictEnvironment, answers: Mapping[str, str]) -> str:
        """What cookiecutter answers with ``--no-input``: the rendered text or the first choice."""
        if self.is_choice:
            return self.choices(env, answers)[0]
        return str(render_variable(env, self.raw, dict(answers)))

    def label(self, value: str) -> str:
        return self.labels.get(value, value)


def questions(model: Mapping[str, Any]) -> list[Question]:
    """The public questions of cookiecutter.json, in its order, with their ``__prompts__`` texts."""
    prompts: Mapping[str, Any] = model.get("__prompts__", {})
    found: list[Question] = []
    for key, raw in model.items():
        if key.startswith("_"):
            continue
        texts = prompts.get(key, key)
        if isinstance(texts, Mapping):
            prompt = str(texts.get("__prompt__", key))
            labels = {str(k): str(v) for k, v in texts.items() if k != "__prompt__"}
        else:
            prompt, labels = str(texts), {}
        found.append(Question(key=key, raw=raw, prompt=prompt, labels=labels))
    return found


def environment(model: Mapping[str, Any]) -> StrictEnvironment:
    """The Jinja environment cookiecutter itself renders cookiecutter.json's defaults with."""
    with options.template_importable():
        return create_env_with_context({"cookiecutter": dict(model)})


def input_problems(model: Mapping[str, Any], given: Mapping[str, str]) -> list[str]:
    """One line per answer that names no question, or a choice the question does not offer."""
    by_key = {question.key: question for question in questions(model)}
    problems: list[str] = []
    for key, value in given.items():
        question = by_key.get(key)
        if question is None:
            known = ", ".join(by_key)
            problems.append(f"unknown option {key!r}: the options are {known}")
        elif question.is_choice and value not in [str(raw) for raw in question.raw]:
            offered = ", ".join(str(raw) for raw in question.raw)
            problems.append(f"{key}={value} is not a choice: choose {key} from {offered}")
    return problems


def complete_answers(model: Mapping[str, Any], given: Mapping[str, str]) -> Answers:
    """Every public answer, as ``cookiecutter --no-input`` with these values would compute it."""
    env = environment(model)
    answers: Answers = {}
    for question in questions(model):
        answers[question.key] = (
            given[question.key] if question.key in given else question.default(env, answers)
        )
    return answers


def text_problem(key: str, value: str) -> str | None:
    """Why a typed answer cannot generate, with the same checks as the pre-generation hook."""
    if key == "project_slug":
        return validation.slug_problem(value)
    if key == "package_name":
        return validation.package_problem(value)
    if key == "contexts":
        return "; ".join(validation.contexts_problems(value)) or None
    return validation.text_problem(key, value)


def text_validator(key: str) -> Callable[[str], bool | str]:
    """A questionary validator: True, or the message shown under the answer being typed."""

    def check(value: str) -> bool | str:
        return text_problem(key, value.strip()) or True

    return check


def choice_reason(option: str, value: str, answers: Mapping[str, str]) -> str | None:
    """Why a choice is offered disabled, or None when it can be picked."""
    if options.choice_is_possible(option, value, answers):
        return None
    if value not in options.IMPLEMENTED.get(option, frozenset({value})):
        return "not implemented yet"
    trial = {**answers, option: value}
    for rule in options.IMPOSSIBLE:
        if option in rule.condition.values and rule.condition.holds(trial):
            others = [f"{key}={trial[key]}" for key in rule.condition.values if key != option]
            return f"not with {', '.join(others)}"
    return "not possible with the answers so far"


def _answer(prompt: questionary.Question) -> Any:
    try:
        value = prompt.unsafe_ask()
    except EOFError as error:
        raise CancelledError from error
    if value is None:
        raise CancelledError
    return value


def team_reason(team: Preset | None, option: str, value: str) -> str | None:
    """Why the team's preset rules a choice out, or None."""
    if team is None or option not in team.allowed or value in team.allowed[option]:
        return None
    return f"not allowed by preset {team.name}"


def ask_choice(
    question: Question,
    env: StrictEnvironment,
    answers: Mapping[str, str],
    team: Preset | None = None,
) -> str:
    choices = [
        questionary.Choice(
            title=question.label(value),
            value=value,
            # Later locked answers count already: a choice they rule out is shown disabled.
            disabled=choice_reason(
                question.key, value, {**(team.locked if team else {}), **answers}
            )
            or team_reason(team, question.key, value),
        )
        for value in question.choices(env, answers)
    ]
    enabled = [choice for choice in choices if not choice.disabled]
    if not enabled:
        msg = f"no choice of {question.key} is possible with the answers so far"
        raise NoPossibleChoiceError(msg)
    wanted = team.defaults.get(question.key) if team else None
    default = next((choice for choice in enabled if choice.value == wanted), enabled[0])
    return str(_answer(questionary.select(question.prompt, choices=choices, default=default)))


def ask_text(
    question: Question,
    env: StrictEnvironment,
    answers: Mapping[str, str],
    team: Preset | None = None,
) -> str:
    default = team.defaults.get(question.key) if team else None
    prompt = questionary.text(
        question.prompt,
        default=default if default is not None else question.default(env, answers),
        validate=text_validator(question.key),
    )
    return str(_answer(prompt)).strip()


def ask_answers(
    model: Mapping[str, Any],
    preset: Mapping[str, str] | None = None,
    team: Preset | None = None,
) -> Answers:
    """Ask every question that applies; given answers and questions that do not apply are kept.

    A team preset's locked answers are shown as fixed, never asked; its allowed choices and
    defaults shape the questions that are asked.
    """
    preset = preset or {}
    env = environment(model)
    answers: Answers = {}
    if team is not None and team.locked:
        questionary.print(f"Preset {team.name} fixes {', '.join(team.locked)}.")
    for question in questions(model):
        if team is not None and question.key in team.locked:
            answers[question.key] = team.locked[question.key]
            questionary.print(
                f"  {question.prompt}: {question.label(answers[question.key])} "
                f"(fixed by preset {team.name})"
            )
        elif question.key in preset:
            answers[question.key] = preset[question.key]
        elif not options.applies(question.key, answers):
            answers[question.key] = question.default(env, answers)
        elif question.is_choice:
            answers[question.key] = ask_choice(question, env, answers, team)
        else:
            answers[question.key] = ask_text(question, env, answers, team)
    return answers


def command_line(
    answers: Mapping[str, str], output_dir: Path, preset_file: Path | None = None
) -> str:
    """The non-interactive command that generates the same project."""
    settings = " ".join(f"--set {shlex.quote(f'{key}={value}')}" for key, value in answers.items())
    team = f"--preset {shlex.quote(str(preset_file))} " if preset_file else ""
    return (
        f"backend-template new --no-input {team}{settings} "
        f"--output-dir {shlex.quote(str(output_dir))}"
    )


def summary(model_questions: Sequence[Question], answers: Mapping[str, str]) -> str:
    """The answers, one per line, choices with their label."""
    width = max(len(question.key) for question in model_questions)
    lines = ["Summary:"]
    for question in model_questions:
        value = answers[question.key]
        shown = f"{value} - {question.label(value)}" if question.is_choice else value
        lines.append(f"  {question.key:<{width}}  {shown}")
    return "\n".join(lines)


def confirm(target: Path) -> bool:
    return bool(_answer(questionary.confirm(f"Generate the project in {target}?", default=True)))
