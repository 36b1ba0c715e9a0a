"""The guided path: the questions of cookiecutter.json, asked only where they apply.

The questions, their order, their texts and their defaults all come from cookiecutter.json;
which question applies and which choice is possible come from ``backend_template.options``;
text answers are checked with the functions the pre-generation hook uses. Nothing here
decides what a project may be: it only asks.
"""

from __future__ import annotations

import shlex
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import questionary
from cookiecutter.environment import StrictEnvironment  # type: ignore[import-untyped]
from cookiecutter.prompt import render_variable  # type: ignore[import-untyped]
from cookiecutter.utils import create_env_with_context  # type: ignore[import-untyped]
from prompt_toolkit.application import get_app_session
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings

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


class GoBackError(Exception):
    """The user pressed Esc: return to the question asked before this one."""


BACK_KEY = "escape"
HINT = "Esc goes back to the previous question; Ctrl-C stops without writing anything."
QUIT = "Quit without writing anything"
CHANGE_PROMPT = "Change an answer, or quit?"


def terminal_width() -> int:
    """The width the wizard's terminal shows, for wrapping what it prints."""
    return max(get_app_session().output.get_size().columns - 1, 40)


def say(text: str, *, indent: str = "") -> None:
    """Print ``text`` on the wizard's terminal, word-wrapped instead of cut at its width."""
    questionary.print(
        textwrap.fill(
            text,
            terminal_width(),
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_on_hyphens=False,
        )
    )


def with_back(prompt: questionary.Question) -> questionary.Question:
    """``prompt`` with Esc bound to going back, on top of questionary's own keys."""
    bindings = KeyBindings()

    @bindings.add(BACK_KEY, eager=True)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(exception=GoBackError())

    application = prompt.application
    application.key_bindings = merge_key_bindings(
        [bindings, application.key_bindings or KeyBindings()]
    )
    return prompt


def choice_reason(option: str, value: str, answers: Mapping[str, str]) -> str | None:
    """Why a choice is offered disabled, in the few words shown beside it; None when possible."""
    if options.choice_is_possible(option, value, answers):
        return None
    if value not in options.IMPLEMENTED.get(option, frozenset({value})):
        return "not implemented yet"
    rule = options.ruling_out(option, value, answers)
    if rule is None:
        return "not possible with the answers so far"
    trial = {**answers, option: value}
    others = [f"{key}={trial[key]}" for key in rule.condition.values if key != option]
    prefix = "not implemented yet with" if rule.implemented_later else "not with"
    return f"{prefix} {', '.join(others)}"


def choice_explanation(option: str, value: str, answers: Mapping[str, str]) -> str | None:
    """Why a choice is disabled, in full: the answer that rules it out and the reason."""
    if options.choice_is_possible(option, value, answers):
        return None
    if value not in options.IMPLEMENTED.get(option, frozenset({value})):
        return f"{option}={value} is {options.unimplemented_reason(option, value)}"
    rule = options.ruling_out(option, value, answers)
    if rule is None:
        return None
    return f"{option}={value} is {choice_reason(option, value, answers)}: {rule.why}"


def _answer(prompt: questionary.Question) -> Any:
    try:
        value = with_back(prompt).unsafe_ask()
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
    current: str | None = None,
) -> str:
    # Later locked answers count already: a choice they rule out is shown disabled.
    seen = {**(team.locked if team else {}), **answers}
    choices = [
        questionary.Choice(
            title=question.label(value),
            value=value,
            disabled=choice_reason(question.key, value, seen)
            or team_reason(team, question.key, value),
        )
        for value in question.choices(env, answers)
    ]
    enabled = [choice for choice in choices if not choice.disabled]
    if not enabled:
        msg = f"no choice of {question.key} is possible with the answers so far"
        raise NoPossibleChoiceError(msg)
    for choice in choices:
        explanation = choice_explanation(question.key, str(choice.value), seen)
        if choice.disabled and explanation:
            say(explanation, indent="  ")
    wanted = current or (team.defaults.get(question.key) if team else None)
    default = next((choice for choice in enabled if choice.value == wanted), enabled[0])
    return str(_answer(questionary.select(question.prompt, choices=choices, default=default)))


def normalised(key: str, value: str, env: StrictEnvironment) -> str:
    """A typed answer brought to the form its question needs, where one follows from it."""
    if key == "project_slug":
        # The same filter and limits cookiecutter.json derives the slug from the name with.
        slug = env.filters["slugify"](value, max_length=validation.MAX_NAME_LENGTH)
        return str(slug).strip("-") or value
    if key == "package_name":
        return value.strip().lower().replace("-", "_").replace(" ", "_")
    return value


def ask_text(question: Question, env: StrictEnvironment, default: str) -> str:
    """Ask until the answer passes the hook's checks; a refusal is printed whole, wrapped."""
    while True:
        value = str(_answer(questionary.text(question.prompt, default=default))).strip()
        problem = text_problem(question.key, value)
        if problem is None:
            return value
        say(f"error: {problem}")
        default = normalised(question.key, value, env)


class Wizard:
    """The questions of cookiecutter.json, asked in order; Esc goes back, answers can be changed.

    ``given`` answers (``--set``) and a team preset's locked answers are never asked; questions
    that do not apply take their default. A text answer typed differently from its default is
    kept when an earlier answer changes; a default (the slug from the name) follows it.
    """

    def __init__(
        self,
        model: Mapping[str, Any],
        given: Mapping[str, str] | None = None,
        team: Preset | None = None,
    ) -> None:
        self.env = environment(model)
        self.questions = questions(model)
        self.given = dict(given or {})
        self.team = team
        self.answers: Answers = {}
        self.typed: dict[str, str] = {}

    def before(self, index: int) -> Answers:
        return {question.key: self.answers[question.key] for question in self.questions[:index]}

    def settled(self, index: int) -> str | None:
        """The answer of a question that is not asked: given, locked or not applying."""
        question = self.questions[index]
        if self.team is not None and question.key in self.team.locked:
            return self.team.locked[question.key]
        if question.key in self.given:
            return self.given[question.key]
        if not options.applies(question.key, self.before(index)):
            return question.default(self.env, self.before(index))
        return None

    def asked(self) -> list[Question]:
        """The questions the user answers, in order."""
        return [q for index, q in enumerate(self.questions) if self.settled(index) is None]

    def text_default(self, index: int) -> str:
        question = self.questions[index]
        if question.key in self.typed:
            return self.typed[question.key]
        wanted = self.team.defaults.get(question.key) if self.team else None
        return wanted if wanted is not None else question.default(self.env, self.before(index))

    def ask(self, index: int) -> str:
        question = self.questions[index]
        if question.is_choice:
            return ask_choice(
                question, self.env, self.before(index), self.team, self.answers.get(question.key)
            )
        offered = self.text_default(index)
        value = ask_text(question, self.env, offered)
        if value != question.default(self.env, self.before(index)):
            self.typed[question.key] = value
        else:
            self.typed.pop(question.key, None)
        return value

    def possible(self, index: int, value: str) -> bool:
        question = self.questions[index]
        seen = {**(self.team.locked if self.team else {}), **self.before(index)}
        return choice_reason(question.key, value, seen) is None and (
            team_reason(self.team, question.key, value) is None
        )

    def run(self) -> Answers:
        """Ask every question that applies, from the first; Esc returns to the one before."""
        if self.team is not None and self.team.locked:
            questionary.print(f"Preset {self.team.name} fixes {', '.join(self.team.locked)}.")
            for question in self.questions:
                if question.key in self.team.locked:
                    questionary.print(
                        f"  {question.prompt}: {question.label(self.team.locked[question.key])} "
                        f"(fixed by preset {self.team.name})"
                    )
        say(HINT)
        index = 0
        while index < len(self.questions):
            settled = self.settled(index)
            key = self.questions[index].key
            if settled is not None:
                self.answers[key] = settled
                index += 1
                continue
            try:
                self.answers[key] = self.ask(index)
            except GoBackError:
                earlier = [i for i in range(index) if self.settled(i) is None]
                if not earlier:
                    say("This is the first question.")
                index = earlier[-1] if earlier else index
                continue
            index += 1
        return dict(self.answers)

    def change(self, key: str) -> Answers:
        """Ask ``key`` again; later answers that follow from it are recomputed or asked again."""
        start = next(index for index, question in enumerate(self.questions) if question.key == key)
        try:
            self.answers[key] = self.ask(start)
        except GoBackError:
            return dict(self.answers)
        for index in range(start + 1, len(self.questions)):
            question = self.questions[index]
            settled = self.settled(index)
            if settled is not None:
                self.answers[question.key] = settled
            elif question.is_choice:
                if not self.possible(index, self.answers[question.key]):
                    say(
                        f"{question.key}={self.answers[question.key]} is no longer possible "
                        f"with {key}={self.answers[key]}: choose again."
                    )
                    self.answers[question.key] = self.ask_until_answered(index)
            else:
                follows = self.text_default(index)
                if text_problem(question.key, follows) is None:
                    self.answers[question.key] = follows
                else:
                    self.answers[question.key] = self.ask_until_answered(index)
        return dict(self.answers)

    def ask_until_answered(self, index: int) -> str:
        """Ask a question that must be answered now: Esc keeps it on screen."""
        while True:
            try:
                return self.ask(index)
            except GoBackError:
                say("This answer is needed before the summary.")

    def decide(self, target: Path) -> str | None:
        """After the summary: "" to generate, a question's key to change it, None to quit."""
        if target.exists():
            say(
                f"{target} already exists: change project_slug, or quit and choose another "
                "--output-dir."
            )
        elif confirm(target):
            return ""
        return self.pick_change()

    def pick_change(self) -> str | None:
        choices = [
            questionary.Choice(
                title=f"{question.prompt}: {self.shown(question)}", value=question.key
            )
            for question in self.asked()
        ]
        choices.append(questionary.Choice(title=QUIT, value=QUIT))
        while True:
            try:
                picked = str(_answer(questionary.select(CHANGE_PROMPT, choices=choices)))
            except GoBackError:
                continue
            return None if picked == QUIT else picked

    def shown(self, question: Question) -> str:
        value = self.answers[question.key]
        return question.label(value) if question.is_choice else value


def command_line(
    answers: Mapping[str, str], output_dir: Path, preset_file: Path | None = None
) -> str:
    """The non-interactive command that generates the same project, one option a line.

    Every word is shell-quoted and every line but the last ends in a backslash, so the
    command runs as printed when pasted into a POSIX shell.
    """
    words = ["backend-template new --no-input"]
    if preset_file:
        words.append(f"--preset {shlex.quote(str(preset_file))}")
    words += [f"--set {shlex.quote(f'{key}={value}')}" for key, value in answers.items()]
    words.append(f"--output-dir {shlex.quote(str(output_dir))}")
    return " \\\n    ".join(words)


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
