"""Units: the bounded contexts of a project (identity included) and where each style puts them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from backend_template.names import ContextName, pascal, plural
from backend_template.project import Project, in_recorded_order

LAYERS = ("domain", "application", "infrastructure", "api")
TEST_KINDS = ("unit", "integration", "api")


@dataclass(frozen=True)
class Unit:
    """One bounded context to render from a blueprint: its names and its module paths."""

    name: str
    entity: str
    blueprint: str
    package: str
    architecture: str
    revision: str | None
    down_revision: str | None
    orm: str = "sqlalchemy"
    backend: str = "postgresql"  # the database answer: postgresql, mysql or sqlite
    # The context whose integration events this one follows, keeping known records of
    # its aggregates: the example of one context reacting to another's events. None for most.
    upstream: Unit | None = None

    @property
    def is_platform(self) -> bool:
        """Whether this unit is part of the application platform rather than a bounded context.

        Platform units (the transactional outbox, the idempotency keys) own tables and migrations
        like a context, but have no API and no wiring of their own: they live in the platform's
        layers in every style.
        """
        return self.blueprint in PLATFORM_BLUEPRINTS

    @property
    def entity_class(self) -> str:
        return pascal(self.entity)

    @property
    def entity_plural(self) -> str:
        return plural(self.entity)

    @property
    def title(self) -> str:
        return pascal(self.name)

    def module(self, layer: str) -> str:
        """Dotted module path of this unit's package in ``layer``.

        A service of a microservices project is laid out as a monolith with one context.
        """
        if self.architecture == "modular-monolith" and not self.is_platform:
            return f"{self.package}.modules.{self.name}.{layer}"
        return f"{self.package}.{layer}.{self.name}"

    @property
    def domain(self) -> str:
        return self.module("domain")

    @property
    def application(self) -> str:
        return self.module("application")

    @property
    def infrastructure(self) -> str:
        return self.module("infrastructure")

    @property
    def api(self) -> str:
        return self.module("api")

    @property
    def shared(self) -> str:
        """The shared kernel: errors, security principal, pagination, clock, ids, settings."""
        return f"{self.package}.shared"

    @property
    def web(self) -> str:
        """HTTP helpers every context's api uses: security dependencies, error envelope, paging.

        They are the application's own ``api`` package, beside the contexts (monolith, and each
        service of a microservices project) or the modules (modular monolith).
        """
        return f"{self.package}.api"

    @property
    def database(self) -> str:
        """Module of the Database object (engine or ORM context, transactions) and column types."""
        return f"{self.package}.infrastructure.database"

    @property
    def tables(self) -> str:
        """Module with the ORM's table metadata (and base class) beside ``database``."""
        return self.database.rsplit(".", 1)[0] + ".tables"

    @property
    def schema(self) -> str | None:
        """The database schema of this unit's tables: its own one for a module on PostgreSQL.

        A modular monolith gives every module a PostgreSQL schema named after it, so that table
        ownership is visible in the database too; elsewhere tables live in the default schema.
        """
        if self.architecture == "modular-monolith" and self.backend == "postgresql":
            return self.name
        return None

    @property
    def owns_tables(self) -> bool:
        return self.revision is not None

    @property
    def migration_file(self) -> str | None:
        """Where this unit's initial migration lands in the project, if it owns tables."""
        if not self.owns_tables:
            return None
        return self.place(PurePosixPath("migrations", "initial.py")).as_posix()

    @property
    def migrations(self) -> str:
        """Package of this unit's Tortoise migrations, which the unit's infrastructure owns."""
        return f"{self.infrastructure}.migrations"

    @property
    def composition(self) -> str:
        """Module of this unit's wiring (its ``install`` function), in the composition layer."""
        return f"{self.package}.composition.{self.name}"

    @property
    def source_root(self) -> PurePosixPath:
        """Directory holding the top-level package that contains this unit."""
        return PurePosixPath("src")

    @property
    def tests_root(self) -> PurePosixPath:
        return PurePosixPath("tests")

    def place(self, relative: PurePosixPath) -> PurePosixPath:
        """Where a blueprint file (path relative to the blueprint root) goes in the project."""
        head, rest = relative.parts[0], PurePosixPath(*relative.parts[1:])
        if head in LAYERS:
            return self.source_root / PurePosixPath(*self.module(head).split(".")) / rest
        if head == "tests":
            kind, tail = rest.parts[0], PurePosixPath(*rest.parts[1:])
            return self.tests_root / kind / self.name / tail
        if head == "wiring.py":
            return self.source_root / PurePosixPath(*self.composition.split(".")).with_suffix(".py")
        if head == "migrations":
            if self.revision is None:
                msg = f"unit {self.name!r} owns no tables but its blueprint has a migration"
                raise ValueError(msg)
            if self.orm == "tortoise":
                # Each unit is a Tortoise app with its own migration history, in its own package.
                package = PurePosixPath(*self.migrations.split("."))
                return self.source_root / package / "0001_initial.py"
            return PurePosixPath("migrations", "versions", f"{self.revision}.py")
        msg = f"blueprint {self.blueprint!r} has a file outside the known layers: {relative}"
        raise ValueError(msg)


# Blueprints of the platform's own units, rendered into every project before the contexts.
PLATFORM_BLUEPRINTS = ("outbox", "idempotency")

# Auth methods that have an identity context, and whether it owns tables (and so migrations).
IDENTITY_TABLES: dict[str, bool] = {
    "jwt": True,
    "session": True,
    "api-key": True,
    "oauth2-oidc": False,
}


# A service that verifies API keys through the identity service: its identity unit calls it.
KEY_VERIFIER_ROLE = "verifier"


def identity_blueprint(project: Project) -> str | None:
    """The blueprint of the identity context for this auth method, or None when it has none."""
    if project.key_role == KEY_VERIFIER_ROLE:
        return "key_verification"
    return "identity" if project.auth in IDENTITY_TABLES else None


def revision_id(name: str) -> str:
    """The revision of a unit's first migration: its name, so adding a unit renames none."""
    return f"{name}_0001"


def build_units(project: Project) -> list[Unit]:
    """Every unit of the project in migration order: the platform's, identity, then the contexts.

    A project that recorded its units keeps their order and revisions; new units follow them.
    """
    # The identity service of a microservices project has no context of its own.
    contexts = [] if project.service == "identity" else list(project.contexts)
    wanted: list[tuple[ContextName, str, bool]] = [
        (ContextName(blueprint, "message"), blueprint, True) for blueprint in PLATFORM_BLUEPRINTS
    ]
    identity = identity_blueprint(project)
    if identity:
        owns_tables = IDENTITY_TABLES[project.auth] and identity == "identity"
        wanted.append((ContextName("identity", "user"), identity, owns_tables))
    wanted.extend((context, "context", True) for context in contexts)
    by_name = {item[0].name: item for item in wanted}
    units: list[Unit] = []
    previous: str | None = None
    for name in in_recorded_order(list(by_name), project.recorded):
        context, blueprint, owns_tables = by_name[name]
        revision = (project.recorded.revision(name) or revision_id(name)) if owns_tables else None
        units.append(
            Unit(
                name=context.name,
                entity=context.entity,
                blueprint=blueprint,
                package=project.package,
                architecture=project.architecture,
                revision=revision,
                down_revision=previous if owns_tables else None,
                orm=project.orm,
                backend=project.database,
            )
        )
        previous = revision or previous
    if project.upstream is not None:
        followed = project.upstream
        return [
            replace(
                unit,
                upstream=replace(
                    unit,
                    name=followed.name,
                    entity=followed.entity,
                    revision=None,
                    down_revision=None,
                ),
            )
            if unit.blueprint == "context"
            else unit
            for unit in units
        ]
    return with_upstreams(units)


def with_upstreams(units: list[Unit]) -> list[Unit]:
    """Every context after the first follows the first one's events (its known records)."""
    contexts = [unit for unit in units if unit.blueprint == "context"]
    if len(contexts) < 2:
        return units
    first = contexts[0]
    return [replace(unit, upstream=first) if unit in contexts[1:] else unit for unit in units]
