"""Settings of JWT authentication: what production refuses, and secrets kept out of sight."""

import json
from collections.abc import Callable

import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.package_name }}.shared.auth_settings import JwtAlgorithm, load_private_key
from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

from tests.key_pairs import ec_private_pem, public_pem, rsa_private_pem

pytestmark = pytest.mark.usefixtures("clean_app_environment")

LONG_SECRET = "a-production-secret-that-is-long-enough-0123456789"


def test_production_refuses_to_start_without_a_jwt_secret() -> None:
    with pytest.raises(ValidationError, match="APP_JWT_SECRET must be set in production") as error:
        Settings(_env_file=None, environment=Environment.PRODUCTION, jwt_algorithm="HS256")
    assert len(error.value.errors()) == 1


def test_a_short_jwt_secret_is_refused_in_every_environment() -> None:
    for environment in Environment:
        with pytest.raises(ValidationError, match="at least 32 characters") as error:
            Settings(_env_file=None, environment=environment, jwt_secret=SecretStr("short-secret"))
        assert "short-secret" not in str(error.value)


def test_refusing_production_does_not_echo_other_settings() -> None:
    with pytest.raises(ValidationError) as error:
        Settings(
            _env_file=None,
            environment=Environment.PRODUCTION,
            database_url="postgresql+asyncpg://app:db-password@db/app",
        )
    assert "db-password" not in str(error.value)


def test_production_starts_with_a_long_secret() -> None:
    configured = Settings(
        _env_file=None,
        environment=Environment.PRODUCTION,
        jwt_algorithm="HS256",
        jwt_secret=SecretStr(LONG_SECRET),
    )
    assert configured.is_production
    assert configured.jwt_signing_key() == LONG_SECRET
    assert not configured.uses_ephemeral_jwt_secret


def test_development_without_a_secret_signs_with_one_random_secret_per_process() -> None:
    first = Settings(_env_file=None, environment=Environment.DEVELOPMENT, jwt_algorithm="HS256")
    second = Settings(_env_file=None, environment=Environment.TEST, jwt_algorithm="HS256")
    assert first.uses_ephemeral_jwt_secret
    assert len(first.jwt_signing_key()) >= 32
    assert first.jwt_signing_key() == second.jwt_signing_key()


def test_the_secret_never_shows_in_the_representation() -> None:
    configured = Settings(_env_file=None, jwt_secret=SecretStr(LONG_SECRET))
    assert LONG_SECRET not in repr(configured)
    assert LONG_SECRET not in str(configured.model_dump())


def test_production_refuses_a_weak_password_hash_cost() -> None:
    with pytest.raises(ValidationError, match="APP_PASSWORD_HASH_MEMORY_KIB must be at least"):
        Settings(
            _env_file=None,
            environment=Environment.PRODUCTION,
            jwt_algorithm="HS256",
            jwt_secret=SecretStr(LONG_SECRET),
            password_hash_memory_kib=1024,
        )


def test_token_lifetimes_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ACCESS_TOKEN_TTL_SECONDS", "60")
    assert Settings(_env_file=None).access_token_ttl_seconds == 60


# --- asymmetric signing: a private key, the retired public keys, the public issuer URL ---


def test_production_refuses_an_asymmetric_algorithm_without_a_private_key() -> None:
    with pytest.raises(ValidationError, match="APP_JWT_PRIVATE_KEY must be set") as error:
        Settings(_env_file=None, environment=Environment.PRODUCTION, jwt_algorithm="RS256")
    message = str(error.value)
    assert "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048" in message
    assert "APP_JWT_SECRET" not in message


def test_production_signs_with_the_private_key_and_needs_no_secret() -> None:
    pem = rsa_private_pem()
    configured = Settings(
        _env_file=None,
        environment=Environment.PRODUCTION,
        jwt_algorithm="RS256",
        jwt_private_key=SecretStr(pem),
    )
    assert configured.jwt_signing_key() == pem.strip()
    assert not configured.uses_ephemeral_jwt_private_key
    assert not configured.uses_ephemeral_jwt_secret
    assert pem.strip() not in repr(configured)


@pytest.mark.parametrize(
    "escape", [lambda pem: pem, lambda pem: pem.strip().replace("\n", "\\n")], ids=["lines", "\\n"]
)
def test_a_private_key_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, escape: Callable[[str], str]
) -> None:
    pem = ec_private_pem()
    monkeypatch.setenv("APP_JWT_ALGORITHM", "ES256")
    monkeypatch.setenv("APP_JWT_PRIVATE_KEY", escape(pem))

    assert Settings(_env_file=None).jwt_signing_key() == pem.strip()


@pytest.mark.parametrize(
    ("algorithm", "key", "reason"),
    [
        ("RS256", "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----", "PEM"),
        ("RS256", rsa_private_pem("small", bits=1024), "at least 2048 bits"),
        ("RS256", ec_private_pem(), "needs an RSA key"),
        ("ES256", rsa_private_pem(), "P-256"),
    ],
    ids=["garbage", "rsa-1024", "ec-for-rs256", "rsa-for-es256"],
)
def test_a_private_key_that_cannot_sign_is_refused_in_one_line(
    algorithm: JwtAlgorithm, key: str, reason: str
) -> None:
    with pytest.raises(ValidationError, match=reason) as error:
        Settings(_env_file=None, jwt_algorithm=algorithm, jwt_private_key=SecretStr(key))
    [problem] = error.value.errors()
    assert "\n" not in problem["msg"]
    assert "openssl genpkey" in problem["msg"]
    assert key not in str(error.value)


def test_a_private_key_with_a_shared_secret_algorithm_is_refused() -> None:
    with pytest.raises(ValidationError, match="APP_JWT_ALGORITHM=HS256 signs with APP_JWT_SECRET"):
        Settings(
            _env_file=None, jwt_algorithm="HS256", jwt_private_key=SecretStr(rsa_private_pem())
        )


def test_an_unknown_algorithm_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    for algorithm in ("none", "HS128", "EdDSA"):
        monkeypatch.setenv("APP_JWT_ALGORITHM", algorithm)
        with pytest.raises(ValidationError, match="jwt_algorithm"):
            Settings(_env_file=None)


def test_development_without_a_private_key_signs_with_one_key_pair_per_process() -> None:
    first = Settings(_env_file=None, jwt_algorithm="RS256")
    second = Settings(_env_file=None, jwt_algorithm="PS256")
    elliptic = Settings(_env_file=None, jwt_algorithm="ES256")

    assert first.uses_ephemeral_jwt_private_key
    assert not first.uses_ephemeral_jwt_secret
    assert first.jwt_signing_key() == second.jwt_signing_key()
    assert first.jwt_signing_key().startswith("-----BEGIN PRIVATE KEY-----")
    assert load_private_key(first.jwt_signing_key(), "RS256").key_size == 2048
    assert load_private_key(elliptic.jwt_signing_key(), "ES256").key_size == 256


def test_previous_public_keys_come_as_json_one_pem_or_several(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_JWT_ALGORITHM", "RS256")
    old, older = public_pem(rsa_private_pem("old")), public_pem(rsa_private_pem("older"))
    for value, expected in [
        (json.dumps([old, older]), [old, older]),
        (old, [old]),
        (old.strip().replace("\n", "\\n"), [old]),
        (old + older, [old, older]),
    ]:
        monkeypatch.setenv("APP_JWT_PREVIOUS_PUBLIC_KEYS", value)
        assert Settings(_env_file=None).jwt_previous_public_keys == [
            pem.strip() for pem in expected
        ]


@pytest.mark.parametrize(
    ("algorithm", "keys", "reason"),
    [
        ("RS256", ["garbage"], "key 1 cannot verify RS256 tokens \\(not a PEM public key"),
        ("RS256", [public_pem(ec_private_pem())], "needs an RSA key"),
        ("ES256", [public_pem(rsa_private_pem())], "P-256"),
        ("HS256", [public_pem(rsa_private_pem())], "signs with a shared secret"),
    ],
    ids=["garbage", "ec-for-rs256", "rsa-for-es256", "hs256"],
)
def test_previous_public_keys_that_cannot_verify_are_refused(
    algorithm: JwtAlgorithm, keys: list[str], reason: str
) -> None:
    with pytest.raises(ValidationError, match=reason):
        Settings(_env_file=None, jwt_algorithm=algorithm, jwt_previous_public_keys=keys)


def test_the_public_issuer_url_becomes_the_token_issuer() -> None:
    assert Settings(_env_file=None).jwt_token_issuer == Settings(_env_file=None).jwt_issuer
    configured = Settings(_env_file=None, jwt_public_issuer_url="http://identity:8000")
    assert configured.jwt_token_issuer == "http://identity:8000"


@pytest.mark.parametrize(
    "url",
    [
        "identity.example.com",
        "ftp://identity.example.com",
        "https://id.example.com/?a=1",
        "https://",
    ],
)
def test_a_public_issuer_url_that_is_no_web_url_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="APP_JWT_PUBLIC_ISSUER_URL must be an absolute"):
        Settings(_env_file=None, jwt_public_issuer_url=url)
