"""Settings of JWT authentication, mixed into Settings.

``production_problems()`` lists the unsafe values Settings refuses to start in production with.

Access tokens are signed with a shared secret (HS256, HS384, HS512: only this service verifies
them) or with a private key (RS256, RS384, RS512, PS256, ES256: any service verifies them with
the public keys published at ``/.well-known/jwks.json``, no secret shared).
"""

import functools
import json
import re
import secrets
from typing import Annotated, Literal, get_args
from urllib.parse import urlsplit

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pydantic import BaseModel, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import NoDecode

MIN_SECRET_LENGTH = 32

# argon2id cost: the defaults are argon2-cffi's RFC 9106 low-memory profile; production refuses
# anything below OWASP's minimum (19 MiB of memory). Tests lower them to stay fast.
MIN_PRODUCTION_HASH_MEMORY_KIB = 19 * 1024

JwtAlgorithm = Literal["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "ES256"]
HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
ASYMMETRIC_ALGORITHMS = frozenset(get_args(JwtAlgorithm)) - HMAC_ALGORITHMS
# NIST SP 800-131A: RSA keys below 2048 bits are no longer acceptable for signatures.
MIN_RSA_KEY_BITS = 2048

# Used only outside production when APP_JWT_SECRET is unset: tokens die with the process.
_EPHEMERAL_SECRET = secrets.token_urlsafe(48)

KEY_GENERATION_COMMAND = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
PRIVATE_KEY_GENERATION_COMMANDS = {
    "RSA": "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048",
    "EC": "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256",
}
PUBLIC_KEY_EXPORT_COMMAND = "openssl pkey -in private.pem -pubout"

_PEM_BLOCK = re.compile(r"-----BEGIN [A-Z0-9 ]+-----.+?-----END [A-Z0-9 ]+-----", re.DOTALL)

SigningPrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
VerifyingPublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def key_type(algorithm: str) -> Literal["RSA", "EC"]:
    """The kind of key pair an asymmetric algorithm signs with."""
    return "EC" if algorithm.startswith("ES") else "RSA"


def key_generation_command(algorithm: str) -> str:
    return PRIVATE_KEY_GENERATION_COMMANDS[key_type(algorithm)]


def unescaped_pem(text: str) -> str:
    """A PEM from an environment variable: literal ``\\n`` escapes become line breaks."""
    return text.replace("\\n", "\n").strip()


def key_problem(algorithm: str, key: object) -> str | None:
    """Why ``key`` cannot sign or verify tokens of an asymmetric algorithm; None when it can."""
    if key_type(algorithm) == "EC":
        elliptic = (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)
        if isinstance(key, elliptic) and isinstance(key.curve, ec.SECP256R1):
            return None
        return f"{algorithm} needs an EC key on the P-256 curve"
    if not isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return f"{algorithm} needs an RSA key"
    if key.key_size < MIN_RSA_KEY_BITS:
        return f"{algorithm} needs an RSA key of at least {MIN_RSA_KEY_BITS} bits"
    return None


def load_private_key(pem: str, algorithm: str) -> SigningPrivateKey:
    """The private key of an unencrypted PEM (PKCS#8); ValueError says why it cannot sign."""
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        msg = "not an unencrypted PEM private key (PKCS#8)"
        raise ValueError(msg) from None
    problem = key_problem(algorithm, key)
    if problem is not None or not isinstance(key, SigningPrivateKey):
        raise ValueError(problem)
    return key


def load_public_key(pem: str, algorithm: str) -> VerifyingPublicKey:
    """The public key of a PEM (SubjectPublicKeyInfo); ValueError says why it cannot verify."""
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except (ValueError, UnsupportedAlgorithm):
        msg = "not a PEM public key (BEGIN PUBLIC KEY)"
        raise ValueError(msg) from None
    problem = key_problem(algorithm, key)
    if problem is not None or not isinstance(key, VerifyingPublicKey):
        raise ValueError(problem)
    return key


@functools.cache
def _ephemeral_private_key(kind: Literal["RSA", "EC"]) -> str:
    """A key pair made once per process, for when APP_JWT_PRIVATE_KEY is unset."""
    key: SigningPrivateKey = (
        ec.generate_private_key(ec.SECP256R1())
        if kind == "EC"
        else rsa.generate_private_key(public_exponent=65537, key_size=MIN_RSA_KEY_BITS)
    )
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme in {"http", "https"}
        and bool(parts.netloc)
        and not parts.query
        and not parts.fragment
    )


class AuthSettings(BaseModel):
    # How long this process remembers a caller it resolved, instead of reading the database on
    # every request: a logout, deactivation or revocation made by another process takes effect
    # here within this many seconds (one made by this process, at once). 0 remembers nobody.
    auth_cache_seconds: float = Field(default=5.0, ge=0, le=60)
    # The identity service of a microservices system signs with a key pair: the other services
    # verify its tokens against its published keys, and share no secret with it.
    jwt_algorithm: JwtAlgorithm = "{{ 'RS256' if cookiecutter._service else 'HS256' }}"
    jwt_secret: SecretStr | None = None
    jwt_private_key: SecretStr | None = Field(
        default=None, description="PEM private key (PKCS#8) that signs RS*, PS* and ES* tokens."
    )
    jwt_previous_public_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="PEM public keys of retired signing keys, still published and accepted.",
    )
    jwt_public_issuer_url: str | None = Field(
        default=None,
        description="URL at which other services reach this API: the iss claim, the discovery.",
    )
    jwt_issuer: str = "{{ cookiecutter.__system_slug }}"
    jwt_audience: str = "{{ cookiecutter.__system_slug }}"
    access_token_ttl_seconds: int = Field(default=900, ge=1)
    refresh_token_ttl_seconds: int = Field(default=14 * 24 * 3600, ge=1)
    login_max_attempts: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=60, ge=1)
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=64 * 1024, ge=64)

    @field_validator("jwt_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_LENGTH:
            msg = (
                f"APP_JWT_SECRET must be at least {MIN_SECRET_LENGTH} characters; "
                f"generate one with: {KEY_GENERATION_COMMAND}"
            )
            raise ValueError(msg)
        return value

    @field_validator("jwt_private_key", mode="before")
    @classmethod
    def _unescape_private_key(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        return unescaped_pem(value) if isinstance(value, str) else value

    @field_validator("jwt_private_key")
    @classmethod
    def _private_key_fits(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        algorithm = info.data.get("jwt_algorithm")
        if value is None or algorithm is None:
            return value
        if algorithm in HMAC_ALGORITHMS:
            msg = (
                f"APP_JWT_PRIVATE_KEY is set but APP_JWT_ALGORITHM={algorithm} signs with "
                "APP_JWT_SECRET; set APP_JWT_ALGORITHM=RS256 (or ES256), or unset the key"
            )
            raise ValueError(msg)
        try:
            load_private_key(value.get_secret_value(), algorithm)
        except ValueError as error:
            msg = (
                f"APP_JWT_PRIVATE_KEY cannot sign {algorithm} tokens ({error}); "
                f"generate one with: {key_generation_command(algorithm)}"
            )
            raise ValueError(msg) from None
        return value

    @field_validator("jwt_previous_public_keys", mode="before")
    @classmethod
    def _split_public_keys(cls, value: object) -> object:
        """Accept a JSON list of PEMs, or one or more PEM blocks one after the other."""
        if not isinstance(value, str):
            return value
        if value.strip().startswith("["):
            return json.loads(value)
        text = unescaped_pem(value)
        return _PEM_BLOCK.findall(text) or ([text] if text else [])

    @field_validator("jwt_previous_public_keys")
    @classmethod
    def _public_keys_fit(cls, value: list[str], info: ValidationInfo) -> list[str]:
        algorithm = info.data.get("jwt_algorithm")
        if not value or algorithm is None:
            return value
        if algorithm in HMAC_ALGORITHMS:
            msg = (
                f"APP_JWT_PREVIOUS_PUBLIC_KEYS is set but APP_JWT_ALGORITHM={algorithm} "
                "signs with a shared secret; unset it or choose RS256 (or ES256)"
            )
            raise ValueError(msg)
        keys = [unescaped_pem(pem) for pem in value]
        for position, pem in enumerate(keys, start=1):
            try:
                load_public_key(pem, algorithm)
            except ValueError as error:
                msg = (
                    f"APP_JWT_PREVIOUS_PUBLIC_KEYS: key {position} cannot verify {algorithm} "
                    f"tokens ({error}); export a public key with: {PUBLIC_KEY_EXPORT_COMMAND}"
                )
                raise ValueError(msg) from None
        return keys

    @field_validator("jwt_public_issuer_url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is not None and not _is_web_url(value):
            msg = (
                "APP_JWT_PUBLIC_ISSUER_URL must be an absolute http(s) URL without query or "
                "fragment, e.g. https://identity.example.com"
            )
            raise ValueError(msg)
        return value

    @property
    def uses_asymmetric_jwt(self) -> bool:
        """Whether tokens are signed with a private key and verified with published public keys."""
        return self.jwt_algorithm in ASYMMETRIC_ALGORITHMS

    @property
    def uses_ephemeral_jwt_secret(self) -> bool:
        """Whether tokens are signed with a random per-process secret (APP_JWT_SECRET unset)."""
        return not self.uses_asymmetric_jwt and self.jwt_secret is None

    @property
    def uses_ephemeral_jwt_private_key(self) -> bool:
        """Whether tokens are signed with a per-process key pair (APP_JWT_PRIVATE_KEY unset)."""
        return self.uses_asymmetric_jwt and self.jwt_private_key is None

    @property
    def jwt_token_issuer(self) -> str:
        """The ``iss`` of issued tokens: the public issuer URL when set, else APP_JWT_ISSUER."""
        return self.jwt_public_issuer_url or self.jwt_issuer

    def jwt_signing_key(self) -> str:
        """What signs tokens: the secret (HS*) or the private key PEM, else per-process ones."""
        if self.uses_asymmetric_jwt:
            if self.jwt_private_key is None:
                return _ephemeral_private_key(key_type(self.jwt_algorithm))
            return self.jwt_private_key.get_secret_value()
        if self.jwt_secret is None:
            return _EPHEMERAL_SECRET
        return self.jwt_secret.get_secret_value()

    def production_problems(self) -> list[str]:
        """Why these settings are unsafe in production; empty when they are fine."""
        problems: list[str] = []
        if self.uses_asymmetric_jwt:
            if self.jwt_private_key is None:
                problems.append(
                    f"APP_JWT_PRIVATE_KEY must be set in production for {self.jwt_algorithm}; "
                    f"generate one with: {key_generation_command(self.jwt_algorithm)}"
                )
        elif self.jwt_secret is None:
            problems.append(
                "APP_JWT_SECRET must be set in production (at least "
                f"{MIN_SECRET_LENGTH} characters); generate one with: {KEY_GENERATION_COMMAND}"
            )
        if self.password_hash_memory_kib < MIN_PRODUCTION_HASH_MEMORY_KIB:
            problems.append(
                "APP_PASSWORD_HASH_MEMORY_KIB must be at least "
                f"{MIN_PRODUCTION_HASH_MEMORY_KIB} in production"
            )
        return problems
