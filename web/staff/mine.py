"""A user's own pages: a point worker's points, and everyone's own profile and password."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from network import accounts, passwords
from network import pairs as network_pairs
from network.clock import today
from network.models import Role
from web.auth.access import ANY_STAFF, require_role
from web.extensions import db, limiter
from web.staff import bp
from web.staff.point_forms import StatusForm


class PasswordForm(FlaskForm):
    """Change one's own password: the current one, then the new one twice."""

    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least %(n)d characters.", n=passwords.MIN_LENGTH),
        validators=[DataRequired(), Length(min=passwords.MIN_LENGTH, max=200)])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))])


@bp.get("/mine/points")
@require_role(Role.POINT_WORKER)
def my_points():
    """The points whose current pair the point worker belongs to, with a quick status change."""
    day = today()
    points = network_pairs.points_of_worker(current_user, day)
    forms = {p.id: StatusForm(formdata=None, status=p.status.value, back="mine")
             for p in points}
    return render_template("staff/mine/points.html", points=points, forms=forms, today=day)


@bp.route("/mine/profile", methods=["GET", "POST"])
@require_role(*ANY_STAFF)
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def my_profile():
    """The logged-in user's own account, and changing its password."""
    form = PasswordForm()
    if form.validate_on_submit():
        if not passwords.verify_password(current_user.password_hash,
                                         form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            accounts.set_password(current_user, form.new_password.data)
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("staff.my_profile"))
    points = (network_pairs.points_of_worker(current_user, today())
              if current_user.role == Role.POINT_WORKER else [])
    status = 400 if form.is_submitted() else 200
    return render_template("staff/mine/profile.html", form=form, points=points), status
