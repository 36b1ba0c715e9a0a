"""The committed openapi.json is the document the service serves: API changes show in review."""

import json

from {{ cookiecutter.package_name }}.openapi_document import DOCUMENT_PATH, rendered, served_document

from tests.openapi_changes import report


def test_the_committed_document_is_the_one_the_service_serves() -> None:
    assert DOCUMENT_PATH.is_file(), "openapi.json is missing: run `make openapi` and commit it"
    committed = DOCUMENT_PATH.read_text(encoding="utf-8")
    served = served_document()

    assert committed == rendered(served), report(json.loads(committed), served)
