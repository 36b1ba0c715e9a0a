"""The engine's ordering of first-party imports, as the generated project's sorter expects it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backend_template.imports import module_key, sort_project_imports, sort_source

MODULAR = '''"""A module file."""

from fastapi import APIRouter

from shop.modules.orders.domain.model import Order
from shop.infrastructure.database import Database
from shop.api import pagination
from shop.shared.clock import Clock
'''


def test_a_block_is_ordered_by_module_name() -> None:
    assert (
        sort_source(MODULAR, "shop")
        == '''"""A module file."""

from fastapi import APIRouter

from shop.api import pagination
from shop.infrastructure.database import Database
from shop.modules.orders.domain.model import Order
from shop.shared.clock import Clock
'''
    )


def test_sorted_text_comes_back_unchanged() -> None:
    ordered = sort_source(MODULAR, "shop")
    assert sort_source(ordered, "shop") == ordered


def test_parenthesised_imports_and_attached_comments_move_whole() -> None:
    text = """from shop.shared.errors import (
    AppError,
    NotFoundError,
)
# The adapter registers its tables.
from shop.modules.orders.infrastructure.models import (
    OrderRow,
)
"""
    assert (
        sort_source(text, "shop")
        == """# The adapter registers its tables.
from shop.modules.orders.infrastructure.models import (
    OrderRow,
)
from shop.shared.errors import (
    AppError,
    NotFoundError,
)
"""
    )


def test_a_split_directive_or_a_blank_line_ends_a_block() -> None:
    text = """from shop.shared.clock import Clock

# isort: split
from shop.api import pagination
from shop.api import errors
"""
    assert sort_source(text, "shop") == text
    blank = "from shop.shared.clock import Clock\n\nfrom shop.api import pagination\n"
    assert sort_source(blank, "shop") == blank


def test_only_the_project_package_is_touched() -> None:
    text = "from shopping.z import a\nfrom shop_extra.a import b\nfrom tests.fakes import c\n"
    assert sort_source(text, "shop") == text
    relative = "from .b import x\nfrom .a import y\n"
    assert sort_source(relative, "shop") == relative


def test_text_that_does_not_parse_is_left_alone() -> None:
    broken = "from shop.b import x\nfrom shop.a import (\n"
    assert sort_source(broken, "shop") == broken


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("shop.api", "shop.api.orders"),  # a package sorts before its modules
        ("shop.api.orders", "shop.api_extra"),  # the dot sorts before the underscore
        ("shop.v2", "shop.v10"),  # runs of digits compare as numbers
        ("shop.Alpha", "shop.beta"),  # case does not decide first
    ],
)
def test_module_order(before: str, after: str) -> None:
    assert module_key(before) < module_key(after)


def test_the_order_is_the_one_ruff_wants(tmp_path: Path) -> None:
    """Cross-check with the sorter the generated projects run, on names chosen to be awkward."""
    modules = [
        "shop.modules.zebra.domain",
        "shop.modules.data_sets.application.v10",
        "shop.modules.data_sets.application.v2",
        "shop.infrastructure.database",
        "shop.infrastructure.tables",
        "shop.api",
        "shop.api_extra",
        "shop.Shared_kernel",
        "shop.modules.alpha.infrastructure",
    ]
    text = "".join(f"from {module} import name_{index}\n" for index, module in enumerate(modules))
    source = tmp_path / "probe.py"
    source.write_text(sort_source(text, "shop"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "I", "--isolated", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_a_project_is_sorted_in_place(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    module = tmp_path / "src" / "module.py"
    module.write_text(MODULAR, encoding="utf-8")
    untouched = tmp_path / "src" / "other.py"
    untouched.write_text("import os\n", encoding="utf-8")

    sort_project_imports(tmp_path, "shop")

    assert module.read_text(encoding="utf-8") == sort_source(MODULAR, "shop")
    assert untouched.read_text(encoding="utf-8") == "import os\n"
