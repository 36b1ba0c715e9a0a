"""Two replicas counting in one Redis enforce one limit, whichever of them serves a request."""

import itertools

import httpx

from {{ cookiecutter.package_name }}.shared.settings import Settings

from tests.replicas import replicas

pytest_plugins = ["tests.rate_limit_redis"]

BUDGET = 5


def replica_settings(
    settings: Settings, database_url: str, redis_url: str, prefix: str
) -> dict[str, object]:
    return {
        **settings.model_dump(),
        "database_url": database_url,
        "rate_limit_storage_url": redis_url,
        "rate_limit_namespace": prefix,
        "rate_limit_reads": BUDGET,
        "rate_limit_sign_ins": BUDGET,
        "login_max_attempts": 3,
        "log_json": True,
    }


def test_the_request_past_the_budget_is_refused_by_either_replica(
    settings: Settings, migrated_database: str, rate_limit_redis_url: str, rate_limit_prefix: str
) -> None:
    values = replica_settings(settings, migrated_database, rate_limit_redis_url, rate_limit_prefix)
    with replicas(values) as bases, httpx.Client(timeout=10) as http:
        served = [
            http.get(f"{base}/openapi.json")
            for base in itertools.islice(itertools.cycle(bases), BUDGET)
        ]
        past = [http.get(f"{base}/openapi.json") for base in bases]

    assert [response.status_code for response in served] == [200] * BUDGET
    remaining = [response.headers["RateLimit"].split(";")[1] for response in served]
    assert remaining == [f"r={BUDGET - n}" for n in range(1, BUDGET + 1)]
    for response in past:
        assert response.status_code == 429
        assert response.json()["error"]["code"] == "rate_limited"
        assert int(response.headers["Retry-After"]) >= 1


def test_without_redis_each_replica_counts_on_its_own(
    settings: Settings, migrated_database: str
) -> None:
    values = {**settings.model_dump(), "database_url": migrated_database, "rate_limit_reads": 2}
    with replicas(values) as bases, httpx.Client(timeout=10) as http:
        codes = [http.get(f"{base}/openapi.json").status_code for base in bases * 2]

    assert codes == [200, 200, 200, 200]
