"""The supported combinations the template tests generate, as data.

Rows are derived from ``options.IMPLEMENTED``: the default project first, then every command an
issue writes out, exactly as written, then a few rows a small greedy builder adds until every
value of every implemented option appears in some row, beside the pairs of values that are a
real risk (``PAIRWISE``): every Python version with every database server's driver, camelCase
JSON with every ORM. Other pairs are not required: each row is a generated project's full check,
and the CI runs every row on two cores. The curated shape (the longest names, with two contexts
and an explicit entity) rides on a row of its own. Implementing a choice grows the matrix without
editing this file.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from backend_template import options
from backend_template.names import MAX_CONTEXT_LENGTH, MAX_PACKAGE_LENGTH
from backend_template.project import Project
from backend_template.services import build_services
from tests.support import cookiecutter_answers

MODEL = options.load_cookiecutter_json()

# Context lists worth generating beyond the default: two contexts (cross-context wiring,
# migration chain of three units), which the issues' commands run, and an explicit entity name.
TWO_CONTEXTS = "catalog, orders"
# The longest names validation accepts: every generated line must still fit the formatter's
# width, and every derived identifier the database's limit. The package also sorts after
# ``tests``, so import sorting must not depend on how the package name compares to it. The
# context list is two contexts, the first with an explicit entity name: one row carries all three
# shapes.
LONGEST_PACKAGE = "warehouse_inventory_planning_desk"[:MAX_PACKAGE_LENGTH]
LONGEST_CONTEXT = "stock_reservations_and_holds"[:MAX_CONTEXT_LENGTH]
LONGEST_ENTITY = "inventory_lot_items_pending"[:MAX_CONTEXT_LENGTH]
LONGEST_NAMES = {
    "project_name": LONGEST_PACKAGE.replace("_", " ").title(),
    "contexts": f"{LONGEST_CONTEXT}:{LONGEST_ENTITY}, orders",
}

Combination = Mapping[str, str]
Coverage = frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Row:
    """One combination to generate: the answers given to cookiecutter as extra context."""

    id: str
    answers: Mapping[str, str] = field(hash=False)

    @property
    def python_version(self) -> str:
        return self.answers["python_version"]

    @property
    def database(self) -> str:
        return self.answers["database"]

    @property
    def orm(self) -> str:
        return self.answers["orm"]


def implemented_axes() -> dict[str, tuple[str, ...]]:
    """Each choice option with its implemented values, in cookiecutter.json's order."""
    return {
        option: tuple(value for value in MODEL[option] if value in options.IMPLEMENTED[option])
        for option in options.CHOICE_OPTIONS
    }


def baseline(axes: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The first implemented value of every option: what a row leaves unchanged."""
    return {option: values[0] for option, values in axes.items()}


def is_supported(answers: Combination) -> bool:
    return not options.combination_problems(answers)


def coverage(
    combination: Combination,
    names: Sequence[str],
    pairs: Iterable[tuple[str, str]] | None = None,
) -> set[Coverage]:
    """The single values a combination exercises, and its pairs of values across ``pairs``.

    ``pairs`` defaults to every two options of ``names``.
    """
    items: set[Coverage] = {frozenset({(name, combination[name])}) for name in names}
    for first, second in itertools.combinations(names, 2) if pairs is None else pairs:
        items.add(frozenset({(first, combination[first]), (second, combination[second])}))
    return items


def pairwise(
    axes: Mapping[str, Sequence[str]],
    seeds: Iterable[Combination],
    valid: Callable[[Combination], bool],
    pairs: Sequence[tuple[str, str]] | None = None,
    unpaired: Iterable[tuple[str, str]] = (),
) -> list[dict[str, str]]:
    """Rows to add to ``seeds`` until every value, and every pair across ``pairs``, is covered.

    ``pairs`` defaults to every two options; a value of ``unpaired`` needs no pair, only a row.
    Greedy: among all valid combinations, repeatedly take the one covering the most values and
    pairs not covered yet; on a tie, the one that also brings the most pairs of other options
    not seen yet (so the rows vary), then the first in product order (so the result is stable).
    A pair no valid combination has is not required.
    """
    names = list(axes)
    candidates = [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(axes[name] for name in names))
    ]
    candidates = [candidate for candidate in candidates if valid(candidate)]
    alone = set(unpaired)
    required: set[Coverage] = set()
    for candidate in candidates:
        required |= coverage(candidate, names, pairs)
    required = {item for item in required if len(item) == 1 or not item & alone}
    covered: set[Coverage] = set()
    seen: set[Coverage] = set()
    for seed in seeds:
        covered |= coverage(seed, names, pairs)
        seen |= coverage(seed, names)
    added: list[dict[str, str]] = []
    while required - covered:
        best = max(
            candidates,
            key=lambda candidate: (
                len(coverage(candidate, names, pairs) & required - covered),
                len(coverage(candidate, names) - seen),
            ),
        )
        added.append(best)
        covered |= coverage(best, names, pairs)
        seen |= coverage(best, names)
    return added


def row_id(answers: Combination, base: Combination) -> str:
    """A short, stable test id: Python version and database, then the choices off the base."""
    parts = [f"py{answers['python_version']}", answers["database"]]
    parts += [
        answers[option]
        for option in options.CHOICE_OPTIONS
        if option not in {"python_version", "database"} and answers[option] != base[option]
    ]
    return "-".join(parts)


@dataclass(frozen=True)
class Shape:
    """Answers beyond the choices worth generating once: context lists and name lengths."""

    name: str
    answers: Mapping[str, str]
    prefer: Mapping[str, str] = field(default_factory=dict)


SHAPES = (
    # PostgreSQL limits identifiers to 63 bytes: the longest names meet it there. Modules nest
    # a context's layers one level deeper than a monolith does: the longest module paths. Its
    # two contexts, the first with an explicit entity, are the other shapes worth generating.
    Shape(
        "longest-names",
        LONGEST_NAMES,
        prefer={"database": "postgresql", "architecture": "modular-monolith"},
    ),
)


# Options whose every value an issue names as its own acceptance command on the default project
# (``cookiecutter . --no-input auth=session``, ``... database=sqlite``).
EXACT_OPTIONS: tuple[str, ...] = ("auth", "database")


def single_changes(axes: Mapping[str, Sequence[str]], base: Combination) -> list[dict[str, str]]:
    """The default project with one answer of ``EXACT_OPTIONS`` changed, for every other value.

    Each runs exactly as the issue writes it, not only as a value inside another row.
    """
    rows = [
        {**base, option: value}
        for option in EXACT_OPTIONS
        for value in axes[option]
        if value != base[option]
    ]
    return [row for row in rows if is_supported(row)]


# Pairs of options whose every combination an issue names as its own acceptance command
# (``cookiecutter . --no-input orm=<orm> database=<db>``): each runs on the default project.
NAMED_PAIRS: tuple[tuple[str, str], ...] = (("orm", "database"),)

# Pairs of options whose every combination appears in some row, beside the other answers: every
# interpreter with every database server's driver (asyncpg and asyncmy ship compiled wheels per
# Python version), and camelCase JSON with every ORM (SQLModel's tables are pydantic models too).
# Every other option needs each of its values in a row.
PAIRWISE: tuple[tuple[str, str], ...] = (("python_version", "database"), ("json_case", "orm"))
# Values that need a row but no pair: SQLite's driver is the standard library's sqlite3 under a
# pure-Python wrapper, the same on every interpreter.
UNPAIRED: tuple[tuple[str, str], ...] = (("database", "sqlite"),)


# Acceptance commands an issue writes out in full: each runs exactly as written. A command whose
# choices match a row already planned lends that row its other answers (its context list).
ISSUE_COMMANDS: tuple[Mapping[str, str], ...] = (
    {"architecture": "modular-monolith", "contexts": TWO_CONTEXTS},
    {"architecture": "microservices", "contexts": TWO_CONTEXTS, "broker": "rabbitmq"},
    {
        "architecture": "microservices",
        "broker": "kafka",
        "auth": "api-key",
        "contexts": TWO_CONTEXTS,
    },
)

# Styles whose rows cost several projects' checks each (a microservices row checks every
# service): the pairwise rows leave them out, and a few rows of their own give every value of
# ``COSTLY_STYLE_OPTIONS`` (every ORM family of ``orm``) a row with the style (``style_rows``).
COSTLY_STYLES = ("microservices",)
COSTLY_STYLE_OPTIONS = ("database", "orm")
# Values that share their generated code with another: SQLModel projects are SQLAlchemy projects
# (one ``+orm=sqlalchemy,sqlmodel`` platform: engine, units of work, Alembic). A costly style
# meets each family, not each value; every SQLModel database still runs as an issue writes it.
FAMILIES: dict[tuple[str, str], str] = {("orm", "sqlmodel"): "sqlalchemy"}


def family(option: str, value: str) -> tuple[str, str]:
    """The value standing for ``value``'s family of ``option`` (itself, outside ``FAMILIES``)."""
    return option, FAMILIES.get((option, value), value)


def with_issue_commands(seeds: list[dict[str, str]], base: Combination) -> list[dict[str, str]]:
    """``seeds`` with every issue command placed on the row of its choices, or added."""
    rows = [dict(seed) for seed in seeds]
    for command in ISSUE_COMMANDS:
        choices = {**base, **{key: value for key, value in command.items() if key in base}}
        if not is_supported(choices):
            continue
        match = next((row for row in rows if {k: row[k] for k in base} == choices), None)
        if match is None:
            rows.append({**choices, **command})
        else:
            match.update(command)
    return rows


def named_pairs(axes: Mapping[str, Sequence[str]], base: Combination) -> list[dict[str, str]]:
    """The default project with both options of a named pair changed, for every value pair."""
    rows = [
        {**base, first: first_value, second: second_value}
        for first, second in NAMED_PAIRS
        for first_value in axes[first]
        for second_value in axes[second]
    ]
    return [row for row in rows if is_supported(row)]


def written_changes(axes: Mapping[str, Sequence[str]], base: Combination) -> list[dict[str, str]]:
    """The default project and its changes an issue writes as a command of its own, once each."""
    changes: list[dict[str, str]] = []
    for candidate in [dict(base), *single_changes(axes, base), *named_pairs(axes, base)]:
        if candidate not in changes:
            changes.append(candidate)
    return changes


def place_shapes(
    combinations: list[dict[str, str]], base: Combination, first_free: int
) -> dict[int, Shape]:
    """Give each shape a row of its own among the pairwise rows (from ``first_free`` on).

    A shape rides on a pairwise row with the choices it prefers; when none is free, a row is
    added: the default project with those choices.
    """
    placed: dict[int, Shape] = {}
    for shape in SHAPES:
        wanted = {**shape.answers, **shape.prefer}.items()
        if any(wanted <= combination.items() for combination in combinations):
            continue  # an issue command already runs it
        free = [index for index in range(first_free, len(combinations)) if index not in placed]
        preferred = [index for index in free if shape.prefer.items() <= combinations[index].items()]
        if not preferred and (shape.prefer or not free):
            combinations.append({**base, **shape.prefer})
            preferred = [len(combinations) - 1]
        placed[(preferred or free)[0]] = shape
    return placed


def style_rows(
    axes: Mapping[str, Sequence[str]], style: str, seeds: Sequence[Combination]
) -> list[dict[str, str]]:
    """Rows of a costly style until every family of ``COSTLY_STYLE_OPTIONS`` has one with it.

    Greedy like ``pairwise``: on a tie, the row bringing the most values of the other options
    not yet seen with the style.
    """
    names = [name for name in axes if name != "architecture"]
    candidates = [
        {"architecture": style, **dict(zip(names, values, strict=True))}
        for values in itertools.product(*(axes[name] for name in names))
    ]
    candidates = [candidate for candidate in candidates if is_supported(candidate)]

    def values(combination: Combination, options: Iterable[str]) -> set[tuple[str, str]]:
        return {family(name, combination[name]) for name in options}

    required: set[tuple[str, str]] = set()
    for candidate in candidates:
        required |= values(candidate, COSTLY_STYLE_OPTIONS)
    covered: set[tuple[str, str]] = set()
    for seed in seeds:
        if seed.get("architecture") == style:
            covered |= values(seed, names)
    added: list[dict[str, str]] = []
    while required - covered:
        best = max(
            candidates,
            key=lambda candidate: (
                len(values(candidate, COSTLY_STYLE_OPTIONS) - covered),
                len(values(candidate, names) - covered),
            ),
        )
        added.append(best)
        covered |= values(best, names)
    return added


def build_rows() -> list[Row]:
    """The issues' commands, the costly styles' rows, then pairwise rows carrying the shapes."""
    axes = implemented_axes()
    base = baseline(axes)
    seeds = with_issue_commands(written_changes(axes, base), base)
    cheap = {
        **axes,
        "architecture": tuple(
            style for style in axes["architecture"] if style not in COSTLY_STYLES
        ),
    }
    costly = [style for style in axes["architecture"] if style in COSTLY_STYLES]
    for style in costly:
        seeds += style_rows(axes, style, seeds)
    combinations = [*seeds, *pairwise(cheap, seeds, is_supported, PAIRWISE, UNPAIRED)]
    shapes = place_shapes(combinations, base, first_free=len(seeds))
    rows: list[Row] = []
    for index, combination in enumerate(combinations):
        shape = shapes.get(index)
        if shape is None:
            rows.append(Row(id=row_id(combination, base), answers=combination))
        else:
            rows.append(
                Row(
                    id=f"{row_id(combination, base)}-{shape.name}",
                    answers={**combination, **shape.answers},
                )
            )
    return rows


ROWS: list[Row] = build_rows()


def choices(row: Row) -> dict[str, str]:
    return {option: row.answers[option] for option in options.CHOICE_OPTIONS}


# Trying the template twice with other answers is what everyone does first: a project's tests
# must not depend on what an earlier project of the same name left in the test database. These
# changes of the default project are checked one after the other, on one PostgreSQL test
# database (the default monolith, then the modular monolith, then the Tortoise project): those
# three checks are the three rows' own full checks, not three more.
SHARED_DATABASE_CHANGES: tuple[dict[str, str], ...] = (
    {},
    {"architecture": "modular-monolith"},
    {"orm": "tortoise"},
)


def shared_database_rows(rows: Sequence[Row]) -> list[Row]:
    """The rows of ``SHARED_DATABASE_CHANGES``, in order: the default project's name, PostgreSQL."""
    base = choices(rows[0])
    sequence: list[Row] = []
    for change in SHARED_DATABASE_CHANGES:
        wanted = {**base, **change}
        match = next(
            (row for row in rows if choices(row) == wanted and "project_name" not in row.answers),
            None,
        )
        assert match is not None, f"no matrix row has the choices {wanted}"
        assert match.database == "postgresql", match.id
        sequence.append(match)
    return sequence


# What one service's gates cost beside a single-project row's whole check (install, every gate),
# and what the shared library's cost: measured, a single-project row took 330 s and the
# three-service microservices row (kafka, API keys) 803 s, its services' suites the longest part.
SERVICE_COST = 0.75
LIBRARY_COST = 0.25


def check_cost(row: Row) -> float:
    """What the row's ``make check`` costs, in single-project rows: a microservices project runs
    every service's gates and its shared library's, any other project its own."""
    if row.answers["architecture"] != "microservices":
        return 1.0
    services = build_services(Project.parse(cookiecutter_answers(row.answers)))
    return SERVICE_COST * len(services) + LIBRARY_COST


def checked_after_update(rows: Sequence[Row]) -> dict[str, Row]:
    """Per style, the row whose check runs on an updated project.

    ``tests/test_update.py`` generates these answers at an older template commit, applies a
    team's edits, updates to HEAD and runs the project's own ``make check``: the full check of
    the row, so it is not run a second time on a fresh project. Each style's last row made of
    choices only is taken, leaving out the rows that run as written: an issue command's or a
    shape's answers, and the default project's changes an issue names (``auth=session``,
    ``orm=tortoise database=mysql``...), which include the shared-database rows.
    """
    axes = implemented_axes()
    written = written_changes(axes, baseline(axes))
    choice_options = set(options.CHOICE_OPTIONS)
    chosen: dict[str, Row] = {}
    for row in rows:
        if set(row.answers) <= choice_options and dict(row.answers) not in written:
            chosen[row.answers["architecture"]] = row
    return {style: chosen[style] for style in axes["architecture"] if style in chosen}


SHARED_DATABASE_ROWS: list[Row] = shared_database_rows(ROWS)
UPDATED_ROWS: dict[str, Row] = checked_after_update(ROWS)
# The rows ``tests/test_generated_check.py`` checks freshly generated: all the others, the
# shared-database rows in one test, every other row in a test of its own.
FRESH_ROWS: list[Row] = [row for row in ROWS if row not in UPDATED_ROWS.values()]
ALONE_ROWS: list[Row] = [row for row in FRESH_ROWS if row not in SHARED_DATABASE_ROWS]
