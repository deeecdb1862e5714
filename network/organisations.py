"""Organisation operations."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from network.database import db
from network.errors import ValidationError
from network.models import Organisation


def coordinating_organisation() -> Organisation | None:
    """The organisation that holds coordination responsibility now."""
    return db.session.scalar(select(Organisation).where(Organisation.holds_coordination))


def set_coordination(organisation: Organisation, holds: bool) -> None:
    """Give coordination responsibility to an organisation, taking it from any other.

    It can only be handed over, never dropped: exactly one organisation holds it.
    """
    current = coordinating_organisation()
    if holds:
        if organisation.retired_at is not None:
            raise ValidationError(_l("A retired organisation cannot hold coordination."),
                                  "holds_coordination")
        if current is not None and current is not organisation:
            db.session.execute(
                update(Organisation).where(Organisation.id == current.id)
                .values(holds_coordination=False)
            )
            db.session.expire(current, ["holds_coordination"])
            db.session.flush()
        organisation.holds_coordination = True
    elif current is organisation:
        raise ValidationError(
            _l("Give coordination responsibility to another organisation instead."),
            "holds_coordination",
        )
    else:
        organisation.holds_coordination = False
