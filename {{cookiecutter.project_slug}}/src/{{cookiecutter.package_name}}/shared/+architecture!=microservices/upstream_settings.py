"""Settings of calls to other services, mixed into Settings: one application calls none."""

from pydantic import BaseModel


class UpstreamSettings(BaseModel):
    """No fields: the contexts of one application read each other's data in the process."""
