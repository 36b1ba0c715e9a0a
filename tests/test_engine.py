"""The assembly engine: conditional segments, late rendering, unit placement, determinism."""

from __future__ import annotations

import ast
import fnmatch
import json
import shutil
from pathlib import Path, PurePosixPath

import pytest

from backend_template import assemble, options, services
from backend_template.names import MAX_CONTEXT_LENGTH
from backend_template.project import Project
from backend_template.units import Unit, build_units
from tests.support import TEMPLATE, cookiecutter_answers, tree_differences, tree_hashes

SUPERSET = TEMPLATE / "{{cookiecutter.project_slug}}"


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def relative_files(root: Path) -> set[str]:
    return set(tree_hashes(root))


@pytest.fixture
def answers() -> dict[str, str]:
    return {
        **cookiecutter_answers({}),
        "package_name": "shop",
        "contexts": "catalog:product, orders",
        "_output_dir": "/somewhere/else",
    }


@pytest.fixture
def blueprints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small blueprint set standing in for the real ones, so the engine is tested alone."""
    root = tmp_path / "blueprints"
    unit_files = {
        "domain/model.py": (
            "class {{ unit.entity_class }}:\n    plural = '{{ unit.entity_plural }}'\n"
        ),
        "application/create.py": "from {{ unit.domain }}.model import {{ unit.entity_class }}\n",
        "infrastructure/+database=postgresql/store.py": "ENGINE = 'postgresql'\n",
        "infrastructure/+database=sqlite/store.py": "ENGINE = 'sqlite'\n",
        "api/router.py": "PREFIX = '/{{ unit.name }}'\n",
        "wiring.py": "UNITS = {{ units | map(attribute='name') | list | tojson }}\n",
        "tests/unit/test_model.py": "def test_{{ unit.name }}() -> None:\n    assert True\n",
        "migrations/revision.py": (
            'revision = "{{ unit.revision }}"\n'
            "down_revision = "
            '{{ unit.down_revision | tojson if unit.down_revision else "None" }}\n'
        ),
    }
    write(root / "context", unit_files)
    write(root / "identity", unit_files)
    platform_files = {"infrastructure/relay.py": "TABLE = '{{ unit.name }}_messages'\n"}
    for platform in ("outbox", "idempotency"):
        write(
            root / platform,
            {**platform_files, "migrations/revision.py": unit_files["migrations/revision.py"]},
        )
    monkeypatch.setattr(assemble, "BLUEPRINTS", root)
    return root


def superset(root: Path) -> Path:
    """A rendered superset tree as cookiecutter leaves it for the post-generation hook."""
    write(
        root,
        {
            "README.md": "# shop\n",
            "+database=postgresql/compose.yaml": "services: {db: {image: postgres:17}}\n",
            "+database=sqlite/compose.yaml": "services: {}\n",
            "src/shop/main.py.jinja": (
                "{% for unit in units %}from shop.composition import {{ unit.name }}\n"
                "{% endfor %}PACKAGE = '{{ cookiecutter.package_name }}'\n"
                "IDENTITY = '{{ identity.name }}'\n"
                "CONTEXTS = {{ contexts | map(attribute='name') | list | tojson }}\n"
            ),
            "src/shop/composition/+auth=jwt/auth.py": "SCHEME = 'bearer'\n",
            "src/shop/composition/+auth=api-key/auth.py": "SCHEME = 'api-key'\n",
            "src/shop/shared/errors.py": "class AppError(Exception): ...\n",
            "src/shop/+broker=rabbitmq,nats/events/bus.py": "BUS = 'broker'\n",
            "src/shop/+broker!=none/events/relay.py": "RELAY = 'broker'\n",
            "src/shop/+auth!=none/users.py": "USERS = 'local'\n",
            "docs/+architecture=monolith/+database=sqlite/sqlite.md": "SQLite notes\n",
        },
    )
    (root / "var").mkdir()
    return root


def test_segment_condition_parses_option_and_values() -> None:
    assert assemble.segment_condition("+database=postgresql,sqlite") == (
        assemble.SegmentCondition("database", frozenset({"postgresql", "sqlite"}))
    )
    assert assemble.segment_condition("+auth=jwt") == (
        assemble.SegmentCondition("auth", frozenset({"jwt"}))
    )
    assert assemble.segment_condition("+auth!=none") == (
        assemble.SegmentCondition("auth", frozenset({"none"}), excluded=True)
    )
    assert assemble.segment_condition("src") is None
    assert assemble.segment_condition("+plain") is None


def test_every_value_but_holds_for_every_other_value() -> None:
    condition = assemble.segment_condition("+broker!=none,kafka")
    assert condition is not None
    assert condition.holds({"broker": "redis"})
    assert condition.holds({"broker": "a-broker-added-later"})
    assert not condition.holds({"broker": "none"})
    assert not condition.holds({"broker": "kafka"})


def test_resolve_dissolves_matching_segments_and_drops_the_rest() -> None:
    answers = {"database": "sqlite", "auth": "jwt"}
    path = PurePosixPath("a/+database=sqlite,postgresql/b/+auth=jwt/c.py")
    assert assemble.resolve(path, answers) == PurePosixPath("a/b/c.py")
    assert assemble.resolve(PurePosixPath("a/+auth=none/c.py"), answers) is None
    assert assemble.resolve(PurePosixPath("a/+auth!=none/c.py"), answers) == PurePosixPath("a/c.py")
    assert assemble.resolve(PurePosixPath("a/+database!=sqlite/c.py"), answers) is None
    assert assemble.resolve(PurePosixPath("a/c.py"), answers) == PurePosixPath("a/c.py")


def test_conditional_directories_keep_only_what_applies(tmp_path: Path) -> None:
    project = superset(tmp_path / "project")
    answers = {"database": "sqlite", "auth": "jwt", "broker": "none", "architecture": "monolith"}

    assemble.apply_conditions(project, answers)

    files = relative_files(project)
    assert {
        "compose.yaml",
        "src/shop/composition/auth.py",
        "src/shop/users.py",
        "docs/sqlite.md",
    } <= files
    assert not [path for path in files if "+" in path]
    assert not (project / "src/shop/events").exists()
    assert (project / "compose.yaml").read_text(encoding="utf-8") == "services: {}\n"
    assert (project / "src/shop/composition/auth.py").read_text(encoding="utf-8") == (
        "SCHEME = 'bearer'\n"
    )


def test_conditional_directory_with_several_values(tmp_path: Path) -> None:
    project = superset(tmp_path / "project")
    answers = {"database": "postgresql", "auth": "jwt", "broker": "nats", "architecture": "x"}

    assemble.apply_conditions(project, answers)

    assert (project / "src/shop/events/bus.py").is_file()
    assert (project / "src/shop/events/relay.py").is_file(), "every broker but none"
    assert "postgres:17" in (project / "compose.yaml").read_text(encoding="utf-8")
    assert not list((project / "docs").rglob("*.md")), "both conditions of a nested path must hold"


@pytest.mark.parametrize(
    "variants",
    [
        {"+database=sqlite/a.py": "1", "+database=sqlite,postgresql/a.py": "2"},
        {"a.py": "1", "+database=sqlite/a.py": "2"},
        {"+database=sqlite/pkg/a.py": "1", "+database=sqlite,postgresql/pkg/a.py": "2"},
    ],
)
def test_two_variants_of_one_path_conflict(tmp_path: Path, variants: dict[str, str]) -> None:
    write(tmp_path, variants)
    with pytest.raises(FileExistsError, match="two variants of"):
        assemble.apply_conditions(tmp_path, {"database": "sqlite"})


def test_late_files_are_rendered_with_units(
    tmp_path: Path, answers: dict[str, str], blueprints: Path
) -> None:
    project = superset(tmp_path / "project")
    units = build_units(Project.parse(answers))

    assemble.render_late_files(project, assemble.render_context(Project.parse(answers), units))

    assert not (project / "src/shop/main.py.jinja").exists()
    assert (project / "src/shop/main.py").read_text(encoding="utf-8") == (
        "from shop.composition import identity\n"
        "from shop.composition import catalog\n"
        "from shop.composition import orders\n"
        "PACKAGE = 'shop'\n"
        "IDENTITY = 'identity'\n"
        'CONTEXTS = ["catalog", "orders"]\n'
    )


def test_cookiecutter_copies_late_files_raw() -> None:
    patterns = options.load_cookiecutter_json(TEMPLATE)["_copy_without_render"]
    late = [
        path.relative_to(SUPERSET).as_posix()
        for path in SUPERSET.rglob(f"*{assemble.LATE_SUFFIX}")
        if path.is_file()
    ]
    not_raw = [path for path in late if not any(fnmatch.fnmatch(path, p) for p in patterns)]
    assert not not_raw
    assert any(fnmatch.fnmatch("src/pkg/main.py.jinja", pattern) for pattern in patterns)


def test_units_in_migration_order_with_one_revision_chain(answers: dict[str, str]) -> None:
    units = build_units(Project.parse(answers))

    assert [(unit.name, unit.entity, unit.blueprint) for unit in units] == [
        ("outbox", "message", "outbox"),
        ("idempotency", "message", "idempotency"),
        ("identity", "user", "identity"),
        ("catalog", "product", "context"),
        ("orders", "order", "context"),
    ]
    assert [unit.is_platform for unit in units] == [True, True, False, False, False]
    assert [unit.down_revision for unit in units] == [None, *(unit.revision for unit in units[:-1])]
    assert len({unit.revision for unit in units}) == len(units)
    assert all(len(unit.revision) <= 32 for unit in units)


def test_longest_context_names_keep_revisions_within_alembic_limit(
    answers: dict[str, str],
) -> None:
    longest = "s" * MAX_CONTEXT_LENGTH
    units = build_units(Project.parse({**answers, "contexts": f"{longest}, {longest[:-1]}x"}))
    assert all(len(unit.revision) <= 32 for unit in units)
    assert len({unit.revision for unit in units}) == len(units)
    assert units[-1].down_revision == units[-2].revision


def test_units_refuse_invalid_contexts(answers: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="listed twice"):
        build_units(Project.parse({**answers, "contexts": "orders, orders"}))


def unit(architecture: str) -> Unit:
    return Unit(
        name="orders",
        entity="order",
        blueprint="context",
        package="shop",
        architecture=architecture,
        revision="0002_orders",
        down_revision="0001_identity",
    )


@pytest.mark.parametrize(
    ("architecture", "source", "expected"),
    [
        ("monolith", "domain/order.py", "src/shop/domain/orders/order.py"),
        ("monolith", "application/place.py", "src/shop/application/orders/place.py"),
        ("monolith", "infrastructure/repo.py", "src/shop/infrastructure/orders/repo.py"),
        ("monolith", "api/router.py", "src/shop/api/orders/router.py"),
        ("monolith", "wiring.py", "src/shop/composition/orders.py"),
        ("monolith", "tests/unit/test_order.py", "tests/unit/orders/test_order.py"),
        ("monolith", "tests/fakes/repo.py", "tests/fakes/orders/repo.py"),
        ("monolith", "migrations/initial.py", "migrations/versions/0002_orders.py"),
        ("modular-monolith", "domain/order.py", "src/shop/modules/orders/domain/order.py"),
        ("modular-monolith", "api/router.py", "src/shop/modules/orders/api/router.py"),
        # A service is rendered as a project of its own, laid out as a one-context monolith.
        ("microservices", "domain/order.py", "src/shop/domain/orders/order.py"),
        ("microservices", "tests/api/test_x.py", "tests/api/orders/test_x.py"),
    ],
)
def test_unit_placement(architecture: str, source: str, expected: str) -> None:
    assert unit(architecture).place(PurePosixPath(source)) == PurePosixPath(expected)


def test_unit_module_names_follow_placement() -> None:
    monolith = unit("monolith")
    assert (monolith.domain, monolith.api, monolith.composition) == (
        "shop.domain.orders",
        "shop.api.orders",
        "shop.composition.orders",
    )
    assert (monolith.shared, monolith.web, monolith.database) == (
        "shop.shared",
        "shop.api",
        "shop.infrastructure.database",
    )
    modular = unit("modular-monolith")
    assert modular.application == "shop.modules.orders.application"
    # The modules share the application's own platform packages: HTTP helpers and database.
    assert (modular.web, modular.database) == ("shop.api", "shop.infrastructure.database")
    service = unit("microservices")
    assert (service.web, service.database) == ("shop.api", "shop.infrastructure.database")


def test_unit_refuses_files_outside_the_layers() -> None:
    with pytest.raises(ValueError, match="outside the known layers"):
        unit("monolith").place(PurePosixPath("scripts/seed.py"))


def test_blueprint_rendering_places_and_resolves(answers: dict[str, str], blueprints: Path) -> None:
    sqlite = Project.parse({**answers, "database": "sqlite"})
    units = build_units(sqlite)
    context = assemble.render_context(sqlite, units)

    files = assemble.render_unit(units[3], context)

    assert files[PurePosixPath("src/shop/infrastructure/catalog/store.py")] == "ENGINE = 'sqlite'\n"
    assert files[PurePosixPath("src/shop/application/catalog/create.py")] == (
        "from shop.domain.catalog.model import Product\n"
    )
    assert files[PurePosixPath("migrations/versions/catalog_0001.py")] == (
        'revision = "catalog_0001"\ndown_revision = "identity_0001"\n'
    )
    first = assemble.render_unit(units[0], context)
    migration = first[PurePosixPath("migrations/versions/outbox_0001.py")]
    assert "down_revision = None" in migration
    ast.parse(migration)
    # The platform's outbox sits in the platform's infrastructure, whatever the style.
    assert PurePosixPath("src/shop/infrastructure/outbox/relay.py") in first


def test_a_part_is_included_by_its_resolved_path_and_never_placed(
    answers: dict[str, str], blueprints: Path
) -> None:
    write(
        blueprints / "context",
        {
            "infrastructure/+database=postgresql/_columns.py": "    engine = 'postgresql'\n",
            "infrastructure/+database=sqlite/_columns.py": "    engine = 'sqlite'\n",
            "infrastructure/models.py": (
                "class {{ unit.entity_class }}Row:\n"
                '{% include "infrastructure/_columns.py" %}\n'
                "    name = '{{ unit.name }}'\n"
            ),
        },
    )
    sqlite = {**answers, "database": "sqlite"}
    units = build_units(Project.parse(sqlite))

    files = assemble.render_unit(units[3], assemble.render_context(Project.parse(sqlite), units))

    # The part's lines stand in for the include line, rendered with the unit's names.
    assert files[PurePosixPath("src/shop/infrastructure/catalog/models.py")] == (
        "class ProductRow:\n    engine = 'sqlite'\n    name = 'catalog'\n"
    )
    assert not any(path.name.startswith("_") for path in files)


def test_missing_blueprint_is_reported(answers: dict[str, str], blueprints: Path) -> None:
    shutil.rmtree(blueprints / "context")
    units = build_units(Project.parse(answers))
    with pytest.raises(FileNotFoundError, match="blueprint 'context' is missing"):
        assemble.render_unit(units[3], assemble.render_context(Project.parse(answers), units))


def test_blueprint_output_never_overwrites_the_template(tmp_path: Path) -> None:
    write(tmp_path, {"src/shop/api/orders/router.py": "kept\n"})
    with pytest.raises(FileExistsError, match="would overwrite"):
        assemble.write_files(tmp_path, {PurePosixPath("src/shop/api/orders/router.py"): "new\n"})
    assert (tmp_path / "src/shop/api/orders/router.py").read_text(encoding="utf-8") == "kept\n"


def test_assemble_builds_the_project(
    tmp_path: Path, answers: dict[str, str], blueprints: Path
) -> None:
    project = superset(tmp_path / "project")

    assemble.assemble(project, answers)

    files = relative_files(project)
    for expected in (
        "src/shop/main.py",
        "src/shop/domain/orders/model.py",
        "src/shop/composition/identity.py",
        "migrations/versions/orders_0001.py",
        "src/shop/infrastructure/outbox/relay.py",
        "tests/unit/catalog/test_model.py",
        "src/shop/domain/__init__.py",
        "src/shop/domain/orders/__init__.py",
        "src/shop/composition/__init__.py",
        "tests/__init__.py",
        "tests/unit/catalog/__init__.py",
    ):
        assert expected in files, expected
    assert "src/__init__.py" not in files
    assert "migrations/__init__.py" not in files
    assert not (project / "var").exists(), "empty directories are removed"
    assert not [path for path in files if "+" in path or path.endswith(".jinja")]
    assert "'products'" in (project / "src/shop/domain/catalog/model.py").read_text()


def test_answers_recorded_without_private_keys(
    tmp_path: Path, answers: dict[str, str], blueprints: Path
) -> None:
    project = superset(tmp_path / "project")

    assemble.assemble(project, answers)

    recorded = json.loads((project / assemble.ANSWERS_FILE).read_text(encoding="utf-8"))
    public = {key: value for key, value in answers.items() if not key.startswith("_")}
    assert recorded["answers"] == public
    assert list(recorded["answers"]) == sorted(recorded["answers"])


def test_assembly_is_deterministic(
    tmp_path: Path, answers: dict[str, str], blueprints: Path
) -> None:
    first, second = superset(tmp_path / "first"), superset(tmp_path / "second")

    assemble.assemble(first, answers)
    assemble.assemble(second, answers)

    assert tree_differences(first, second) == []


def template_paths() -> list[PurePosixPath]:
    roots = [SUPERSET, assemble.BLUEPRINTS]
    return [
        PurePosixPath(path.relative_to(root).as_posix())
        for root in roots
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]


# Private answers the engine sets for each service of a workspace, with the values it sets.
INTERNAL_CHOICES = {"_key_role": [services.KEY_ISSUER, services.KEY_VERIFIER]}


def test_every_conditional_segment_names_a_declared_choice() -> None:
    model = options.load_cookiecutter_json(TEMPLATE)
    unknown = []
    for path in template_paths():
        for segment in path.parts:
            condition = assemble.segment_condition(segment)
            if condition is None:
                continue
            declared = INTERNAL_CHOICES.get(condition.option, model.get(condition.option))
            if not isinstance(declared, list) or not condition.values <= set(declared):
                unknown.append(f"{path}: {segment}")
    assert not unknown


def test_every_blueprint_file_has_a_place() -> None:
    answers = cookiecutter_answers({"contexts": "catalog, orders"})
    for architecture in ("monolith", "modular-monolith", "microservices"):
        for placed in build_units(Project.parse({**answers, "architecture": architecture})):
            root = assemble.BLUEPRINTS / placed.blueprint
            for path in assemble.walk_files(root):
                resolved = assemble.resolve(path, answers)
                if resolved is not None:
                    placed.place(resolved)


def test_real_blueprints_render_to_python_that_parses() -> None:
    answers = cookiecutter_answers({"contexts": "catalog:product, orders"})
    units = build_units(Project.parse(answers))
    context = assemble.render_context(Project.parse(answers), units)
    broken = []
    for placed in units:
        for path, text in assemble.render_unit(placed, context).items():
            if path.suffix == ".py":
                try:
                    ast.parse(text)
                except SyntaxError as error:
                    broken.append(f"{path}:{error.lineno}: {error.msg}")
    assert not broken
