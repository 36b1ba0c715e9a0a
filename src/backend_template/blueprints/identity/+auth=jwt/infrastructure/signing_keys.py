"""The key pair that signs access tokens, the retired keys still accepted, and their JWKS."""

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from {{ unit.shared }}.auth_settings import (
    SigningPrivateKey,
    VerifyingPublicKey,
    load_private_key,
    load_public_key,
)

Jwk = Mapping[str, str]

# RFC 7638, section 3.2: the members a key's thumbprint covers, per key type; they are also
# every public member a verifier needs.
THUMBPRINT_MEMBERS = {"RSA": ("e", "kty", "n"), "EC": ("crv", "kty", "x", "y")}


def public_jwk(key: VerifyingPublicKey) -> dict[str, str]:
    """The public members of a key as a JWK (RFC 7518): kty, n and e, or kty, crv, x and y."""
    if isinstance(key, rsa.RSAPublicKey):
        members = RSAAlgorithm.to_jwk(key, as_dict=True)
    else:
        members = ECAlgorithm.to_jwk(key, as_dict=True)
    return {name: str(members[name]) for name in THUMBPRINT_MEMBERS[str(members["kty"])]}


def thumbprint(jwk: Jwk) -> str:
    """The RFC 7638 SHA-256 thumbprint of a public JWK, base64url without padding."""
    members = {name: jwk[name] for name in THUMBPRINT_MEMBERS[jwk["kty"]]}
    canonical = json.dumps(members, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass(frozen=True)
class SigningKeys:
    """The private key that signs (its key id goes in every token) and the keys that verify.

    Each key's id is its RFC 7638 thumbprint: the same key always has the same id, in every
    process and after every restart, and other services find it in the published key set.
    """

    algorithm: str
    private_key: SigningPrivateKey
    key_id: str
    verifying_keys: Mapping[str, VerifyingPublicKey]
    published: tuple[Jwk, ...]

    @classmethod
    def load(
        cls, algorithm: str, private_pem: str, previous_public_pems: Sequence[str] = ()
    ) -> "SigningKeys":
        """Keys from PEMs; ValueError when one is unreadable or does not fit the algorithm."""
        private_key = load_private_key(private_pem, algorithm)
        public_keys = [
            private_key.public_key(),
            *(load_public_key(pem, algorithm) for pem in previous_public_pems),
        ]
        verifying_keys: dict[str, VerifyingPublicKey] = {}
        published: list[Jwk] = []
        for key in public_keys:
            jwk = public_jwk(key)
            key_id = thumbprint(jwk)
            if key_id in verifying_keys:
                continue
            verifying_keys[key_id] = key
            published.append({**jwk, "kid": key_id, "use": "sig", "alg": algorithm})
        return cls(
            algorithm=algorithm,
            private_key=private_key,
            key_id=published[0]["kid"],
            verifying_keys=verifying_keys,
            published=tuple(published),
        )
