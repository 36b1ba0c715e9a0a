"""Settings of authentication, mixed into Settings: this service has none, so there are none.

Every auth variant provides ``AuthSettings`` with ``production_problems()``, which Settings
calls to refuse starting in production with unsafe values.
"""

from pydantic import BaseModel


class AuthSettings(BaseModel):
    """No fields: the service authenticates nobody (generated with ``auth=none``)."""

    def production_problems(self) -> list[str]:
        """Nothing to refuse: who may call the service is decided in front of it."""
        return []
