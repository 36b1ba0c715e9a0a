"""The project the answers describe, parsed once: the one value the engine passes along.

Cookiecutter hands the engine its context (the answers and the values cookiecutter.json derives
from them). ``Project.parse`` reads it once: the contexts are parsed into names, the recorded
units into their order and revisions, and every derived value (the database URLs, the migration
command, the shared library's names) comes from the catalogue. Units, services, deployables and
the render contexts are all built from a ``Project``; nothing downstream reads an answer's text
again. A service of a microservices project is a ``Project`` too, made from its system's by
``for_service``, never by feeding answers back through Cookiecutter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from backend_template import catalogue
from backend_template.names import ContextName, parse_contexts

Answers = Mapping[str, Any]

RECORDED_KEY = "_units"
# A revision id is the unit's name and its migration's number: never its place in the list.
REVISION = re.compile(r"[a-z][a-z0-9_]{0,27}_[0-9]{4}")
UNIT_NAME = re.compile(r"[a-z][a-z0-9_]*")


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
        if not UNIT_NAME.fullmatch(name) or name in order:
            problems.append(f"{RECORDED_KEY} entry {item!r} is not a unit name listed once")
            continue
        if revision and not REVISION.fullmatch(revision):
            problems.append(f"{RECORDED_KEY} entry {item!r} has a malformed revision id")
            continue
        order.append(name)
        if revision:
            revisions.append((name, revision))
    return Recorded(tuple(order), tuple(revisions)), problems


def in_recorded_order(names: list[str], recorded: Recorded) -> list[str]:
    """``names`` with the recorded ones first, in their recorded order, then the new ones."""
    known = [name for name in recorded.order if name in names]
    return known + [name for name in names if name not in known]


@dataclass(frozen=True)
class Project:
    """One project to assemble: a whole project, or one service of a microservices system."""

    # What the templates see as ``cookiecutter``: the answers with the derived values.
    cookiecutter: Mapping[str, Any] = field(repr=False, compare=False)
    name: str
    slug: str
    package: str
    architecture: str
    auth: str
    orm: str
    database: str
    broker: str
    # The bounded contexts, those the project recorded first and in their recorded order.
    contexts: tuple[ContextName, ...]
    recorded: Recorded
    # The system this project belongs to: its own slug, but for a service.
    system_slug: str
    # The project's database; a service's own one is named after its system as well.
    database_name: str
    service: str = ""  # the service's name inside its workspace; empty for a whole project
    # The context whose events a service follows, owned by another service; None for most.
    upstream: ContextName | None = None
    # With auth=api-key in a workspace: "issuer" (identity) or "verifier" (the others); else "".
    key_role: str = ""
    # How clients spell fields in JSON: "snake_case" (the Python names) or "camelCase".
    json_case: str = "snake_case"

    @classmethod
    def parse(cls, answers: Answers) -> Project:
        """The project these answers describe; ValueError naming every malformed answer."""
        contexts, problems = parse_contexts(str(answers.get("contexts", "")))
        recorded, recorded_problems = parse_recorded(str(answers.get(RECORDED_KEY) or ""))
        problems += recorded_problems
        missing = [
            key for key in ("project_name", "project_slug", "package_name") if key not in answers
        ]
        problems += [f"{key} is missing from the answers: give it" for key in missing]
        if problems:
            raise ValueError("; ".join(problems))
        by_name = {context.name: context for context in contexts}
        slug = str(answers["project_slug"])
        package = str(answers["package_name"])
        orm = str(answers.get("orm", "sqlalchemy"))
        database = str(answers.get("database", "postgresql"))
        context = dict(answers)
        context.update(catalogue.derived_values(orm, database, package, slug))
        return cls(
            cookiecutter=MappingProxyType(context),
            name=str(answers["project_name"]),
            slug=slug,
            package=package,
            architecture=str(answers.get("architecture")),
            auth=str(answers.get("auth")),
            orm=orm,
            database=database,
            broker=str(answers.get("broker", "none")),
            json_case=catalogue.json_case(answers).name,
            contexts=tuple(by_name[name] for name in in_recorded_order(list(by_name), recorded)),
            recorded=recorded,
            system_slug=slug,
            database_name=package,
        )

    @property
    def is_workspace(self) -> bool:
        """Whether this is a microservices workspace root (not one of its services)."""
        return self.architecture == "microservices" and not self.service

    @property
    def migrate_command(self) -> tuple[str, ...]:
        """The migration command as the words a container runs."""
        orm = catalogue.ORMS.get(self.orm)
        if orm is None:
            msg = f"orm={self.orm} has no migration command in this version of backend-template"
            raise ValueError(msg)
        return orm.migrate_argv

    @property
    def library(self) -> tuple[str, str]:
        """The system's shared library (microservices): its distribution and import package."""
        return catalogue.library_names(self.system_slug)

    def public_answers(self) -> dict[str, Any]:
        """The answers worth recording: no private keys, no machine-specific paths."""
        return {
            key: value
            for key, value in sorted(self.cookiecutter.items())
            if not key.startswith("_")
        }

    def private_inputs(self) -> dict[str, Any]:
        """The private values provenance reads: where the template came from."""
        return {
            key: self.cookiecutter[key]
            for key in ("_template", "_repo_dir", "_commit")
            if key in self.cookiecutter
        }

    def for_service(
        self,
        *,
        name: str,
        title: str,
        package: str,
        slug: str,
        auth: str,
        contexts: tuple[ContextName, ...],
        upstream: ContextName | None,
        database_name: str,
        key_role: str = "",
    ) -> Project:
        """One service of this system: a one-context project with its own package and database."""
        service = replace(
            self,
            name=f"{self.name} {title}",
            slug=slug,
            package=package,
            auth=auth,
            contexts=contexts,
            service=name,
            upstream=upstream,
            database_name=database_name,
            key_role=key_role,
        )
        spec = ", ".join(f"{context.name}:{context.entity}" for context in contexts)
        context = dict(self.cookiecutter)
        context.update(
            {
                "project_name": service.name,
                "project_slug": slug,
                "package_name": package,
                "contexts": spec,
                "auth": auth,
                "_service": name,
                "_upstream": f"{upstream.name}:{upstream.entity}" if upstream else "",
                "_key_role": key_role,
            }
        )
        context.update(
            catalogue.derived_values(
                self.orm, self.database, service.database_name, self.system_slug
            )
        )
        return replace(service, cookiecutter=MappingProxyType(context))
