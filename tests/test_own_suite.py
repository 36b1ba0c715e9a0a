"""How the template's own tests run: the costliest first on every worker, the generated
projects' checks in a developer's environment with one mypy cache per Python version."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import costliest_first, first_shares
from tests.test_generated_check import project_environment

COSTS = {"chain": 3.0, "services": 4.0, "row-a": 1.0, "row-b": 1.0, "update": 1.5}


def cost_of(name: str) -> float:
    return COSTS.get(name, 0.0)


def test_first_shares_are_what_xdist_hands_each_worker() -> None:
    assert first_shares(7, 2) == [3, 4]
    assert first_shares(8, 2) == [4, 4]
    assert first_shares(5, 1) == [5]
    assert first_shares(10, 3) == [3, 3, 4]


def test_costly_tests_head_every_share_and_balance_it() -> None:
    cheap = [f"unit-{index}" for index in range(9)]
    items = [*cheap[:4], "row-a", "chain", *cheap[4:], "update", "services", "row-b"]

    ordered = costliest_first(items, cost_of, workers=2)

    assert sorted(ordered) == sorted(items)
    first, second = ordered[:7], ordered[7:]
    assert first[:2] == ["services", "row-a"]
    assert second[:3] == ["chain", "update", "row-b"]
    assert sum(map(cost_of, first)) == 5.0
    assert sum(map(cost_of, second)) == 5.5
    assert [name for name in ordered if name in cheap] == cheap, "cheap tests keep their order"


def test_without_workers_the_costliest_come_first_and_the_rest_in_order() -> None:
    items = ["unit-0", "row-a", "unit-1", "services", "chain"]

    assert costliest_first(items, cost_of, workers=1) == [
        "services",
        "chain",
        "row-a",
        "unit-0",
        "unit-1",
    ]


def test_nothing_costly_keeps_the_collection_order() -> None:
    items = ["unit-2", "unit-0", "unit-1"]

    assert costliest_first(items, cost_of, workers=2) == items


def test_a_checked_project_gets_the_workers_mypy_cache_of_its_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MYPY_CACHE_DIR", "/outer/run/cache")
    monkeypatch.setenv("MYPY_FORCE_COLOR", "1")
    caches = tmp_path / "mypy-caches"

    env = project_environment(Path("/pythons/3.13/bin/python3.13"), tmp_path / "tools", caches)
    without = project_environment(Path("/pythons/3.12/bin/python3.12"), tmp_path / "tools")

    assert env["MYPY_CACHE_DIR"] == str(caches / "python3.13")
    assert "MYPY_FORCE_COLOR" not in env, "the outer run's mypy settings stay out"
    assert not [key for key in without if key.startswith("MYPY_")]
