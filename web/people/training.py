"""Training courses: sessions, participants, attendance, completion and its certificate."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from network import training
from network.clock import local
from network.models import (
    CourseParticipant,
    Role,
    TrainingCourse,
    TrainingSession,
    Volunteer,
    VolunteerStatus,
)
from web.auth.access import require_role
from web.extensions import db
from web.people import bp
from web.people.common import MANAGERS, is_manager, run, today
from web.people.forms import CompleteForm, CourseForm, ParticipantForm, SessionForm
from web.staff.fields import record_choices
from web.staff.point_forms import BLANK


@bp.get("/training/")
@require_role(*MANAGERS)
def training_index():
    """Every course, newest first."""
    courses = list(db.session.scalars(select(TrainingCourse).order_by(
        TrainingCourse.created_at.desc(), TrainingCourse.id.desc())))
    return render_template("people/training/index.html", courses=courses,
                           session_title=training.session_title)


@bp.route("/training/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def training_create():
    """A new course; a support person course gets the default programme of four sessions."""
    form = CourseForm()
    if form.validate_on_submit():
        course = run(form, lambda: training.create_course(
            title=form.title.data, kind=form.kind.data, first_day=form.first_day.data,
            start_time=form.start_time.data, interval_days=form.interval_days.data,
            place=form.place.data, description=form.description.data))
        if course:
            flash(_("Saved: %(name)s", name=course.title), "success")
            return redirect(url_for("people.training_detail", course_id=course.id))
    status = 400 if form.is_submitted() else 200
    return render_template("people/training/form.html", form=form,
                           topics=[training.TOPICS[t] for t in training.DEFAULT_PROGRAMME]), status


def _participant_form() -> ParticipantForm:
    form = ParticipantForm(prefix="participant")
    form.volunteer_id.choices = [BLANK, *record_choices(db.session.scalars(
        select(Volunteer).where(Volunteer.status != VolunteerStatus.LEFT)
        .order_by(Volunteer.name)))]
    return form


def _detail(course: TrainingCourse, participant_form=None, complete_form=None, error=None,
            status=200):
    return render_template(
        "people/training/detail.html", course=course,
        participant_form=participant_form or _participant_form(),
        complete_form=complete_form or CompleteForm(formdata=None, completed_on=today()),
        present=training.attendance(course), session_title=training.session_title,
        local=local, error=error), status


@bp.get("/training/<int:course_id>")
@require_role(*MANAGERS)
def training_detail(course_id: int):
    """A course: sessions, participants and the attendance grid."""
    return _detail(db.get_or_404(TrainingCourse, course_id))


@bp.post("/training/<int:course_id>/participants")
@require_role(*MANAGERS)
def training_add_participant(course_id: int):
    """Put a volunteer on the course."""
    course = db.get_or_404(TrainingCourse, course_id)
    form = _participant_form()
    if form.validate_on_submit() and run(form, lambda: training.add_participant(
            course, db.session.get(Volunteer, form.volunteer_id.data)
            if form.volunteer_id.data else None)):
        flash(_("Participant added."), "success")
        return redirect(url_for("people.training_detail", course_id=course.id))
    return _detail(course, participant_form=form, status=400)


@bp.post("/training/<int:course_id>/attendance")
@require_role(*MANAGERS)
def training_attendance(course_id: int):
    """Save the attendance grid: a checkbox per session and participant."""
    course = db.get_or_404(TrainingCourse, course_id)
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    present: set[tuple[int, int]] = set()
    for value in request.form.getlist("present"):
        session_id, _sep, volunteer_id = value.partition("-")
        if not (session_id.isdigit() and volunteer_id.isdigit()):
            return _detail(course, error=_("The attendance could not be read."), status=400)
        present.add((int(session_id), int(volunteer_id)))
    if run(form, lambda: training.set_attendance(course, present)):
        flash(_("Attendance saved."), "success")
        return redirect(url_for("people.training_detail", course_id=course.id))
    return _detail(course, error=" ".join(str(e) for e in form.form_errors), status=400)


def _participant(course: TrainingCourse, participant_id: int) -> CourseParticipant:
    return db.first_or_404(select(CourseParticipant).where(
        CourseParticipant.id == participant_id, CourseParticipant.course_id == course.id))


@bp.post("/training/<int:course_id>/participants/<int:participant_id>/complete")
@require_role(*MANAGERS)
def training_complete(course_id: int, participant_id: int):
    """Record that a participant completed the course (every session attended)."""
    course = db.get_or_404(TrainingCourse, course_id)
    participant = _participant(course, participant_id)
    form = CompleteForm()
    if form.validate_on_submit() and run(form, lambda: training.complete(
            course, participant, on=form.completed_on.data)):
        flash(_("%(name)s has completed the course.", name=participant.volunteer.name),
              "success")
        return redirect(url_for("people.training_detail", course_id=course.id))
    problems = [str(e) for f in form for e in f.errors] + [str(e) for e in form.form_errors]
    return _detail(course, error=f"{participant.volunteer.name}: {' '.join(problems)}",
                   status=400)


@bp.route("/training/<int:course_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@require_role(*MANAGERS)
def training_session_edit(course_id: int, session_id: int):
    """Change a session's title, time and length."""
    course = db.get_or_404(TrainingCourse, course_id)
    session = db.first_or_404(select(TrainingSession).where(
        TrainingSession.id == session_id, TrainingSession.course_id == course.id))
    form = SessionForm()
    if not form.is_submitted():
        starts = local(session.starts_at) if session.starts_at else None
        form.title.data = session.title
        form.day.data = starts.date() if starts else None
        form.start_time.data = starts.time() if starts else None
        form.duration_minutes.data = session.duration_minutes
    if form.validate_on_submit() and run(form, lambda: training.update_session(
            session, title=form.title.data, day=form.day.data, start_time=form.start_time.data,
            duration_minutes=form.duration_minutes.data)):
        flash(_("Session saved."), "success")
        return redirect(url_for("people.training_detail", course_id=course.id))
    status = 400 if form.is_submitted() else 200
    return render_template("people/training/session.html", form=form, course=course,
                           session=session, title=training.session_title(session)), status


@bp.route("/training/<int:course_id>/sessions/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def training_session_add(course_id: int):
    """Add a session at the end of the course."""
    course = db.get_or_404(TrainingCourse, course_id)
    form = SessionForm()
    if form.validate_on_submit() and run(form, lambda: training.add_session(
            course, title=form.title.data, day=form.day.data, start_time=form.start_time.data,
            duration_minutes=form.duration_minutes.data)):
        flash(_("Session saved."), "success")
        return redirect(url_for("people.training_detail", course_id=course.id))
    status = 400 if form.is_submitted() else 200
    return render_template("people/training/session.html", form=form, course=course,
                           session=None, title=_("New session")), status


@bp.get("/training/<int:course_id>/participants/<int:participant_id>/certificate")
@require_role(*MANAGERS, Role.VOLUNTEER)
def training_certificate(course_id: int, participant_id: int):
    """The completion certificate, to print; a volunteer may print only their own."""
    course = db.get_or_404(TrainingCourse, course_id)
    participant = _participant(course, participant_id)
    if not is_manager() and participant.volunteer.user_id != current_user.id:
        abort(403)
    if participant.completed_on is None:
        abort(404)
    return render_template("people/certificates/course.html", course=course,
                           participant=participant, volunteer=participant.volunteer,
                           session_title=training.session_title,
                           hours=sum(s.duration_minutes for s in course.sessions) / 60)
