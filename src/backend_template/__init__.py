"""backend-template: generate FastAPI services in clean-architecture layers."""

__version__ = "0.1.0"
