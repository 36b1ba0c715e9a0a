"""The Redis bus's reclaimer: closing the bus ends it, whatever a delivery does with a cancel."""

import asyncio
import time

import pytest

from {{ cookiecutter.package_name }}.infrastructure import broker
from {{ cookiecutter.package_name }}.infrastructure.broker import BrokerEventBus

from tests.broker_fixtures import BusFactory

PLACED = "orders.order.placed"


async def ignore(_event: object) -> None:
    return None


async def test_closing_ends_a_reclaimer_whose_delivery_absorbs_the_cancellation(
    make_bus: BusFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    bus: BrokerEventBus = make_bus()
    bus.subscribe(PLACED, ignore, consumer="billing")
    rounds = 0
    in_a_round = asyncio.Event()

    async def absorbing_round(_subscription: object) -> None:
        # A delivery through a client library that turns a cancellation into a normal return.
        nonlocal rounds
        rounds += 1
        in_a_round.set()
        try:
            await asyncio.sleep(1.0)
        except asyncio.CancelledError:
            return

    monkeypatch.setattr(bus, "_reclaim", absorbing_round)
    await bus.start()
    async with asyncio.timeout(10):
        await in_a_round.wait()

    started = time.monotonic()
    async with asyncio.timeout(4 * broker.RECLAIM_STOP_SECONDS):
        await bus.close()

    # Ended by the stop signal after the round in progress, not by the cancelling fallback.
    assert time.monotonic() - started < broker.RECLAIM_STOP_SECONDS
    rounds_at_close = rounds
    await asyncio.sleep(0.2)
    assert rounds == rounds_at_close
