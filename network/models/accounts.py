"""Staff accounts and their roles."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum
from network.models.organisations import Organisation


class Role(StrEnum):
    """What a staff account may do; see web.auth.access for the rules."""

    STEERING_ADMIN = "steering_admin"
    COORDINATOR = "coordinator"
    POINT_WORKER = "point_worker"
    VOLUNTEER = "volunteer"


class User(UserMixin, db.Model):
    """A person who logs in: steering admin, coordinator, point worker or volunteer."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(2), default="fi")
    exercise_participant: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def __str__(self) -> str:
        return self.name
