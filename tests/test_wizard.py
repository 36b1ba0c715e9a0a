"""The wizard, driven like a person would: keys typed into a pipe as each prompt appears.

The wizard runs in the test's thread inside a prompt_toolkit app session whose input is a pipe
and whose output is a VT100 screen captured in memory; a typing thread waits for each prompt
text on that screen, then types the keys of the step. A prompt the script does not expect
makes the test fail (the typist presses Ctrl-C after a grace period) instead of hanging.
"""

from __future__ import annotations

import io
import json
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from backend_template import cli, options, wizard
from tests.support import (
    TEMPLATE,
    cookiecutter_answers,
    output_of,
    run,
    run_cookiecutter,
    tree_differences,
)

pytestmark = pytest.mark.wizard

T = TypeVar("T")
ENTER = "\r"
DOWN = "\x1b[B"
CLEAR_LINE = "\x15"
CTRL_C = "\x03"
PROMPT_TIMEOUT = 20.0

MODEL = options.load_cookiecutter_json(TEMPLATE)


def prompt(key: str) -> str:
    """The question text cookiecutter.json gives ``key``."""
    texts = MODEL["__prompts__"][key]
    return str(texts["__prompt__"] if isinstance(texts, dict) else texts)


CONFIRM = "Generate the project in"
ORDER = [key for key in MODEL if not key.startswith("_")]


class Terminal:
    """A scripted terminal: each step waits for a text on the screen, then types keys."""

    def __init__(self) -> None:
        self.screen = io.StringIO()
        self.output = Vt100_Output(self.screen, lambda: Size(rows=60, columns=400), term="xterm")
        self.failures: list[str] = []
        self.finished = threading.Event()

    def shown(self) -> str:
        return self.screen.getvalue()

    def run(self, steps: Sequence[tuple[str, str]], action: Callable[[], T]) -> T:
        with create_pipe_input() as pipe:
            typist = threading.Thread(target=self._type, args=(pipe, steps), daemon=True)
            typist.start()
            try:
                with create_app_session(input=pipe, output=self.output):
                    return action()
            finally:
                self.finished.set()
                typist.join(timeout=PROMPT_TIMEOUT)

    def _wait(self, text: str, start: int) -> int:
        deadline = time.monotonic() + PROMPT_TIMEOUT
        while time.monotonic() < deadline and not self.finished.is_set():
            found = self.shown().find(text, start)
            if found >= 0:
                return found
            time.sleep(0.01)
        return -1

    def _type(self, pipe: PipeInput, steps: Sequence[tuple[str, str]]) -> None:
        position = 0
        for expected, keys in steps:
            found = self._wait(expected, position)
            if found < 0:
                if not self.finished.is_set():
                    self.failures.append(f"the wizard never showed {expected!r}")
                    pipe.send_text(CTRL_C)
                return
            position = found + len(expected)
            pipe.send_text(keys)
        if not self.finished.wait(PROMPT_TIMEOUT):
            self.failures.append("the wizard asked more than the script answers")
            pipe.send_text(CTRL_C)


def accept_all(*, skip: Sequence[str] = (), **typed: str) -> list[tuple[str, str]]:
    """Steps answering every question with Enter, except those given (keys to type) or skipped."""
    steps = [(prompt(key), typed.get(key, ENTER)) for key in ORDER if key not in skip]
    steps.append((CONFIRM, typed.get("confirm", ENTER)))
    return steps


def retyped(key: str, rejected: str, reason: str, accepted: str) -> list[tuple[str, str]]:
    """Steps answering every question with Enter, ``key`` first with a rejected answer."""
    steps = accept_all()
    index = ORDER.index(key)
    steps[index : index + 1] = [
        (prompt(key), CLEAR_LINE + rejected + ENTER),
        (reason, CLEAR_LINE + accepted + ENTER),
    ]
    return steps


def printed_answers(out: str) -> dict[str, str]:
    """The answers of the non-interactive command the wizard prints before confirming."""
    line = next(line for line in out.splitlines() if line.startswith("Same without questions:"))
    words = shlex.split(line.split(":", 1)[1])
    return dict(
        words[index + 1].split("=", 1) for index, word in enumerate(words) if word == "--set"
    )


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    monkeypatch.setattr(cli, "interactive_terminal", lambda: True)
    return Terminal()


def run_wizard(terminal: Terminal, steps: Sequence[tuple[str, str]], *arguments: str) -> int:
    code = terminal.run(steps, lambda: cli.main(["new", *arguments]))
    assert not terminal.failures, terminal.failures
    return code


def recorded(project: Path) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads(
        (project / ".backend-template.json").read_text(encoding="utf-8")
    )["answers"]
    return answers


def test_accepting_every_default_generates_the_default_project(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out"

    code = run_wizard(terminal, accept_all(), "--output-dir", str(output))

    printed = capsys.readouterr()
    assert code == 0, printed.err
    project = output / "inventory-service"
    assert recorded(project) == cookiecutter_answers({})
    assert "Summary:" in printed.out
    assert f"cd {shlex.quote(str(project))} && make check" in printed.out
    assert "not implemented yet" in terminal.shown(), "unimplemented choices are shown disabled"


def test_typed_answers_give_the_same_tree_as_cookiecutter(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = accept_all(
        project_name=CLEAR_LINE + "Order Desk" + ENTER,
        contexts=CLEAR_LINE + "catalog:product, orders" + ENTER,
        database=DOWN + ENTER,
    )

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path / "wizard"))

    assert code == 0, capsys.readouterr().err
    project = tmp_path / "wizard" / "order-desk"
    answers = recorded(project)
    assert (answers["project_slug"], answers["package_name"]) == ("order-desk", "order_desk")
    assert (answers["contexts"], answers["database"]) == ("catalog:product, orders", "mysql")
    plain = tmp_path / "plain"
    plain.mkdir()
    result = run_cookiecutter(
        ["project_name=Order Desk", "contexts=catalog:product, orders", "database=mysql"], plain
    )
    assert result.returncode == 0, output_of(result)
    assert tree_differences(project, plain / "order-desk") == []


def test_printed_command_reproduces_the_project(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = accept_all(contexts=CLEAR_LINE + "billing" + ENTER)
    assert run_wizard(terminal, steps, "--output-dir", str(tmp_path / "wizard")) == 0
    answers = printed_answers(capsys.readouterr().out)
    assert answers == recorded(tmp_path / "wizard" / "inventory-service")
    settings = [f"--set={key}={value}" for key, value in answers.items()]

    code = cli.main(["new", "--no-input", *settings, "--output-dir", str(tmp_path / "again")])

    assert code == 0
    slug = "inventory-service"
    assert tree_differences(tmp_path / "wizard" / slug, tmp_path / "again" / slug) == []


def test_rejected_slug_shows_why_and_asks_again(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = retyped("project_slug", "Bad Slug", "is not a valid slug", "good-slug")

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path))

    assert code == 0, capsys.readouterr().err
    answers = recorded(tmp_path / "good-slug")
    assert answers["project_slug"] == "good-slug"
    assert answers["package_name"] == "good_slug", "the package default follows the typed slug"


def test_rejected_context_list_shows_why(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = retyped(
        "contexts",
        "catalog, api",
        "collides with a name the generated project uses",
        "catalog, stock",
    )

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path))

    assert code == 0, capsys.readouterr().err
    assert recorded(tmp_path / "inventory-service")["contexts"] == "catalog, stock"


def test_ctrl_c_exits_130_and_writes_nothing(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = [*accept_all()[: ORDER.index("contexts")], (prompt("contexts"), CTRL_C)]
    output = tmp_path / "out"

    code = run_wizard(terminal, steps, "--output-dir", str(output))

    assert code == 130
    assert "Cancelled: nothing written." in capsys.readouterr().err
    assert not output.exists()


def test_ctrl_c_at_the_confirmation_writes_nothing(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_wizard(terminal, accept_all(confirm=CTRL_C), "--output-dir", str(tmp_path / "o"))

    assert code == 130
    assert "Cancelled" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_declining_the_summary_writes_nothing(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_wizard(terminal, accept_all(confirm="n"), "--output-dir", str(tmp_path / "out"))

    printed = capsys.readouterr()
    assert code == 1
    assert "contexts" in printed.out
    assert "error: not confirmed, nothing written" in printed.err
    assert not (tmp_path / "out").exists()


def test_preset_answers_are_not_asked(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = accept_all(skip=("contexts", "database"))

    code = run_wizard(
        terminal,
        steps,
        "--set",
        "contexts=orders",
        "--set",
        "database=sqlite",
        "--output-dir",
        str(tmp_path),
    )

    assert code == 0, capsys.readouterr().err
    assert prompt("contexts") not in terminal.shown()
    answers = recorded(tmp_path / "inventory-service")
    assert (answers["contexts"], answers["database"]) == ("orders", "sqlite")


def test_questions_that_do_not_apply_are_skipped(
    terminal: Terminal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(options.APPLIES_WHEN, "broker", options.when(architecture="microservices"))
    steps = accept_all(skip=("broker",), confirm="n")

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path / "out"))

    assert code == 1
    assert prompt("broker") not in terminal.shown()


def test_impossible_choices_are_disabled_with_the_reason(
    terminal: Terminal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for option in options.CHOICE_OPTIONS:
        monkeypatch.setitem(options.IMPLEMENTED, option, frozenset(MODEL[option]))
    steps = accept_all(architecture=DOWN + DOWN + ENTER, confirm="n")

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path / "out"))

    assert code == 1
    assert "not with architecture=microservices" in terminal.shown()
    answers = printed_answers(capsys.readouterr().out)
    assert answers["architecture"] == "microservices"
    assert answers["broker"] == "rabbitmq", "the first possible choice is the default"
    assert answers["auth"] == "jwt"
    assert not (tmp_path / "out").exists()


def test_choice_reasons() -> None:
    answers = {**cookiecutter_answers({}), "architecture": "microservices"}
    assert wizard.choice_reason("broker", "kafka", answers) == "not implemented yet"
    assert wizard.choice_reason("orm", "tortoise", answers) is None


def test_no_terminal_without_no_input_exits_2_with_the_way_out(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "-m", "backend_template", "new", "--output-dir", str(tmp_path / "out")],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )

    assert result.returncode == 2, output_of(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "backend-template new --no-input --set key=value ... --output-dir DIR" in lines[0]
    assert not (tmp_path / "out").exists()
