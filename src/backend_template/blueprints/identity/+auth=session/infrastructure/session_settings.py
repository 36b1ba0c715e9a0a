"""The session policy, read from the settings."""

from datetime import timedelta

from {{ unit.application }}.session_policy import SessionPolicy
from {{ unit.shared }}.settings import Settings


def session_policy(settings: Settings) -> SessionPolicy:
    return SessionPolicy(
        idle_timeout=timedelta(seconds=settings.session_idle_timeout_seconds),
        absolute_timeout=timedelta(seconds=settings.session_absolute_timeout_seconds),
        touch_interval=timedelta(seconds=settings.session_touch_interval_seconds),
    )
