"""The ORM's table registry: SQLModel's metadata, with stable constraint names, and its session.

Every table model subclasses the ``SQLModel`` imported from here, so the naming convention is
in place before the first table is declared.
"""

from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

# Stable constraint names, so that migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLModel.metadata.naming_convention = NAMING_CONVENTION

# The session class the repositories are written against: SQLModel's, with ``exec``.
Session = AsyncSession

metadata = SQLModel.metadata

__all__ = ["NAMING_CONVENTION", "SQLModel", "Session", "metadata"]
