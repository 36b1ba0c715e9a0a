"""backend-template: generate FastAPI services in clean-architecture layers."""
