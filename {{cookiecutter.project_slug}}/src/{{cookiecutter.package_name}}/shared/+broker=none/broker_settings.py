"""Settings of the event broker, mixed into Settings: there is none, so there are none."""

from pydantic import BaseModel


class BrokerSettings(BaseModel):
    """No fields: events stay in the process."""
