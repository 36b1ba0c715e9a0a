"""Tier 1: the deployment artefacts of generated projects build, validate and say what they must.

For a spread of matrix rows (every implemented value of the options that shape deployment, and
every database with every broker): both kustomize overlays build with kubectl and every object
validates, strictly, against the Kubernetes schemas; compose.yaml passes ``docker-compose config``;
the CI workflow serves the broker; and the content holds what deploying relies on (probes,
limits, non-root pods, secret references, replicas, routing). A microservices workspace deploys
each of its services, behind one Ingress (Kubernetes) or one gateway (compose), and every
service verifies the tokens of the same issuer.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from backend_template.catalogue import BROKERS
from backend_template.deployables import Deployable, build_deployables
from backend_template.project import Project
from backend_template.services import build_services
from tests.matrix import ROWS, Row
from tests.support import cookiecutter_answers, output_of, run, unavailable

KUBERNETES_VERSION = "1.32.0"
OVERLAYS = ("dev", "prod")
# The options whose values change the deployment artefacts, and the pairs that meet in one file.
DEPLOY_OPTIONS = ("architecture", "auth", "orm", "database", "broker")
# A workspace is deployed as several services: each broker, auth method and database with it.
DEPLOY_PAIRS = (
    ("database", "broker"),
    ("architecture", "broker"),
    ("architecture", "auth"),
    ("architecture", "database"),
)
BROKER_SERVICES = {"rabbitmq": "rabbitmq", "nats": "nats", "redis": "redis", "kafka": "kafka"}
TEST_BROKER_URLS = {
    "rabbitmq": "amqp://guest:guest@127.0.0.1:5672/",
    "nats": "nats://127.0.0.1:4222",
    "redis": "redis://127.0.0.1:6379/0",
}
COMPOSE_ENV = {
    "POSTGRES_PASSWORD": "compose-postgres-password",
    "MYSQL_PASSWORD": "compose-mysql-password",
    "MYSQL_ROOT_PASSWORD": "compose-mysql-root-password",
    "RABBITMQ_PASSWORD": "compose-rabbitmq-password",
    "APP_OIDC_ISSUER": "https://sso.example.com/realms/compose",
    "APP_API_KEY_PEPPER": "compose-api-key-pepper-of-at-least-32-characters",
    "APP_KEY_VERIFICATION_SECRET": "compose-key-verification-secret-of-32-characters",
    "APP_CURSOR_SECRET": "compose-cursor-secret-of-at-least-32-characters",
}
SIGNING_SECRETS = {"APP_JWT_SECRET", "APP_JWT_PRIVATE_KEY"}
GATEWAY_CONFIG = "deploy/gateway/nginx.conf"
NGINX_LOCATION = re.compile(r"^\s*location\s+(.+?)\s*\{\s*$")
NGINX_UPSTREAM = re.compile(r"^\s*set \$upstream http://([a-z0-9_]+):8000;\s*$")
POD_KINDS = ("Deployment", "Job")
MONITORING = "deploy/k8s/monitoring"
OBSERVABILITY_SERVICES = ("prometheus", "grafana", "jaeger")
# A metric's constructor in the generated shared/metrics.py: Counter("name", ...
METRIC_DEFINITION = re.compile(r"\b(Counter|Gauge|Histogram)\(\s*\"([a-z_]+)\"")
PROMQL_METRIC = re.compile(r"\b([a-z_]+)\{")
SERIES_SUFFIXES = {
    "Counter": ("_total",),
    "Gauge": ("",),
    "Histogram": ("_bucket", "_sum", "_count"),
}
CONTAINER_TMP = "/tmp"  # noqa: S108 - a path inside the containers, with its own volume


def coverage(row: Row) -> set[tuple[tuple[str, str], ...]]:
    items = {((option, row.answers[option]),) for option in DEPLOY_OPTIONS}
    items |= {
        ((first, row.answers[first]), (second, row.answers[second]))
        for first, second in DEPLOY_PAIRS
    }
    return items


def deploy_rows(rows: Sequence[Row]) -> list[Row]:
    """Few rows that cover every value and pair above that the matrix has: greedy, stable."""
    required = set().union(*(coverage(row) for row in rows))
    chosen: list[Row] = []
    covered: set[tuple[tuple[str, str], ...]] = set()
    while required - covered:
        best = max(rows, key=lambda row: len(coverage(row) - covered))
        chosen.append(best)
        covered |= coverage(best)
    return chosen


ROWS_UNDER_TEST = deploy_rows(ROWS)


@pytest.fixture(params=[pytest.param(row, id=row.id) for row in ROWS_UNDER_TEST])
def row(request: pytest.FixtureRequest) -> Row:
    selected: Row = request.param
    return selected


@pytest.fixture
def project(row: Row, baked: Callable[[Row], Path]) -> Path:
    return baked(row)


@pytest.fixture
def answers(row: Row) -> dict[str, Any]:
    return cookiecutter_answers(row.answers)


@pytest.fixture
def workspace(answers: dict[str, Any]) -> bool:
    return Project.parse(answers).is_workspace


@pytest.fixture
def deployables(answers: dict[str, Any], workspace: bool) -> list[Deployable]:
    services = build_services(Project.parse(answers)) if workspace else []
    return build_deployables(Project.parse(answers), services)


def routes_of(deployable: Deployable) -> list[str]:
    return [deployable.path_prefix, *deployable.extra_paths]


def executable(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        unavailable(f"{name} is not installed")
    assert found is not None
    return found


def kustomize(project: Path, overlay: str) -> list[dict[str, Any]]:
    result = run(
        [executable("kubectl"), "kustomize", f"deploy/k8s/overlays/{overlay}"], cwd=project
    )
    assert result.returncode == 0, output_of(result)
    return [document for document in yaml.safe_load_all(result.stdout) if document]


@pytest.fixture(scope="module")
def built() -> Callable[[Path, str], list[dict[str, Any]]]:
    """``kubectl kustomize`` of an overlay, once per project and overlay."""
    cache: dict[tuple[Path, str], list[dict[str, Any]]] = {}

    def build(project: Path, overlay: str) -> list[dict[str, Any]]:
        if (project, overlay) not in cache:
            cache[(project, overlay)] = kustomize(project, overlay)
        return cache[(project, overlay)]

    return build


@pytest.fixture(params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> str:
    chosen: str = request.param
    return chosen


@pytest.fixture
def manifests(
    project: Path, overlay: str, built: Callable[[Path, str], list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    return built(project, overlay)


def of_kind(documents: Sequence[Mapping[str, Any]], kind: str) -> list[Mapping[str, Any]]:
    return [document for document in documents if document["kind"] == kind]


def named(documents: Sequence[Mapping[str, Any]], kind: str, name: str) -> Mapping[str, Any]:
    matches = [item for item in of_kind(documents, kind) if item["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}: {len(matches)} found"
    return matches[0]


def pod_specs(documents: Sequence[Mapping[str, Any]]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for document in documents:
        if document["kind"] in POD_KINDS:
            yield (
                f"{document['kind']}/{document['metadata']['name']}",
                document["spec"]["template"]["spec"],
            )


def containers(pod: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [*pod.get("initContainers", []), *pod["containers"]]


def config_data(documents: Sequence[Mapping[str, Any]], pod: Mapping[str, Any]) -> dict[str, str]:
    """The settings the pod's ConfigMaps give it (the generated names carry a hash)."""
    data: dict[str, str] = {}
    for container in pod["containers"]:
        for source in container.get("envFrom", []):
            reference = source.get("configMapRef")
            if reference:
                data.update(named(documents, "ConfigMap", reference["name"]).get("data", {}))
    return data


def test_rows_cover_every_broker_and_database_the_matrix_has() -> None:
    for option in ("architecture", "auth", "database", "broker"):
        in_matrix = {row.answers[option] for row in ROWS}
        assert {row.answers[option] for row in ROWS_UNDER_TEST} == in_matrix, option
    for option in ("auth", "database", "broker"):
        in_matrix = {
            row.answers[option] for row in ROWS if row.answers["architecture"] == "microservices"
        }
        under_test = {
            row.answers[option]
            for row in ROWS_UNDER_TEST
            if row.answers["architecture"] == "microservices"
        }
        assert under_test == in_matrix, option


def test_overlay_validates_against_the_kubernetes_schemas(
    manifests: list[dict[str, Any]], overlay: str
) -> None:
    try:
        import kubernetes_validate  # noqa: PLC0415 - a test prerequisite, reported when missing
    except ImportError:
        unavailable("kubernetes-validate is not installed: pip install -e '.[test]'")
    problems: list[str] = []
    for document in manifests:
        try:
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            name = f"{document['kind']}/{document['metadata']['name']}"
            problems.append(f"{overlay}: {name}: {error.message} at {list(error.path)}")
    assert not problems, "\n".join(problems)
    assert {"Deployment", "Service", "Ingress", "ConfigMap"} <= {doc["kind"] for doc in manifests}


def test_every_deployable_has_probes_limits_and_a_hardened_pod(
    manifests: list[dict[str, Any]], deployables: list[Deployable]
) -> None:
    for deployable in deployables:
        deployment = named(manifests, "Deployment", deployable.name)
        pod = deployment["spec"]["template"]["spec"]
        app = pod["containers"][0]
        ports = {port["name"]: port["containerPort"] for port in app["ports"]}
        assert ports == {"http": deployable.port}
        assert f"--port={deployable.port}" in app["command"]
        assert deployable.app in app["command"]
        # The app reads forwarded headers (APP_TRUSTED_PROXIES); uvicorn must leave the peer be.
        assert "--no-proxy-headers" in app["command"]
        assert "--proxy-headers" not in app["command"]
        for probe, path in (
            ("startupProbe", "/health/live"),
            ("livenessProbe", "/health/live"),
            ("readinessProbe", "/health/ready"),
        ):
            assert app[probe]["httpGet"] == {"path": path, "port": "http"}, probe
    for name, pod in pod_specs(manifests):
        security = pod["securityContext"]
        assert security["runAsNonRoot"] is True, name
        assert security["runAsUser"] > 0, name
        assert security["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["automountServiceAccountToken"] is False, name
        volumes = {volume["name"] for volume in pod.get("volumes", [])}
        for container in containers(pod):
            where = f"{name} {container['name']}"
            resources = container["resources"]
            for bound in ("requests", "limits"):
                assert set(resources[bound]) == {"cpu", "memory"}, where
            hardened = container["securityContext"]
            assert hardened["allowPrivilegeEscalation"] is False, where
            assert hardened["readOnlyRootFilesystem"] is True, where
            assert hardened["capabilities"] == {"drop": ["ALL"]}, where
            mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
            assert CONTAINER_TMP in mounts, f"{where}: nowhere to write temporary files"
            assert set(mounts.values()) <= volumes, where


def test_secret_settings_come_from_the_operators_secret(
    manifests: list[dict[str, Any]],
    deployables: list[Deployable],
    answers: dict[str, Any],
) -> None:
    assert not of_kind(manifests, "Secret"), "a secret value would be in the repository"
    for deployable in deployables:
        wanted = set(deployable.secret_env)
        assert ("APP_DATABASE_URL" in wanted) == (answers["database"] != "sqlite")
        assert ("APP_BROKER_URL" in wanted) == (answers["broker"] != "none")
        if answers["auth"] != "jwt":
            signing: set[str] = set()
        elif Project.parse(answers).is_workspace:
            # Only the identity service signs, with a private key; the others verify.
            signing = {"APP_JWT_PRIVATE_KEY"} if deployable.issues_tokens else set()
        else:
            signing = {"APP_JWT_SECRET"}
        assert wanted & SIGNING_SECRETS == signing, deployable.name
    for deployable in deployables:
        pods = [
            (name, pod)
            for name, pod in pod_specs(manifests)
            if name.split("/")[1] in {deployable.name, deployable.migration_job}
        ]
        assert pods
        for name, pod in pods:
            config = config_data(manifests, pod)
            for container in containers(pod):
                where = f"{name} {container['name']}"
                references = {
                    item["name"]: item["valueFrom"]["secretKeyRef"]
                    for item in container.get("env", [])
                    if "secretKeyRef" in item.get("valueFrom", {})
                }
                assert set(references) == set(deployable.secret_env), where
                for variable, reference in references.items():
                    assert reference == {"name": deployable.secret, "key": variable}, where
                assert not [item for item in container.get("env", []) if "value" in item], where
            assert not set(config) & set(deployable.secret_env), f"{name}: secret in ConfigMap"
            assert config["APP_ENVIRONMENT"] in {"development", "production"}
            if answers["database"] == "sqlite":
                assert config["APP_DATABASE_URL"].endswith(
                    f"/app/var/{deployable.database_name}.db"
                )


def test_replicas_and_autoscaling(
    manifests: list[dict[str, Any]],
    deployables: list[Deployable],
    overlay: str,
    answers: dict[str, Any],
) -> None:
    single_file = answers["database"] == "sqlite"
    for deployable in deployables:
        spec = named(manifests, "Deployment", deployable.name)["spec"]
        autoscalers = [
            item
            for item in of_kind(manifests, "HorizontalPodAutoscaler")
            if item["spec"]["scaleTargetRef"]["name"] == deployable.name
        ]
        if single_file:
            assert spec["replicas"] == 1
            assert spec["strategy"]["type"] == "Recreate"
            assert not autoscalers
        elif overlay == "dev":
            assert spec["replicas"] == 1
            assert not autoscalers
        else:
            assert "replicas" not in spec, "the autoscaler owns the replica count"
            assert len(autoscalers) == 1
            bounds = autoscalers[0]["spec"]
            assert 1 < bounds["minReplicas"] <= bounds["maxReplicas"]
            assert autoscalers[0]["spec"]["scaleTargetRef"]["kind"] == "Deployment"
            budgets = of_kind(manifests, "PodDisruptionBudget")
            labels = spec["template"]["metadata"]["labels"]
            assert [
                budget
                for budget in budgets
                if budget["spec"]["selector"]["matchLabels"].items() <= labels.items()
            ]


def test_migrations_run_with_the_orms_command(
    manifests: list[dict[str, Any]], deployables: list[Deployable], answers: dict[str, Any]
) -> None:
    for deployable in deployables:
        command = list(deployable.migrate_command)
        pod = named(manifests, "Deployment", deployable.name)["spec"]["template"]["spec"]
        if answers["database"] == "sqlite":
            assert [item["command"] for item in pod["initContainers"]] == [command]
            assert not of_kind(manifests, "Job")
            claims = {
                volume["persistentVolumeClaim"]["claimName"]
                for volume in pod["volumes"]
                if "persistentVolumeClaim" in volume
            }
            assert claims == {deployable.data_volume}
            named(manifests, "PersistentVolumeClaim", deployable.data_volume)
        else:
            job = named(manifests, "Job", deployable.migration_job)["spec"]["template"]["spec"]
            assert [item["command"] for item in job["containers"]] == [command]
            assert job["restartPolicy"] == "Never"
            assert "initContainers" not in pod


def test_ingress_routes_to_the_service_and_the_service_to_the_pods(
    manifests: list[dict[str, Any]], deployables: list[Deployable], overlay: str
) -> None:
    services = {item["metadata"]["name"]: item for item in of_kind(manifests, "Service")}
    (ingress,) = of_kind(manifests, "Ingress")
    routes: dict[str, str] = {}
    hosts: list[str] = []
    for rule in ingress["spec"]["rules"]:
        hosts.append(rule["host"])
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            service = services[backend["name"]]
            ports = [port for port in service["spec"]["ports"] if port["name"] == "http"]
            assert ports, backend
            assert backend["port"] in ({"name": "http"}, {"number": ports[0]["port"]})
            routes[path["path"]] = backend["name"]
    assert routes == {
        path: deployable.name for deployable in deployables for path in routes_of(deployable)
    }
    tls = ingress["spec"].get("tls", [])
    if overlay == "prod":
        assert [host for entry in tls for host in entry["hosts"]] == hosts
        assert all(entry["secretName"] for entry in tls)
    else:
        assert not tls
    for deployable in deployables:
        selector = services[deployable.name]["spec"]["selector"]
        for name, pod in pod_specs(manifests):
            kind, object_name = name.split("/")
            document = named(manifests, kind, object_name)
            labels = document["spec"]["template"]["metadata"]["labels"]
            selected = selector.items() <= labels.items()
            assert selected == (name == f"Deployment/{deployable.name}"), name
            if selected:
                container_ports = {port["name"] for port in pod["containers"][0]["ports"]}
                target = services[deployable.name]["spec"]["ports"][0]["targetPort"]
                assert target in container_ports


def test_overlays_differ_where_they_should(
    project: Path,
    deployables: list[Deployable],
    built: Callable[[Path, str], list[dict[str, Any]]],
) -> None:
    dev, prod = built(project, "dev"), built(project, "prod")
    namespaces = {
        overlay: {item["metadata"]["namespace"] for item in documents}
        for overlay, documents in (("dev", dev), ("prod", prod))
    }
    assert all(len(found) == 1 for found in namespaces.values())
    assert namespaces["dev"] != namespaces["prod"]
    for deployable in deployables:
        settings = {
            overlay: config_data(
                documents,
                named(documents, "Deployment", deployable.name)["spec"]["template"]["spec"],
            )
            for overlay, documents in (("dev", dev), ("prod", prod))
        }
        assert settings["dev"]["APP_ENVIRONMENT"] == "development"
        assert settings["prod"]["APP_ENVIRONMENT"] == "production"
        assert settings["prod"]["APP_LOG_JSON"] == "true"


def test_forwarded_headers_are_believed_from_the_ingress_network_only(
    manifests: list[dict[str, Any]], deployables: list[Deployable]
) -> None:
    for deployable in deployables:
        pod = named(manifests, "Deployment", deployable.name)["spec"]["template"]["spec"]
        config = config_data(manifests, pod)
        assert "FORWARDED_ALLOW_IPS" not in config
        networks = [ipaddress.ip_network(item) for item in config["APP_TRUSTED_PROXIES"].split(",")]
        assert [str(network) for network in networks] == list(deployable.trusted_proxies)
        assert all(network.prefixlen > 0 for network in networks), deployable.name
        for container in containers(pod):
            names = {item["name"] for item in container.get("env", [])}
            assert "FORWARDED_ALLOW_IPS" not in names, deployable.name


def compose_config(
    project: Path, tmp_path: Path, *, quiet: bool, profiles: Sequence[str] = ()
) -> str:
    """``docker-compose config`` of the project's compose.yaml, with .env made from the example."""
    workdir = tmp_path / project.name
    workdir.mkdir()
    shutil.copy(project / "compose.yaml", workdir / "compose.yaml")
    shutil.copy(project / ".env.example", workdir / ".env")
    chosen = [argument for profile in profiles for argument in ("--profile", profile)]
    command = [executable("docker-compose"), *chosen, "-f", "compose.yaml", "config"]
    result = run(
        [*command, "-q"] if quiet else command,
        cwd=workdir,
        env={**os.environ, **COMPOSE_ENV},
    )
    assert result.returncode == 0, output_of(result)
    return result.stdout


def test_compose_file_is_valid(project: Path, tmp_path: Path) -> None:
    compose_config(project, tmp_path, quiet=True)


def test_compose_runs_the_broker_iff_there_is_one(
    project: Path, tmp_path: Path, answers: dict[str, Any]
) -> None:
    compose = yaml.safe_load(compose_config(project, tmp_path, quiet=False))
    services = compose["services"]
    broker = answers["broker"]
    # Redis is always there: every replica counts its rate limits in it.
    present = {name for name in BROKER_SERVICES.values() if name in services} - {"redis"}
    expected = {BROKER_SERVICES[broker]} if broker != "none" else set()
    assert present == expected - {"redis"}
    assert "redis" in services
    apps = (
        [service.name for service in build_services(Project.parse(answers))]
        if Project.parse(answers).is_workspace
        else ["app"]
    )
    for app in apps:
        for name in (app, f"{app}-migrate" if app != "app" else "migrate"):
            environment = services[name]["environment"]
            assert ("APP_BROKER_URL" in environment) == (broker != "none"), name
            assert environment["APP_DATABASE_URL"]
            assert urlsplit(environment["APP_RATE_LIMIT_STORAGE_URL"]).hostname == "redis"
        if broker != "none":
            url = urlsplit(services[app]["environment"]["APP_BROKER_URL"])
            assert url.hostname == BROKER_SERVICES[broker]
            assert BROKER_SERVICES[broker] in services[app]["depends_on"]
        assert "redis" in services[app]["depends_on"]


def test_workspace_compose_runs_each_service_on_its_own_database(
    project: Path, tmp_path: Path, answers: dict[str, Any], workspace: bool
) -> None:
    compose = yaml.safe_load(compose_config(project, tmp_path, quiet=False))
    services = compose["services"]
    if not workspace:
        assert "gateway" not in services
        return
    members = build_services(Project.parse(answers))
    volumes: set[str] = set()
    for member in members:
        app, migrate, db = (
            services[member.name],
            services[f"{member.name}-migrate"],
            services[f"{member.name}-db"],
        )
        url = urlsplit(app["environment"]["APP_DATABASE_URL"])
        assert url.hostname == f"{member.name}-db", member.name
        assert url.path == f"/{member.root_package}_{member.name}", member.name
        assert migrate["environment"] == app["environment"], member.name
        assert migrate["command"] == answers_migrate_command(answers)
        assert migrate["depends_on"] == {f"{member.name}-db": {"condition": "service_healthy"}}
        assert app["depends_on"][f"{member.name}-migrate"] == {
            "condition": "service_completed_successfully"
        }
        assert app["healthcheck"]["test"]
        assert db["healthcheck"]["test"]
        assert app["environment"]["APP_BROKER_NAMESPACE"] == answers["project_slug"]
        # Replicas of a service accept each other's list cursors: one key from .env.
        assert app["environment"]["APP_CURSOR_SECRET"] == COMPOSE_ENV["APP_CURSOR_SECRET"]
        assert member.package in " ".join(app["command"])
        assert app["build"]["dockerfile"] == f"services/{member.name}/Dockerfile"
        assert (project / app["build"]["dockerfile"]).is_file()
        assert Path(app["build"]["context"]).name == project.name, "built from the workspace root"
        assert "ports" not in app, "reached through the gateway"
        (volume,) = [item.split(":")[0] for item in db["volumes"]]
        volumes.add(volume)
    assert len(volumes) == len(members), "a database server and volume each"
    gateway = services["gateway"]
    assert gateway["ports"] == [{"published": 8080, "target": 8080}]
    assert set(gateway["depends_on"]) == {member.name for member in members}


def test_workspace_services_trust_one_token_issuer(
    project: Path, tmp_path: Path, answers: dict[str, Any], workspace: bool
) -> None:
    compose = yaml.safe_load(compose_config(project, tmp_path, quiet=False))
    if not workspace:
        return
    environments = {
        member.name: compose["services"][member.name]["environment"]
        for member in build_services(Project.parse(answers))
    }
    verifiers = [name for name in environments if name != "identity"]
    if answers["auth"] == "jwt":
        identity = environments["identity"]
        assert identity["APP_JWT_ALGORITHM"] == "RS256"
        assert identity["APP_JWT_PUBLIC_ISSUER_URL"] == "http://identity:8000"
        expected = (identity["APP_JWT_PUBLIC_ISSUER_URL"], identity["APP_JWT_AUDIENCE"])
    elif answers["auth"] == "oauth2-oidc":
        assert "identity" not in environments
        expected = (COMPOSE_ENV["APP_OIDC_ISSUER"], answers["project_slug"])
    elif answers["auth"] == "api-key":
        # Identity alone keeps the key digests; the others ask it, presenting the shared secret.
        secret = COMPOSE_ENV["APP_KEY_VERIFICATION_SECRET"]
        assert environments["identity"]["APP_API_KEY_PEPPER"] == COMPOSE_ENV["APP_API_KEY_PEPPER"]
        assert environments["identity"]["APP_KEY_VERIFICATION_SECRET"] == secret
        for name in verifiers:
            environment = environments[name]
            assert "APP_API_KEY_PEPPER" not in environment, name
            assert environment["APP_KEY_VERIFICATION_SECRET"] == secret, name
            assert environment["APP_IDENTITY_URL"] == "http://identity:8000", name
        return
    else:
        assert "identity" not in environments
        for name in verifiers:
            assert not [key for key in environments[name] if key.startswith("APP_OIDC_")], name
        return
    for name in verifiers:
        found = (environments[name]["APP_OIDC_ISSUER"], environments[name]["APP_OIDC_AUDIENCE"])
        assert found == expected, name


def answers_migrate_command(answers: Mapping[str, Any]) -> list[str]:
    return list(
        build_deployables(Project.parse(answers), build_services(Project.parse(answers)))[
            0
        ].migrate_command
    )


def gateway_routes(project: Path) -> dict[str, str]:
    """The gateway's nginx locations, each with the compose service it proxies to."""
    routes: dict[str, str] = {}
    location = None
    for line in (project / GATEWAY_CONFIG).read_text(encoding="utf-8").splitlines():
        opened = NGINX_LOCATION.match(line)
        if opened:
            location = opened.group(1)
            continue
        upstream = NGINX_UPSTREAM.match(line)
        if upstream and location is not None:
            routes[location] = upstream.group(1)
    return routes


def test_workspace_gateway_routes_each_prefix_to_its_service(
    project: Path, answers: dict[str, Any], workspace: bool
) -> None:
    if not workspace:
        assert not (project / GATEWAY_CONFIG).exists()
        return
    expected = {
        f"~ ^{member.path_prefix}(/|$)": member.name
        for member in build_services(Project.parse(answers))
    }
    if answers["auth"] == "jwt":
        expected["/.well-known/"] = "identity"
    assert gateway_routes(project) == expected
    compose = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))
    mounts = compose["services"]["gateway"]["volumes"]
    assert f"./{GATEWAY_CONFIG}:/etc/nginx/conf.d/default.conf:ro" in mounts


def test_workspace_overlays_point_every_verifier_at_the_issuer(
    project: Path,
    deployables: list[Deployable],
    built: Callable[[Path, str], list[dict[str, Any]]],
) -> None:
    issuers = [deployable for deployable in deployables if deployable.issues_tokens]
    verifiers = [item for item in deployables if item.issuer_env and not item.issues_tokens]
    if not issuers:
        assert not verifiers
        return
    (issuer,) = issuers
    assert len(verifiers) == len(deployables) - 1
    for overlay in OVERLAYS:
        documents = built(project, overlay)
        urls = set()
        for deployable in deployables:
            pod = named(documents, "Deployment", deployable.name)["spec"]["template"]["spec"]
            config = config_data(documents, pod)
            urls |= {config[variable] for variable in deployable.issuer_env}
        (url,) = urls
        if overlay == "dev":
            assert url == f"http://{issuer.name}"
            named(documents, "Service", issuer.name)
        else:
            (ingress,) = of_kind(documents, "Ingress")
            (rule,) = ingress["spec"]["rules"]
            assert url == f"https://{rule['host']}"
            well_known = [path for path in rule["http"]["paths"] if path["path"] == "/.well-known"]
            assert [path["backend"]["service"]["name"] for path in well_known] == [issuer.name]


def test_ci_workflow_serves_the_broker(project: Path, answers: dict[str, Any]) -> None:
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["check"]
    broker = answers["broker"]
    if broker == "none":
        assert "APP_TEST_BROKER_URL" not in job["env"]
        return
    own_server = BROKERS[broker].test_requirements
    if own_server:
        # The tests start their own server, from a dev dependency that `uv sync` installs.
        assert "APP_TEST_BROKER_URL" not in job["env"]
        pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
        assert set(own_server) <= set(pyproject["dependency-groups"]["dev"])
        assert any(step.get("run") == "uv sync" for step in job["steps"])
        return
    assert job["env"]["APP_TEST_BROKER_URL"] == TEST_BROKER_URLS[broker]
    images = [str(service["image"]) for service in job.get("services", {}).values()]
    started = " ".join(str(step.get("run", "")) for step in job["steps"])
    assert any(image.startswith(f"{broker}:") for image in images) or f" {broker}:" in started


def test_readme_creates_the_secret_the_manifests_read(
    project: Path, deployables: list[Deployable]
) -> None:
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "kubectl apply -k deploy/k8s/overlays/prod" in readme
    lines = readme.splitlines()
    for deployable in deployables:
        starts = [
            index
            for index, line in enumerate(lines)
            if line.rstrip(" \\").endswith(f"create secret generic {deployable.secret}")
        ]
        if not deployable.secret_env:
            assert not starts, deployable.name
            continue
        assert len(starts) == 1, f"{deployable.secret}: {len(starts)} commands create it"
        literals: set[str] = set()
        index = starts[0]
        while lines[index].rstrip().endswith("\\"):
            index += 1
            item = lines[index].strip()
            assert item.startswith("--from-literal="), item
            literals.add(item.removeprefix("--from-literal=").split("=", 1)[0])
        assert literals == set(deployable.secret_env), deployable.name


def test_deployment_files_list_no_unused_parts(project: Path, answers: dict[str, Any]) -> None:
    base = project / "deploy/k8s/base"
    listed = yaml.safe_load((base / "kustomization.yaml").read_text(encoding="utf-8"))
    on_disk = {path.name for path in base.glob("*.yaml") if path.name != "kustomization.yaml"}
    assert set(listed["resources"]) == on_disk
    assert ("migration-job.yaml" in on_disk) == (answers["database"] != "sqlite")
    assert ("volume.yaml" in on_disk) == (answers["database"] == "sqlite")


def dockerfiles(project: Path, answers: Mapping[str, Any]) -> list[Path]:
    if not Project.parse(answers).is_workspace:
        return [project / "Dockerfile"]
    return [
        project / "services" / member.name / "Dockerfile"
        for member in build_services(Project.parse(answers))
    ]


def test_compose_services_believe_forwarded_headers_from_the_gateway_alone(
    project: Path, tmp_path: Path, answers: dict[str, Any], workspace: bool
) -> None:
    for dockerfile in dockerfiles(project, answers):
        command = dockerfile.read_text(encoding="utf-8").rstrip().splitlines()[-1]
        assert command.startswith("CMD "), dockerfile
        assert '"--no-proxy-headers"' in command, dockerfile
    compose = yaml.safe_load(compose_config(project, tmp_path, quiet=False))
    services = compose["services"]
    if not workspace:
        # Nothing in front of the app in compose: its peer is the client.
        assert not services["app"].get("environment", {}).get("APP_TRUSTED_PROXIES")
        return
    gateway = ipaddress.ip_address(services["gateway"]["networks"]["default"]["ipv4_address"])
    (pool,) = compose["networks"]["default"]["ipam"]["config"]
    assert gateway in ipaddress.ip_network(pool["subnet"])
    assert gateway not in ipaddress.ip_network(pool["ip_range"]), "another container could get it"
    for member in build_services(Project.parse(answers)):
        app = services[member.name]
        trusted = [
            ipaddress.ip_network(item)
            for item in app["environment"]["APP_TRUSTED_PROXIES"].split(",")
        ]
        assert trusted == [ipaddress.ip_network(f"{gateway}/32")], member.name
        assert "--no-proxy-headers" in app["command"], member.name
    directives = (project / GATEWAY_CONFIG).read_text(encoding="utf-8")
    # The edge replaces the caller's X-Forwarded-For instead of appending to it.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in directives
    assert "$proxy_add_x_forwarded_for" not in directives


def exposed_series(project: Path) -> set[str]:
    """The series names the project's /metrics exposes (from its shared metrics module)."""
    (module,) = [
        path
        for path in project.rglob("metrics.py")
        if ".venv" not in path.parts and "prometheus_client" in path.read_text(encoding="utf-8")
    ]
    return {
        f"{name}{suffix}"
        for kind, name in METRIC_DEFINITION.findall(module.read_text(encoding="utf-8"))
        for suffix in SERIES_SUFFIXES[kind]
    }


def test_monitoring_scrapes_every_deployable_and_alerts_on_the_targets(
    project: Path, deployables: list[Deployable], tmp_path: Path
) -> None:
    documents = kustomize_directory(project, MONITORING)
    try:
        import kubernetes_validate  # noqa: PLC0415 - a test prerequisite, reported when missing
    except ImportError:
        unavailable("kubernetes-validate is not installed: pip install -e '.[test]'")
    for document in of_kind(documents, "ConfigMap"):
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    base = yaml.safe_load_all((project / "deploy/k8s/base/service.yaml").read_text("utf-8"))
    services = [document for document in base if document]
    for deployable in deployables:
        monitor = named(documents, "ServiceMonitor", deployable.name)
        assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
        service = named(services, "Service", deployable.name)
        assert monitor["spec"]["selector"]["matchLabels"] == service["metadata"]["labels"]
        (endpoint,) = monitor["spec"]["endpoints"]
        assert endpoint["path"] == "/metrics"
        assert endpoint["port"] in {port["name"] for port in service["spec"]["ports"]}

    (rule,) = of_kind(documents, "PrometheusRule")
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump(rule["spec"]), encoding="utf-8")
    checked = run([executable("promtool"), "check", "rules", str(rules)], cwd=tmp_path)
    assert checked.returncode == 0, output_of(checked)
    alerts = {
        item["alert"]: item["expr"] for group in rule["spec"]["groups"] for item in group["rules"]
    }
    assert alerts["LatencyP99AboveTarget"].startswith("histogram_quantile(0.99,")
    assert alerts["LatencyP99AboveTarget"].endswith("> 0.2")
    assert alerts["ServerErrorsAboveTarget"].endswith("> 0.001")

    (dashboard_map,) = of_kind(documents, "ConfigMap")
    assert dashboard_map["metadata"]["labels"]["grafana_dashboard"] == "1"
    dashboard = json.loads(dashboard_map["data"]["dashboard.json"])
    queries = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    used = {name for query in [*queries, *alerts.values()] for name in PROMQL_METRIC.findall(query)}
    assert used, queries
    assert used <= exposed_series(project)


def kustomize_directory(project: Path, directory: str) -> list[dict[str, Any]]:
    result = run([executable("kubectl"), "kustomize", directory], cwd=project)
    assert result.returncode == 0, output_of(result)
    return [document for document in yaml.safe_load_all(result.stdout) if document]


def test_compose_observability_profile_scrapes_and_traces_every_service(
    project: Path, tmp_path: Path, answers: dict[str, Any], workspace: bool
) -> None:
    compose = yaml.safe_load(
        compose_config(project, tmp_path, quiet=False, profiles=["observability"])
    )
    services = compose["services"]
    for name in OBSERVABILITY_SERVICES:
        assert services[name]["profiles"] == ["observability"], name
    apps = (
        [service.name for service in build_services(Project.parse(answers))]
        if workspace
        else ["app"]
    )
    for app in apps:
        assert "OTEL_SERVICE_NAME" in services[app]["environment"], app
    scraping = yaml.safe_load(
        (project / "deploy/observability/prometheus.yml").read_text(encoding="utf-8")
    )
    targets = {
        target
        for job in scraping["scrape_configs"]
        for config in job["static_configs"]
        for target in config["targets"]
    }
    assert targets == {f"{app}:8000" for app in apps}
    # docker-compose resolves the bind mounts against the copy's directory.
    copy = tmp_path / project.name
    for volume in services["grafana"]["volumes"]:
        source = Path(volume.split(":")[0])
        assert (project / source.relative_to(copy)).exists(), source
