"""The wizard, driven like a person would: keys typed into a pipe as each prompt appears.

The wizard runs in the test's thread inside a prompt_toolkit app session whose input is a pipe
and whose output is a VT100 screen captured in memory; a typing thread waits for each prompt
text on that screen, then types the keys of the step. A prompt the script does not expect
makes the test fail (the typist presses Ctrl-C after a grace period) instead of hanging.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import pty
import select
import shlex
import signal
import struct
import subprocess
import sys
import termios
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

from backend_template import __version__, cli, options, wizard
from tests.support import (
    TEMPLATE,
    cookiecutter_answers,
    output_of,
    run,
    run_cookiecutter,
    tool,
    tree_differences,
)

pytestmark = pytest.mark.wizard

T = TypeVar("T")
ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
ESC = "\x1b"
CLEAR_LINE = "\x15"
CTRL_C = "\x03"
PROMPT_TIMEOUT = 20.0
# After the last step the wizard generates; on a loaded machine that outlasts a prompt's wait.
FINISH_TIMEOUT = 180.0

MODEL = options.load_cookiecutter_json(TEMPLATE)


def prompt(key: str) -> str:
    """The question text cookiecutter.json gives ``key``."""
    texts = MODEL["__prompts__"][key]
    return str(texts["__prompt__"] if isinstance(texts, dict) else texts)


CONFIRM = "Generate the project in"
CHANGE = wizard.CHANGE_PROMPT
QUIT_KEYS = UP + ENTER
ORDER = [key for key in MODEL if not key.startswith("_")]


class Terminal:
    """A scripted terminal: each step waits for a text on the screen, then types keys."""

    def __init__(self, columns: int = 400) -> None:
        self.screen = io.StringIO()
        size = Size(rows=60, columns=columns)
        self.output = Vt100_Output(self.screen, lambda: size, term="xterm")
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
        if not self.finished.wait(FINISH_TIMEOUT):
            self.failures.append("the wizard asked more than the script answers")
            pipe.send_text(CTRL_C)


class PseudoTerminal:
    """A command on a pseudo-terminal that is its controlling terminal, as in a shell.

    Ctrl-C typed into it reaches the command as a terminal sends it: a key while the wizard
    reads keys, SIGINT to the command's process group otherwise.
    """

    def __init__(self, command: Sequence[str], cwd: Path) -> None:
        self.command = list(command)
        self.cwd = cwd
        self.screen = b""
        self.pid = 0
        self.fd = -1

    def __enter__(self) -> PseudoTerminal:
        environment = {**os.environ, "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the command, never return into the tests
            try:
                os.chdir(self.cwd)
                # As a shell starts a command in the foreground: Ctrl-C interrupts it, even when
                # the tests themselves run in the background, where SIGINT is ignored (and an
                # ignored signal stays ignored across exec).
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.execve(self.command[0], self.command, environment)  # noqa: S606
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pid:
            with contextlib.suppress(ChildProcessError, ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        os.close(self.fd)

    def shown(self) -> str:
        return self.screen.decode("utf-8", errors="replace")

    def _read(self, timeout: float) -> bool:
        """Read what the command wrote within ``timeout``; False once the terminal closed."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: every process holding the terminal has ended
            return False
        self.screen += chunk
        return bool(chunk)

    def wait_until(self, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + FINISH_TIMEOUT
        while not done():
            if time.monotonic() > deadline or not self._read(0.01):
                pytest.fail(f"the command never got there; it showed:\n{self.shown()}")

    def wait_for(self, text: str) -> None:
        self.wait_until(lambda: text in self.shown())

    def press(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def finish(self) -> tuple[int, str]:
        """The command's exit code and everything it showed."""
        deadline = time.monotonic() + FINISH_TIMEOUT
        while time.monotonic() < deadline and self._read(0.1):
            pass
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return os.waitstatus_to_exitcode(status), self.shown()


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


def printed_commands(out: str) -> list[str]:
    """Each non-interactive command the wizard printed before a confirmation, as printed."""
    lines = out.splitlines()
    commands: list[str] = []
    for start, line in enumerate(lines):
        if line == "Same without questions:":
            end = start + 1
            while lines[end].endswith("\\"):
                end += 1
            commands.append("\n".join(lines[start + 1 : end + 1]))
    return commands


def printed_answers(out: str, which: int = -1) -> dict[str, str]:
    """The answers of the non-interactive command the wizard printed (the last by default)."""
    words = shlex.split(printed_commands(out)[which])
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


@pytest.mark.usefixtures("kafka_unimplemented")
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
    assert "broker=kafka is not implemented yet: the Kafka adapter" in terminal.shown()


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
    out = capsys.readouterr().out
    assert printed_answers(out) == recorded(tmp_path / "wizard" / "inventory-service")
    (command,) = printed_commands(out)
    original = tmp_path / "original"
    (tmp_path / "wizard").rename(original)
    path = f"{Path(tool('backend-template')).parent}{os.pathsep}{os.environ['PATH']}"

    result = run(["sh", "-c", command], cwd=Path.cwd(), env={**os.environ, "PATH": path})

    assert result.returncode == 0, output_of(result)
    slug = "inventory-service"
    assert tree_differences(original / slug, tmp_path / "wizard" / slug) == []


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


def declined(steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``steps`` ending in "no" at the summary, then quitting from the offer to change."""
    return [*steps[:-1], (CONFIRM, "n"), (CHANGE, QUIT_KEYS)]


def test_declining_the_summary_then_quitting_writes_nothing(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_wizard(terminal, declined(accept_all()), "--output-dir", str(tmp_path / "out"))

    printed = capsys.readouterr()
    assert code == 1
    assert "contexts" in printed.out
    assert wizard.QUIT in terminal.shown()
    assert "error: not confirmed, nothing written" in printed.err
    assert not (tmp_path / "out").exists()


def test_the_target_is_shown_normalised(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = tmp_path / "elsewhere" / ".." / "out"

    code = run_wizard(terminal, declined(accept_all()), "--output-dir", str(given))

    assert code == 1, capsys.readouterr().err
    assert f"Generate the project in {tmp_path / 'out' / 'inventory-service'}?" in terminal.shown()


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
    steps = declined(accept_all(skip=("broker",)))

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
    steps = declined(accept_all(architecture=DOWN + DOWN + ENTER))

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path / "out"))

    assert code == 1
    assert "not with architecture=microservices" in terminal.shown()
    assert (
        "auth=session is not with architecture=microservices: a cookie session cannot be "
        "verified by every service" in terminal.shown()
    ), "the reason is explained in full above the choices"
    answers = printed_answers(capsys.readouterr().out)
    assert answers["architecture"] == "microservices"
    assert answers["broker"] == "rabbitmq", "the first possible choice is the default"
    assert answers["auth"] == "jwt"
    assert not (tmp_path / "out").exists()


@pytest.mark.usefixtures("kafka_unimplemented")
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


def test_esc_goes_back_to_change_an_earlier_answer(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = [
        (prompt("project_name"), CLEAR_LINE + "First Try" + ENTER),
        (prompt("project_slug"), ESC),
        (prompt("project_name"), CLEAR_LINE + "Über Orders!" + ENTER),
        ("uber-orders", ENTER),
        *accept_all()[2 : ORDER.index("orm")],
        (prompt("orm"), ESC),
        (prompt("auth"), DOWN + DOWN + ENTER),
        *accept_all()[ORDER.index("orm") :],
    ]

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path))

    assert code == 0, capsys.readouterr().err
    answers = recorded(tmp_path / "uber-orders")
    assert answers["project_name"] == "Über Orders!"
    assert (answers["project_slug"], answers["package_name"]) == ("uber-orders", "uber_orders")
    assert answers["auth"] == "session", "the answer given after going back counts"
    assert wizard.HINT in terminal.shown()


def test_esc_at_the_first_question_stays_there(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = [(prompt("project_name"), ESC), ("This is the first question.", ""), *accept_all()]

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path))

    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "inventory-service").is_dir()


def test_no_at_the_summary_offers_a_change_and_derived_answers_follow(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = [
        *accept_all()[:-1],
        (CONFIRM, "n"),
        (CHANGE, ENTER),
        (prompt("project_name"), CLEAR_LINE + "Order Desk" + ENTER),
        (CONFIRM, ENTER),
    ]

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path))

    out = capsys.readouterr().out
    assert code == 0
    answers = recorded(tmp_path / "order-desk")
    assert (answers["project_slug"], answers["package_name"]) == ("order-desk", "order_desk")
    assert printed_answers(out, 0)["project_slug"] == "inventory-service"
    assert printed_answers(out) == answers, "the summary is shown again with the change"
    assert not (tmp_path / "inventory-service").exists()


def test_a_changed_answer_asks_again_what_it_rules_out(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = [
        *accept_all(project_slug=CLEAR_LINE + "my-desk" + ENTER)[:-1],
        (CONFIRM, "n"),
        (CHANGE, DOWN * ORDER.index("architecture") + ENTER),
        (prompt("architecture"), DOWN + DOWN + ENTER),
        ("broker=none is no longer possible with architecture=microservices", ""),
        (prompt("broker"), ENTER),
        (CONFIRM, "n"),
        (CHANGE, QUIT_KEYS),
    ]

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path / "out"))

    assert code == 1
    answers = printed_answers(capsys.readouterr().out)
    assert (answers["architecture"], answers["broker"]) == ("microservices", "rabbitmq")
    assert answers["project_slug"] == "my-desk", "a typed answer is kept"
    assert not (tmp_path / "out").exists()


def test_an_existing_target_offers_a_change_instead_of_failing(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "inventory-service" / "mine").mkdir(parents=True)
    steps = [
        *accept_all()[:-1],
        ("inventory-service already exists: change project_slug", ""),
        (CHANGE, DOWN + ENTER),
        (prompt("project_slug"), CLEAR_LINE + "stock-service" + ENTER),
        (CONFIRM, ENTER),
    ]

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path))

    assert code == 0, capsys.readouterr().err
    assert recorded(tmp_path / "stock-service")["package_name"] == "stock_service"
    assert [path.name for path in (tmp_path / "inventory-service").iterdir()] == ["mine"]


def test_a_rejected_slug_is_offered_normalised(
    terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = accept_all()
    index = ORDER.index("project_slug")
    steps[index : index + 1] = [
        (prompt("project_slug"), CLEAR_LINE + "Ünïcode Slug!" + ENTER),
        ("is not a valid slug", ""),
        ("unicode-slug", ENTER),
    ]

    code = run_wizard(terminal, steps, "--output-dir", str(tmp_path))

    assert code == 0, capsys.readouterr().err
    assert recorded(tmp_path / "unicode-slug")["project_slug"] == "unicode-slug"


def test_messages_wrap_at_the_terminal_width(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "interactive_terminal", lambda: True)
    narrow = Terminal(columns=80)
    steps = [
        *retyped("project_slug", "Bad Slug", "is not a valid", "good-slug")[:3],
        (prompt("package_name"), CTRL_C),
    ]

    code = narrow.run(steps, lambda: cli.main(["new", "--output-dir", str(tmp_path)]))

    assert not narrow.failures, narrow.failures
    assert code == 130, capsys.readouterr().err
    problem = wizard.text_problem("project_slug", "Bad Slug")
    assert problem is not None
    shown = narrow.shown()
    assert f"error: {problem}" not in shown, "the message is wrapped, not one long line"
    words = problem.split()
    assert all(word in shown for word in words), "every word is shown"


@pytest.mark.parametrize("cut", ["name", "generation"])
def test_ctrl_c_in_a_terminal_exits_130_without_a_traceback(
    cut: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out"
    command = [tool("backend-template"), "new", "--output-dir", str(output)]
    if cut == "generation":
        command.insert(2, "--no-input")
    with PseudoTerminal(command, tmp_path) as session:
        if cut == "name":
            session.wait_for(prompt("project_name"))
        else:
            session.wait_until((output / "inventory-service").exists)
        session.press(CTRL_C)
        code, shown = session.finish()

    assert code == 130, shown
    assert "Traceback" not in shown, shown
    assert "Cancelled: nothing written." in shown
    assert not output.exists()


def test_version_and_help_name_every_option_and_choice(tmp_path: Path) -> None:
    version = run([tool("backend-template"), "--version"], cwd=tmp_path)
    assert version.returncode == 0, output_of(version)
    assert version.stdout.strip() == f"backend-template {__version__}"

    shown = run([tool("backend-template"), "new", "--help"], cwd=tmp_path)

    assert shown.returncode == 0, output_of(shown)
    for key in ORDER:
        assert f"  {key}" in shown.stdout, key
        raw = MODEL[key]
        if isinstance(raw, list):
            line = next(line for line in shown.stdout.splitlines() if line.startswith(f"  {key} "))
            assert all(str(choice) in line for choice in raw), line
    assert "kafka (not implemented yet)" not in shown.stdout
