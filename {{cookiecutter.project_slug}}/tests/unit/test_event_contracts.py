"""Event contracts: the AsyncAPI document of declared payloads, and reading one back."""

import pytest

from {{ cookiecutter.package_name }}.shared.event_contracts import (
    EventContract,
    asyncapi_document,
    json_type,
    published_fields,
)

CREATED = EventContract("shop.item.created", 1, {"item_id": "string", "count": "integer"})
DELETED = EventContract("shop.item.deleted", 2, {"item_id": "string"})


def test_each_event_gets_a_channel_a_send_operation_and_its_message() -> None:
    document = asyncapi_document("Shop", "1.2.3", [DELETED, CREATED])

    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["version"] == "1.2.3"
    assert list(document["channels"]) == ["shop.item.created", "shop.item.deleted"]
    operation = document["operations"]["publish_shop_item_created"]
    assert operation["action"] == "send"
    assert operation["channel"] == {"$ref": "#/channels/shop.item.created"}
    wire = document["components"]["messages"]["shop.item.created"]["payload"]
    assert wire["properties"]["payload"]["required"] == ["count", "item_id"]
    assert wire["properties"]["version"] == {"const": 1}


def test_a_published_contract_reads_back_as_declared() -> None:
    document = asyncapi_document("Shop", "1.2.3", [CREATED, DELETED])

    assert published_fields(document, "shop.item.created") == CREATED
    assert published_fields(document, "shop.item.deleted") == DELETED
    assert published_fields(document, "shop.item.renamed") is None


def test_a_field_type_other_than_a_json_scalar_is_refused() -> None:
    with pytest.raises(ValueError, match="not JSON scalar types"):
        EventContract("shop.item.created", 1, {"tags": "array"})


@pytest.mark.parametrize(
    ("value", "kind"),
    [("a", "string"), (3, "integer"), (1.5, "number"), (True, "boolean"), (None, "null")],
)
def test_json_type_names_a_payload_value(value: object, kind: str) -> None:
    assert json_type(value) == kind
