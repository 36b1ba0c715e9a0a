"""Units: the bounded contexts of a project (identity included) and where each style puts them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from backend_template.names import ContextName, parse_contexts, pascal, plural
from backend_template.options import Answers

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


def verifies_keys_remotely(answers: Answers) -> bool:
    """Whether this service asks the identity service about API keys instead of storing them."""
    return answers.get("_key_role") == KEY_VERIFIER_ROLE


def identity_blueprint(answers: Answers) -> str | None:
    """The blueprint of the identity context for this auth method, or None when it has none."""
    if verifies_keys_remotely(answers):
        return "key_verification"
    return "identity" if str(answers.get("auth")) in IDENTITY_TABLES else None


# A revision id is the unit's name and its migration's number: never its place in the list.
REVISION = re.compile(r"[a-z][a-z0-9_]{0,27}_[0-9]{4}")
RECORDED_KEY = "_units"


def revision_id(name: str) -> str:
    """The revision of a unit's first migration: its name, so adding a unit renames none."""
    return f"{name}_0001"


@dataclass(frozen=True)
class Recorded:
    """What a project recorded of its units at generation: their order and their revisions."""

    order: tuple[str, ...] = ()
    revisions: tuple[tuple[str, str], ...] = ()

    def revision(self, name: str) -> str | None:
        return dict(self.revisions).get(name)

    def text(self) -> str:
        """The ``_units`` value that hands these values back to the engine."""
        revisions = dict(self.revisions)
        return ",".join(
            f"{name}={revisions[name]}" if name in revisions else name for name in self.order
        )


def parse_recorded(text: str) -> tuple[Recorded, list[str]]:
    """``name[=revision],...`` as recorded units, and one line per malformed entry."""
    order: list[str] = []
    revisions: list[tuple[str, str]] = []
    problems: list[str] = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, revision = item.partition("=")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or name in order:
            problems.append(f"{RECORDED_KEY} entry {item!r} is not a unit name listed once")
            continue
        if revision and not REVISION.fullmatch(revision):
            problems.append(f"{RECORDED_KEY} entry {item!r} has a malformed revision id")
            continue
        order.append(name)
        if revision:
            revisions.append((name, revision))
    return Recorded(tuple(order), tuple(revisions)), problems


def recorded_units(answers: Answers) -> Recorded:
    """The units a project recorded (handed back on update); empty for a new project."""
    recorded, problems = parse_recorded(str(answers.get(RECORDED_KEY) or ""))
    if problems:
        raise ValueError("; ".join(problems))
    return recorded


def in_recorded_order(names: list[str], recorded: Recorded) -> list[str]:
    """``names`` with the recorded ones first, in their recorded order, then the new ones."""
    known = [name for name in recorded.order if name in names]
    return known + [name for name in names if name not in known]


def ordered_contexts(answers: Answers) -> list[ContextName]:
    """The contexts of the answers, those a project already has in the order it recorded."""
    contexts, problems = parse_contexts(str(answers.get("contexts", "")))
    if problems:
        raise ValueError("; ".join(problems))
    by_name = {context.name: context for context in contexts}
    order = in_recorded_order(list(by_name), recorded_units(answers))
    return [by_name[name] for name in order]


def build_units(answers: Answers) -> list[Unit]:
    """Every unit of the project in migration order: the platform's, identity, then the contexts.

    A project that recorded its units keeps their order and revisions; new units follow them.
    """
    # The identity service of a microservices project has no context of its own.
    contexts = [] if answers.get("_service") == "identity" else ordered_contexts(answers)
    package = str(answers["package_name"])
    architecture = str(answers["architecture"])
    wanted: list[tuple[ContextName, str, bool]] = [
        (ContextName(blueprint, "message"), blueprint, True) for blueprint in PLATFORM_BLUEPRINTS
    ]
    identity = identity_blueprint(answers)
    if identity:
        owns_tables = IDENTITY_TABLES[str(answers.get("auth"))] and identity == "identity"
        wanted.append((ContextName("identity", "user"), identity, owns_tables))
    wanted.extend((context, "context", True) for context in contexts)
    recorded = recorded_units(answers)
    by_name = {item[0].name: item for item in wanted}
    units: list[Unit] = []
    previous: str | None = None
    for name in in_recorded_order(list(by_name), recorded):
        context, blueprint, owns_tables = by_name[name]
        revision = (recorded.revision(name) or revision_id(name)) if owns_tables else None
        units.append(
            Unit(
                name=context.name,
                entity=context.entity,
                blueprint=blueprint,
                package=package,
                architecture=architecture,
                revision=revision,
                down_revision=previous if owns_tables else None,
                orm=str(answers.get("orm", "sqlalchemy")),
                backend=str(answers.get("database", "postgresql")),
            )
        )
        previous = revision or previous
    followed = str(answers.get("_upstream") or "")
    if followed:
        return [
            replace(unit, upstream=upstream_unit(followed, unit))
            if unit.blueprint == "context"
            else unit
            for unit in units
        ]
    return with_upstreams(units)


def upstream_unit(spec: str, follower: Unit) -> Unit:
    """The context another service owns, as its follower sees it: names, not modules."""
    (context,), _problems = parse_contexts(spec)
    return replace(
        follower, name=context.name, entity=context.entity, revision=None, down_revision=None
    )


def with_upstreams(units: list[Unit]) -> list[Unit]:
    """Every context after the first follows the first one's events (its known records)."""
    contexts = [unit for unit in units if unit.blueprint == "context"]
    if len(contexts) < 2:
        return units
    first = contexts[0]
    return [replace(unit, upstream=first) if unit in contexts[1:] else unit for unit in units]
