"""Verifying a key through an authority that answers, refuses, or cannot answer, on a fake clock."""

from datetime import timedelta

import pytest

from {{ unit.application }}.verify_key import VerifiedKey, VerifyApiKey
from {{ unit.domain }}.errors import InvalidApiKeyError
from {{ unit.shared }}.errors import ServiceUnavailableError

from tests.fakes.clock import FakeClock

GRACE = timedelta(minutes=5)
READER = VerifiedKey(key_id="key-1", scopes=frozenset({"*:read"}))


class ScriptedAuthority:
    """Answers with ``valid`` keys, refuses the others, or raises ``outage`` when it is set."""

    def __init__(self) -> None:
        self.valid: dict[str, VerifiedKey] = {}
        self.outage: ServiceUnavailableError | None = None
        self.asked = 0

    async def check(self, key: str) -> VerifiedKey:
        self.asked += 1
        if self.outage is not None:
            raise self.outage
        if key not in self.valid:
            raise InvalidApiKeyError
        return self.valid[key]


@pytest.fixture
def authority() -> ScriptedAuthority:
    return ScriptedAuthority()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def verify(authority: ScriptedAuthority, clock: FakeClock) -> VerifyApiKey:
    return VerifyApiKey(authority, clock, GRACE)


def down() -> ServiceUnavailableError:
    return ServiceUnavailableError("The identity service is unavailable.", retry_after=3)


async def test_the_authority_is_asked_every_time_it_answers(
    verify: VerifyApiKey, authority: ScriptedAuthority
) -> None:
    authority.valid["k"] = READER
    assert [await verify.execute("k") for _ in range(3)] == [READER] * 3
    assert authority.asked == 3


async def test_during_an_outage_a_key_accepted_within_the_grace_is_still_accepted(
    verify: VerifyApiKey, authority: ScriptedAuthority, clock: FakeClock
) -> None:
    authority.valid["k"] = READER
    await verify.execute("k")
    authority.outage = down()
    clock.advance(GRACE.total_seconds())
    assert await verify.execute("k") == READER


async def test_past_the_grace_or_never_accepted_the_outage_is_the_answer(
    verify: VerifyApiKey, authority: ScriptedAuthority, clock: FakeClock
) -> None:
    authority.valid["k"] = READER
    await verify.execute("k")
    authority.outage = down()
    with pytest.raises(ServiceUnavailableError) as unseen:
        await verify.execute("other")
    assert unseen.value.retry_after == 3
    clock.advance(GRACE.total_seconds() + 1)
    with pytest.raises(ServiceUnavailableError):
        await verify.execute("k")


async def test_a_refused_key_is_forgotten_and_not_accepted_in_a_later_outage(
    verify: VerifyApiKey, authority: ScriptedAuthority
) -> None:
    authority.valid["k"] = READER
    await verify.execute("k")
    del authority.valid["k"]
    with pytest.raises(InvalidApiKeyError):
        await verify.execute("k")
    authority.outage = down()
    with pytest.raises(ServiceUnavailableError):
        await verify.execute("k")


async def test_without_a_grace_nothing_is_remembered(
    authority: ScriptedAuthority, clock: FakeClock
) -> None:
    verify = VerifyApiKey(authority, clock, timedelta(0))
    authority.valid["k"] = READER
    await verify.execute("k")
    authority.outage = down()
    with pytest.raises(ServiceUnavailableError):
        await verify.execute("k")
