"""A real Prometheus server scrapes the service served by two uvicorn workers.

Prometheus (Debian's ``prometheus`` package, or any ``prometheus`` on PATH) runs on loopback,
scraping ``/metrics`` every second; the test then asks its HTTP API, in PromQL, for the request
count and the p99 latency of the route it called. Two workers share one
``PROMETHEUS_MULTIPROC_DIR``, so the count is right whichever worker answers the scrape.
Without the binary the test is skipped, and fails under CI (``CI=true``), which installs it.
"""

import math
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from {{ cookiecutter.package_name }}.shared.settings import Settings

# isort: split
from tests.served_service import free_port, serve

# Not the route the start-up wait polls, so every request counted is one of this test.
ROUTE = "/health/ready"
CALLS = 30
QUERY_TIMEOUT_SECONDS = 30.0


def prometheus_binary() -> str:
    """The prometheus executable; skips without it, and fails under CI."""
    found = shutil.which("prometheus")
    if found:
        return found
    reason = "the prometheus binary is not installed (apt-get install prometheus)"
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason}; CI must provide it")
    pytest.skip(reason)


@pytest.fixture
def served(settings: Settings, migrated_database: str, tmp_path: Path) -> Iterator[str]:
    metrics_directory = tmp_path / "metrics"
    metrics_directory.mkdir()
    with serve(
        settings.model_copy(update={"database_url": migrated_database}),
        tmp_path / "service.log",
        environment={"PROMETHEUS_MULTIPROC_DIR": str(metrics_directory)},
        workers=2,
    ) as base_url:
        yield base_url


@pytest.fixture
def prometheus(served: str, tmp_path: Path) -> Iterator[str]:
    """The query API of a Prometheus that scrapes ``served`` every second."""
    binary = prometheus_binary()
    target = served.removeprefix("http://")
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global:\n"
        "  scrape_interval: 1s\n"
        "scrape_configs:\n"
        "  - job_name: service\n"
        "    metrics_path: /metrics\n"
        "    static_configs:\n"
        "      - targets:\n"
        f"          - {target}\n"
    )
    port = free_port()
    log = (tmp_path / "prometheus.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - the binary found on PATH, fixed arguments
        [
            binary,
            f"--config.file={config}",
            f"--storage.tsdb.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def query(api: httpx.Client, promql: str) -> float | None:
    """The single value ``promql`` gives now, or None while it gives nothing (or NaN)."""
    try:
        response = api.get("/api/v1/query", params={"query": promql}, timeout=2.0)
    except httpx.TransportError:
        return None
    if response.status_code != httpx.codes.OK:
        return None
    result = response.json()["data"]["result"]
    if len(result) != 1:
        return None
    value = float(result[0]["value"][1])
    return None if math.isnan(value) else value


def eventually(api: httpx.Client, promql: str, accept: float) -> float:
    """The value of ``promql`` once it is at least ``accept``; fails after a while."""
    deadline = time.monotonic() + QUERY_TIMEOUT_SECONDS
    value = None
    while time.monotonic() < deadline:
        value = query(api, promql)
        if value is not None and value >= accept:
            return value
        time.sleep(0.25)
    msg = f"{promql} gave {value}, not at least {accept}, within {QUERY_TIMEOUT_SECONDS}s"
    raise AssertionError(msg)


def test_prometheus_scrapes_request_count_and_p99_of_a_route(served: str, prometheus: str) -> None:
    # One client each for the service and Prometheus's API: a new client per call would load
    # the CA bundle each time, CPU the two workers and the scrapes are waiting for.
    with httpx.Client(base_url=served, timeout=5.0) as service:
        for _ in range(CALLS):
            assert service.get(ROUTE).status_code == httpx.codes.OK
    selector = "{" + f'route="{ROUTE}",method="GET"' + "}"
    buckets = f"http_request_duration_seconds_bucket{selector}"

    with httpx.Client(base_url=prometheus) as api:
        count = eventually(api, f"sum(http_requests_total{selector})", CALLS)
        p99 = eventually(api, f"histogram_quantile(0.99, sum by (le) ({buckets}))", 0.0)
        up = eventually(api, 'up{job="service"}', 1.0)

    # Exactly the calls made, summed over both workers, whichever of them answered the scrape.
    assert count == CALLS
    assert 0.0 < p99 <= 10.0
    assert up == 1.0
