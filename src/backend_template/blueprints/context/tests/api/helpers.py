"""Where the {{ unit.name }} api tests send their requests."""

BASE = "/api/v1/{{ unit.name }}"
