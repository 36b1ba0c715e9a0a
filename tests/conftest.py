"""Fixtures: an isolated cookiecutter configuration, generated projects shared per session.

And the order tests start in: the costliest first, shared out over the workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pytest

from tests.matrix import Row
from tests.support import bake

Item = TypeVar("Item")


@pytest.fixture(scope="session", autouse=True)
def isolated_cookiecutter_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the user's ~/.cookiecutterrc (default_context, replay dir) out of every test."""
    home = tmp_path_factory.mktemp("cookiecutter-home")
    config = home / "config.yaml"
    config.write_text(
        f"cookiecutters_dir: {home / 'templates'}\nreplay_dir: {home / 'replay'}\n"
        "default_context: {}\nabbreviations: {}\n",
        encoding="utf-8",
    )
    previous = os.environ.get("COOKIECUTTER_CONFIG")
    os.environ["COOKIECUTTER_CONFIG"] = str(config)
    yield config
    if previous is None:
        del os.environ["COOKIECUTTER_CONFIG"]
    else:
        os.environ["COOKIECUTTER_CONFIG"] = previous


@pytest.fixture
def kafka_unimplemented(monkeypatch: pytest.MonkeyPatch) -> str:
    """A version of the template without broker=kafka: how a declared, unwritten choice is met.

    Every declared choice is implemented today; the refusal of one that is not still has to
    work, so the tests of that refusal take one away. Returns what it lacks.
    """
    from backend_template import options  # noqa: PLC0415 - the module the patch applies to

    missing = "the Kafka adapter of the event outbox and consumers is not written yet"
    monkeypatch.setitem(options.IMPLEMENTED, "broker", options.IMPLEMENTED["broker"] - {"kafka"})
    monkeypatch.setitem(options.MISSING, ("broker", "kafka"), missing)
    return missing


@pytest.fixture(scope="session")
def mypy_caches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the generated projects' checks keep mypy's caches (``project_environment``).

    One directory per worker and session: a worker runs one check at a time, so no two mypy
    processes write one cache.
    """
    return tmp_path_factory.mktemp("mypy-caches")


@pytest.fixture(scope="session")
def baked(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Row], Path]:
    """Generate a matrix row once per session; the project directory."""
    projects: dict[str, Path | Exception] = {}

    def bake_row(row: Row) -> Path:
        if row.id not in projects:
            try:
                projects[row.id] = bake(row.answers, tmp_path_factory.mktemp(row.id))
            except Exception as error:  # reported by every test of the row, generated once
                projects[row.id] = error
        project = projects[row.id]
        if isinstance(project, Exception):
            pytest.fail(f"generating {row.id} failed: {type(project).__name__}: {project}")
        return project

    return bake_row


def cost(item: pytest.Item) -> float:
    """A test's ``cost`` mark: what it costs in single-project full checks (0 unmarked)."""
    marker = item.get_closest_marker("cost")
    return float(marker.args[0]) if marker is not None else 0.0


def worker_count(config: pytest.Config) -> int:
    """How many pytest-xdist workers share the run (1 without xdist)."""
    workerinput: dict[str, object] = getattr(config, "workerinput", {})
    return int(str(workerinput.get("workercount", 1)))


def first_shares(count: int, workers: int) -> list[int]:
    """How many tests of the collection's front each worker is handed first.

    pytest-xdist's work-stealing scheduler hands each worker, in turn, an equal part of the
    tests still pending, in collection order: a contiguous share each. A worker that runs out
    takes half of the longest remaining queue, from its end.
    """
    shares: list[int] = []
    remaining = count
    for index in range(workers):
        share = remaining // (workers - index)
        shares.append(share)
        remaining -= share
    return shares


def costliest_first(
    items: Sequence[Item], cost_of: Callable[[Item], float], workers: int
) -> list[Item]:
    """``items`` reordered so that each worker's first share starts with costly items.

    The items with a cost are given out greedily, costliest first, each to the share with the
    least cost so far that has room; the items without a cost keep their order and fill the
    shares, so what a worker steals from a queue's end is cheap.
    """
    costly = sorted((item for item in items if cost_of(item) > 0), key=cost_of, reverse=True)
    rest = [item for item in items if cost_of(item) <= 0]
    shares = first_shares(len(items), workers)
    queues: list[list[Item]] = [[] for _ in shares]
    loads = [0.0 for _ in shares]
    for item in costly:
        open_queues = [index for index, size in enumerate(shares) if len(queues[index]) < size]
        index = min(open_queues, key=lambda queue: loads[queue])
        queues[index].append(item)
        loads[index] += cost_of(item)
    for index, size in enumerate(shares):
        room = size - len(queues[index])
        queues[index] += rest[:room]
        rest = rest[room:]
    return [item for queue in queues for item in queue]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests marked with a cost start first, the costliest first, spread over the workers.

    A long test that starts last leaves the other worker idle until it ends. Every worker
    collects the same order.
    """
    items[:] = costliest_first(items, cost, worker_count(config))
