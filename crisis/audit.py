"""The audit log: record who did what to scenarios, plans and activations, when and why."""

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crisis.models import AuditEntry
from network.database import db
from network.models import User


class Action(StrEnum):
    """What an audit entry records."""

    SCENARIO_CREATE = "scenario_create"
    SCENARIO_EDIT = "scenario_edit"
    SCENARIO_RETIRE = "scenario_retire"
    PLAN_ROW_CREATE = "plan_row_create"
    PLAN_ROW_EDIT = "plan_row_edit"
    PLAN_ROW_DELETE = "plan_row_delete"
    ACTIVATE = "activate"
    DEACTIVATE = "deactivate"
    RESEND = "resend"
    EXERCISE_PARTICIPANTS = "exercise_participants"


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a value (enums and dates as text)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(actor: User | None, action: Action | str, subject: Any, reason: str | None = None,
           details: Mapping[str, Any] | None = None, *, now: datetime) -> AuditEntry:
    """Add one entry about a record (its table and id are kept) or a named subject; no commit."""
    subject_type = (subject if isinstance(subject, str)
                    else getattr(subject, "__tablename__", type(subject).__name__.lower()))
    entry = AuditEntry(
        at=now, actor_id=actor.id if actor is not None else None, action=str(action),
        subject_type=subject_type[:40], subject_id=getattr(subject, "id", None), reason=reason,
        details=_plain(dict(details or {})),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries(*, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """The newest entries first, with their actors."""
    query = (select(AuditEntry).options(selectinload(AuditEntry.actor))
             .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset))
    return list(db.session.scalars(query))
