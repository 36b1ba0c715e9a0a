"""Settings of authentication, mixed into Settings: this service has none, so there are none.

``production_problems()`` lists the unsafe values Settings refuses to start in production with.
"""

from pydantic import BaseModel


class AuthSettings(BaseModel):
    """No fields: the service authenticates nobody."""

    def production_problems(self) -> list[str]:
        """Nothing to refuse: who may call the service is decided in front of it."""
        return []
