"""Revocation on the real database: someone can always administer keys, even under races."""

import asyncio
import uuid

import pytest

from {{ unit.application }}.revoke_key import (
    RevokeApiKey,
    RevokeApiKeyCommand,
)
from {{ unit.composition }} import issue_key
from {{ unit.database }} import Database
from {{ unit.domain }}.errors import LastAdminKeyError
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.clock import SystemClock
from {{ unit.shared }}.errors import ConflictError
from {{ unit.shared }}.settings import Settings


async def admin_key(database: Database, settings: Settings, name: str) -> uuid.UUID:
    return (await issue_key(database, settings, name=name, scopes=["*"])).view.id


async def test_the_last_admin_key_stays(database: Database, settings: Settings) -> None:
    revoke = RevokeApiKey(unit_of_work_factory(database), SystemClock())
    first = await admin_key(database, settings, "first")
    second = await admin_key(database, settings, "second")
    await issue_key(database, settings, name="reader", scopes=["*:read"])

    await revoke.execute(RevokeApiKeyCommand(first))
    with pytest.raises(LastAdminKeyError):
        await revoke.execute(RevokeApiKeyCommand(second))


async def test_two_admin_keys_revoking_each_other_at_once_leave_one(
    database: Database, settings: Settings
) -> None:
    revoke = RevokeApiKey(unit_of_work_factory(database), SystemClock())
    first = await admin_key(database, settings, "first")
    second = await admin_key(database, settings, "second")

    outcomes = await asyncio.gather(
        revoke.execute(RevokeApiKeyCommand(second, actor=str(first))),
        revoke.execute(RevokeApiKeyCommand(first, actor=str(second))),
        return_exceptions=True,
    )

    done = [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ConflictError)]
    assert (len(done), len(refused)) == (1, 1), outcomes
