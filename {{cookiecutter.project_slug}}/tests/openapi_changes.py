"""What changed between two OpenAPI documents, and which changes break existing clients.

Breaking: what a client written against the old document may rely on and can no longer
(an operation or response field removed or retyped, a response field that may now be absent
or null or take new values, a request field or parameter that is new and required, a value
no longer accepted). Additive: what such a client does not notice.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Document = dict[str, Any]
Schema = dict[str, Any]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# How deep schemas are compared: deeper than any body the service sends.
MAX_DEPTH = 12


@dataclass(frozen=True)
class Change:
    breaking: bool
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass(frozen=True)
class Side:
    """One document and one schema in it."""

    document: Document
    schema: Schema

    def resolved(self) -> Schema:
        schema = self.schema
        for _ in range(MAX_DEPTH):
            reference = schema.get("$ref")
            if not isinstance(reference, str):
                break
            name = reference.rsplit("/", 1)[-1]
            schema = self.document.get("components", {}).get("schemas", {}).get(name, {})
        return schema

    def variants(self) -> list["Side"]:
        schema = self.resolved()
        options = schema.get("anyOf") or schema.get("oneOf")
        if not options:
            return [self]
        return [Side(self.document, option) for option in options]

    def nullable(self) -> bool:
        return any(variant.resolved().get("type") == "null" for variant in self.variants())

    def types(self) -> set[str]:
        found = set()
        for variant in self.variants():
            schema = variant.resolved()
            kind = schema.get("type", "object" if "properties" in schema else "any")
            if kind != "null":
                found.add(f"{kind}:{schema['format']}" if "format" in schema else str(kind))
        return found

    def single(self) -> "Side | None":
        """The one non-null variant, if there is exactly one."""
        options = [v for v in self.variants() if v.resolved().get("type") != "null"]
        return options[0] if len(options) == 1 else None


def _compare_values(old: Side, new: Side, where: str, *, response: bool) -> Iterator[Change]:
    old_types, new_types = old.types(), new.types()
    if old_types != new_types and not (not response and old_types <= new_types):
        shown = " | ".join(sorted(old_types)), " | ".join(sorted(new_types))
        yield Change(True, where, "type changed from {} to {}".format(*shown))
        return
    if old_types != new_types:
        yield Change(False, where, "accepts more types")
    if response and new.nullable() and not old.nullable():
        yield Change(True, where, "may now be null")
    if not response and old.nullable() and not new.nullable():
        yield Change(True, where, "no longer accepts null")
    old_single, new_single = old.single(), new.single()
    if old_single is None or new_single is None:
        return
    yield from _compare_enums(old_single.resolved(), new_single.resolved(), where, response)
    yield from _compare_shapes(old_single, new_single, where, response)


def _compare_enums(old: Schema, new: Schema, where: str, response: bool) -> Iterator[Change]:
    if "enum" not in old and "enum" not in new:
        return
    before, after = old.get("enum"), new.get("enum")
    if before is None or after is None:
        what = "no longer a fixed set of values" if after is None else "now a fixed set of values"
        # A response that may take any value, or a request that takes fewer, breaks clients.
        yield Change(response == (after is None), where, what)
        return
    added = [value for value in after if value not in before]
    removed = [value for value in before if value not in after]
    if response and added:
        yield Change(True, where, f"may now be {', '.join(map(str, added))}")
    if not response and removed:
        yield Change(True, where, f"no longer accepts {', '.join(map(str, removed))}")
    if (response and removed) or (not response and added):
        changed = removed if response else added
        yield Change(False, where, f"values changed: {', '.join(map(str, changed))}")


def _compare_shapes(old: Side, new: Side, where: str, response: bool) -> Iterator[Change]:
    if where.count(".") + where.count("[]") > MAX_DEPTH:
        return
    old_schema, new_schema = old.resolved(), new.resolved()
    if "items" in old_schema and "items" in new_schema:
        yield from _compare_values(
            Side(old.document, old_schema["items"]),
            Side(new.document, new_schema["items"]),
            f"{where}[]",
            response=response,
        )
    old_fields = old_schema.get("properties", {})
    new_fields = new_schema.get("properties", {})
    old_required = set(old_schema.get("required", []))
    new_required = set(new_schema.get("required", []))
    for name, schema in old_fields.items():
        field = f"{where}.{name}"
        if name not in new_fields:
            yield Change(True, field, "removed")
            continue
        if response and name in old_required and name not in new_required:
            yield Change(True, field, "may now be absent")
        if not response and name in new_required and name not in old_required:
            yield Change(True, field, "now required")
        yield from _compare_values(
            Side(old.document, schema),
            Side(new.document, new_fields[name]),
            field,
            response=response,
        )
    for name in new_fields.keys() - old_fields.keys():
        required = not response and name in new_required
        yield Change(required, f"{where}.{name}", "new and required" if required else "added")


def _json_schema(container: dict[str, Any]) -> Schema | None:
    content = container.get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    return None if media is None else media.get("schema")


def _compare_parameters(
    old: Document, new: Document, old_op: Schema, new_op: Schema, where: str
) -> Iterator[Change]:
    def by_name(operation: Schema) -> dict[tuple[str, str], Schema]:
        return {(p["in"], p["name"]): p for p in operation.get("parameters", [])}

    before, after = by_name(old_op), by_name(new_op)
    for key, parameter in before.items():
        place = f"{where} {key[0]} parameter {key[1]}"
        if key not in after:
            yield Change(True, place, "removed")
            continue
        if after[key].get("required") and not parameter.get("required"):
            yield Change(True, place, "now required")
        yield from _compare_values(
            Side(old, parameter.get("schema", {})),
            Side(new, after[key].get("schema", {})),
            place,
            response=False,
        )
    for key in after.keys() - before.keys():
        required = bool(after[key].get("required"))
        place = f"{where} {key[0]} parameter {key[1]}"
        yield Change(required, place, "new and required" if required else "added")


def _compare_operation(
    old: Document, new: Document, old_op: Schema, new_op: Schema, where: str
) -> Iterator[Change]:
    yield from _compare_parameters(old, new, old_op, new_op, where)
    old_body, new_body = old_op.get("requestBody"), new_op.get("requestBody")
    if new_body is not None and old_body is None and new_body.get("required"):
        yield Change(True, f"{where} request body", "new and required")
    old_schema = None if old_body is None else _json_schema(old_body)
    new_schema = None if new_body is None else _json_schema(new_body)
    if old_schema is not None and new_schema is not None:
        yield from _compare_values(
            Side(old, old_schema), Side(new, new_schema), f"{where} request body", response=False
        )
    old_responses, new_responses = old_op.get("responses", {}), new_op.get("responses", {})
    for status, response in old_responses.items():
        place = f"{where} response {status}"
        if status not in new_responses:
            yield Change(status.startswith("2"), place, "removed")
            continue
        old_schema, new_schema = _json_schema(response), _json_schema(new_responses[status])
        if old_schema is not None and new_schema is None:
            yield Change(True, place, "no longer has a body")
        if old_schema is not None and new_schema is not None:
            yield from _compare_values(
                Side(old, old_schema), Side(new, new_schema), place, response=True
            )
    for status in new_responses.keys() - old_responses.keys():
        yield Change(False, f"{where} response {status}", "added")


def changes(old: Document, new: Document) -> list[Change]:
    """Every difference a client can notice, each marked breaking or not."""
    found: list[Change] = []
    old_paths, new_paths = old.get("paths", {}), new.get("paths", {})
    for path in sorted(old_paths.keys() | new_paths.keys()):
        for method in METHODS:
            old_op = old_paths.get(path, {}).get(method)
            new_op = new_paths.get(path, {}).get(method)
            where = f"{method.upper()} {path}"
            if old_op is not None and new_op is None:
                found.append(Change(True, where, "operation removed"))
            elif old_op is None and new_op is not None:
                found.append(Change(False, where, "operation added"))
            elif old_op is not None and new_op is not None:
                found.extend(_compare_operation(old, new, old_op, new_op, where))
    return found


def report(old: Document, new: Document) -> str:
    """The changes, breaking first, and what to do about them."""
    found = changes(old, new)
    breaking = [str(change) for change in found if change.breaking]
    additive = [str(change) for change in found if not change.breaking]
    lines = ["The API the service serves differs from openapi.json."]
    if breaking:
        lines += ["BREAKING changes (existing clients may fail):", *(f"  - {c}" for c in breaking)]
    if additive:
        lines += ["Additive changes:", *(f"  - {c}" for c in additive)]
    if not found:
        lines.append("No operation changed; descriptions, examples or names did.")
    lines.append("If the change is intended, run `make openapi` and commit openapi.json.")
    return "\n".join(lines)
