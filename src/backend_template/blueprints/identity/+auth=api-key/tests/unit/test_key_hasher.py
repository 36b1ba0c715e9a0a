"""The stored digest: HMAC-SHA-256 under the pepper, compared in constant time."""

import hashlib
import hmac

from {{ unit.infrastructure }}.key_hasher import HmacKeyHasher

KEY = "acme_abcd1234_" + "s" * 43


def test_with_a_pepper_the_digest_is_an_hmac_of_the_whole_key() -> None:
    hasher = HmacKeyHasher(b"p" * 32)

    digest = hasher.digest(KEY)

    assert digest == hmac.new(b"p" * 32, KEY.encode(), hashlib.sha256).hexdigest()
    assert hasher.is_peppered
    assert hasher.matches(KEY, digest)
    assert not hasher.matches(KEY + "x", digest)


def test_another_pepper_invalidates_every_digest() -> None:
    digest = HmacKeyHasher(b"p" * 32).digest(KEY)

    assert not HmacKeyHasher(b"q" * 32).matches(KEY, digest)
    assert not HmacKeyHasher(None).matches(KEY, digest)


def test_without_a_pepper_the_digest_is_plain_sha256() -> None:
    hasher = HmacKeyHasher(None)

    assert hasher.digest(KEY) == hashlib.sha256(KEY.encode()).hexdigest()
    assert not hasher.is_peppered
