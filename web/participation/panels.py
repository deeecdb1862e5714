"""Client panel pages: members by service with the model's warnings, the chair and the
secretary, meetings with agendas (topic sources recorded) and minutes."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from network import panels
from network.clock import utcnow
from network.models import AgendaItem, ClientPanel, PanelMeeting, PanelMember
from network.records import retire
from web.auth.access import require_role
from web.extensions import db
from web.participation import bp
from web.participation.forms import (
    LeaveForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PanelForm,
    TopicForm,
    none_choice,
)
from web.participation.views_common import MANAGERS, check_post, organisation_choices, saved
from web.people.common import run


def _panel(panel_id: int) -> ClientPanel:
    return db.get_or_404(ClientPanel, panel_id)


def _member(panel: ClientPanel, panel_member_id: int) -> PanelMember:
    member = db.get_or_404(PanelMember, panel_member_id)
    if member.panel_id != panel.id:
        abort(404)
    return member


def _meeting(panel: ClientPanel, meeting_id: int) -> PanelMeeting:
    meeting = db.get_or_404(PanelMeeting, meeting_id)
    if meeting.panel_id != panel.id:
        abort(404)
    return meeting


@bp.get("/panels/")
@require_role(*MANAGERS)
def panels_index():
    """Every active panel with its check against the model."""
    rows = list(db.session.scalars(select(ClientPanel).where(ClientPanel.retired_at.is_(None))
                                   .order_by(ClientPanel.name)))
    return render_template("participation/panels/index.html", panels=rows,
                           checks={p.id: panels.check(p) for p in rows})


def _edit_panel(panel: ClientPanel | None):
    form = PanelForm(obj=panel)
    organisation_choices(form.organisation_id)
    if form.validate_on_submit():
        made = run(form, lambda: panels.save_panel(panel, form.data))
        if made:
            saved(made)
            return redirect(url_for("participation.panels_detail", panel_id=made.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/panels/form.html", form=form, panel=panel), status


@bp.route("/panels/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def panels_create():
    """A new panel."""
    return _edit_panel(None)


@bp.route("/panels/<int:panel_id>/edit", methods=["GET", "POST"])
@require_role(*MANAGERS)
def panels_edit(panel_id: int):
    """Change a panel's name, organisation and description."""
    return _edit_panel(_panel(panel_id))


@bp.get("/panels/<int:panel_id>")
@require_role(*MANAGERS)
def panels_detail(panel_id: int):
    """Members, service coverage, warnings and meetings."""
    panel = _panel(panel_id)
    return render_template("participation/panels/detail.html", panel=panel,
                           check=panels.check(panel), members=panels.current_members(panel),
                           former=[m for m in panel.members if m.left_on is not None],
                           min_members=panels.MIN_MEMBERS)


@bp.post("/panels/<int:panel_id>/retire")
@require_role(*MANAGERS)
def panels_retire(panel_id: int):
    """Take a panel out of use."""
    panel = _panel(panel_id)
    check_post()
    retire(panel, now=utcnow())
    db.session.commit()
    flash(_("Retired: %(name)s", name=panel.name), "success")
    return redirect(url_for("participation.panels_index"))


def _edit_member(panel: ClientPanel, member: PanelMember | None):
    form = MemberForm(obj=member)
    if form.validate_on_submit():
        done = run(form, lambda: panels.save_member(panel, member, form.data))
        if done:
            made, former = done
            saved(made)
            if former is not None:
                flash(_("%(role)s handed over from %(former)s to %(name)s.",
                        role=_("Chair") if made.role == "chair" else _("Secretary"),
                        former=former.name, name=made.name), "success")
            return redirect(url_for("participation.panels_detail", panel_id=panel.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/panels/member_form.html", form=form, panel=panel,
                           member=member), status


@bp.route("/panels/<int:panel_id>/members/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def panels_member_create(panel_id: int):
    """Add a member."""
    return _edit_member(_panel(panel_id), None)


@bp.route("/panels/<int:panel_id>/members/<int:panel_member_id>/edit", methods=["GET", "POST"])
@require_role(*MANAGERS)
def panels_member_edit(panel_id: int, panel_member_id: int):
    """Change a member's details or role."""
    panel = _panel(panel_id)
    return _edit_member(panel, _member(panel, panel_member_id))


@bp.route("/panels/<int:panel_id>/members/<int:panel_member_id>/leave", methods=["GET", "POST"])
@require_role(*MANAGERS)
def panels_member_leave(panel_id: int, panel_member_id: int):
    """Record a member's last day."""
    panel = _panel(panel_id)
    member = _member(panel, panel_member_id)
    form = LeaveForm()
    if form.validate_on_submit() and run(form, lambda: panels.member_leaves(
            member, left_on=form.left_on.data)):
        flash(_("%(name)s has left the panel.", name=member.name), "success")
        return redirect(url_for("participation.panels_detail", panel_id=panel.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/panels/leave.html", form=form, panel=panel,
                           member=member), status


@bp.route("/panels/<int:panel_id>/meetings/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def panels_meeting_create(panel_id: int):
    """Plan a meeting."""
    panel = _panel(panel_id)
    form = MeetingForm()
    if form.validate_on_submit():
        meeting = run(form, lambda: panels.save_meeting(panel, None, form.data))
        if meeting:
            flash(_("The meeting was added."), "success")
            return redirect(url_for("participation.panels_meeting", panel_id=panel.id,
                                    meeting_id=meeting.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/panels/meeting_form.html", form=form,
                           panel=panel), status


def _topic_form(panel: ClientPanel) -> TopicForm:
    form = TopicForm()
    form.member_id.choices = none_choice(
        [(m.id, f"{m.name} ({m.service})") for m in panels.current_members(panel)])
    return form


def _meeting_page(panel, meeting, topic=None, minutes=None, status=200):
    topic = topic or _topic_form(panel)
    minutes = minutes or MinutesForm(formdata=None, obj=meeting)
    return render_template("participation/panels/meeting.html", panel=panel, meeting=meeting,
                           topic_form=topic, minutes_form=minutes), status


@bp.get("/panels/<int:panel_id>/meetings/<int:meeting_id>")
@require_role(*MANAGERS)
def panels_meeting(panel_id: int, meeting_id: int):
    """A meeting: its agenda with where each topic came from, and its minutes."""
    panel = _panel(panel_id)
    return _meeting_page(panel, _meeting(panel, meeting_id))


@bp.post("/panels/<int:panel_id>/meetings/<int:meeting_id>/topics")
@require_role(*MANAGERS)
def panels_topic_add(panel_id: int, meeting_id: int):
    """Put a topic on the agenda."""
    panel = _panel(panel_id)
    meeting = _meeting(panel, meeting_id)
    form = _topic_form(panel)
    if form.validate_on_submit() and run(form, lambda: panels.add_topic(meeting, form.data)):
        flash(_("The topic was added to the agenda."), "success")
        return redirect(url_for("participation.panels_meeting", panel_id=panel.id,
                                meeting_id=meeting.id))
    return _meeting_page(panel, meeting, topic=form, status=400)


@bp.post("/panels/<int:panel_id>/meetings/<int:meeting_id>/topics/<int:item_id>/remove")
@require_role(*MANAGERS)
def panels_topic_remove(panel_id: int, meeting_id: int, item_id: int):
    """Take a topic off the agenda."""
    panel = _panel(panel_id)
    meeting = _meeting(panel, meeting_id)
    item = db.get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting.id:
        abort(404)
    check_post()
    panels.remove_topic(item)
    db.session.commit()
    flash(_("The topic was removed from the agenda."), "success")
    return redirect(url_for("participation.panels_meeting", panel_id=panel.id,
                            meeting_id=meeting.id))


@bp.post("/panels/<int:panel_id>/meetings/<int:meeting_id>/minutes")
@require_role(*MANAGERS)
def panels_minutes(panel_id: int, meeting_id: int):
    """Write the minutes."""
    panel = _panel(panel_id)
    meeting = _meeting(panel, meeting_id)
    form = MinutesForm()
    if form.validate_on_submit() and run(form, lambda: panels.record_minutes(
            meeting, form.minutes.data, now=utcnow())):
        flash(_("The minutes were saved."), "success")
        return redirect(url_for("participation.panels_meeting", panel_id=panel.id,
                                meeting_id=meeting.id))
    return _meeting_page(panel, meeting, minutes=form, status=400)
