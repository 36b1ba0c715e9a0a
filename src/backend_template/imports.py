"""Order the project's own imports the way the generated project's import sorter (ruff) does.

Templates import the project's modules through names that depend on the architecture style
(``shop.domain.orders`` in a monolith, ``shop.modules.orders.domain`` in a modular monolith)
and on the context names, so no fixed order in a template is right for every project. The
engine writes them in any order and sorts each block of first-party ``from`` imports here,
by module name as ruff's isort does (case-insensitive natural order, then exact natural order).
Comments directly above an import move with it; ``# isort:`` directives and blank lines end
a block. A first-party import that no longer fits on one line is wrapped as the sorter wraps
it: one name per line, in parentheses, with a trailing comma. Files without such imports come
out byte for byte as they went in.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

DIRECTIVE = "# isort:"
# The generated project's line length (pyproject.toml, [tool.ruff]).
LINE_LENGTH = 100


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order: runs of digits compare as numbers, everything else as text."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )


def module_key(module: str) -> tuple[tuple[tuple[int, int | str], ...], ...]:
    return (natural_key(module.lower()), natural_key(module))


@dataclass(frozen=True)
class Statement:
    """One top-level ``from <first party> import ...`` with the comment lines attached above it."""

    module: str
    start: int  # index of its first line (an attached comment, or the statement itself)
    end: int  # index one past its last line


Packages = str | tuple[str, ...]


def is_first_party(node: ast.stmt, package: Packages) -> bool:
    """Whether ``node`` is a ``from`` import of the project's own package (or packages)."""
    names = (package,) if isinstance(package, str) else package
    return (
        isinstance(node, ast.ImportFrom)
        and node.level == 0
        and node.module is not None
        and any(node.module == name or node.module.startswith(f"{name}.") for name in names)
    )


def attached_start(lines: Sequence[str], first_line: int, floor: int) -> int:
    """Index of the first comment line directly above ``first_line`` (no blank line between)."""
    start = first_line
    while start > floor:
        above = lines[start - 1].strip()
        if not above.startswith("#") or above.startswith(DIRECTIVE):
            break
        start -= 1
    return start


def blocks(tree: ast.Module, lines: Sequence[str], package: Packages) -> Iterator[list[Statement]]:
    """Runs of adjacent first-party ``from`` imports among the module's top-level statements."""
    run: list[Statement] = []
    previous_end = 0
    for node in tree.body:
        first = node.lineno - 1
        end = node.end_lineno or node.lineno
        between = lines[previous_end:first]
        adjacent = all(line.strip().startswith("#") for line in between) and not any(
            line.strip().startswith(DIRECTIVE) for line in between
        )
        if is_first_party(node, package) and isinstance(node, ast.ImportFrom):
            statement = Statement(
                module=node.module or "",
                start=attached_start(lines, first, previous_end),
                end=end,
            )
            if run and not adjacent:
                yield run
                run = []
            run.append(statement)
        elif run:
            yield run
            run = []
        previous_end = end
    if run:
        yield run


def wrapped(node: ast.ImportFrom) -> list[str]:
    """The statement as the sorter writes one too long for a line."""
    names = [
        f"{alias.name} as {alias.asname}" if alias.asname else alias.name for alias in node.names
    ]
    return [f"from {node.module} import (\n", *(f"    {name},\n" for name in names), ")\n"]


def wrap_long_imports(text: str, package: Packages) -> str:
    """``text`` with each one-line first-party import longer than the line length wrapped."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    for node in reversed(tree.body):
        if not is_first_party(node, package) or not isinstance(node, ast.ImportFrom):
            continue
        first = node.lineno - 1
        line = lines[first].rstrip("\n")
        if node.end_lineno != node.lineno or len(line) <= LINE_LENGTH or "#" in line:
            continue
        lines[first : first + 1] = wrapped(node)
    return "".join(lines)


def sort_source(text: str, package: Packages) -> str:
    """``text`` with every block of first-party ``from`` imports in the sorter's order."""
    text = wrap_long_imports(text, package)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    replacements: list[tuple[int, int, list[str]]] = []
    for run in blocks(tree, lines, package):
        ordered = sorted(run, key=lambda statement: module_key(statement.module))
        if ordered == run:
            continue
        chunk = [line for statement in ordered for line in lines[statement.start : statement.end]]
        replacements.append((run[0].start, run[-1].end, chunk))
    for start, end, chunk in reversed(replacements):
        lines[start:end] = chunk
    return "".join(lines)


def sort_project_imports(project: Path, package: Packages) -> None:
    """Sort the first-party imports of every Python file of the generated project."""
    for path in sorted(project.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        ordered = sort_source(text, package)
        if ordered != text:
            path.write_text(ordered, encoding="utf-8")


def imports_of(node: ast.stmt, names: Sequence[str]) -> bool:
    """Whether ``node`` is a top-level ``from`` import of a module of ``names`` (or below)."""
    return (
        isinstance(node, ast.ImportFrom)
        and node.level == 0
        and node.module is not None
        and any(node.module == name or node.module.startswith(f"{name}.") for name in names)
    )


def paragraph(lines: Sequence[str], node: ast.stmt) -> tuple[int, int]:
    """The lines (start, end exclusive) of the run without a blank line that holds ``node``."""
    start, end = node.lineno - 1, node.end_lineno or node.lineno
    while start > 0 and lines[start - 1].strip():
        start -= 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return start, end


def lift_imports(
    text: str, lifted: Sequence[str], first_party: Sequence[str], local: Sequence[str]
) -> str:
    """Move the imports of ``lifted`` (first-party) from the local section to the first-party one.

    An import rewritten from the tests package to a first-party module (the kernel's test
    support) stays among the local imports, where the sorter wants it with the first-party ones:
    it goes after the last first-party import above its section, or into a section of its own.
    """
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    body = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    owners = [
        node for node in body if imports_of(node, first_party) and not imports_of(node, lifted)
    ]
    moving: list[ast.stmt] = []
    for node in body:
        if not imports_of(node, lifted):
            continue
        section = paragraph(lines, node)
        neighbours = [other for other in body if paragraph(lines, other) == section]
        among_local = any(imports_of(other, local) for other in neighbours)
        apart = not any(other in owners for other in neighbours) and any(
            paragraph(lines, other) != section for other in owners
        )
        if among_local or apart:
            moving.append(node)
    if not moving:
        return text
    section = paragraph(lines, moving[0])
    anchor = max(
        (node.end_lineno or node.lineno for node in owners if node.lineno - 1 < section[0]),
        default=None,
    )
    taken = {
        index for node in moving for index in range(node.lineno - 1, node.end_lineno or node.lineno)
    }
    moved = [lines[index] for index in sorted(taken)]
    emptied = all(index in taken for index in range(*section))
    dropped = set(taken)
    if emptied and section[0] > 0 and not lines[section[0] - 1].strip():
        dropped.add(section[0] - 1)
    insert_at = anchor if anchor is not None else section[0]
    result: list[str] = []
    for index, line in enumerate(lines):
        if index == insert_at:
            result.extend(moved if anchor is not None else [*moved, "\n"])
        if index not in dropped:
            result.append(line)
    return "".join(result)
