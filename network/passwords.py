"""Password hashing with Argon2id."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 10


def configure(**params: int) -> None:
    """Set the Argon2 cost parameters (tests use cheap ones)."""
    global _hasher  # noqa: PLW0603 - one process-wide hasher
    _hasher = PasswordHasher(**params) if params else PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether a password matches its hash; never raises for a wrong password."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a hash was made with other parameters than the current ones."""
    return _hasher.check_needs_rehash(password_hash)
