"""Names: validation of slugs, package and context names, and the words derived from them."""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass

from backend_template import catalogue

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
IDENTIFIER_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

# Distributions a generated project depends on (import names): a package of the same name
# would shadow them. The ORMs' and brokers' own come from the catalogue.
DEPENDENCY_MODULES = catalogue.adapter_modules() | frozenset(
    {
        "aiosqlite",
        "anyio",
        "argon2",
        "asyncpg",
        "coverage",
        "fastapi",
        "httpx",
        "importlinter",
        "jwt",
        "mypy",
        "pwdlib",
        "pydantic",
        "pydantic_settings",
        "pytest",
        "ruff",
        "starlette",
        "structlog",
        "uvicorn",
        "aiomysql",
        "asyncmy",
    }
)

# Names a context may not take: the layers and fixed packages of a generated project.
RESERVED_CONTEXT_NAMES = frozenset(
    {
        "api",
        "application",
        "domain",
        "infrastructure",
        "shared",
        "modules",
        "services",
        "libs",
        "tests",
        "migrations",
        "main",
        "bootstrap",
        "identity",
        "health",
        "settings",
        "config",
        "core",
        # modules of the shared kernel and of the HTTP helpers a context package would sit beside
        "errors",
        "security",
        "pagination",
        "conditional",
        "strict_queries",
        "query_conditions",
        "middleware",
        "edge",
        "protection",
        "rate_limits",
        "rate_limit_store",
        "auth",
        "platform",
        "assembly",
        "database",
        "logging",
        "clock",
        "background",
        "ids",
        # the platform's transactional outbox and the in-process event bus
        "outbox",
        "idempotency",
        "event_bus",
        "events",
        "tables",
        "composition",
        # tables owned by the identity context and by the migration tool
        "users",
        "refresh_tokens",
        "outbox_messages",
        "idempotency_keys",
        "alembic_version",
    }
)

# Longest names that keep every generated line within the formatter's 100 columns.
MAX_PACKAGE_LENGTH = 25
MAX_CONTEXT_LENGTH = 18


def shadowed_module(name: str) -> str | None:
    """What a top-level package called ``name`` would shadow, or None."""
    if name in sys.stdlib_module_names or name in {"test", "tests"}:
        return "the standard library"
    if name in DEPENDENCY_MODULES:
        return "a dependency of the generated project"
    return None


def singular(word: str) -> str:
    """English singular of a lowercase snake word, good enough for resource names."""
    last = word.rsplit("_", 1)
    head, tail = (last[0] + "_", last[1]) if len(last) == 2 else ("", last[0])
    if tail.endswith("ies") and len(tail) > 3:
        tail = tail[:-3] + "y"
    elif tail.endswith(("sses", "xes", "ches", "shes")):
        tail = tail[:-2]
    elif tail.endswith("s") and not tail.endswith(("ss", "us", "is")):
        tail = tail[:-1]
    return head + tail


def plural(word: str) -> str:
    """English plural of a lowercase snake word."""
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def pascal(word: str) -> str:
    return "".join(part.capitalize() for part in word.split("_"))


@dataclass(frozen=True)
class ContextName:
    """A bounded context as answered: its name and the aggregate it owns."""

    name: str
    entity: str

    @property
    def entity_class(self) -> str:
        return pascal(self.entity)

    @property
    def entity_plural(self) -> str:
        return plural(self.entity)


def identifier_problem(kind: str, value: str) -> str | None:
    """Why ``value`` cannot be a lowercase Python identifier for ``kind``, or None."""
    if not IDENTIFIER_PATTERN.match(value):
        return (
            f"{kind} {value!r} is not a lowercase Python identifier: use lowercase letters, digits "
            "and underscores, starting with a letter"
        )
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return f"{kind} {value!r} is a Python keyword: choose another name"
    return None


def parse_contexts(raw: str) -> tuple[list[ContextName], list[str]]:
    """Split the comma-separated answer into contexts, with one line per problem."""
    problems: list[str] = []
    contexts: list[ContextName] = []
    items = [item.strip() for item in raw.split(",")]
    if not any(items):
        return [], ["contexts is empty: name at least one bounded context, e.g. contexts=catalog"]
    seen: set[str] = set()
    for item in items:
        if not item:
            problems.append(f"contexts {raw!r} has an empty entry: remove the stray comma")
            continue
        name, _, entity = (part.strip() for part in item.partition(":"))
        entity = entity or singular(name)
        problem = (
            identifier_problem("context", name)
            or identifier_problem(f"entity of context {name!r}", entity)
            or identifier_problem(f"plural of the entity of context {name!r}", plural(entity))
        )
        if problem:
            problems.append(problem)
            continue
        if len(name) > MAX_CONTEXT_LENGTH or len(entity) > MAX_CONTEXT_LENGTH:
            problems.append(
                f"context {item!r} is too long: keep the context and entity names to "
                f"{MAX_CONTEXT_LENGTH} characters or fewer"
            )
            continue
        if name in RESERVED_CONTEXT_NAMES:
            problems.append(
                f"context {name!r} collides with a name the generated project uses "
                f"(layer or fixed package): choose another name"
            )
            continue
        if name in seen:
            problems.append(f"context {name!r} is listed twice: list each context once")
            continue
        seen.add(name)
        contexts.append(ContextName(name=name, entity=entity))
    return contexts, problems
