"""Tier 1: what a generated project's documents name exists in that project, on every row.

The documents are README.md, ARCHITECTURE.md and docs/**/*.md (and each service's and the
library's README in a workspace). Every module, class and function they name in code spans,
every setting (``APP_*``), every file and directory, every link, every ``make`` target and
every command-line subcommand with its options must be found in the generated files; the
README's settings table lists exactly the fields the settings classes read. Render only: no
project is installed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest

from tests.matrix import ROWS, Row

CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\(([^)\s]+)\)")
SETTING = re.compile(r"\bAPP_[A-Z0-9_]*[A-Z0-9]\b\*?")
TABLE_ROW = re.compile(r"^\|\s*(`APP_[^|]*)\|", re.MULTILINE)
DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
CALL = re.compile(r"([a-z_]\w*)\(.*\)")
CAMEL = re.compile(r"[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+")
SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
MAKE = re.compile(r"\bmake\s+(?:-C\s+(\S+)\s+)?([a-z][a-z-]*(?:\s+[a-z][a-z-]*)*)")
PYTHON_MODULE = re.compile(r"python -m ([\w.]+)((?:\s+[\w-]+)*(?:\s+--[\w-]+(?:\s+[^\s`-]\S*)?)*)")
# File names the documents write with an extension; anything else with a dot is code.
FILE_SUFFIXES = (
    ".md",
    ".py",
    ".toml",
    ".yaml",
    ".yml",
    ".ini",
    ".json",
    ".lock",
    ".mako",
    ".conf",
    ".example",
    ".db",
    ".pem",
    ".txt",
)
# Names the documents use that belong to other software (Kubernetes kinds, headers, tools).
FOREIGN_NAMES = frozenset(
    {
        "ConfigMap",
        "NetworkPolicy",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "RequestContextMiddleware",
        # The IETF rate-limit response header (draft-ietf-httpapi-ratelimit-headers).
        "RateLimit",
    }
)
# Names the template's documents use for what the generated code declares in other words.
DOCUMENT_PLACEHOLDERS = ("<context>", "<name>", "<service>", "<ns>")
# Spans with a slash that name no file: a git branch.
NOT_PATHS = frozenset({"backend-template/update"})
# Files the user makes, from the example next to them.
USER_FILES = {".env": ".env.example"}
# Settings read from the environment by the test suite only, never by the settings classes.
TEST_ONLY_SETTINGS = frozenset({"APP_TEST_DATABASE_URL", "APP_TEST_BROKER_URL"})
# Settings a command reads (the first administrator's password), not the service.
COMMAND_SETTINGS = frozenset({"APP_ADMIN_PASSWORD"})


def documents(project: Path) -> list[Path]:
    found = [project / "README.md", project / "ARCHITECTURE.md"]
    found += sorted((project / "docs").rglob("*.md"))
    found += sorted(project.glob("services/*/README.md"))
    found += sorted(project.glob("libs/*/README.md"))
    return [path for path in found if path.is_file()]


def without_fences(text: str) -> str:
    return FENCE.sub("", text)


def code_spans(text: str) -> list[str]:
    return CODE_SPAN.findall(without_fences(text))


def class_fields(tree: ast.Module, names: frozenset[str]) -> set[str]:
    """The annotated attributes of the classes ``names`` in ``tree``: pydantic fields."""
    fields: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in names:
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                    annotation = ast.unparse(statement.annotation)
                    if statement.target.id != "model_config" and "ClassVar" not in annotation:
                        fields.add(statement.target.id)
    return fields


def defined_names(tree: ast.Module) -> set[str]:
    """Every name a module defines at its top level or in its classes (and what it imports)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


@dataclass
class Unit:
    """One installable project: the generated project, or a workspace's service."""

    root: Path

    @cached_property
    def packages(self) -> list[Path]:
        return [path for path in sorted((self.root / "src").glob("*")) if path.is_dir()]

    @cached_property
    def settings_fields(self) -> set[str]:
        found: set[str] = set()
        # A workspace's service reads too the settings its library holds (at the package's top).
        folders = [package / "shared" for package in self.packages]
        if self.root.parent.name == "services":
            folders += sorted(self.root.parent.parent.glob("libs/*/src/*"))
        for shared in folders:
            for name in (
                "settings.py",
                "auth_settings.py",
                "broker_settings.py",
                "upstream_settings.py",
                "key_verification_settings.py",
            ):
                path = shared / name
                if path.is_file():
                    tree = ast.parse(path.read_text())
                    found |= class_fields(
                        tree,
                        frozenset(
                            {
                                "Settings",
                                "AuthSettings",
                                "BrokerSettings",
                                "UpstreamSettings",
                                "KeyVerificationSettings",
                            }
                        ),
                    )
        return {f"APP_{name.upper()}" for name in found}

    @cached_property
    def make_targets(self) -> set[str]:
        makefile = self.root / "Makefile"
        if not makefile.is_file():
            return set()
        return set(re.findall(r"^([a-z][a-z-]*):", makefile.read_text(), re.MULTILINE))


@dataclass
class Project:
    root: Path
    units: list[Unit] = field(default_factory=list)

    @classmethod
    def of(cls, root: Path) -> Project:
        units = [Unit(root)] + [Unit(path) for path in sorted(root.glob("services/*"))]
        units += [Unit(path) for path in sorted(root.glob("libs/*"))]
        return cls(root, [unit for unit in units if (unit.root / "pyproject.toml").is_file()])

    @cached_property
    def sources(self) -> dict[Path, str]:
        return {
            path: path.read_text()
            for path in sorted(self.root.rglob("*.py"))
            if ".venv" not in path.parts
        }

    @cached_property
    def trees(self) -> dict[Path, ast.Module]:
        return {path: ast.parse(text) for path, text in self.sources.items()}

    @cached_property
    def names(self) -> set[str]:
        found: set[str] = set()
        for tree in self.trees.values():
            found |= defined_names(tree)
        return found

    @cached_property
    def texts(self) -> str:
        """Every generated file but the documents, as one text to search words in."""
        parts = []
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and path.suffix != ".md" and ".git" not in path.parts:
                try:
                    parts.append(path.read_text())
                except UnicodeDecodeError:
                    continue
        return "\n".join(parts)

    @cached_property
    def settings_fields(self) -> set[str]:
        found: set[str] = set()
        for unit in self.units:
            found |= unit.settings_fields
        return found

    @cached_property
    def package_roots(self) -> list[Path]:
        return [package for unit in self.units for package in unit.packages]

    def bases(self, document: Path) -> list[Path]:
        """Where a relative path a document names may start: its unit, the root, the packages."""
        unit = next(
            (unit.root for unit in self.units if document.is_relative_to(unit.root / "src")),
            document.parent,
        )
        return [document.parent, unit, self.root, *self.package_roots]

    def path_exists(self, written: str, document: Path) -> bool:
        """The path from some base, also inside a context's directory or deeper down.

        Documents write paths relative to what the sentence is about: "its context's
        ``domain/events.py``" is ``domain/<context>/events.py`` in a monolith and
        ``modules/<context>/domain/events.py`` in a modular monolith.
        """
        pattern = written.rstrip("/")
        for made, example in USER_FILES.items():
            if pattern == made or pattern.endswith(f"/{made}"):
                pattern = pattern.removesuffix(made) + example
        for placeholder in DOCUMENT_PLACEHOLDERS:
            pattern = pattern.replace(placeholder, "*")
        first, _, rest = pattern.partition("/")
        patterns = [pattern, f"**/{pattern}"] + ([f"{first}/*/{rest}"] if rest else [])
        return any(
            any(base.glob(candidate)) for base in self.bases(document) for candidate in patterns
        )

    def module_attribute_exists(self, dotted: str) -> bool:
        """``a.b.c.Name`` names a module under a package, then names defined in it."""
        parts = dotted.split(".")
        for package in self.package_roots:
            if parts[0] == package.name:
                relative = parts[1:]
            elif (package / parts[0]).exists() or (package / f"{parts[0]}.py").exists():
                relative = parts
            else:
                continue
            for split in range(len(relative), -1, -1):
                module = package.joinpath(*relative[:split])
                path = module / "__init__.py" if module.is_dir() else module.with_suffix(".py")
                if not path.is_file():
                    continue
                rest = relative[split:]
                if not rest:
                    return True
                tree = self.trees.get(path)
                if tree is not None and rest[0] in defined_names(tree):
                    return True
        return False

    def python_module(self, dotted: str) -> Path | None:
        parts = dotted.split(".")
        for unit in self.units:
            path = unit.root / "src" / Path(*parts)
            for candidate in (path.with_suffix(".py"), path / "__main__.py"):
                if candidate.is_file():
                    return candidate
        return None


def is_path(span: str) -> bool:
    if span in NOT_PATHS or re.fullmatch(r"[\d.:/]+", span):
        return False
    if span.startswith(("/", "http", "<", "~", "$", "...")) or "://" in span or " " in span:
        return False
    if "/" in span:
        return bool(re.fullmatch(r"[\w.<>*{}-]+(/[\w.<>*{}-]*)+", span))
    return span.endswith(FILE_SUFFIXES) or span in {"Makefile", "Dockerfile", ".env"}


def problems_in(document: Path, project: Project) -> Iterator[str]:
    text = document.read_text()
    where = document.relative_to(project.root)
    for setting in sorted(set(SETTING.findall(text))):
        if setting.endswith("*"):
            prefix = setting[:-1]
            if not any(name.startswith(prefix) for name in project.settings_fields):
                yield f"{where}: no setting matches {setting}"
        elif setting in TEST_ONLY_SETTINGS | COMMAND_SETTINGS:
            if f'"{setting}"' not in project.texts and f"'{setting}'" not in project.texts:
                yield f"{where}: {setting} is read by nothing"
        elif setting not in project.settings_fields and setting != "APP_":
            yield f"{where}: {setting} is no setting of the project"
    for target in LINK.findall(text):
        if target.startswith(("http", "#", "mailto:")):
            continue
        if not (document.parent / target.split("#")[0]).exists():
            yield f"{where}: the link {target} leads nowhere"
    for span in code_spans(text):
        yield from span_problems(span, document, where, project)
    for block in FENCE.findall(text):
        yield from command_problems(block, document, where, project)
    yield from command_problems("\n".join(code_spans(text)), document, where, project)


def span_problems(span: str, document: Path, where: Path, project: Project) -> Iterator[str]:
    span = span.strip()
    if is_path(span):
        if not project.path_exists(span, document):
            yield f"{where}: the file or directory {span} does not exist"
        return
    call = CALL.fullmatch(span)
    if call:
        if call.group(1) not in project.names:
            yield f"{where}: nothing defines {call.group(1)}()"
        return
    if DOTTED.fullmatch(span):
        first = span.split(".")[0]
        known = {package.name for package in project.package_roots}
        for package in project.package_roots:
            known |= {path.stem for path in package.iterdir()}
        if first in known and not project.module_attribute_exists(span):
            yield f"{where}: no module defines {span}"
        return
    if CAMEL.fullmatch(span) and span not in FOREIGN_NAMES:
        if span not in project.names:
            yield f"{where}: nothing defines {span}"
        return
    if SNAKE.fullmatch(span) and not re.search(rf"\b{span}\b", project.texts):
        yield f"{where}: no file mentions {span}"


def command_problems(block: str, document: Path, where: Path, project: Project) -> Iterator[str]:
    for line in block.splitlines():
        command = line.split("#")[0]
        for module, arguments in PYTHON_MODULE.findall(command):
            path = project.python_module(module)
            if path is None:
                yield f"{where}: python -m {module}: no such module"
                continue
            words = arguments.split()
            subcommands = [word for word in words[:1] if not word.startswith("-")]
            for word in subcommands:
                if not re.search(rf"add_parser\(\s*\"{re.escape(word)}\"", project.texts):
                    yield f"{where}: python -m {module} has no command {word}"
            for option in (word for word in words if word.startswith("--")):
                if not re.search(rf"add_argument\(\s*\"{re.escape(option)}\"", project.texts):
                    yield f"{where}: python -m {module} has no option {option}"
        for directory, targets in MAKE.findall(command):
            unit = (document.parent / directory) if directory else document.parent
            makefile = unit / "Makefile"
            if not makefile.is_file():
                makefile = project.root / "Makefile"
            declared = set(re.findall(r"^([a-z][a-z-]*):", makefile.read_text(), re.MULTILINE))
            for target in targets.split():
                if target not in declared:
                    yield f"{where}: make {target}: no such target in {makefile.name}"


def settings_table(document: Path) -> set[str]:
    names: set[str] = set()
    for cell in TABLE_ROW.findall(document.read_text()):
        names |= set(re.findall(r"APP_[A-Z0-9_]+", cell))
    return names


@pytest.fixture(params=[pytest.param(row, id=row.id) for row in ROWS])
def project(request: pytest.FixtureRequest, baked: Callable[[Row], Path]) -> Project:
    return Project.of(baked(request.param))


def test_every_name_a_document_gives_exists(project: Project) -> None:
    problems = [
        problem
        for document in documents(project.root)
        for problem in problems_in(document, project)
    ]
    assert not problems, "\n".join(problems)


def test_the_settings_table_lists_exactly_what_the_settings_read(project: Project) -> None:
    checked = 0
    for unit in project.units:
        readme = unit.root / "README.md"
        if not unit.settings_fields or not readme.is_file():
            continue
        table = settings_table(readme)
        where = readme.relative_to(project.root)
        assert table - unit.settings_fields == set(), f"{where}: not read by the settings"
        assert unit.settings_fields - table == set(), f"{where}: settings the table misses"
        checked += 1
    assert checked, "no README with a settings table"
