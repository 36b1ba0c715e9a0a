"""The access checks (``tests/access_checks.py``) on this context's routes."""

from tests.access_checks import AccessChecks
from tests.api.{{ unit.name }}.helpers import BASE


class Test{{ unit.title }}Access(AccessChecks):
    base = BASE
    scope = "{{ unit.name }}"
