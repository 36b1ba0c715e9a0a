"""What the template knows of each choice, in one typed place: the catalogue.

cookiecutter.json declares the choices; ``options`` says which combinations are refused. This
module says what each broker, database, ORM and auth method brings to a generated project: its
names in prose, the URL forms of its settings, its compose service and CI server, its
dependencies, its migration command, the secrets it needs and the tables it owns. The template
reads these entries as data (``{{ broker.compose_service }}``), in the files cookiecutter
renders (through the Jinja extension ``backend_template_answers``) and in the files the engine
renders late, so that adding a choice is a new entry here and the choice's own files, not a
branch in every file that mentions the choices.

The module needs only the standard library: plain Cookiecutter loads it from the template's
directory before any hook runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from textwrap import dedent
from textwrap import indent as indent_lines
from typing import Any


def block(text: str, indent: int) -> str:
    """Lines written indented in this module, at ``indent`` spaces, without the outer line ends."""
    return indent_lines(dedent(text).strip("\n"), " " * indent)


@dataclass(frozen=True)
class Broker:
    """An event broker: the outbox relay publishes to it and the contexts consume from it."""

    name: str
    label: str = ""  # its short name in prose: "NATS"
    product: str = ""  # what the events travel on: "NATS JetStream"
    server: str = ""  # what a developer runs: "NATS (with JetStream)"
    local_url: str = ""  # APP_BROKER_URL on the developer's machine
    test_url: str = ""  # APP_TEST_BROKER_URL in CI, against the server CI starts
    compose_url: str = ""  # APP_BROKER_URL inside compose, at its service
    url_form: str = ""  # the form of APP_BROKER_URL in a deployment's Secret, to fill in
    # The variable of .env that holds the password of its compose account; empty for none.
    compose_password: str = ""
    docker_run: str = ""  # the command that starts a local server, after ``docker run -d --name X``
    compose_service: str = ""  # its compose service, indented as under ``services:``
    compose_ready: str = ""  # what the application waits for, indented as under ``depends_on:``
    # Its manifest in deploy/k8s/base when the cluster runs it; empty: the operator provides it.
    kubernetes_manifest: str = ""
    ci_service: str = ""  # a CI service container, indented as under a job's ``services:``
    ci_start: str = ""  # CI steps that start it when a service container cannot
    # FastStream and the client library it drives; the adapters reach some of FastStream's
    # internals, hence the upper bound.
    requirements: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()  # its top-level modules, which only the infrastructure imports
    # What the tests start a server of their own with, in the project's dev dependencies; empty
    # when they use the one on the machine (``test_url``).
    test_requirements: tuple[str, ...] = ()
    implemented: bool = True
    # Its server is the Redis every project runs for the rate-limit counts: compose and CI
    # start that one only through this entry.
    runs_redis: bool = False

    @property
    def is_none(self) -> bool:
        return self.name == "none"

    @property
    def volume(self) -> str:
        """The compose volume its data lives in; empty without a compose service."""
        return f"{self.name}-data" if self.compose_service else ""


RABBITMQ_FROM_ENV = "${RABBITMQ_PASSWORD:?set RABBITMQ_PASSWORD in .env}"

BROKERS: dict[str, Broker] = {
    "none": Broker("none"),
    "rabbitmq": Broker(
        "rabbitmq",
        label="RabbitMQ",
        product="RabbitMQ",
        server="RabbitMQ",
        local_url="amqp://guest:guest@localhost:5672/",
        test_url="amqp://guest:guest@127.0.0.1:5672/",
        compose_url=f"amqp://app:{RABBITMQ_FROM_ENV}@rabbitmq:5672/",
        url_form="amqp://USER:PASSWORD@HOST:5672/",
        compose_password="RABBITMQ_PASSWORD",  # noqa: S106 - the name of a variable
        docker_run="-p 5672:5672 rabbitmq:4",
        compose_service=block(
            f"""
              rabbitmq:
                image: rabbitmq:4-management
                environment:
                  RABBITMQ_DEFAULT_USER: app
                  RABBITMQ_DEFAULT_PASS: {RABBITMQ_FROM_ENV}
                ports:
                  # The management UI, on this machine only: http://127.0.0.1:15672 (app / RABBITMQ_PASSWORD).
                  - "127.0.0.1:15672:15672"
                volumes:
                  - rabbitmq-data:/var/lib/rabbitmq
                healthcheck:
                  test: ["CMD", "rabbitmq-diagnostics", "-q", "ping"]
                  interval: 10s
                  timeout: 10s
                  retries: 10
                  start_period: 30s
                restart: unless-stopped
            """,
            2,
        ),
        compose_ready=block(
            """
                  rabbitmq:
                    condition: service_healthy
            """,
            6,
        ),
        ci_service=block(
            """
                  rabbitmq:
                    # The image lets its default guest account connect from outside the container.
                    image: rabbitmq:4-management
                    ports:
                      - 5672:5672
                    options: >-
                      --health-cmd "rabbitmq-diagnostics -q ping"
                      --health-interval 10s
                      --health-timeout 10s
                      --health-retries 12
            """,
            6,
        ),
        requirements=("faststream[rabbit]>=0.7.8,<0.8",),
        modules=("faststream", "aio_pika"),
    ),
    "nats": Broker(
        "nats",
        label="NATS",
        product="NATS JetStream",
        server="NATS (with JetStream)",
        local_url="nats://localhost:4222",
        test_url="nats://127.0.0.1:4222",
        compose_url="nats://nats:4222",
        url_form="nats://HOST:4222",
        docker_run="-p 4222:4222 nats:2 -js",
        compose_service=block(
            """
              nats:
                image: nats:2
                # JetStream on, its streams kept in the named volume.
                command: ["-js", "-sd", "/data"]
                volumes:
                  - nats-data:/data
                restart: unless-stopped
            """,
            2,
        ),
        compose_ready=block(
            """
                  nats:
                    # The image has no shell to probe it with: the service retries until NATS answers.
                    condition: service_started
            """,
            6,
        ),
        ci_start=block(
            """
                  # Service containers take no arguments, and NATS needs -js for JetStream: started here.
                  - name: Start NATS with JetStream
                    run: |
                      docker run --detach --name nats --publish 4222:4222 nats:2 -js
                      for _ in $(seq 30); do
                        if (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then exit 0; fi
                        sleep 1
                      done
                      docker logs nats
                      exit 1
            """,
            6,
        ),
        requirements=("faststream[nats]>=0.7.8,<0.8",),
        modules=("faststream", "nats"),
    ),
    "redis": Broker(
        "redis",
        runs_redis=True,
        label="Redis",
        product="Redis Streams",
        server="Redis",
        local_url="redis://localhost:6379/0",
        test_url="redis://127.0.0.1:6379/0",
        compose_url="redis://redis:6379/0",
        url_form="redis://HOST:6379/0",
        docker_run="-p 6379:6379 redis:7",
        compose_service=block(
            """
              redis:
                image: redis:7
                # The event streams survive a restart: append-only file in the named volume.
                command: ["redis-server", "--appendonly", "yes"]
                volumes:
                  - redis-data:/data
                healthcheck:
                  test: ["CMD", "redis-cli", "ping"]
                  interval: 5s
                  timeout: 5s
                  retries: 10
                restart: unless-stopped
            """,
            2,
        ),
        compose_ready=block(
            """
                  redis:
                    condition: service_healthy
            """,
            6,
        ),
        ci_service=block(
            """
                  redis:
                    image: redis:7
                    ports:
                      - 6379:6379
                    options: >-
                      --health-cmd "redis-cli ping"
                      --health-interval 5s
                      --health-timeout 5s
                      --health-retries 10
            """,
            6,
        ),
        requirements=("faststream[redis]>=0.7.8,<0.8",),
        modules=("faststream", "redis"),
    ),
    "kafka": Broker(
        "kafka",
        label="Kafka",
        product="Apache Kafka",
        server="Apache Kafka (KRaft)",
        local_url="kafka://localhost:9092",
        compose_url="kafka://kafka:9092",
        # The cluster runs it (``kubernetes_manifest``): the Secret names its Service.
        url_form="kafka://kafka:9092",
        docker_run="-p 9092:9092 apache/kafka:3.9.1",
        compose_service=block(
            """
              kafka:
                image: apache/kafka:3.9.1
                # One node in KRaft mode (broker and controller, no ZooKeeper), reached as kafka:9092.
                environment:
                  KAFKA_NODE_ID: 1
                  KAFKA_PROCESS_ROLES: broker,controller
                  KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093
                  KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
                  KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER
                  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                  KAFKA_CONTROLLER_QUORUM_VOTERS: 1@localhost:9093
                  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1
                  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
                  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1
                  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: 0
                  # The services create their topics, with their partitions.
                  KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false"
                  KAFKA_LOG_DIRS: /var/lib/kafka/data
                volumes:
                  - kafka-data:/var/lib/kafka/data
                healthcheck:
                  test: ["CMD-SHELL", "/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 >/dev/null"]
                  interval: 10s
                  timeout: 10s
                  retries: 10
                  start_period: 30s
                restart: unless-stopped
            """,
            2,
        ),
        compose_ready=block(
            """
                  kafka:
                    condition: service_healthy
            """,
            6,
        ),
        kubernetes_manifest="kafka.yaml",
        requirements=("faststream[kafka]>=0.7.8,<0.8",),
        modules=("faststream", "aiokafka"),
        # A Kafka-wire-compatible server in one binary: each test run starts its own.
        test_requirements=("noida-db==0.2.3",),
    ),
}


@dataclass(frozen=True)
class Database:
    """A database: where the project's data lives."""

    name: str
    label: str  # its name in prose
    port: str = ""  # the server's port; empty for a file
    server: str = ""  # what a developer runs; empty for a file
    docker_run: str = ""  # the command that starts a local server, after ``docker run -d --name X``
    requirements: tuple[str, ...] = ()  # what the generated project needs beside the ORM's driver
    account: str = ""  # the account a developer's server lets in without a password

    @property
    def is_file(self) -> bool:
        return not self.port

    def url(self, orm: Orm, host: str, name: str) -> str:
        """The URL of database ``name`` on ``host`` (a file under ``./var/`` for a file database)."""
        scheme = orm.schemes[self.name]
        if self.is_file:
            return f"{scheme}./var/{name}.db"
        return f"{scheme}{self.account}@{host}:{self.port}/{name}"

    def local_url(self, orm: Orm, name: str) -> str:
        """The application's database on the developer's machine (``APP_DATABASE_URL``)."""
        return self.url(orm, LOCAL_HOST, name)

    def test_url(self, orm: Orm, name: str) -> str:
        """The tests' own database beside it (``APP_TEST_DATABASE_URL``)."""
        return self.url(orm, TEST_HOST, f"{name}_test")


# Where the developer's database server is: by name for the application, by address for the
# tests (a name that resolves to IPv6 first would miss a server listening on IPv4 only).
LOCAL_HOST = "localhost"
TEST_HOST = "127.0.0.1"

DATABASES: dict[str, Database] = {
    "postgresql": Database(
        "postgresql",
        "PostgreSQL",
        port="5432",
        server="PostgreSQL",
        docker_run="-p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:17",
        account="postgres",
    ),
    "mysql": Database(
        "mysql",
        "MySQL",
        port="3306",
        server="MySQL 8 or MariaDB 10.11+",
        docker_run="-p 3306:3306 -e MYSQL_ALLOW_EMPTY_PASSWORD=yes mysql:8.4",
        # MySQL 8 signs in with caching_sha2_password: without TLS the driver needs RSA.
        requirements=("cryptography>=44",),
        account="root",
    ),
    "sqlite": Database("sqlite", "SQLite"),
}


@dataclass(frozen=True)
class Orm:
    """An ORM: how the project maps its tables and migrates its schema."""

    name: str
    label: str
    migration_tool: str
    migrate_command: str
    # The URL scheme and the driver requirement per database.
    schemes: Mapping[str, str]
    drivers: Mapping[str, str]
    requirements: tuple[str, ...] = ()  # beside the driver
    modules: tuple[str, ...] = ()  # its top-level modules: the domain and use cases import none
    # The Dockerfile lines that ship the migrations into the image: ``{source}`` is where the
    # project's files are in the build context (a service's directory in a workspace),
    # ``{package}`` the project's package.
    dockerfile_migrations: str = ""

    @property
    def migrate_argv(self) -> tuple[str, ...]:
        """The migration command as the words a container runs."""
        return tuple(self.migrate_command.split())

    def dockerfile_lines(self, package: str, service: str = "") -> str:
        """The Dockerfile's lines for the migrations of ``package`` (of workspace ``service``)."""
        source = f"services/{service}/" if service else ""
        return self.dockerfile_migrations.format(package=package, source=source)


ORMS: dict[str, Orm] = {
    "sqlalchemy": Orm(
        "sqlalchemy",
        "SQLAlchemy 2",
        "Alembic",
        "alembic upgrade head",
        {
            "postgresql": "postgresql+asyncpg://",
            "mysql": "mysql+asyncmy://",
            "sqlite": "sqlite+aiosqlite:///",
        },
        {"postgresql": "asyncpg>=0.30", "mysql": "asyncmy>=0.2.10", "sqlite": "aiosqlite>=0.20"},
        requirements=("alembic>=1.14", "sqlalchemy[asyncio]>=2.0.36"),
        modules=("sqlalchemy", "alembic"),
        dockerfile_migrations=(
            "COPY --chown=app:app {source}alembic.ini ./\n"
            "COPY --chown=app:app {source}migrations ./migrations"
        ),
    ),
    "tortoise": Orm(
        "tortoise",
        "Tortoise ORM",
        "Tortoise ORM migrations (one history per context)",
        "tortoise migrate",
        {"postgresql": "asyncpg://", "mysql": "mysql://", "sqlite": "sqlite://"},
        {
            "postgresql": "tortoise-orm[asyncpg]>=1.1",
            "mysql": "tortoise-orm[asyncmy]>=1.1",
            "sqlite": "tortoise-orm>=1.1",
        },
        modules=("tortoise",),
        dockerfile_migrations=(
            "# Tortoise migrations ship inside the package; the tortoise CLI reads its settings here.\n"
            "ENV TORTOISE_ORM={package}.composition.orm.TORTOISE_ORM"
        ),
    ),
}
ORMS["sqlmodel"] = Orm(
    "sqlmodel",
    "SQLModel (on SQLAlchemy 2)",
    ORMS["sqlalchemy"].migration_tool,
    ORMS["sqlalchemy"].migrate_command,
    ORMS["sqlalchemy"].schemes,
    ORMS["sqlalchemy"].drivers,
    requirements=(*ORMS["sqlalchemy"].requirements, "sqlmodel>=0.0.24"),
    modules=("sqlalchemy", "sqlmodel", "alembic"),
    dockerfile_migrations=ORMS["sqlalchemy"].dockerfile_migrations,
)


@dataclass(frozen=True)
class AuthMethod:
    """An authentication method: who the callers are and what the project keeps of them."""

    name: str
    local_users: bool = False  # the project stores users (and an identity context owns them)
    tables: tuple[str, ...] = ()  # the tables its identity context owns
    # Settings it reads that are never written into the repository: a deployment keeps them in
    # the Secret the operator creates (the SecretStr fields of its AuthSettings).
    secrets: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()  # the libraries it needs


AUTH_METHODS: dict[str, AuthMethod] = {
    # A monolith signs its tokens with a shared secret (HS256, the settings' default); an
    # identity service signs with a private key instead (``deployables.JWT_SIGNING_SECRETS``).
    "jwt": AuthMethod(
        "jwt",
        local_users=True,
        tables=("users", "refresh_tokens"),
        secrets=("APP_JWT_SECRET",),
        requirements=(
            "cryptography>=44",
            "email-validator>=2.2",
            "pwdlib[argon2]>=0.2.1",
            "pyjwt[crypto]>=2.10",
            "python-multipart>=0.0.18",
        ),
    ),
    "oauth2-oidc": AuthMethod("oauth2-oidc", requirements=("cryptography>=44", "pyjwt>=2.10")),
    "session": AuthMethod(
        "session",
        local_users=True,
        tables=("users", "sessions"),
        requirements=("email-validator>=2.2", "pwdlib[argon2]>=0.2.1"),
    ),
    "api-key": AuthMethod("api-key", tables=("api_keys",), secrets=("APP_API_KEY_PEPPER",)),
    "none": AuthMethod("none"),
}


@dataclass(frozen=True)
class JsonCase:
    """How clients spell a field in JSON: requests, responses, OpenAPI, events and queries.

    The Python code names every field in snake_case whatever the answer; a camelCase project
    renames them on the wire only (pydantic aliases, the event envelope's keys), so the domain,
    the tables and the tests' fixtures keep one vocabulary.
    """

    name: str
    camel: bool

    @property
    def model(self) -> str:
        """The class request and response bodies derive from."""
        return "CamelModel" if self.camel else "BaseModel"

    def key(self, field: str) -> str:
        """``field`` (a snake_case attribute) as clients read and write it."""
        if not self.camel:
            return field
        head, *rest = field.split("_")
        return head + "".join(part[:1].upper() + part[1:] for part in rest)


JSON_CASES: dict[str, JsonCase] = {
    "snake_case": JsonCase("snake_case", camel=False),
    "camelCase": JsonCase("camelCase", camel=True),
}


def json_case(cookiecutter: Mapping[str, Any]) -> JsonCase:
    """The JSON case of a project; one generated before the answer existed is in snake_case."""
    return JSON_CASES[str(cookiecutter.get("json_case") or "snake_case")]


def implemented_brokers() -> frozenset[str]:
    """The brokers this version can generate (``none`` included)."""
    return frozenset(name for name, broker in BROKERS.items() if broker.implemented)


def adapter_modules() -> frozenset[str]:
    """The top-level modules of every ORM and broker: a generated package may not shadow them."""
    orm_modules = (module for orm in ORMS.values() for module in orm.modules)
    broker_modules = (module for broker in BROKERS.values() for module in broker.modules)
    return frozenset((*orm_modules, *broker_modules))


def library_names(system_slug: str) -> tuple[str, str]:
    """The shared library of a microservices system: its distribution and its import package."""
    distribution = f"{system_slug}-shared"
    return distribution, distribution.replace("-", "_")


def derived_values(orm: str, database: str, database_name: str, system_slug: str) -> dict[str, str]:
    """What the template reads beside the answers, computed from them here and nowhere else.

    ``database_name`` names the project's database (a service's own one in a workspace),
    ``system_slug`` the system a service belongs to (the project's slug otherwise). An option
    value the catalogue does not know yields empty values: the pre-generation hook refuses it.
    """
    entry = ORMS.get(orm)
    server = DATABASES.get(database)
    known = entry is not None and server is not None and database in entry.schemes
    library, library_package = library_names(system_slug)
    return {
        "__orm_label": entry.label if entry else "",
        "__migration_tool": entry.migration_tool if entry else "",
        "__migrate_command": entry.migrate_command if entry else "",
        "__database_scheme": entry.schemes[database] if entry and known else "",
        "__database_url": server.local_url(entry, database_name)
        if entry and server and known
        else "",
        "__test_database_url": (
            server.test_url(entry, database_name) if entry and server and known else ""
        ),
        "__database_dependency": entry.drivers[database] if entry and known else "",
        "__system_slug": system_slug,
        "__library": library,
        "__library_package": library_package,
    }


def derived(cookiecutter: Mapping[str, Any]) -> dict[str, str]:
    """The derived values of a project's answers, as cookiecutter.json reads them."""
    return derived_values(
        str(cookiecutter.get("orm")),
        str(cookiecutter.get("database")),
        str(cookiecutter.get("package_name")),
        str(cookiecutter.get("project_slug")),
    )


def globals_for_templates() -> dict[str, Any]:
    """What Jinja sees of the catalogue: every entry, by option and value, and the derivation."""
    return {
        "brokers": BROKERS,
        "databases": DATABASES,
        "orms": ORMS,
        "auth_methods": AUTH_METHODS,
        "derived": derived,
        "json_case": json_case,
    }
