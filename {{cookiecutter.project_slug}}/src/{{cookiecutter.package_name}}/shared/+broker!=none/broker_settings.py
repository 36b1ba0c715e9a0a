"""Settings of the event broker, mixed into Settings (every name read as ``APP_<NAME>``)."""

from pydantic import BaseModel, Field


class BrokerSettings(BaseModel):
    """Where the broker is, how its names are scoped, and how failed deliveries are retried."""

    broker_url: str = Field(
        default="{{ brokers[cookiecutter.broker].local_url }}",
        description="{{ brokers[cookiecutter.broker].server }} URL.",
    )
    # Prefixes every exchange, queue, stream and subject: one per system, shared by its services.
    broker_namespace: str = Field(
        default="{{ cookiecutter.__system_slug }}",
        pattern=r"^[a-z0-9][a-z0-9-]*$",
    )
    broker_max_attempts: int = Field(default=5, ge=1)
    broker_retry_backoff_seconds: float = Field(default=1.0, gt=0)
    broker_retry_backoff_max_seconds: float = Field(default=60.0, gt=0)
    broker_publish_timeout_seconds: float = Field(default=10.0, gt=0)
    # How long a delivered event may stay unacknowledged (its process stuck or gone) before
    # another replica of the same consumer gets it (NATS and Redis; RabbitMQ gives it back as
    # soon as the connection of that process closes).
    broker_ack_wait_seconds: float = Field(default=30.0, gt=0)
    # How many events one consumer handles at a time in one process.
    broker_prefetch_count: int = Field(default=10, ge=1)
