"""The shared kernel of a workspace: declared, rendered once, taken out of the services."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from backend_template.hoist import (
    KERNEL,
    KERNEL_TEST_SUPPORT,
    KERNEL_TESTS,
    PLACEHOLDER,
    Library,
    hoist,
    kernel_for,
    project_imports,
    write_library,
)
from tests.support import TEMPLATE

SOURCE = TEMPLATE / "{{cookiecutter.project_slug}}" / "src" / "{{cookiecutter.package_name}}"
TESTS = TEMPLATE / "{{cookiecutter.project_slug}}" / "tests"
LIBRARY = Library.of("shop")
# Kernel modules and tests the platform units' blueprints (the outbox, idempotency keys) place.
PLACED_BY_BLUEPRINTS = {
    "infrastructure.idempotency.models",
    "infrastructure.idempotency.rows",
    "infrastructure.idempotency.store",
    "infrastructure.outbox.models",
    "infrastructure.outbox.relay",
    "infrastructure.outbox.store",
    PurePosixPath("unit/outbox/test_relay.py"),
}


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def kernel_tree(root: Path, modules: dict[str, str], tests: dict[str, str] | None = None) -> Path:
    """A rendered tree with package ``PLACEHOLDER``: modules by dotted name, tests by path."""
    tree = root / "kernel"
    write(tree, {f"src/{PLACEHOLDER}/{m.replace('.', '/')}.py": t for m, t in modules.items()})
    write(tree, {f"tests/{path}": text for path, text in (tests or {}).items()})
    return tree


def test_every_kernel_module_and_test_is_a_file_of_the_template() -> None:
    """The declaration names template files (behind their conditions) or blueprint outputs."""
    names = {
        PurePosixPath(*(part for part in path.relative_to(SOURCE).parts if part[0] != "+"))
        for path in SOURCE.rglob("*.py")
    }
    missing = [
        module
        for module in KERNEL
        if PurePosixPath(*module.split(".")).with_suffix(".py") not in names
        and module not in PLACED_BY_BLUEPRINTS
    ]
    assert missing == []
    tests = {
        PurePosixPath(*(part for part in path.relative_to(TESTS).parts if part[0] != "+"))
        for path in TESTS.rglob("test_*.py")
    }
    assert {PurePosixPath(test) for test in KERNEL_TESTS} - PLACED_BY_BLUEPRINTS <= tests
    helpers = {
        PurePosixPath(*(part for part in path.relative_to(TESTS).parts if part[0] != "+"))
        for path in TESTS.rglob("*.py")
    }
    assert {
        PurePosixPath(*module.split(".")).with_suffix(".py") for module in KERNEL_TEST_SUPPORT
    } <= helpers


def test_a_submodule_imported_from_its_package_is_that_module() -> None:
    text = (
        f"from {PLACEHOLDER}.api import security\n"
        f"from {PLACEHOLDER}.shared.errors import AuthenticationError\n"
        f"from {PLACEHOLDER}.shared import settings\n"
    )
    assert project_imports(text, {"api.security", "shared.errors"}) == {
        "api.security",
        "shared.errors",
        "shared",
    }


def test_the_library_gets_the_kernel_with_its_imports_pointed_at_itself(tmp_path: Path) -> None:
    tree = kernel_tree(
        tmp_path,
        {
            "shared.errors": f'"""Errors of {PLACEHOLDER}."""\n',
            "api.errors": f"from {PLACEHOLDER}.shared.errors import X\n",
            "shared.settings": '"""Each service\'s own."""\n',
        },
        {"unit/test_text.py": f"from {PLACEHOLDER}.api import errors\n"},
    )

    modules, tests, support = write_library(tmp_path, tree, LIBRARY)

    assert modules == ["api.errors", "shared.errors"]
    assert tests == ["unit/test_text.py"]
    assert support == []
    source = tmp_path / LIBRARY.directory / "src" / "shop_shared"
    assert (source / "api" / "errors.py").read_text() == "from shop_shared.errors import X\n"
    assert (source / "errors.py").read_text() == '"""Errors of shop_shared."""\n'
    assert not (source / "settings.py").exists(), "settings are no kernel module"
    assert (source / "py.typed").is_file()
    assert (source / "api" / "__init__.py").is_file()
    library_test = tmp_path / LIBRARY.directory / "tests" / "test_text.py"
    assert library_test.read_text() == "from shop_shared.api import errors\n"


def test_a_kernel_module_that_imports_a_service_module_is_refused(tmp_path: Path) -> None:
    tree = kernel_tree(
        tmp_path, {"shared.logging": f"from {PLACEHOLDER}.shared.settings import Settings\n"}
    )

    with pytest.raises(ValueError, match=r"kernel module shared\.logging imports shared\.settings"):
        write_library(tmp_path, tree, LIBRARY)


def test_a_kernel_test_of_a_module_outside_the_kernel_stays_in_the_services(
    tmp_path: Path,
) -> None:
    tree = kernel_tree(
        tmp_path,
        {"shared.errors": "X = 1\n"},
        {"unit/test_text.py": f"from {PLACEHOLDER}.shared.text import StorableText\n"},
    )

    _modules, tests, _support = write_library(tmp_path, tree, LIBRARY)

    assert tests == []
    assert not (tmp_path / LIBRARY.directory / "tests").exists()


def test_services_give_up_the_kernel_whatever_their_copies_say(tmp_path: Path) -> None:
    """Nothing is compared: a service's differing copy goes all the same."""
    for name, docstring in (("catalog", "Catalog's errors."), ("orders", "Orders' errors.")):
        write(
            tmp_path / "services" / name,
            {
                f"src/{name}_service/shared/errors.py": f'"""{docstring}"""\n',
                f"src/{name}_service/shared/settings.py": "NAME = 1\n",
                f"src/{name}_service/main.py": f"from {name}_service.shared.errors import X\n",
                "tests/unit/test_text.py": "",
                "tests/unit/test_settings.py": "",
            },
        )
    packages = {
        PurePosixPath("services", name, "src"): f"{name}_service" for name in ("catalog", "orders")
    }

    hoist(tmp_path, packages, LIBRARY, ["shared.errors"], ["unit/test_text.py"])

    for name in ("catalog", "orders"):
        service = tmp_path / "services" / name
        assert not (service / f"src/{name}_service/shared/errors.py").exists()
        assert (service / f"src/{name}_service/shared/settings.py").is_file()
        main = (service / f"src/{name}_service/main.py").read_text()
        assert main == "from shop_shared.errors import X\n"
        assert not (service / "tests/unit/test_text.py").exists()
        assert (service / "tests/unit/test_settings.py").is_file()


def test_the_kernels_test_support_is_the_librarys_and_the_services_import_it(
    tmp_path: Path,
) -> None:
    tree = kernel_tree(
        tmp_path,
        {"shared.clock": "X = 1\n"},
        {
            "fakes/clock.py": f"from {PLACEHOLDER}.shared.clock import X\n",
            "unit/test_clock_and_ids.py": "from tests.fakes.clock import X\n",
        },
    )

    _modules, tests, support = write_library(tmp_path, tree, LIBRARY)

    assert support == ["fakes.clock"]
    assert tests == ["unit/test_clock_and_ids.py"]
    source = tmp_path / LIBRARY.directory / "src" / "shop_shared"
    assert (
        source / "testing" / "fakes" / "clock.py"
    ).read_text() == "from shop_shared.clock import X\n"
    library_test = tmp_path / LIBRARY.directory / "tests" / "test_clock_and_ids.py"
    assert library_test.read_text() == "from shop_shared.testing.fakes.clock import X\n"

    service = tmp_path / "services" / "catalog"
    write(
        service,
        {
            "src/catalog_service/main.py": "",
            "tests/fakes/clock.py": "X = 1\n",
            "tests/fakes/catalog/repository.py": "from tests.fakes import clock\n",
            "tests/unit/test_listing.py": "from tests.fakes.clock import X\n",
        },
    )
    hoist(
        tmp_path,
        {PurePosixPath("services/catalog/src"): "catalog_service"},
        LIBRARY,
        [],
        [],
        support=support,
    )

    assert not (service / "tests/fakes/clock.py").exists()
    repository = (service / "tests/fakes/catalog/repository.py").read_text()
    assert repository == "from shop_shared.testing.fakes import clock\n"
    listing = (service / "tests/unit/test_listing.py").read_text()
    assert listing == "from shop_shared.testing.fakes.clock import X\n"


def test_with_tortoise_the_services_keep_their_database_and_what_is_built_on_it() -> None:
    assert "infrastructure.database" in kernel_for({"orm": "sqlalchemy"})
    tortoise = kernel_for({"orm": "tortoise"})
    assert "infrastructure.database" not in tortoise
    assert "infrastructure.outbox.store" not in tortoise
    assert "infrastructure.outbox.relay" in tortoise


def test_a_kernel_module_that_names_a_service_module_is_refused(tmp_path: Path) -> None:
    """A module path in a string (an app to serve, a plugin) would name the library's instead."""
    tree = kernel_tree(tmp_path, {"shared.clock": f'APP = "{PLACEHOLDER}.main:create_app"\n'})

    with pytest.raises(ValueError, match=r"kernel module shared\.clock imports main"):
        write_library(tmp_path, tree, LIBRARY)
