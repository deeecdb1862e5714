"""Participation: anonymous feedback, surveys, discussion events, client panels, experience
experts, and the steering group's texts for the local model document.

Anonymous records carry no identifier: no account, no address, no time of day (only the
date), and an anonymous survey response has no link to the visit or the invitation.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum
from network.models.areas import Area
from network.models.organisations import Organisation
from network.models.points import ServicePoint


class Feedback(db.Model):
    """Anonymous feedback on one point or on the network in general (no point)."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("score IS NULL OR (score >= 1 AND score <= 5)", name="score"),
        CheckConstraint("score IS NOT NULL OR comment IS NOT NULL", name="content"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_point.id", ondelete="SET NULL"), index=True)
    score: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    received_on: Mapped[date] = mapped_column(Date, index=True)

    point: Mapped[ServicePoint | None] = relationship()


class SurveyKind(StrEnum):
    """After a support visit, or information gathering before the local model is built."""

    SATISFACTION = "satisfaction"
    PROFESSIONAL = "professional"


class SurveyAudience(StrEnum):
    """Who answers a survey."""

    CLIENT = "client"
    VOLUNTEER = "volunteer"
    PROFESSIONAL = "professional"


class QuestionKind(StrEnum):
    """How a question is answered."""

    SCALE = "scale"  # 1 (poor) to 5 (good)
    YES_NO = "yes_no"
    TEXT = "text"


class Survey(db.Model):
    """A questionnaire with a link of its own (`slug`) that may be opened and closed."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SurveyKind] = mapped_column(str_enum(SurveyKind))
    audience: Mapped[SurveyAudience] = mapped_column(str_enum(SurveyAudience))
    title_fi: Mapped[str] = mapped_column(String(200))
    title_sv: Mapped[str | None] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    intro_fi: Mapped[str | None] = mapped_column(Text)
    intro_sv: Mapped[str | None] = mapped_column(Text)
    intro_en: Mapped[str | None] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    accepting: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="SurveyQuestion.position")

    def title(self, locale: str) -> str:
        """The title in a language (Finnish when it has no translation)."""
        return getattr(self, f"title_{locale}", None) or self.title_fi

    def intro(self, locale: str) -> str | None:
        """The introduction in a language (Finnish when it has no translation)."""
        return getattr(self, f"intro_{locale}", None) or self.intro_fi

    def __str__(self) -> str:
        return self.title_fi


class SurveyQuestion(db.Model):
    """A question: a preset (translated by the app) or the organiser's own text."""

    __tablename__ = "survey_question"
    __table_args__ = (
        UniqueConstraint("survey_id", "position"),
        CheckConstraint("preset IS NOT NULL OR text_fi IS NOT NULL", name="text"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind))
    preset: Mapped[str | None] = mapped_column(String(40))
    text_fi: Mapped[str | None] = mapped_column(String(500))
    text_sv: Mapped[str | None] = mapped_column(String(500))
    text_en: Mapped[str | None] = mapped_column(String(500))
    required: Mapped[bool] = mapped_column(default=False)

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyResponse(db.Model):
    """One filled questionnaire; an anonymous one keeps only the date and the language."""

    __tablename__ = "survey_response"
    __table_args__ = (
        CheckConstraint("NOT anonymous OR (respondent_name IS NULL AND respondent_contact IS NULL"
                        " AND support_request_id IS NULL)", name="anonymous"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"),
                                           index=True)
    anonymous: Mapped[bool] = mapped_column(default=True)
    respondent_name: Mapped[str | None] = mapped_column(String(200))
    respondent_contact: Mapped[str | None] = mapped_column(String(254))
    support_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("support_request.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(2))
    submitted_on: Mapped[date] = mapped_column(Date)

    answers: Mapped[list["SurveyAnswer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """The answer to one question: a scale value, yes or no, or text."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        CheckConstraint("scale IS NULL OR (scale >= 1 AND scale <= 5)", name="scale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    scale: Mapped[int | None]
    yes: Mapped[bool | None]
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class SurveyInvitation(db.Model):
    """A one-time link to a survey about one visit; only the token's hash is kept.

    Whether it was used is a flag without a time, so it cannot be matched to a response.
    """

    __tablename__ = "survey_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    support_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("support_request.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used: Mapped[bool] = mapped_column(default=False)

    survey: Mapped[Survey] = relationship()


class DiscussionEvent(db.Model):
    """A discussion event held for residents to gather what they need and think."""

    __tablename__ = "discussion_event"
    __table_args__ = (CheckConstraint("attendees >= 0", name="attendees"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    target_group: Mapped[str | None] = mapped_column(String(200))
    attendees: Mapped[int] = mapped_column(default=0)
    findings: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation | None] = relationship()
    area: Mapped[Area | None] = relationship()

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} {self.place}"


class PanelRole(StrEnum):
    """A member's role in a client panel."""

    CHAIR = "chair"
    SECRETARY = "secretary"
    MEMBER = "member"


class ClientPanel(db.Model):
    """A client panel (asiakasraati) run by one responsible organisation."""

    __tablename__ = "client_panel"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation | None] = relationship()
    members: Mapped[list["PanelMember"]] = relationship(
        back_populates="panel", cascade="all, delete-orphan", order_by="PanelMember.name")
    meetings: Mapped[list["PanelMeeting"]] = relationship(
        back_populates="panel", cascade="all, delete-orphan",
        order_by="PanelMeeting.held_on.desc()")

    def __str__(self) -> str:
        return self.name


class PanelMember(db.Model):
    """A panel member and the service they bring their experience from."""

    __tablename__ = "panel_member"
    __table_args__ = (
        # At most one current chair and one current secretary per panel.
        Index("uq_panel_member_one_office", "panel_id", "role", unique=True,
              sqlite_where=text("role != 'member' AND left_on IS NULL"),
              postgresql_where=text("role != 'member' AND left_on IS NULL")),
        CheckConstraint("left_on IS NULL OR joined_on <= left_on", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("client_panel.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(String(200))
    role: Mapped[PanelRole] = mapped_column(str_enum(PanelRole), default=PanelRole.MEMBER)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    panel: Mapped[ClientPanel] = relationship(back_populates="members")

    def __str__(self) -> str:
        return self.name


class TopicSource(StrEnum):
    """Where an agenda topic came from."""

    MEMBER = "member"
    ORGANISATION = "organisation"


class PanelMeeting(db.Model):
    """A meeting of a panel with its agenda and minutes."""

    __tablename__ = "panel_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("client_panel.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    minutes: Mapped[str | None] = mapped_column(Text)
    minutes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    panel: Mapped[ClientPanel] = relationship(back_populates="meetings")
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position")


class AgendaItem(db.Model):
    """A topic on a meeting's agenda, with who brought it."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("panel_meeting.id", ondelete="CASCADE"))
    position: Mapped[int]
    topic: Mapped[str] = mapped_column(String(300))
    source: Mapped[TopicSource] = mapped_column(str_enum(TopicSource))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_member.id", ondelete="SET NULL"))
    proposed_by: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[PanelMeeting] = relationship(back_populates="agenda")
    member: Mapped[PanelMember | None] = relationship()


class Compensation(StrEnum):
    """How an experience expert works: employed, for a fee, or as a volunteer."""

    EMPLOYED = "employed"
    FEE = "fee"
    VOLUNTEER = "volunteer"


class ExperienceExpert(db.Model):
    """An experience expert (kokemusasiantuntija) and how they work with the network."""

    __tablename__ = "experience_expert"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    expertise: Mapped[str] = mapped_column(String(300))
    compensation: Mapped[Compensation] = mapped_column(str_enum(Compensation))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation | None] = relationship()
    tasks: Mapped[list["ExpertTask"]] = relationship(
        back_populates="expert", cascade="all, delete-orphan",
        order_by="(ExpertTask.starts_on, ExpertTask.id)")

    def __str__(self) -> str:
        return self.name


class ExpertTask(db.Model):
    """A task an experience expert takes: a working group, a lecture, client work..."""

    __tablename__ = "expert_task"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR starts_on <= ends_on", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experience_expert.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(String(500))

    expert: Mapped[ExperienceExpert] = relationship(back_populates="tasks")


class ModelText(db.Model):
    """A text of the local model document that the steering group writes, per language."""

    __tablename__ = "model_text"
    __table_args__ = (UniqueConstraint("key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
