"""Staff account operations."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from network.database import db
from network.errors import ValidationError
from network.models import Role, User
from network.passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password

# Verifying against a fixed hash keeps unknown emails as slow as wrong passwords.
_DUMMY_HASH: list[str] = []


def find_by_email(email: str) -> User | None:
    """The account with an email, compared without case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str, *, now: datetime) -> User | None:
    """The active account matching the credentials, with its last login updated."""
    user = find_by_email(email)
    if user is None or not user.active:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password("not-a-real-password"))
        verify_password(_DUMMY_HASH[0], password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    db.session.flush()
    return user


def create_user(
    *, email: str, name: str, password: str, role: Role, organisation_id: int | None = None
) -> User:
    """A new staff account; refuses a short password or an email already in use."""
    email = email.strip().lower()
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            _l("The password must have at least %(n)d characters.", n=MIN_LENGTH), "password"
        )
    if find_by_email(email) is not None:
        raise ValidationError(_l("An account with this email exists already."), "email")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), role=role,
                organisation_id=organisation_id)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Change a user's password."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            _l("The password must have at least %(n)d characters.", n=MIN_LENGTH), "password"
        )
    user.password_hash = hash_password(password)
    db.session.flush()
