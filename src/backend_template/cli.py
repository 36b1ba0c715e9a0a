"""The ``backend-template`` command: ``new`` generates a project, guided or from ``--set`` answers.

Both paths end in the same call, cookiecutter's API with ``no_input=True`` and every public
answer, so a project made here is byte-identical to ``cookiecutter <template> --no-input k=v``
with the same answers. Answers are validated before cookiecutter runs: nothing is written
for answers that cannot generate.

Exit codes: 0 generated; 1 invalid answers, target exists, declined or generation failed;
2 usage (unknown option or choice, malformed ``--set``, no terminal without ``--no-input``);
130 cancelled.
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from cookiecutter.exceptions import CookiecutterException  # type: ignore[import-untyped]
from cookiecutter.main import cookiecutter  # type: ignore[import-untyped]

from backend_template import __version__, options, presets, provenance, validation, wizard
from backend_template import add_context as adding
from backend_template import check as checking
from backend_template import update as updating

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_CANCELLED = 130

NON_INTERACTIVE_HINT = (
    "stdin is not a terminal, so the wizard cannot ask; run non-interactively: "
    "backend-template new --no-input --set key=value ... --output-dir DIR"
)


class CommandError(Exception):
    """A reason to stop before anything is written: one line per problem, and an exit code."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class UsageError(CommandError):
    """Input the command cannot interpret."""

    exit_code = EXIT_USAGE


def interactive_terminal() -> bool:
    """Whether the wizard can ask questions (a terminal on stdin)."""
    return sys.stdin.isatty()


def answers_help(model: Mapping[str, object]) -> str:
    """Every question of cookiecutter.json, one a line: its choices, or its text and default."""
    found = wizard.questions(model)
    width = max(len(question.key) for question in found)
    lines = ["answers (--set KEY=VALUE; the wizard asks the same questions):"]
    for question in found:
        if question.is_choice:
            implemented = options.IMPLEMENTED.get(question.key)
            values = [
                str(value)
                + (" (default)" if index == 0 else "")
                + (
                    " (not implemented yet)"
                    if implemented is not None and str(value) not in implemented
                    else ""
                )
                for index, value in enumerate(question.raw)
            ]
            shown = ", ".join(values)
        elif "{{" in str(question.raw):
            shown = f"{question.prompt}; by default derived from the answers before it"
        else:
            shown = f"{question.prompt}; default: {question.raw}"
        lines.append(f"  {question.key:<{width}}  {shown}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backend-template",
        description="Generate FastAPI services in clean-architecture layers.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    new = commands.add_parser(
        "new",
        help="generate a new project",
        description=(
            "Generate a new project: a guided wizard (Esc goes back; no at the summary changes "
            "an answer), or --no-input with --set answers."
        ),
        epilog=answers_help(options.load_cookiecutter_json()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument(
        "--no-input",
        action="store_true",
        help="ask nothing: use the --set answers and the defaults of cookiecutter.json",
    )
    new.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="answer one question (repeatable); with the wizard, that question is not asked",
    )
    new.add_argument(
        "--preset",
        type=Path,
        metavar="FILE",
        help="team preset (YAML): locked answers, allowed choices, defaults",
    )
    new.add_argument(
        "--output-dir",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="directory the project directory is created in (default: the current directory)",
    )
    update = commands.add_parser(
        "update",
        help="bring this project to another template version or other answers",
        description=(
            "Render the recorded template commit and the target, merge them into the project "
            "three ways with git; conflicts are left in git's index, exit 1."
        ),
    )
    update.add_argument(
        "--to", metavar="REF", help="template commit, tag or branch (default: the source's HEAD)"
    )
    update.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one answer (repeatable)",
    )
    update.add_argument(
        "--preset",
        type=Path,
        metavar="FILE",
        help="apply this revision of the team preset (its locked answers win)",
    )
    update.add_argument(
        "--dry-run", action="store_true", help="print what would change; change nothing"
    )
    update.add_argument(
        "--template",
        metavar="SOURCE",
        help="template repository to use instead of the recorded source (path or git URL)",
    )
    update.add_argument(
        "--project", type=Path, default=Path(), metavar="DIR", help="the project (default: .)"
    )
    check = commands.add_parser(
        "check",
        help="report drift against the template's manifest and what needs resolving",
        description=(
            "Offline: each recorded file pristine, modified, deleted or skipped; findings "
            "(invalid answers, conflict markers, an unfinished update, migration heads). "
            "Exit 0 without findings, 1 with findings, 2 on usage errors."
        ),
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--preset",
        type=Path,
        metavar="FILE",
        help="hold the answers against this team preset instead of the recorded one",
    )
    check.add_argument(
        "--project", type=Path, default=Path(), metavar="DIR", help="the project (default: .)"
    )
    add = commands.add_parser(
        "add",
        help="add a part to this project at its recorded template version",
        description="Add a part to this project: an update with the answer extended.",
    )
    parts = add.add_subparsers(dest="part", metavar="PART", required=True)
    context = parts.add_parser(
        "context",
        help="add a bounded context (a service in microservices)",
        description=(
            "Add a bounded context to every layer and shared file of the project, merged "
            "three ways with the project's own edits; its migration follows the project's head."
        ),
    )
    context.add_argument("spec", metavar="NAME[:entity]", help="context name, entity optional")
    context.add_argument(
        "--dry-run", action="store_true", help="print what would change; change nothing"
    )
    context.add_argument(
        "--template",
        metavar="SOURCE",
        help="template repository to use instead of the recorded source (path or git URL)",
    )
    context.add_argument(
        "--project", type=Path, default=Path(), metavar="DIR", help="the project (default: .)"
    )
    finish = update.add_mutually_exclusive_group()
    finish.add_argument(
        "--continue",
        dest="resume",
        action="store_true",
        help="finish an update whose conflicts are resolved",
    )
    finish.add_argument(
        "--abort", action="store_true", help="put the project back as it was before the update"
    )
    return parser


def parse_settings(items: Sequence[str]) -> dict[str, str]:
    """``["key=value", ...]`` as a dict; the last value of a repeated key wins."""
    settings: dict[str, str] = {}
    for item in items:
        key, separator, value = item.partition("=")
        if not separator or not key.strip():
            msg = f"--set expects KEY=VALUE, got {item!r}"
            raise UsageError(msg)
        settings[key.strip()] = value
    return settings


def missing_ancestors(directory: Path) -> list[Path]:
    """``directory`` and its ancestors that do not exist yet, deepest first."""
    missing: list[Path] = []
    current = directory.absolute()
    while not current.exists():
        missing.append(current)
        current = current.parent
    return missing


def remove_created(created: Sequence[Path]) -> None:
    """Undo a generation that did not finish: the project, then the empty directories above it."""
    project, *parents = created
    shutil.rmtree(project, ignore_errors=True)
    for directory in parents:
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()


def generate(answers: Mapping[str, str], output_dir: Path) -> Path:
    """Run cookiecutter on the installed template with these answers; the project directory.

    When cookiecutter stops (a hook fails, Ctrl-C), the project directory and any output
    directory made for it are removed: a failed generation leaves nothing behind.
    """
    created = missing_ancestors(output_dir / answers["project_slug"])
    if not created:
        raise CommandError(f"{shown_path(output_dir / answers['project_slug'])} already exists")
    try:
        location = cookiecutter(
            str(options.template_dir()),
            no_input=True,
            extra_context=dict(answers),
            output_dir=str(output_dir),
        )
    except CookiecutterException as error:
        remove_created(created)
        raise CommandError(f"generation stopped, nothing written: {error}") from error
    except BaseException:
        remove_created(created)
        raise
    return Path(str(location))


def shown_path(path: Path) -> str:
    """``path`` relative to the working directory when it is below it, else absolute."""
    absolute = target_path(path)
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def load_preset(path: Path | None, model: Mapping[str, object]) -> presets.Preset | None:
    """The team preset at ``path``, validated whole; a bad one is a usage error."""
    if path is None:
        return None
    try:
        return presets.load(path, model)
    except presets.PresetError as error:
        raise UsageError(*error.problems) from error


def given_problems(
    model: Mapping[str, object], given: Mapping[str, str], team: presets.Preset | None
) -> None:
    """Refuse ``--set`` answers that name no question or choice, or that the preset refuses."""
    unknown = wizard.input_problems(model, given)
    if unknown:
        raise UsageError(*unknown)
    if team is not None:
        refused = team.setting_problems(given)
        if refused:
            raise UsageError(*refused)


def answer_problems(answers: Mapping[str, str], team: presets.Preset | None) -> list[str]:
    return validation.validate(answers) + (team.violations(answers) if team else [])


def collect_answers(
    model: Mapping[str, object],
    given: Mapping[str, str],
    *,
    team: presets.Preset | None = None,
) -> dict[str, str]:
    """Every public answer from ``--set``, the preset and the defaults, validated."""
    given_problems(model, given, team)
    answers = wizard.complete_answers(
        model,
        {**(team.answered_defaults() if team else {}), **given, **(team.locked if team else {})},
    )
    problems = answer_problems(answers, team)
    if problems:
        raise CommandError(*problems)
    return answers


def target_path(path: Path) -> Path:
    """``path`` absolute, without ``.`` and ``..`` segments, as the confirmation shows it."""
    return Path(os.path.normpath(path.absolute()))


def ask_until_confirmed(
    model: Mapping[str, object], args: argparse.Namespace, team: presets.Preset | None
) -> dict[str, str]:
    """The wizard: questions, then the summary until it is confirmed; "no" offers a change."""
    given = parse_settings(args.settings)
    given_problems(model, given, team)
    if not interactive_terminal():
        raise UsageError(NON_INTERACTIVE_HINT)
    session = wizard.Wizard(model, given, team)
    answers = session.run()
    while True:
        problems = answer_problems(answers, team)
        if problems:
            raise CommandError(*problems)
        print(wizard.summary(wizard.questions(model), answers))
        same = wizard.command_line(answers, args.output_dir, args.preset)
        print(f"Same without questions:\n  {same}")
        decision = session.decide(target_path(args.output_dir / answers["project_slug"]))
        if decision is None:
            raise CommandError("not confirmed, nothing written")
        if not decision:
            return answers
        answers = session.change(decision)


def command_new(args: argparse.Namespace) -> int:
    model = options.load_cookiecutter_json()
    team = load_preset(args.preset, model)
    if args.no_input:
        answers = collect_answers(model, parse_settings(args.settings), team=team)
    else:
        answers = ask_until_confirmed(model, args, team)
    output_dir: Path = args.output_dir
    project = output_dir / answers["project_slug"]
    if project.exists():
        raise CommandError(f"{shown_path(project)} already exists: choose another --output-dir")
    location = generate(answers, output_dir)
    if team is not None:
        provenance.record_preset(location, team.record())
    print(f"Created {answers['project_name']} in {shown_path(location)}")
    print("Next:")
    print(f"  cd {shlex.quote(shown_path(location))} && make check")
    return 0


def print_plan(plan: updating.Plan) -> None:
    for letter, paths in (
        ("M", plan.written),
        ("A", plan.added),
        ("D", plan.deleted),
    ):
        for path in paths:
            print(f"  {letter} {path}")
    for path, places in plan.moved.items():
        print(f"  R {path} -> {', '.join(places)}")
    for path in plan.conflicts:
        print(f"  C {path}")


def recorded_preset(project: Path) -> presets.Preset | None:
    """The preset the project records, if any."""
    recorded = provenance.read(project).get("preset")
    if recorded is None:
        return None
    try:
        return presets.of_record(recorded)
    except presets.PresetError as error:
        raise CommandError(*error.problems) from error


def preset_settings(
    project: Path, team: presets.Preset, settings: Mapping[str, str]
) -> dict[str, str]:
    """The ``--set`` answers with a new preset revision applied: its locked answers win."""
    recorded = {key: str(value) for key, value in provenance.read(project)["answers"].items()}
    applied = {**settings, **team.locked}
    broken = team.violations({**recorded, **applied})
    if broken:
        raise CommandError(
            *(f"{problem}: add --set to choose an allowed value" for problem in broken)
        )
    return applied


def command_update(args: argparse.Namespace) -> int:
    project: Path = args.project
    if args.resume or args.abort:
        if args.settings or args.to or args.dry_run or args.template or args.preset:
            raise UsageError("--continue and --abort take no other option but --project")
        if args.abort:
            updating.abort_update(project)
            print("Update aborted: the project is as it was before.")
            return 0
        left = updating.continue_update(project)
        if left:
            print("Still in conflict (resolve, git add, then --continue):", file=sys.stderr)
            for path in left:
                print(f"  {path}", file=sys.stderr)
            return EXIT_PROBLEMS
        print("Update finished: the provenance record moved; review and commit.")
        return 0
    settings = parse_settings(args.settings)
    model = options.load_cookiecutter_json()
    unknown = wizard.input_problems(model, settings)
    if unknown:
        raise UsageError(*unknown)
    team = load_preset(args.preset, model)
    current = team or recorded_preset(project)
    refused = current.setting_problems(settings) if current else []
    if refused:
        raise UsageError(*refused)
    if team is not None:
        settings = preset_settings(project, team, settings)
    outcome = updating.update(
        project,
        to=args.to,
        settings=settings,
        dry_run=args.dry_run,
        template=args.template,
        preset=team.record() if team else None,
    )
    target = f"backend-template {outcome.version} ({outcome.commit[:12]})"
    if args.dry_run:
        print(f"Would update to {target}:" if outcome.current.changes else f"Up to date: {target}")
        print_plan(outcome.current)
        return EXIT_PROBLEMS if outcome.current.conflicts else 0
    if outcome.current.conflicts:
        print(f"Updated to {target} with conflicts:")
        print_plan(outcome.current)
        print("Resolve the conflicts, git add them, then run: backend-template update --continue")
        print("Or put everything back: backend-template update --abort")
        return EXIT_PROBLEMS
    print(f"Updated to {target}:" if outcome.current.changes else f"Up to date: {target}")
    print_plan(outcome.current)
    if outcome.current.changes:
        print("The changes are staged: review and commit.")
    return 0


def command_add(args: argparse.Namespace) -> int:
    outcome, moved = adding.add_context(
        args.project, args.spec, dry_run=args.dry_run, template=args.template
    )
    plan = outcome.current
    if args.dry_run:
        print(f"Would add context {args.spec}:")
        print_plan(plan)
        return EXIT_PROBLEMS if plan.conflicts else 0
    print(f"Added context {args.spec}" + (" with conflicts:" if plan.conflicts else ":"))
    print_plan(plan)
    for path in moved:
        print(f"  {path}: follows the project's own migration head")
    if plan.conflicts:
        print("Resolve the conflicts, git add them, then run: backend-template update --continue")
        print("Or put everything back: backend-template update --abort")
        return EXIT_PROBLEMS
    print("The changes are staged: review and commit.")
    return 0


def command_check(args: argparse.Namespace) -> int:
    team = load_preset(args.preset, options.load_cookiecutter_json())
    report = checking.check(args.project, team)
    print(report.as_json() if args.format == "json" else report.as_text(), end="")
    return EXIT_PROBLEMS if report.findings else 0


COMMANDS = {
    "new": command_new,
    "update": command_update,
    "add": command_add,
    "check": command_check,
}


def quiet_cookiecutter_logging() -> None:
    """Keep cookiecutter's traceback of a failed hook off the terminal: the hook said why."""
    logger = logging.getLogger("cookiecutter")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())


def main(argv: Sequence[str] | None = None) -> int:
    quiet_cookiecutter_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command not in COMMANDS:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except CommandError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return error.exit_code
    except wizard.NoPossibleChoiceError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (wizard.CancelledError, KeyboardInterrupt):
        print("Cancelled: nothing written.", file=sys.stderr)
        return EXIT_CANCELLED
    except (updating.UpdateError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
