from typing import Any

from tests.openapi_changes import Change, changes, report

OUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "quantity": {"type": "integer"},
        "status": {"type": "string", "enum": ["draft", "active"]},
    },
    "required": ["id", "quantity", "status"],
}
IN: dict[str, Any] = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "note": {"type": "string"}},
    "required": ["name"],
}


def document(out: dict[str, Any] = OUT, body: dict[str, Any] = IN, **extra: Any) -> dict[str, Any]:
    json_of = {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}
    operation = {
        "parameters": extra.get("parameters", []),
        "requestBody": {"content": {"application/json": {"schema": body}}, "required": True},
        "responses": {"200": {"description": "OK", "content": json_of}},
    }
    return {
        "paths": {"/items": {"post": operation}, **extra.get("paths", {})},
        "components": {"schemas": {"Out": out}},
    }


def found(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[bool, str, str]]:
    return {(change.breaking, change.where, change.what) for change in changes(old, new)}


def test_the_same_document_has_no_changes() -> None:
    assert changes(document(), document()) == []


def test_a_retyped_or_removed_response_field_breaks_clients() -> None:
    retyped = {**OUT, "properties": {**OUT["properties"], "quantity": {"type": "string"}}}
    removed = {**OUT, "properties": {"id": OUT["properties"]["id"]}, "required": ["id"]}

    assert found(document(), document(out=retyped)) == {
        (True, "POST /items response 200.quantity", "type changed from integer to string")
    }
    assert found(document(), document(out=removed)) == {
        (True, "POST /items response 200.quantity", "removed"),
        (True, "POST /items response 200.status", "removed"),
    }


def test_a_response_field_that_may_be_absent_null_or_a_new_value_breaks_clients() -> None:
    nullable = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    wider = {"type": "string", "enum": ["draft", "active", "archived"]}
    changed = {
        **OUT,
        "properties": {**OUT["properties"], "quantity": nullable, "status": wider},
        "required": ["id"],
    }

    assert found(document(), document(out=changed)) == {
        (True, "POST /items response 200.quantity", "may now be absent"),
        (True, "POST /items response 200.quantity", "may now be null"),
        (True, "POST /items response 200.status", "may now be absent"),
        (True, "POST /items response 200.status", "may now be archived"),
    }


def test_new_response_fields_and_operations_are_additive() -> None:
    more = {**OUT, "properties": {**OUT["properties"], "extra": {"type": "string"}}}
    new = document(out=more, paths={"/other": {"get": {"responses": {}}}})

    assert found(document(), new) == {
        (False, "POST /items response 200.extra", "added"),
        (False, "GET /other", "operation added"),
    }


def test_new_required_request_fields_and_parameters_break_clients() -> None:
    body = {**IN, "properties": {**IN["properties"], "code": {"type": "string"}}}
    required = {**body, "required": ["name", "code", "note"]}
    parameter = {"in": "query", "name": "tag", "required": True, "schema": {"type": "string"}}

    assert found(document(), document(body=required, parameters=[parameter])) == {
        (True, "POST /items query parameter tag", "new and required"),
        (True, "POST /items request body.code", "new and required"),
        (True, "POST /items request body.note", "now required"),
    }
    assert found(document(), document(body=body)) == {
        (False, "POST /items request body.code", "added")
    }


def test_a_narrowed_request_enum_and_a_removed_operation_break_clients() -> None:
    status = {"in": "query", "name": "status", "schema": {"type": "string", "enum": ["a", "b"]}}
    narrowed = {**status, "schema": {"type": "string", "enum": ["a"]}}
    old = document(parameters=[status], paths={"/gone": {"delete": {"responses": {}}}})

    assert found(old, document(parameters=[narrowed])) == {
        (True, "POST /items query parameter status", "no longer accepts b"),
        (True, "DELETE /gone", "operation removed"),
    }


def test_the_report_lists_breaking_changes_first_and_says_what_to_do() -> None:
    retyped = {**OUT, "properties": {**OUT["properties"], "quantity": {"type": "string"}}}
    new = document(out=retyped, paths={"/other": {"get": {"responses": {}}}})

    text = report(document(), new)

    assert text.index("BREAKING") < text.index("response 200.quantity") < text.index("Additive")
    assert "make openapi" in text
    assert "descriptions" in report(document(), document())
    assert str(Change(True, "GET /x", "removed")) == "GET /x: removed"
