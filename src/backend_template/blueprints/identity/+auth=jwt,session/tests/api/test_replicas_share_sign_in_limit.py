"""Failed sign-ins counted in Redis: the limit holds across replicas, whichever one is asked."""

import secrets

import httpx

from {{ unit.shared }}.settings import Settings

from tests.replicas import replicas
from tests.sign_in import attempt_sign_in

pytest_plugins = ["tests.rate_limit_redis"]

MAX_ATTEMPTS = 3


async def test_failed_sign_ins_on_both_replicas_count_towards_one_limit(
    settings: Settings, migrated_database: str, rate_limit_redis_url: str, rate_limit_prefix: str
) -> None:
    values = {
        **settings.model_dump(),
        "database_url": migrated_database,
        "rate_limit_storage_url": rate_limit_redis_url,
        "rate_limit_namespace": rate_limit_prefix,
        "login_max_attempts": MAX_ATTEMPTS,
    }
    email = f"nobody-{secrets.token_hex(4)}@example.com"
    answers: list[httpx.Response] = []
    with replicas(values) as bases:
        async with (
            httpx.AsyncClient(base_url=bases[0], timeout=10) as first,
            httpx.AsyncClient(base_url=bases[1], timeout=10) as second,
        ):
            for attempt in range(MAX_ATTEMPTS + 2):
                client = (first, second)[attempt % 2]
                answers.append(await attempt_sign_in(client, email, "Wrong-password-1"))

    assert [answer.status_code for answer in answers] == [401] * MAX_ATTEMPTS + [429, 429]
    refused = answers[-1]
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["error"]["code"] == "rate_limited"
