"""Microservices: a uv workspace of services, each assembled like a one-context application.

A microservices project is assembled in three steps:

1. Each service is rendered from the same template as any project, as a project of its own
   (``Service.project``: its package, its one context, the auth method it runs, its own
   database), and assembled as usual into
   ``services/<name>/``: its own pyproject, Dockerfile, migrations, tests and database. The
   layout inside a service is the monolith's, so moving a context out of a monolith into a
   service is a move, not a rewrite.
2. The kernel (events, errors, logging, outbox, ...), a declared list of template modules, is
   rendered once into ``libs/<slug>-shared/`` with its tests; each service drops its copies
   and imports the library (see ``hoist``).
3. The workspace root gets its own files (``_workspace/`` in the template): the uv workspace,
   a Makefile over every member, compose with a gateway, the Kubernetes manifests.

With auth=jwt an ``identity`` service issues the tokens (RS256) and publishes its keys; every
other service verifies them against those keys as an OAuth2 resource server, with no secret
shared between services. With auth=api-key the ``identity`` service mints and stores the keys;
every other service asks it whether a presented key is valid (an internal endpoint that only
callers holding the service secret reach), remembering the answers for a short while.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from backend_template.names import ContextName, pascal
from backend_template.options import template_importable
from backend_template.project import Project

# The auth method each context service runs, by the project's auth method: tokens issued by
# the identity service (jwt) or by an external provider are verified the same way.
CONTEXT_SERVICE_AUTH: dict[str, str] = {
    "jwt": "oauth2-oidc",
    "oauth2-oidc": "oauth2-oidc",
    "api-key": "api-key",
    "none": "none",
}
# Auth methods whose identity service is a service of the project (it issues the credentials).
IDENTITY_SERVICE_AUTH = frozenset({"jwt", "api-key"})
# With auth=api-key, who does what with keys: the identity service issues them, the other
# services verify them through it (the ``_key_role`` answer of each service).
KEY_ISSUER = "issuer"
KEY_VERIFIER = "verifier"

# What a service keeps of the template's project tree: the workspace root has the rest.
SERVICE_DROPS = (
    "ARCHITECTURE.md",
    "docs",
    "deploy",
    ".github",
    ".pre-commit-config.yaml",
    ".python-version",
    "compose.yaml",
    ".backend-template.json",
)
# What the workspace root drops of the template's project tree: each service has its own.
WORKSPACE_DROPS = (
    "src",
    "tests",
    "migrations",
    "alembic.ini",
    "Dockerfile",
    ".dockerignore",
    "pyproject.toml.jinja",
    "importlinter.toml.jinja",
    "Makefile",
    "compose.yaml",
    "README.md",
    ".env.example",
    "asyncapi.json.jinja",
)
WORKSPACE_DIR = "_workspace"
# Local development ports: the gateway first, then one per service in order.
GATEWAY_PORT = 8080
FIRST_SERVICE_PORT = 8001


@dataclass(frozen=True)
class Service:
    """One deployable of a microservices project: a context, or the identity service."""

    name: str
    contexts: tuple[ContextName, ...]  # the service's context; none for identity
    auth: str
    upstream: ContextName | None  # the context whose events this service follows; None for none
    root_package: str
    root_slug: str
    root_name: str
    index: int
    key_role: str = ""  # with auth=api-key: KEY_ISSUER (identity) or KEY_VERIFIER; else empty

    @property
    def package(self) -> str:
        return f"{self.name}_service"

    @property
    def slug(self) -> str:
        return f"{self.root_slug}-{self.name}"

    @property
    def title(self) -> str:
        return pascal(self.name)

    @property
    def directory(self) -> PurePosixPath:
        return PurePosixPath("services", self.name)

    @property
    def path_prefix(self) -> str:
        return f"/api/v1/{self.name}"

    @property
    def local_port(self) -> int:
        """Where ``make run`` serves it on the developer's machine."""
        return FIRST_SERVICE_PORT + self.index

    @property
    def upstream_name(self) -> str:
        """The service this one follows and reads from (its context's name); empty for none."""
        return self.upstream.name if self.upstream else ""

    @property
    def database_name(self) -> str:
        """Its own database, named after its system too: two systems on one server stay apart."""
        return f"{self.root_package}_{self.name}"

    @property
    def is_identity(self) -> bool:
        return self.name == "identity"

    def project(self, system: Project) -> Project:
        """The project this service is assembled as, within ``system``."""
        return system.for_service(
            name=self.name,
            title=self.title,
            package=self.package,
            slug=self.slug,
            auth=self.auth,
            contexts=self.contexts,
            upstream=self.upstream,
            database_name=self.database_name,
            key_role=self.key_role,
        )


def build_services(project: Project) -> list[Service]:
    """The services of a microservices project: identity (jwt, api-key), then each context."""
    # Ports and the followed context stay with the services a project already has.
    if project.auth not in CONTEXT_SERVICE_AUTH:
        msg = f"auth={project.auth} is not implemented for architecture=microservices"
        raise ValueError(msg)
    common = {
        "root_package": project.package,
        "root_slug": project.slug,
        "root_name": project.name,
    }
    wanted: list[tuple[str, tuple[ContextName, ...], str, ContextName | None]] = []
    if project.auth in IDENTITY_SERVICE_AUTH:
        wanted.append(("identity", (), project.auth, None))
    first, *_ = project.contexts
    for position, context in enumerate(project.contexts):
        method = CONTEXT_SERVICE_AUTH[project.auth]
        wanted.append((context.name, (context,), method, first if position else None))
    return [
        Service(
            name=name,
            contexts=spec,
            auth=method,
            upstream=upstream,
            index=index,
            key_role=key_role(project.auth, name),
            **common,
        )
        for index, (name, spec, method, upstream) in enumerate(wanted)
    ]


def key_role(auth: str, name: str) -> str:
    """What the service named ``name`` does with API keys: issue them, verify them, or nothing."""
    if auth != "api-key":
        return ""
    return KEY_ISSUER if name == "identity" else KEY_VERIFIER


def render_service(
    template: Path,
    project: Project,
    assemble: Callable[[Path, Project], None],
    destination: Path,
) -> None:
    """Render and assemble the service ``project`` from the template into ``destination``."""
    # Cookiecutter runs this engine (its hook or the CLI): it is there whenever a service is made.
    from cookiecutter.generate import generate_files  # type: ignore[import-untyped]  # noqa: PLC0415

    rendered = dict(project.cookiecutter)
    rendered["_repo_dir"] = str(template)
    rendered["_template"] = str(template)
    with (
        tempfile.TemporaryDirectory(prefix="backend-template-") as scratch,
        template_importable(template),
    ):
        rendered["_output_dir"] = scratch
        output = Path(
            generate_files(
                repo_dir=template,
                context={"cookiecutter": rendered},
                output_dir=scratch,
                accept_hooks=False,
            )
        )
        assemble(output, replace(project, cookiecutter=MappingProxyType(rendered)))
        for name in SERVICE_DROPS:
            remove(output / name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(output), str(destination))


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
