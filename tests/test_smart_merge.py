"""The merges that understand pyproject.toml dependency lists and .gitignore line sets."""

from __future__ import annotations

import tomllib

from backend_template.smart_merge import merge_lines, merge_pyproject, smart_merger
from backend_template.update import merge_file

BASE = """\
[project]
name = "service"
dependencies = [
    "fastapi>=0.115",
    "pydantic>=2.9",
    # Logs as JSON in production.
    "structlog>=24.4",
]

[dependency-groups]
dev = [
    "mypy>=1.13",
    "pytest>=8.3",
]

[tool.ruff]
line-length = 99
"""


def merge(ours: str, base: str, theirs: str) -> tuple[str, bool]:
    merged, conflicted = merge_pyproject(ours.encode(), base.encode(), theirs.encode(), merge_file)
    return merged.decode(), conflicted


def dependencies(text: str) -> list[str]:
    data = tomllib.loads(text)
    return list(data["project"]["dependencies"])


def test_a_project_addition_and_template_bump_and_addition_all_land() -> None:
    ours = BASE.replace('    "pydantic>=2.9",\n', '    "pydantic>=2.9",\n    "redis>=5.0",\n')
    theirs = BASE.replace('"fastapi>=0.115"', '"fastapi>=0.120"').replace(
        '    "structlog>=24.4",\n', '    "structlog>=24.4",\n    "tenacity>=9.0",\n'
    )
    merged, conflicted = merge(ours, BASE, theirs)
    assert not conflicted
    assert dependencies(merged) == [
        "fastapi>=0.120",
        "pydantic>=2.9",
        "redis>=5.0",
        "structlog>=24.4",
        "tenacity>=9.0",
    ]
    assert '    # Logs as JSON in production.\n    "structlog>=24.4",\n' in merged
    assert merged.endswith("[tool.ruff]\nline-length = 99\n")


def test_the_same_line_edited_by_both_would_conflict_for_git_but_not_here() -> None:
    ours = BASE.replace('"pydantic>=2.9",\n', '"pydantic>=2.9",\n    "redis>=5.0",\n')
    theirs = BASE.replace('"pydantic>=2.9",\n', '"pydantic>=2.9",\n    "httpx>=0.28",\n')
    assert merge_file(ours.encode(), BASE.encode(), theirs.encode())[1]
    merged, conflicted = merge(ours, BASE, theirs)
    assert not conflicted
    assert set(dependencies(merged)) == {
        "fastapi>=0.115",
        "pydantic>=2.9",
        "redis>=5.0",
        "httpx>=0.28",
        "structlog>=24.4",
    }


def test_names_compare_normalized_and_a_project_pin_survives_a_template_no_change() -> None:
    ours = BASE.replace('"pydantic>=2.9"', '"Pydantic==2.10.1"')
    theirs = BASE.replace('"mypy>=1.13"', '"mypy>=1.15"')
    merged, conflicted = merge(ours, BASE, theirs)
    assert not conflicted
    data = tomllib.loads(merged)
    assert "Pydantic==2.10.1" in data["project"]["dependencies"]
    assert data["dependency-groups"]["dev"] == ["mypy>=1.15", "pytest>=8.3"]


def test_both_changing_one_package_differently_is_a_conflict_inside_the_list() -> None:
    ours = BASE.replace('"fastapi>=0.115"', '"fastapi==0.116.1"')
    theirs = BASE.replace('"fastapi>=0.115"', '"fastapi>=0.120"')
    merged, conflicted = merge(ours, BASE, theirs)
    assert conflicted
    assert (
        '<<<<<<< project\n    "fastapi==0.116.1",\n'
        '=======\n    "fastapi>=0.120",\n>>>>>>> template\n' in merged
    )
    assert merged.count("<<<<<<<") == 1


def test_template_removals_apply_and_a_removal_against_an_edit_conflicts() -> None:
    theirs = BASE.replace('    "pytest>=8.3",\n', "")
    merged, conflicted = merge(BASE, BASE, theirs)
    assert not conflicted
    assert tomllib.loads(merged)["dependency-groups"]["dev"] == ["mypy>=1.13"]
    ours = BASE.replace('"pytest>=8.3"', '"pytest>=8.4"')
    merged, conflicted = merge(ours, BASE, theirs)
    assert conflicted
    assert '<<<<<<< project\n    "pytest>=8.4",\n=======\n>>>>>>> template' in merged


def test_a_project_removal_stays_removed() -> None:
    ours = BASE.replace('    "pydantic>=2.9",\n', "")
    theirs = BASE.replace('"mypy>=1.13"', '"mypy>=1.15"')
    merged, conflicted = merge(ours, BASE, theirs)
    assert not conflicted
    assert "pydantic" not in merged
    assert '"mypy>=1.15"' in merged


def test_the_rest_of_the_file_still_merges_line_by_line() -> None:
    ours = BASE.replace("line-length = 99", "line-length = 120")
    theirs = BASE.replace('name = "service"', 'name = "service"\nversion = "0.2.0"')
    merged, conflicted = merge(ours, BASE, theirs)
    assert not conflicted
    assert 'version = "0.2.0"' in merged
    assert "line-length = 120" in merged
    overlapping = BASE.replace("line-length = 99", "line-length = 88")
    merged, conflicted = merge(ours, BASE, overlapping)
    assert conflicted
    assert "<<<<<<< project\nline-length = 120\n" in merged


def test_a_list_in_another_layout_is_left_to_git_merge_file() -> None:
    single = BASE.replace(
        '[\n    "mypy>=1.13",\n    "pytest>=8.3",\n]', '["mypy>=1.13", "pytest>=8.3"]'
    )
    ours = single.replace('"fastapi>=0.115",\n', '"fastapi>=0.115",\n    "redis>=5.0",\n')
    theirs = single.replace('"mypy>=1.13"', '"mypy>=1.15"').replace(
        '"pydantic>=2.9",\n', '"pydantic>=2.9",\n    "httpx>=0.28",\n'
    )
    merged, conflicted = merge(ours, single, theirs)
    assert not conflicted
    data = tomllib.loads(merged)
    assert "redis>=5.0" in data["project"]["dependencies"]
    assert "httpx>=0.28" in data["project"]["dependencies"]
    assert 'dev = ["mypy>=1.15", "pytest>=8.3"]' in merged
    both = ours.replace('"mypy>=1.13"', '"mypy>=1.14"')
    merged, conflicted = merge(both, single, theirs)
    assert conflicted
    assert '<<<<<<< project\ndev = ["mypy>=1.14", "pytest>=8.3"]\n' in merged


def test_only_the_files_it_knows_get_a_smart_merge() -> None:
    assert smart_merger("pyproject.toml", merge_file) is not None
    assert smart_merger("services/orders/pyproject.toml", merge_file) is not None
    assert smart_merger("deploy/.dockerignore", merge_file) is merge_lines
    assert smart_merger(".gitignore", merge_file) is merge_lines
    assert smart_merger("README.md", merge_file) is None


IGNORE = "# Python\n__pycache__/\n*.pyc\n\n# Tools\n.mypy_cache/\n.ruff_cache/\n"


def lines(ours: str, base: str, theirs: str) -> str:
    merged, conflicted = merge_lines(ours.encode(), base.encode(), theirs.encode())
    assert not conflicted
    return merged.decode()


def test_gitignore_takes_both_sides_additions_and_the_templates_removals() -> None:
    ours = IGNORE + "\n# Ours\n.idea/\n"
    theirs = IGNORE.replace("*.pyc\n", "*.pyc\n*.pyo\n").replace(".ruff_cache/\n", "")
    assert lines(ours, IGNORE, theirs) == (
        "# Python\n__pycache__/\n*.pyc\n*.pyo\n\n# Tools\n.mypy_cache/\n\n# Ours\n.idea/\n"
    )


def test_a_new_gitignore_block_keeps_its_blank_line_and_lands_once() -> None:
    theirs = IGNORE + "\n# Coverage\n.coverage\nhtmlcov/\n"
    ours = IGNORE.replace(".mypy_cache/\n", ".mypy_cache/\nhtmlcov/\n")
    merged = lines(ours, IGNORE, theirs)
    assert merged == (
        "# Python\n__pycache__/\n*.pyc\n\n# Tools\n.mypy_cache/\nhtmlcov/\n.ruff_cache/\n"
        "\n# Coverage\n.coverage\n"
    )
    assert lines(merged, IGNORE, theirs) == merged


def test_a_line_the_project_removed_stays_removed() -> None:
    ours = IGNORE.replace("*.pyc\n", "")
    theirs = IGNORE + "dist/\n"
    assert lines(ours, IGNORE, theirs) == ours + "dist/\n"
