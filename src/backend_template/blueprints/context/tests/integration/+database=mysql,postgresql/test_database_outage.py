"""The database outage checks (``tests/database_outage.py``) on this context's routes."""

from tests.api.{{ unit.name }}.helpers import BASE
from tests.database_outage import DatabaseOutageChecks


class Test{{ unit.title }}DatabaseOutage(DatabaseOutageChecks):
    base = BASE
