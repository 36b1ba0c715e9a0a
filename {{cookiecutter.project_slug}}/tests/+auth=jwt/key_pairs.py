"""Key pairs for tests of asymmetrically signed tokens, each made once per test run."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

CURVES: dict[str, ec.EllipticCurve] = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1()}

_made: dict[tuple[str, str, str], str] = {}


def _pkcs8(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def rsa_private_pem(name: str = "current", bits: int = 2048) -> str:
    """An RSA private key as PKCS#8 PEM; the same name and size give the same key in a run."""
    made = ("RSA", name, str(bits))
    if made not in _made:
        _made[made] = _pkcs8(rsa.generate_private_key(public_exponent=65537, key_size=bits))
    return _made[made]


def ec_private_pem(name: str = "current", curve: str = "P-256") -> str:
    """An EC private key as PKCS#8 PEM; the same name and curve give the same key in a run."""
    made = ("EC", name, curve)
    if made not in _made:
        _made[made] = _pkcs8(ec.generate_private_key(CURVES[curve]))
    return _made[made]


def private_pem_for(algorithm: str, name: str = "current") -> str:
    """A private key that fits ``algorithm``: EC P-256 for ES256, RSA 2048 otherwise."""
    return ec_private_pem(name) if algorithm.startswith("ES") else rsa_private_pem(name)


def public_pem(private_pem: str) -> str:
    """The public half of a private key, as the PEM ``openssl pkey -pubout`` writes."""
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
