"""The text of an API key: ``<prefix>_<key id>_<secret>``.

The prefix names the project (so that secret scanners and people recognise the key), the
key id is public and finds the stored key, the secret is 256 random bits never stored.
"""

import re
import secrets
import string
from dataclasses import dataclass, field

KEY_ID_LENGTH = 8
KEY_ID_ALPHABET = string.ascii_lowercase + string.digits
SECRET_BYTES = 32
SECRET_LENGTH = 43  # secrets.token_urlsafe(32): 32 bytes in unpadded URL-safe base64
PREFIX_PATTERN = r"[a-z][a-z0-9]{0,15}"
MAX_KEY_LENGTH = 16 + 1 + KEY_ID_LENGTH + 1 + SECRET_LENGTH

# PREFIX_PATTERN, then KEY_ID_LENGTH key id characters, then SECRET_LENGTH secret characters.
_KEY = re.compile(r"([a-z][a-z0-9]{0,15})_([a-z0-9]{8})_([A-Za-z0-9_-]{43})")


@dataclass(frozen=True)
class KeyParts:
    prefix: str
    key_id: str
    secret: str = field(repr=False)

    @property
    def text(self) -> str:
        """The whole key, as the client sends it."""
        return f"{self.prefix}_{self.key_id}_{self.secret}"


def new_key(prefix: str) -> KeyParts:
    """A fresh key: a random public key id and a random secret."""
    if not re.fullmatch(PREFIX_PATTERN, prefix):
        msg = f"the key prefix must match {PREFIX_PATTERN}"
        raise ValueError(msg)
    key_id = "".join(secrets.choice(KEY_ID_ALPHABET) for _ in range(KEY_ID_LENGTH))
    return KeyParts(prefix=prefix, key_id=key_id, secret=secrets.token_urlsafe(SECRET_BYTES))


def parse_key(raw: str) -> KeyParts | None:
    """The parts of a well-formed key, or None for anything else."""
    if len(raw) > MAX_KEY_LENGTH:
        return None
    match = _KEY.fullmatch(raw)
    if match is None:
        return None
    prefix, key_id, secret = match.groups()
    return KeyParts(prefix=prefix, key_id=key_id, secret=secret)
