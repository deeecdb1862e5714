"""Forms of the exceptional-mode pages."""

import hashlib
import json

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from crisis import cap
from crisis.models import Audience, Channel, OtherPoints, ScenarioKind, Timing
from crisis.operations import REASON_LIMIT
from crisis.scenarios import (
    BODY_LIMIT,
    INFORMER_LIMIT,
    INSTRUCTIONS_LIMIT,
    LANGUAGES,
    MAX_DELAY_HOURS,
    SCENARIO_LIMITS,
    SUBJECT_LIMIT,
    template_problem,
)
from network.models import ServicePoint, TargetGroup
from web.crisis.labels import LABELS, LANGUAGE_NAMES, crisis_choices
from web.staff.fields import MultiCheckboxField, choices, strip_or_none
from web.staff.point_forms import BLANK, optional_int

TEXT = [strip_or_none]


class ScenarioForm(FlaskForm):
    """A scenario; `instructions_<point id>` fields are added per point by `scenario_form`."""

    name = StringField(_l("Name"), filters=TEXT,
                       validators=[DataRequired(), Length(max=SCENARIO_LIMITS["name"])])
    kind = SelectField(_l("Kind of crisis"), choices=crisis_choices(ScenarioKind),
                       validators=[DataRequired()])
    description = TextAreaField(_l("Description"), filters=TEXT, validators=[
        Optional(), Length(max=SCENARIO_LIMITS["description"])])
    cap_category = SelectField(_l("CAP category"), default="Safety",
                               choices=[SelectChoice(c, c) for c in cap.CATEGORIES],
                               description=_l("The category of the scenario's CAP alerts."))
    other_points = SelectField(
        _l("Points not in this scenario"), choices=crisis_choices(OtherPoints),
        default=OtherPoints.KEEP.value, validators=[DataRequired()],
        description=_l("What happens to the other points while the scenario is active. "
                       "They leave the exceptional-mode network in any case."))
    point_ids = MultiCheckboxField(_l("Points that open in this scenario"), coerce=int)

    def instruction_field(self, point_id: int):
        """The instructions field of a point."""
        return self[f"instructions_{point_id}"]

    def values(self) -> dict:
        """The scenario's own fields for crisis.scenarios."""
        return {name: self[name].data for name in (
            "name", "kind", "description", "cap_category", "other_points")}

    def points(self) -> dict[int, str | None]:
        """The chosen points with their instructions."""
        return {pid: self.instruction_field(pid).data for pid in self.point_ids.data or ()}


def scenario_form(points: list[ServicePoint], **kwargs) -> ScenarioForm:
    """A scenario form with a point checkbox and an instructions field per point."""

    class Form(ScenarioForm):
        pass

    for point in points:
        setattr(Form, f"instructions_{point.id}", TextAreaField(
            _l("Instructions for the point's pair"), filters=TEXT,
            validators=[Optional(), Length(max=INSTRUCTIONS_LIMIT)]))
    form = Form(**kwargs)
    form.point_ids.choices = [SelectChoice(p.id, p.name) for p in points]
    return form


def _template_ok(form, field) -> None:
    """Refuse a template with an unknown placeholder or broken braces, next to the field."""
    problem = template_problem(field.data, audience=form.audience.data) if field.data else None
    if problem is not None:
        raise FieldError(problem)


class PlanRowForm(FlaskForm):
    """A row of the communications plan; previewed in fi, sv and en before it is saved."""

    informer_organisation_id = SelectField(_l("Informing organisation"), coerce=optional_int)
    informer_name = StringField(_l("Informing person"), filters=TEXT,
                                validators=[Optional(), Length(max=INFORMER_LIMIT)])
    audience = SelectField(_l("Audience"), choices=crisis_choices(Audience),
                           validators=[DataRequired()])
    channel = SelectField(_l("Channel"), choices=crisis_choices(Channel),
                          validators=[DataRequired()], description=_l(
                              "Web notices and CAP alerts are for the public; people get "
                              "email or SMS."))
    timing = SelectField(_l("When"), choices=crisis_choices(Timing),
                         default=Timing.AT_ACTIVATION.value, validators=[DataRequired()])
    delay_hours = IntegerField(
        _l("Hours after activation"), validators=[
            Optional(), NumberRange(min=0, max=MAX_DELAY_HOURS)],
        description=_l("Only for “Hours after activation”: from 1 to %(n)d.",
                       n=MAX_DELAY_HOURS))
    area_id = SelectField(_l("Residents' area"), coerce=optional_int,
                          description=_l("Filters apply to subscribed residents only."))
    language = SelectField(_l("Residents' language"), default="", choices=[
        BLANK, *(SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES)])
    target_group = SelectField(_l("Residents' target group"), default="",
                               choices=[BLANK, *choices(TargetGroup)])
    preview_digest = HiddenField()
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save"))

    def values(self) -> dict:
        """The row's fields for crisis.scenarios (blank choices as None)."""
        names = ("informer_organisation_id", "informer_name", "audience", "channel", "timing",
                 "delay_hours", "area_id", "language", "target_group",
                 *(f"{part}_{lang}" for part in ("subject", "body") for lang in LANGUAGES))
        return {name: self[name].data or None if name in ("language", "target_group")
                else self[name].data for name in names}

    def digest(self) -> str:
        """A fingerprint of the values, to know the saved text is the previewed one."""
        data = json.dumps(self.values(), sort_keys=True, default=str).encode()
        return hashlib.sha256(data).hexdigest()


for _lang in LANGUAGES:
    setattr(PlanRowForm, f"subject_{_lang}", StringField(
        _l("Subject (%(language)s)", language=LANGUAGE_NAMES[_lang]), filters=TEXT,
        validators=[Optional(), Length(max=SUBJECT_LIMIT), _template_ok]))
    setattr(PlanRowForm, f"body_{_lang}", TextAreaField(
        _l("Message (%(language)s)", language=LANGUAGE_NAMES[_lang]), filters=TEXT,
        validators=[DataRequired(), Length(max=BODY_LIMIT), _template_ok]))


class ActivateForm(FlaskForm):
    """The reason for activating, and whether it is an exercise."""

    reason = TextAreaField(_l("Reason"), filters=TEXT, validators=[
        DataRequired(), Length(max=REASON_LIMIT)],
        description=_l("Recorded in the audit log and available to messages as {reason}."))
    mode = RadioField(_l("Exercise or actual"), validators=[InputRequired()], choices=[
        SelectChoice("exercise", _l("Exercise: only exercise participants, every message "
                                    "marked as an exercise, no change to points")),
        SelectChoice("actual", _l("Actual: the network switches and everyone is informed"))])


class DeactivateForm(FlaskForm):
    """The reason for returning to normal mode."""

    reason = TextAreaField(_l("Reason"), filters=TEXT, validators=[
        DataRequired(), Length(max=REASON_LIMIT)])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (retire, delete, resend)."""



class ExerciseParticipantsForm(FlaskForm):
    """Who takes part in exercises; a checkbox field per audience is added by the builder."""

    reason = TextAreaField(_l("Reason (optional)"), filters=TEXT, validators=[
        Optional(), Length(max=REASON_LIMIT)], description=_l("Recorded in the audit log."))

    def chosen(self) -> dict[str, set[int]]:
        """The ticked ids per audience."""
        return {name: set(self[name].data or ()) for name in self.audiences}


def exercise_participants_form(everyone: dict[Audience, list], **kwargs
                               ) -> ExerciseParticipantsForm:
    """A form with a checkbox per candidate, grouped by audience (crisis.exercise_participants)."""

    class Form(ExerciseParticipantsForm):
        audiences = [audience.value for audience in everyone]

    for audience in everyone:
        setattr(Form, audience.value, MultiCheckboxField(LABELS[audience], coerce=int))
    form = Form(**kwargs)
    for audience, people in everyone.items():
        form[audience.value].choices = [SelectChoice(c.id, c.name) for c in people]
    return form
