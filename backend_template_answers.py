"""Answers are data, never templates: the Jinja extension cookiecutter.json loads.

Cookiecutter renders every value of the context through Jinja while it computes the answers,
including values given with ``--no-input key=value``, ``extra_context`` or a user config, and
before any hook can look at them. This extension lets Jinja execute only the template's own
text: the strings cookiecutter.json holds, the hooks and the paths of the template tree. Any
other source (an answer) is rewritten to an expression that yields its text unchanged.

It also keeps the project directory a single directory inside the output directory whatever
the slug says, so that the pre-generation hook can refuse the slug and leave nothing behind,
and it gives the template the filters that write an answer literally into Python, TOML and
Markdown. When a hook refuses the answers, it keeps cookiecutter's traceback from burying the
hook's lines. It needs nothing but Jinja: plain Cookiecutter loads it from the template directory.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.ext import Extension

# Resolved on import: cookiecutter may have put the template on the path as a relative entry.
TEMPLATE_DIRECTORY = Path(__file__).resolve().parent
HOOK_NAMES = ("pre_prompt", "pre_gen_project", "post_gen_project")
SEGMENT = re.compile(r"[^/\\]+")
# Longer than any slug the hook accepts, shorter than any file system's limit.
MAX_DIRECTORY_NAME = 100
# The name the catalogue beside this template is loaded under, apart from an installed engine.
CATALOGUE_MODULE = "backend_template_catalogue"


def python_string(value: str) -> str:
    """A Python string literal of ``value`` in ASCII, with no quote the formatter would swap."""
    parts = ['"']
    for character in value:
        code = ord(character)
        if character == "\\":
            parts.append("\\\\")
        elif character == '"':
            parts.append("\\u0022")
        elif 0x20 <= code < 0x7F:
            parts.append(character)
        elif code <= 0xFF:
            parts.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            parts.append(f"\\u{code:04x}")
        else:
            parts.append(f"\\U{code:08x}")
    parts.append('"')
    return "".join(parts)


def toml_string(value: str) -> str:
    """A TOML basic string of ``value``: JSON's escapes, other characters kept as they are."""
    return json.dumps(value, ensure_ascii=False)


def markdown_code(value: str) -> str:
    """``value`` as a Markdown code span that a table cell keeps whole."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    padding = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{padding}{value.replace('|', chr(92) + '|')}{padding}{fence}"


def directory_name(value: str) -> str:
    """``value`` as one directory name: never nested, never the output directory or its parent."""
    name = re.sub(r"[/\\\x00-\x1f\x7f]", "-", value)[:MAX_DIRECTORY_NAME]
    if not name.strip("."):
        name = name.replace(".", "-") or "-"
    return name


FILTERS: dict[str, Callable[[str], str]] = {
    "python_string": python_string,
    "toml_string": toml_string,
    "markdown_code": markdown_code,
    "directory_name": directory_name,
}


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a JSON value: keys, items and leaves."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def has_markers(text: str, env: Environment) -> bool:
    return any(
        marker in text
        for marker in (env.block_start_string, env.variable_start_string, env.comment_start_string)
    )


@dataclass(frozen=True)
class Owned:
    """The sources a template holds itself."""

    texts: frozenset[str]  # strings of cookiecutter.json, the hooks
    roots: frozenset[str]  # names of the project directory in the template
    paths: frozenset[str]  # paths with template syntax, relative to the project directory


@lru_cache(maxsize=8)
def owned_by(template: Path) -> Owned:
    """What the template at ``template`` renders of its own."""
    model = json.loads((template / "cookiecutter.json").read_text(encoding="utf-8"))
    texts = set(strings_in(model))
    hooks = template / "hooks"
    if hooks.is_dir():
        texts.update(
            path.read_text(encoding="utf-8")
            for path in hooks.iterdir()
            if path.is_file() and path.stem in HOOK_NAMES
        )
    roots = {
        entry.name
        for entry in template.iterdir()
        if entry.is_dir() and "cookiecutter" in entry.name and "{" in entry.name
    }
    paths: set[str] = set()
    for root in roots:
        tree = template / root
        for directory, dirnames, filenames in os.walk(tree):
            base = Path(directory).relative_to(tree).as_posix()
            for name in (*dirnames, *filenames):
                relative = name if base == "." else f"{base}/{name}"
                if "{" in relative:
                    paths.add(relative)
    return Owned(frozenset(texts), frozenset(roots), frozenset(paths))


def templates_in_use() -> list[Path]:
    """This template, and any copy of it cookiecutter has put on the import path."""
    found = [TEMPLATE_DIRECTORY]
    for entry in sys.path:
        candidate = Path(entry or ".").resolve()
        if (
            candidate not in found
            and (candidate / Path(__file__).name).is_file()
            and (candidate / "cookiecutter.json").is_file()
        ):
            found.append(candidate)
    return found


def catalogue_path() -> Path | None:
    """The engine's catalogue beside this template: a source checkout's, or a package's."""
    for candidate in (
        TEMPLATE_DIRECTORY / "src" / "backend_template" / "catalogue.py",
        TEMPLATE_DIRECTORY.parent / "catalogue.py",
    ):
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=1)
def catalogue_globals() -> dict[str, Any]:
    """The catalogue's entries by option and value: of the engine beside this template, as the
    hooks use it, else of the installed engine; none when neither is there."""
    path = catalogue_path()
    spec = (
        importlib.util.spec_from_file_location("backend_template_catalogue", path) if path else None
    )
    if spec is None or spec.loader is None:
        try:
            installed = importlib.import_module("backend_template.catalogue")
        except ImportError:
            return {}
        entries: dict[str, Any] = installed.globals_for_templates()
        return entries
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up by name while the module runs.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    entries = module.globals_for_templates()
    return entries


def computing_answers() -> bool:
    """Whether cookiecutter is computing the answers: its prompt module is rendering a value."""
    frame = inspect.currentframe()
    while frame is not None:
        if frame.f_globals.get("__name__") == "cookiecutter.prompt":
            return True
        frame = frame.f_back
    return False


class HookSaidWhy(logging.Filter):
    """Keeps cookiecutter's own frames off the screen when a hook of this template stops it.

    The hooks print one ``error:`` line per problem before they exit 1; the traceback of
    cookiecutter's ``FailedHookException`` logged after them would bury those lines.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if type(error).__name__ == "FailedHookException":
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_failed_hooks() -> None:
    """Install ``HookSaidWhy`` on cookiecutter's hook logger, once per process."""
    logger = logging.getLogger("cookiecutter.hooks")
    if not any(type(item).__name__ == HookSaidWhy.__name__ for item in logger.filters):
        logger.addFilter(HookSaidWhy())


class LiteralAnswers(Extension):
    """Renders the template's own sources; any other source comes out as its own text."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(FILTERS)
        quiet_failed_hooks()
        # The hooks run in the project directory, where a relative ``_repo_dir`` means nothing.
        environment.globals["template_directory"] = str(TEMPLATE_DIRECTORY)
        # What the template knows of each choice: ``brokers[cookiecutter.broker].label``.
        environment.globals.update(catalogue_globals())
        owned = [owned_by(template) for template in templates_in_use()]
        self.texts = frozenset().union(*(item.texts for item in owned))
        self.roots = frozenset().union(*(item.roots for item in owned))
        self.paths = frozenset().union(*(item.paths for item in owned))

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        # A named source is a file of the template tree, read by cookiecutter's loader.
        if name is not None or source in self.texts:
            return source
        # Paths are rendered while generating files; an answer may not pass for one.
        if computing_answers():
            return self.literal(source)
        env = self.environment
        if source in self.roots:
            return (
                f"{env.block_start_string} filter directory_name {env.block_end_string}"
                f"{source}{env.block_start_string} endfilter {env.block_end_string}"
            )
        start = self.owned_path_start(source)
        if start is None:
            return self.literal(source)
        return self.literal(source[:start]) + source[start:]

    def owned_path_start(self, source: str) -> int | None:
        """Where the longest tail of ``source`` that is a path of the template tree starts."""
        if not has_markers(source, self.environment):
            return None
        segments = [match for match in SEGMENT.finditer(source) if match.group() != "."]
        for index, first in enumerate(segments):
            if "/".join(match.group() for match in segments[index:]) in self.paths:
                return first.start()
        return None

    def literal(self, text: str) -> str:
        """A Jinja expression whose value is ``text``: a string constant with every sign escaped."""
        if not text:
            return ""
        escaped = "".join(
            character
            if character.isascii() and (character.isalnum() or character == " ")
            else f"\\U{ord(character):08x}"
            for character in text
        )
        env = self.environment
        return f'{env.variable_start_string} "{escaped}" {env.variable_end_string}'
