"""Three-way merges that understand the files nearly every template change touches.

``pyproject.toml``: each dependency list (``[project].dependencies``, every list of
``[project.optional-dependencies]`` and ``[dependency-groups]``) is merged entry by entry,
keyed by normalized package name: the project's additions stay, the template's changes apply
to entries the project left alone, and an entry both changed differently is a conflict marked
inside the list. Only the lists' own text is rewritten; the merged lists are put into all three
versions, and ``git merge-file`` merges the rest of the file as for any other.

``.gitignore``-like files are sets of lines: the template's additions and removals apply, the
project's stay, and nothing conflicts.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

Merger = Callable[[bytes, bytes, bytes], tuple[bytes, bool]]

LINE_SET_NAMES = frozenset({".gitignore", ".dockerignore"})
# A requirement's name (PEP 508), and the separators PEP 503 folds into one dash.
NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
SEPARATORS = re.compile(r"[-_.]+")
HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
ARRAY_TABLE = re.compile(r"^\s*\[\[")
KEY = re.compile(r'^\s*("?)([A-Za-z0-9_-]+)\1\s*=\s*\[')
GROUP_TABLES = {"dependency-groups", "project.optional-dependencies"}


class UnmergeableError(Exception):
    """The lists are not in a shape this merge understands; git merge-file takes the file."""


def smart_merger(path: str, merge_file: Merger) -> Merger | None:
    """The merge for ``path`` when it has one, falling back to ``merge_file`` for the rest."""
    name = PurePosixPath(path).name
    if name in LINE_SET_NAMES:
        return merge_lines
    if name == "pyproject.toml":
        return lambda ours, base, theirs: merge_pyproject(ours, base, theirs, merge_file)
    return None


# -- line sets ---------------------------------------------------------------------------


def merge_lines(ours: bytes, base: bytes, theirs: bytes) -> tuple[bytes, bool]:
    """Union of both sides' additions, with the template's removals applied; never conflicts."""
    mine, old, new = (data.decode("utf-8").splitlines() for data in (ours, base, theirs))
    removed = {line for line in set(old) - set(new) if line.strip()}
    result = [line for line in mine if line not in removed]
    present = set(result)
    old_set = set(old)
    index = 0
    while index < len(new):
        if not new[index].strip() or new[index] in old_set or new[index] in present:
            index += 1
            continue
        end = index
        while end < len(new) and new[end] not in old_set and new[end] not in present:
            end += 1
        run = new[index:end]
        while run and not run[-1].strip():
            run.pop()
        anchor = next(
            (line for line in reversed(new[:index]) if line.strip() and line in present), None
        )
        separated = index > 0 and not new[index - 1].strip()
        if anchor is None:
            at = len(result)
            separated = bool(result) and bool(result[-1].strip())
        else:
            at = result.index(anchor) + 1
            if separated and at < len(result) and not result[at].strip():
                at += 1
                separated = False
        block = ([""] if separated else []) + run
        result[at:at] = block
        present.update(run)
        index = end
    newline = "\n" if (ours.endswith(b"\n") or not ours) else ""
    return ("\n".join(result) + newline).encode("utf-8"), False


# -- pyproject.toml dependency lists -------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One element of a dependency list: its key, value and the text lines that hold it."""

    key: str
    value: object
    lines: tuple[str, ...]  # comment lines before it, then its own line


@dataclass(frozen=True)
class Listing:
    """A dependency list as found in the text: its span and its entries, in order."""

    start: int  # offset just after the opening bracket
    end: int  # offset of the closing bracket
    entries: tuple[Entry, ...]
    indent: str
    tail: tuple[str, ...]  # comment lines after the last entry


def requirement_key(value: object) -> str:
    """Normalized package name plus environment marker; the include of a dependency group."""
    if isinstance(value, dict) and set(value) == {"include-group"}:
        return f"include-group:{value['include-group']}"
    if not isinstance(value, str):
        raise UnmergeableError
    found = NAME.match(value)
    if found is None:
        raise UnmergeableError
    _, _, marker = value.partition(";")
    name = SEPARATORS.sub("-", found.group(1)).lower()
    return f"{name};{' '.join(marker.split())}" if marker.strip() else name


def render_value(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict) and set(value) == {"include-group"}:
        return f"{{ include-group = {json.dumps(value['include-group'])} }}"
    raise UnmergeableError


def closing_bracket(text: str, start: int) -> int:
    """Offset of the bracket closing the array opened just before ``start``."""
    depth, index = 1, start
    while index < len(text):
        char = text[index]
        if char == "#":
            index = text.find("\n", index)
            if index < 0:
                break
        elif char in "\"'":
            index += 1
            while index < len(text) and text[index] != char:
                index += 2 if char == '"' and text[index] == "\\" else 1
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise UnmergeableError


def parse_entries(body: str) -> tuple[tuple[Entry, ...], str, tuple[str, ...]]:
    """The entries of an array body written one per line, with their comments."""
    lines = body.split("\n")
    if len(lines) < 2 or lines[0].strip() or lines[-1].strip():
        raise UnmergeableError  # not the one-entry-per-line layout
    entries: list[Entry] = []
    pending: list[str] = []
    indent = ""
    for line in lines[1:-1]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            pending.append(line)
            continue
        try:
            values = tomllib.loads(f"x = [{line}]")["x"]
        except tomllib.TOMLDecodeError as error:
            raise UnmergeableError from error
        if len(values) != 1:
            raise UnmergeableError
        indent = indent or line[: len(line) - len(line.lstrip())]
        entries.append(Entry(requirement_key(values[0]), values[0], (*pending, line)))
        pending = []
    if len({entry.key for entry in entries}) != len(entries):
        raise UnmergeableError
    return tuple(entries), indent or "    ", tuple(pending)


def find_lists(text: str) -> dict[tuple[str, str], Listing]:
    """Every dependency list of a pyproject.toml text, by (table, key)."""
    found: dict[tuple[str, str], Listing] = {}
    table = ""
    offset = 0
    lines = text.split("\n")
    skip_to = 0
    for line in lines:
        line_start = offset
        offset += len(line) + 1
        if line_start < skip_to:
            continue
        if ARRAY_TABLE.match(line):
            table = "[["
            continue
        header = HEADER.match(line)
        if header:
            table = header.group(1).replace('"', "").replace(" ", "")
            continue
        key = KEY.match(line)
        if key is None:
            continue
        wanted = table in GROUP_TABLES or (table == "project" and key.group(2) == "dependencies")
        if not wanted:
            continue
        start = line_start + key.end()
        end = closing_bracket(text, start)
        skip_to = end
        try:
            entries, indent, tail = parse_entries(text[start:end])
        except UnmergeableError:
            continue  # another layout: this list is left to git merge-file with the rest
        found[(table, key.group(2))] = Listing(start, end, entries, indent, tail)
    return found


def entry_lines(entry: Entry, value: object, indent: str) -> tuple[str, ...]:
    if entry.value == value:
        return entry.lines
    return (*entry.lines[:-1], f"{indent}{render_value(value)},")


def merge_list(ours: Listing, base: Listing, theirs: Listing) -> tuple[list[str], bool]:
    """The merged body lines of one list, and whether an entry conflicts."""
    mine = {entry.key: entry for entry in ours.entries}
    old = {entry.key: entry.value for entry in base.entries}
    new = {entry.key: entry for entry in theirs.entries}
    blocks: dict[str, tuple[str, ...]] = {}
    order: list[str] = []
    conflicted = False
    for entry in ours.entries:
        key = entry.key
        template = new[key].value if key in new else None
        before = old.get(key)
        if template in (before, entry.value):
            blocks[key] = entry.lines
        elif entry.value == before:
            if template is None:
                continue  # the template dropped it and the project left it alone
            blocks[key] = entry_lines(entry, template, ours.indent)
        else:
            conflicted = True
            theirs_lines = new[key].lines[-1:] if key in new else ()
            blocks[key] = (
                *entry.lines[:-1],
                "<<<<<<< project",
                entry.lines[-1],
                "=======",
                *theirs_lines,
                ">>>>>>> template",
            )
        order.append(key)
    for position, entry in enumerate(theirs.entries):
        key = entry.key
        if key in mine or key in blocks:
            continue
        if key in old:
            if old[key] == entry.value:
                continue  # the project dropped it and the template left it alone
            conflicted = True
            blocks[key] = (
                "<<<<<<< project",
                "=======",
                *entry.lines,
                ">>>>>>> template",
            )
        else:
            blocks[key] = entry.lines
        anchor = next(
            (other.key for other in reversed(theirs.entries[:position]) if other.key in order),
            None,
        )
        order.insert(order.index(anchor) + 1 if anchor else 0, key)
    body = ["", *(line for key in order for line in blocks[key]), *ours.tail]
    return body, conflicted


def merge_pyproject(
    ours: bytes, base: bytes, theirs: bytes, merge_file: Merger
) -> tuple[bytes, bool]:
    """Dependency lists merged by package name, the rest of the file by ``git merge-file``."""
    try:
        texts = [data.decode("utf-8") for data in (ours, base, theirs)]
        for text in texts:
            tomllib.loads(text)
        found = [find_lists(text) for text in texts]
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, UnmergeableError):
        return merge_file(ours, base, theirs)
    shared = [key for key in found[0] if key in found[1] and key in found[2]]
    list_conflict = False
    replacements: dict[tuple[str, str], str] = {}
    for key in shared:
        body, conflicted = merge_list(found[0][key], found[1][key], found[2][key])
        list_conflict = list_conflict or conflicted
        closing = texts[0][: found[0][key].end].rsplit("\n", 1)[-1]
        replacements[key] = "\n".join(body) + "\n" + closing
    aligned = [
        substitute(text, lists, replacements).encode("utf-8")
        for text, lists in zip(texts, found, strict=True)
    ]
    merged, conflicted = merge_file(*aligned)
    return merged, conflicted or list_conflict


def substitute(
    text: str, lists: dict[tuple[str, str], Listing], bodies: dict[tuple[str, str], str]
) -> str:
    """``text`` with the bodies of the given lists replaced, back to front to keep offsets."""
    for key in sorted(bodies, key=lambda item: lists[item].start, reverse=True):
        listing = lists[key]
        text = text[: listing.start] + bodies[key] + text[listing.end :]
    return text
