"""Minting a key: its text for the client, once, and the digest that is all we keep."""

from dataclasses import dataclass, field

from {{ unit.application }}.ports import KeyHasher
from {{ unit.domain }}.key_format import new_key


@dataclass(frozen=True)
class MintedKey:
    key_id: str
    digest: str
    text: str = field(repr=False)


class KeyMinter:
    def __init__(self, hasher: KeyHasher, prefix: str) -> None:
        self._hasher = hasher
        self._prefix = prefix

    def mint(self) -> MintedKey:
        parts = new_key(self._prefix)
        digest = self._hasher.digest(parts.text)
        return MintedKey(key_id=parts.key_id, digest=digest, text=parts.text)
