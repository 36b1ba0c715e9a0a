"""The service's OpenAPI document, exactly as it serves it, written to ``openapi.json``.

``make openapi`` runs it; the project keeps the file under version control, so that every
change of the API shows in review, and a test fails while the file and the service differ.
"""

import json
import sys
from pathlib import Path
from typing import Any

from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

# Beside pyproject.toml: the project's root, wherever the package is installed from.
DOCUMENT_PATH = Path(__file__).resolve().parents[2] / "openapi.json"


def served_document() -> dict[str, Any]:
    """The document the service serves at /openapi.json; it does not depend on the settings."""
    settings = Settings(_env_file=None, environment=Environment.TEST)
    document: dict[str, Any] = create_app(settings).openapi()
    return document


def rendered(document: dict[str, Any]) -> str:
    """The file's text: the document as served, keys in its order, two-space indents."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(arguments: list[str]) -> None:
    target = Path(arguments[0]) if arguments else DOCUMENT_PATH
    target.write_text(rendered(served_document()), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
