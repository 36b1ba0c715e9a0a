"""The CHECK constraints on the real database: the second line of defence behind the aggregate."""

import pytest
from tortoise.exceptions import IntegrityError, OperationalError

from {{ unit.infrastructure }} import mapping
from {{ unit.infrastructure }}.unit_of_work import Database

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}


@pytest.mark.parametrize(("quantity", "status"), [(-1, "draft"), (0, "lost")])
async def test_the_database_refuses_a_negative_quantity_or_an_unknown_status(
    database: Database,
    quantity: int,
    status: str,
) -> None:
    # The aggregate refuses both first: the CHECK constraints are the second line of defence.
    # MariaDB reports a failed CHECK as error 4025, which its driver classes as operational.
    row = mapping.to_row(build_{{ unit.entity }}("Alpha"))
    row.quantity, row.status = quantity, status
    transaction = await database.begin()
    try:
        with pytest.raises((IntegrityError, OperationalError)):
            await row.save(using_db=transaction.client, force_create=True)
    finally:
        await transaction.close()
