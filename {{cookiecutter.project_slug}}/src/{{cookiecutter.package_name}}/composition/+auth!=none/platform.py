"""What the composition root hands to every context's ``install``: the process-wide services."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from fastapi import Depends, params

from {{ cookiecutter.package_name }}.api.security import Authorizer
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
    authorizer: Authorizer
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

    def protect(self, permission: str) -> Sequence[params.Depends]:
        """Route dependencies that let through only callers holding ``permission``."""
        return [Depends(self.authorizer.require(permission))]

    @property
    def authentication_challenge(self) -> str | None:
        """What a 401 says in ``WWW-Authenticate``: the auth method's scheme, if it has one."""
        return self.authorizer.challenge
