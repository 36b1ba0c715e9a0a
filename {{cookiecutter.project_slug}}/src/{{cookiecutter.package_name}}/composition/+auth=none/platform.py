"""What the composition root hands to every context's ``install``: the process-wide services.

This service has no authentication: there is no authorizer, and ``protect`` adds no
dependency, so every route is public. Whatever stands in front of the service (a gateway,
mTLS, a network policy) decides who may reach it; see the README.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from fastapi import params

from {{ cookiecutter.package_name }}.api.rate_limits import RateLimiting
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.infrastructure.outbox.relay import OutboxRelay
from {{ cookiecutter.package_name }}.shared.clock import Clock
from {{ cookiecutter.package_name }}.shared.events import EventBus
from {{ cookiecutter.package_name }}.shared.settings import Settings


@dataclass(frozen=True)
class Platform:
    settings: Settings
    database: Database
    clock: Clock
    # The in-process bus or the broker: the outbox relay publishes on it; subscribe handlers on it.
    events: EventBus
    # Publishes what the units of work stored in the outbox; wake it after a commit.
    outbox: OutboxRelay
    # The rate-limit budgets and their store (Redis or this process): sign-in routes add
    # themselves; the sign-in limiter counts failures in the same store.
    rate_limits: RateLimiting
    # What the contexts opened for the process (clients of other services): closed at shutdown.
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def protect(self, permission: str) -> Sequence[params.Depends]:  # noqa: ARG002
        """No route dependencies: without authentication every route is public.

        ``permission`` names what the route would require once an auth method is generated.
        """
        return ()

    @property
    def authentication_challenge(self) -> str | None:
        """No ``WWW-Authenticate``: nothing here answers 401."""
        return None
