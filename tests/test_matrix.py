"""The matrix of supported rows: the issues' commands, then every value and the risky pairs."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import pytest

from backend_template import options, validation
from backend_template.names import MAX_CONTEXT_LENGTH, MAX_PACKAGE_LENGTH
from tests import matrix
from tests.support import cookiecutter_answers


def pairs_of(
    rows: Sequence[Mapping[str, str]],
    names: Sequence[str],
    pairs: Sequence[tuple[str, str]] | None = None,
) -> set[frozenset[tuple[str, str]]]:
    found: set[frozenset[tuple[str, str]]] = set()
    for row in rows:
        found |= matrix.coverage(row, names, pairs)
    return found


def required_of(
    rows: Sequence[Mapping[str, str]], names: Sequence[str]
) -> set[frozenset[tuple[str, str]]]:
    """Every value of ``rows``, and their pairs the matrix requires (``UNPAIRED`` values none)."""
    required = [*matrix.PAIRWISE, *matrix.NAMED_PAIRS]
    unpaired = set(matrix.UNPAIRED)
    found = pairs_of(rows, names, required)
    named = pairs_of(rows, names, matrix.NAMED_PAIRS)
    return {item for item in found if len(item) == 1 or item in named or not item & unpaired}


def valid_combinations(axes: Mapping[str, Sequence[str]]) -> list[dict[str, str]]:
    names = list(axes)
    combinations = [
        dict(zip(names, values, strict=True)) for values in itertools.product(*axes.values())
    ]
    return [combination for combination in combinations if matrix.is_supported(combination)]


def test_rows_are_supported_and_valid() -> None:
    for row in matrix.ROWS:
        assert options.combination_problems(row.answers) == [], row.id
        assert validation.validate(cookiecutter_answers(row.answers)) == [], row.id


def test_row_ids_are_unique() -> None:
    ids = [row.id for row in matrix.ROWS]
    assert len(ids) == len(set(ids))


def test_first_row_is_the_default_project() -> None:
    first = matrix.ROWS[0]
    assert cookiecutter_answers(first.answers) == cookiecutter_answers({})


def test_every_single_answer_change_the_issues_name_runs_as_written() -> None:
    """`cookiecutter . --no-input auth=<method>` and `database=<db>` are rows themselves."""
    default = cookiecutter_answers({})
    as_generated = [cookiecutter_answers(row.answers) for row in matrix.ROWS]
    axes = matrix.implemented_axes()
    assert set(matrix.EXACT_OPTIONS) == {"auth", "database"}
    for option in matrix.EXACT_OPTIONS:
        for value in axes[option]:
            # An issue that writes the command out with more answers runs it that way instead.
            written = [
                command
                for command in matrix.ISSUE_COMMANDS
                if command.get(option) == value and set(command) - {option} <= {"contexts"}
            ]
            answers = {option: value, **(written[0] if written else {})}
            if not matrix.is_supported(cookiecutter_answers(answers)):
                continue  # refused as written (microservices needs a broker): nothing to run
            assert cookiecutter_answers(answers) in as_generated, (option, value)
    assert as_generated[0] == default


def test_every_orm_and_database_pair_runs_as_written() -> None:
    """`cookiecutter . --no-input orm=<orm> database=<db>` (issue 5) is a row for every pair."""
    as_generated = [cookiecutter_answers(row.answers) for row in matrix.ROWS]
    axes = matrix.implemented_axes()
    for orm, database in itertools.product(axes["orm"], axes["database"]):
        answers = cookiecutter_answers({"orm": orm, "database": database})
        assert answers in as_generated, (orm, database)
    assert ("orm", "database") in matrix.NAMED_PAIRS


def test_every_issue_command_runs_as_written() -> None:
    as_generated = [cookiecutter_answers(row.answers) for row in matrix.ROWS]
    for command in matrix.ISSUE_COMMANDS:
        assert cookiecutter_answers(command) in as_generated, command


def test_every_python_version_meets_every_database_server() -> None:
    """Each server's driver on each interpreter; SQLite on one at least (its driver is stdlib)."""
    axes = matrix.implemented_axes()
    met = {(row.python_version, row.database) for row in matrix.ROWS}
    servers = [
        database for database in axes["database"] if ("database", database) not in matrix.UNPAIRED
    ]
    assert matrix.UNPAIRED == (("database", "sqlite"),)
    assert met >= set(itertools.product(axes["python_version"], servers))
    assert {database for _, database in met} == set(axes["database"])


def test_camel_case_meets_every_orm() -> None:
    """camelCase projects pass their own check with every ORM."""
    axes = matrix.implemented_axes()
    met = {row.orm for row in matrix.ROWS if row.answers["json_case"] == "camelCase"}
    assert met == set(axes["orm"])


def test_the_curated_shapes_each_run_once_at_least() -> None:
    """Two contexts, an explicit entity name, the longest names, camelCase: each in a row."""
    contexts = [row.answers.get("contexts", "catalog") for row in matrix.ROWS]
    assert any("," in listed for listed in contexts), "two contexts"
    assert any(":" in listed for listed in contexts), "an explicit entity name"
    assert any(
        row.answers.get("project_name") == matrix.LONGEST_NAMES["project_name"]
        for row in matrix.ROWS
    )
    assert any(row.answers["json_case"] == "camelCase" for row in matrix.ROWS)
    two_contexts = {
        row.answers["architecture"] for row in matrix.ROWS if "," in row.answers.get("contexts", "")
    }
    assert two_contexts == set(matrix.implemented_axes()["architecture"]) - {"monolith"}


def test_each_shape_rides_on_a_row_of_its_own() -> None:
    for shape in matrix.SHAPES:
        wanted = {**shape.answers, **shape.prefer}.items()
        carriers = [row for row in matrix.ROWS if wanted <= dict(row.answers).items()]
        assert len(carriers) == 1, shape.name
        assert carriers[0] is not matrix.ROWS[0]
        assert carriers[0].id.endswith(shape.name)
        assert shape.prefer.items() <= dict(carriers[0].answers).items(), shape.name


def test_longest_names_row_is_at_the_limits() -> None:
    answers = cookiecutter_answers(matrix.LONGEST_NAMES)
    assert len(answers["package_name"]) == MAX_PACKAGE_LENGTH
    assert answers["package_name"] == matrix.LONGEST_PACKAGE
    assert matrix.LONGEST_PACKAGE > "tests", "sorts after the tests package"
    assert len(matrix.LONGEST_CONTEXT) == MAX_CONTEXT_LENGTH
    assert len(matrix.LONGEST_ENTITY) == MAX_CONTEXT_LENGTH
    assert validation.validate(answers) == []


def test_every_value_and_every_required_pair_is_covered() -> None:
    axes = matrix.implemented_axes()
    names = list(axes)
    covered = required_of([row.answers for row in matrix.ROWS], names)
    assert covered >= required_of(valid_combinations(axes), names)


def test_each_costly_style_meets_every_database_and_orm_family_it_supports() -> None:
    axes = matrix.implemented_axes()
    assert set(matrix.COSTLY_STYLE_OPTIONS) == {"database", "orm"}
    assert matrix.FAMILIES == {("orm", "sqlmodel"): "sqlalchemy"}
    for style in matrix.COSTLY_STYLES:
        for option in matrix.COSTLY_STYLE_OPTIONS:
            supported = {
                matrix.family(option, combination[option])
                for combination in valid_combinations(axes)
                if combination["architecture"] == style
            }
            rows = [row for row in matrix.ROWS if row.answers["architecture"] == style]
            met = {matrix.family(option, row.answers[option]) for row in rows}
            assert supported, (style, option)
            assert met == supported, (style, option)
    assert {row.orm for row in matrix.ROWS} == set(axes["orm"])


def test_the_matrix_stays_small_enough_for_the_ci_budget() -> None:
    """Every row is a generated project's full check, a microservices row one per service.

    Sixteen rows are the commands issues write; three microservices rows: the two commands
    issues write (rabbitmq; kafka with API keys), and one more so that the style meets every
    database and ORM family it supports. Four rows carry the remaining values and pairs.
    """
    costly = [row for row in matrix.ROWS if row.answers["architecture"] in matrix.COSTLY_STYLES]
    assert len(matrix.ROWS) <= 20
    assert len(costly) <= 3
    assert sum(matrix.check_cost(row) for row in matrix.ROWS) <= 23


def test_axes_follow_the_implementation() -> None:
    model = options.load_cookiecutter_json()
    for option, values in matrix.implemented_axes().items():
        assert set(values) == set(model[option]) & options.IMPLEMENTED[option], option


def test_pairwise_covers_every_valid_pair_with_few_rows() -> None:
    axes = {"a": ("1", "2", "3"), "b": ("x", "y"), "c": ("p", "q", "r"), "d": ("m", "n")}

    def valid(combination: Mapping[str, str]) -> bool:
        return not (combination["a"] == "1" and combination["b"] == "y")

    rows = matrix.pairwise(axes, [], valid)

    candidates = [
        dict(zip(axes, values, strict=True)) for values in itertools.product(*axes.values())
    ]
    assert all(valid(row) for row in rows)
    assert pairs_of(rows, list(axes)) == pairs_of([c for c in candidates if valid(c)], list(axes))
    assert len(rows) <= 11, "far fewer than the 36 combinations"
    assert rows == matrix.pairwise(axes, [], valid), "stable"


def test_pairwise_over_chosen_pairs_covers_those_pairs_and_every_value() -> None:
    axes = {"a": ("1", "2", "3"), "b": ("x", "y", "z"), "c": ("p", "q", "r", "s")}

    rows = matrix.pairwise(axes, [], lambda _: True, [("a", "b")])

    assert {(row["a"], row["b"]) for row in rows} == set(itertools.product(axes["a"], axes["b"]))
    assert {row["c"] for row in rows} == set(axes["c"])
    assert len(rows) == 9
    assert len({(row["a"], row["c"]) for row in rows}) > 4, "the other pairs vary"


def test_pairwise_needs_no_pair_of_an_unpaired_value() -> None:
    axes = {"a": ("1", "2"), "b": ("x", "y", "z")}

    rows = matrix.pairwise(axes, [], lambda _: True, unpaired=[("b", "z")])

    pairs = {(row["a"], row["b"]) for row in rows}
    assert pairs >= {("1", "x"), ("1", "y"), ("2", "x"), ("2", "y")}
    assert {row["b"] for row in rows} == set(axes["b"])
    assert len(rows) == 5, "one row with z, not one per value of a"
    assert len(matrix.pairwise(axes, [], lambda _: True)) == 6


def test_pairwise_adds_nothing_when_seeds_cover_everything() -> None:
    axes = {"a": ("1", "2"), "b": ("x", "y")}
    seeds = [{"a": a, "b": b} for a in axes["a"] for b in axes["b"]]
    assert matrix.pairwise(axes, seeds, lambda _: True) == []


def test_matrix_grows_with_the_implementation(monkeypatch: pytest.MonkeyPatch) -> None:
    model = options.load_cookiecutter_json()
    for option in options.CHOICE_OPTIONS:
        monkeypatch.setitem(options.IMPLEMENTED, option, frozenset(model[option]))

    rows = matrix.build_rows()

    axes = matrix.implemented_axes()
    names = list(axes)
    assert all(matrix.is_supported(row.answers) for row in rows)
    for option, values in axes.items():
        assert {row.answers[option] for row in rows} == set(values), option
    covered = required_of([row.answers for row in rows], names)
    assert covered >= required_of(valid_combinations(axes), names)
    impossible = {"architecture": "microservices", "broker": "none"}
    assert not [row for row in rows if impossible.items() <= row.answers.items()]


def test_shapes_get_rows_even_when_one_combination_is_implemented(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = options.load_cookiecutter_json()
    for option in options.CHOICE_OPTIONS:
        monkeypatch.setitem(options.IMPLEMENTED, option, frozenset(model[option][:1]))

    rows = matrix.build_rows()

    assert len(rows) == 1 + len(matrix.SHAPES)
    assert [row.id.rsplit("-", 1)[-1] for row in rows[1:]] == [
        shape.name.rsplit("-", 1)[-1] for shape in matrix.SHAPES
    ]
    assert cookiecutter_answers(rows[0].answers) == cookiecutter_answers({})


def test_every_row_runs_its_full_check_once_fresh_or_after_an_update() -> None:
    """A row the update test checks is left out of the fresh checks, and only such a row."""
    updated = list(matrix.UPDATED_ROWS.values())
    assert list(matrix.UPDATED_ROWS) == list(matrix.implemented_axes()["architecture"])
    assert matrix.ROWS[0] in matrix.FRESH_ROWS
    assert sorted(row.id for row in [*matrix.FRESH_ROWS, *updated]) == sorted(
        row.id for row in matrix.ROWS
    )
    assert sorted(row.id for row in [*matrix.ALONE_ROWS, *matrix.SHARED_DATABASE_ROWS]) == sorted(
        row.id for row in matrix.FRESH_ROWS
    )
    axes = matrix.implemented_axes()
    written = matrix.written_changes(axes, matrix.baseline(axes))
    for style, row in matrix.UPDATED_ROWS.items():
        assert row.answers["architecture"] == style
        assert set(row.answers) <= set(options.CHOICE_OPTIONS), "no answers to run as written"
        assert dict(row.answers) not in written, f"{row.id} is an issue's command, run as written"
