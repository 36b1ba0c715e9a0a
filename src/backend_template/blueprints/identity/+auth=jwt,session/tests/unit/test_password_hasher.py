"""The argon2 adapter, with cheap parameters so the tests stay fast."""

from {{ unit.infrastructure }}.password_hasher import (
    Argon2PasswordHasher,
)

CHEAP = {"time_cost": 1, "memory_cost": 8 * 1024}
PASSWORD = "correct horse battery"


async def test_hashes_with_argon2id_and_a_fresh_salt() -> None:
    hasher = Argon2PasswordHasher(**CHEAP)

    first = await hasher.hash(PASSWORD)
    second = await hasher.hash(PASSWORD)

    assert first.startswith("$argon2id$")
    assert first != second
    assert PASSWORD not in first


async def test_verifies_the_right_password_only() -> None:
    hasher = Argon2PasswordHasher(**CHEAP)
    password_hash = await hasher.hash(PASSWORD)

    assert await hasher.verify(PASSWORD, password_hash)
    assert not await hasher.verify("wrong password!", password_hash)


async def test_an_unknown_hash_format_never_verifies() -> None:
    hasher = Argon2PasswordHasher(**CHEAP)

    assert not await hasher.verify(PASSWORD, PASSWORD)
    assert not await hasher.verify(PASSWORD, "$2b$12$notabcrypthash")
    assert hasher.needs_rehash("$2b$12$notabcrypthash")


async def test_a_hash_needs_rehashing_when_the_parameters_change() -> None:
    old = Argon2PasswordHasher(**CHEAP)
    stronger = Argon2PasswordHasher(time_cost=2, memory_cost=8 * 1024)
    password_hash = await old.hash(PASSWORD)

    assert not old.needs_rehash(password_hash)
    assert stronger.needs_rehash(password_hash)
    assert await stronger.verify(PASSWORD, password_hash)


async def test_the_dummy_verification_runs_without_a_user() -> None:
    await Argon2PasswordHasher(**CHEAP).verify_dummy(PASSWORD)
