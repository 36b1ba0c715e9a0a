"""Deployables: the processes a project ships, and what deploying each of them takes.

The deployment manifests (Kubernetes under ``deploy/k8s``) are late files that loop over the
deployables, so that a style with several services renders one Deployment, Service, migration
Job and so on per service. A monolith and a modular monolith ship one: the whole app.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from backend_template.catalogue import AUTH_METHODS
from backend_template.project import Project
from backend_template.services import KEY_VERIFIER, Service

# Kubernetes names a Service, and a Job (its pods carry the name as a label value), with a DNS
# label: at most 63 lowercase letters, digits and dashes.
DNS_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
DNS_LABEL_LENGTH = 63

# The port the service listens on inside its container (the Dockerfile's EXPOSE).
HTTP_PORT = 8000

# What signs JWTs, by algorithm: a monolith signs and verifies its own tokens with a shared
# secret (HS256, the settings' default); an identity service signs with a private key (RS256)
# that only it holds, and the other services verify with the public keys it publishes.
JWT_SIGNING_SECRETS: dict[str, tuple[str, ...]] = {
    "HS256": ("APP_JWT_SECRET",),
    "RS256": ("APP_JWT_PRIVATE_KEY",),
}
TOKEN_ISSUER_ALGORITHM = "RS256"  # noqa: S105 - an algorithm name, not a secret

# With auth=api-key: the secret the services present to the identity service's internal key
# check (which only they may call), and where the verifying services reach the identity service.
KEY_VERIFICATION_SECRET = "APP_KEY_VERIFICATION_SECRET"  # noqa: S105 - a variable's name
IDENTITY_URL = "APP_IDENTITY_URL"
# Signs list cursors: every replica needs the same one, or a cursor one replica issued is
# refused by the next (the HorizontalPodAutoscaler runs several).
CURSOR_SECRET = "APP_CURSOR_SECRET"  # noqa: S105 - a variable's name

# Where the ingress controller's pods are, whose X-Forwarded-For the pods believe: the usual
# private range of cluster pod networks; the manifests tell the operator to narrow it.
CLUSTER_PROXY_NETWORKS: tuple[str, ...] = ("10.0.0.0/8",)

# Styles whose whole app is one deployable.
SINGLE_DEPLOYABLE_STYLES = frozenset({"monolith", "modular-monolith"})

# An external provider's issuer, to be replaced by the operator (the manifests say where).
EXTERNAL_ISSUER = "https://sso.example.com/realms/main"
# Where the identity service publishes its keys and discovery document: the Ingress routes
# this prefix to it, so that the issuer URL is the system's public URL.
WELL_KNOWN_PREFIX = "/.well-known"


@dataclass(frozen=True)
class Deployable:
    """One process to deploy: its names, its ASGI app, its routes, database and secrets."""

    name: str  # DNS label: names the Deployment, Service, HPA and PDB; prefix of the others
    package: str
    app: str  # the ASGI app factory, as uvicorn takes it with --factory
    path_prefix: str  # what the Ingress routes to this deployable
    database_name: str
    migrate_command: tuple[str, ...]
    image: str
    secret_env: tuple[str, ...]  # settings read from the operator's Secret, by variable name
    port: int = HTTP_PORT
    # Settings of its own, not secret, as (variable, value) pairs: how it verifies or issues
    # tokens, the broker namespace it shares with the other services of its system.
    env: tuple[tuple[str, str], ...] = ()
    # Those of ``env`` that hold the token issuer's URL: each environment (overlay) sets them,
    # since the issuer is reached at an address that depends on the environment.
    issuer_env: tuple[str, ...] = ()
    # Further path prefixes the Ingress routes to it (the token issuer's discovery documents).
    extra_paths: tuple[str, ...] = ()
    issues_tokens: bool = False  # whether the other deployables verify tokens it signs
    # The proxies (CIDR networks) whose forwarded client address it believes (APP_TRUSTED_PROXIES).
    trusted_proxies: tuple[str, ...] = CLUSTER_PROXY_NETWORKS

    @property
    def config_map(self) -> str:
        """The ConfigMap with the non-secret settings (kustomize adds a content hash)."""
        return f"{self.name}-config"

    @property
    def secret(self) -> str:
        """The Secret the operator creates; it is never part of the repository."""
        return f"{self.name}-secrets"

    @property
    def migration_job(self) -> str:
        """The Job that runs the migrations: the name, cut if needed, and ``-migrate``."""
        suffix = "-migrate"
        return self.name[: DNS_LABEL_LENGTH - len(suffix)].rstrip("-") + suffix

    @property
    def data_volume(self) -> str:
        """The PersistentVolumeClaim of a deployable that keeps its database in a file."""
        return f"{self.name}-data"


def dns_label(text: str) -> str:
    """``text`` itself when it can name a Kubernetes Service, else ValueError."""
    if len(text) > DNS_LABEL_LENGTH or not DNS_LABEL.match(text):
        msg = (
            f"{text!r} cannot name Kubernetes objects: use at most {DNS_LABEL_LENGTH} lowercase "
            "letters, digits and dashes, starting with a letter"
        )
        raise ValueError(msg)
    return text


def secret_settings(
    project: Project,
    *,
    auth: str | None = None,
    jwt_algorithm: str = "HS256",
    key_role: str = "",
) -> tuple[str, ...]:
    """The settings a deployable reads from its Secret: database URL, auth keys, cursor key, broker.

    A SQLite database is a file on the deployable's volume: its URL is no secret. With auth=jwt,
    the key depends on the algorithm the deployable signs with. ``auth`` is the method the
    deployable runs, when it is not the project's (a service of a workspace). A service that
    verifies API keys through the identity service keeps no key digests (no pepper), only the
    service secret it presents there; the identity service keeps both.
    """
    method = auth or project.auth
    if method not in AUTH_METHODS:
        msg = f"auth={method} has no deployment settings in this version of backend-template"
        raise ValueError(msg)
    names: list[str] = []
    if project.database != "sqlite":
        names.append("APP_DATABASE_URL")
    if key_role != KEY_VERIFIER:
        names.extend(
            JWT_SIGNING_SECRETS[jwt_algorithm] if method == "jwt" else AUTH_METHODS[method].secrets
        )
    if key_role:
        names.append(KEY_VERIFICATION_SECRET)
    names.append(CURSOR_SECRET)
    if project.broker != "none":
        names.append("APP_BROKER_URL")
    return tuple(names)


def build_deployables(project: Project, services: Sequence[Service] = ()) -> list[Deployable]:
    """The deployables of ``project``, in a stable order.

    A monolith and a modular monolith (and each service, assembled alone) deploy as one app;
    a microservices workspace deploys each of its ``services``, behind one Ingress that routes
    ``/api/v1/<service>`` to it.
    """
    if project.is_workspace:
        if not services:
            msg = "a microservices workspace deploys its services: none were given"
            raise ValueError(msg)
        return [service_deployable(project, service) for service in services]
    if project.architecture not in SINGLE_DEPLOYABLE_STYLES and not project.service:
        msg = f"architecture={project.architecture} has no deployment layout in this version"
        raise ValueError(msg)
    name = dns_label(project.slug)
    env: tuple[tuple[str, str], ...] = ()
    if project.auth == "oauth2-oidc":
        env = (("APP_OIDC_ISSUER", EXTERNAL_ISSUER), ("APP_OIDC_AUDIENCE", name))
    return [
        Deployable(
            name=name,
            package=project.package,
            app=f"{project.package}.main:create_app",
            path_prefix="/",
            database_name=project.database_name,
            migrate_command=project.migrate_command,
            image=project.slug,
            secret_env=secret_settings(project),
            env=env,
        )
    ]


def public_url(project: Project) -> str:
    """The system's address in production: the host of the prod overlay's Ingress."""
    return f"https://{project.system_slug}.example.com"


def service_deployable(project: Project, service: Service) -> Deployable:
    """One service of a microservices workspace, with the auth method it runs.

    With auth=jwt the identity service signs tokens (RS256) for the whole system, the system's
    slug as their audience; the other services verify them against its published keys. With an
    external provider, every service verifies the provider's tokens for that same audience.
    """
    system = service.root_slug
    env: list[tuple[str, str]] = []
    issuer_env: tuple[str, ...] = ()
    signs_tokens = service.is_identity and service.auth == "jwt"
    if signs_tokens:
        env += [
            ("APP_JWT_ALGORITHM", TOKEN_ISSUER_ALGORITHM),
            ("APP_JWT_PUBLIC_ISSUER_URL", public_url(project)),
            ("APP_JWT_AUDIENCE", system),
        ]
        issuer_env = ("APP_JWT_PUBLIC_ISSUER_URL",)
    elif service.auth == "oauth2-oidc":
        token_issuer = project.auth == "jwt"
        issuer = public_url(project) if token_issuer else EXTERNAL_ISSUER
        env += [("APP_OIDC_ISSUER", issuer), ("APP_OIDC_AUDIENCE", system)]
        issuer_env = ("APP_OIDC_ISSUER",) if token_issuer else ()
    elif service.key_role == KEY_VERIFIER:
        # The identity service's Kubernetes Service, in the same namespace: never the Ingress,
        # which does not route its internal key check.
        identity = dns_label(f"{system}-identity")
        env.append((IDENTITY_URL, f"http://{identity}:{HTTP_PORT}"))
    if project.broker != "none":
        env.append(("APP_BROKER_NAMESPACE", system))
    if service.upstream_name:
        # The followed service's Kubernetes Service, in the same namespace.
        upstream = dns_label(f"{system}-{service.upstream_name}")
        env.append(("APP_UPSTREAM_URL", f"http://{upstream}:{HTTP_PORT}"))
    return Deployable(
        name=dns_label(service.slug),
        package=service.package,
        app=f"{service.package}.main:create_app",
        path_prefix=service.path_prefix,
        database_name=service.database_name,
        migrate_command=project.migrate_command,
        image=service.slug,
        secret_env=secret_settings(
            project,
            auth=service.auth,
            jwt_algorithm=TOKEN_ISSUER_ALGORITHM if service.is_identity else "HS256",
            key_role=service.key_role,
        ),
        env=tuple(env),
        issuer_env=issuer_env,
        extra_paths=(WELL_KNOWN_PREFIX,) if signs_tokens else (),
        issues_tokens=signs_tokens,
    )
