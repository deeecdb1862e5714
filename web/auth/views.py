"""Log in and out."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from network import accounts
from network.clock import utcnow
from web.auth.access import ANY_STAFF, public, require_role
from web.auth.forms import LoginForm
from web.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(
        target
    ).netloc:
        return target
    return url_for("staff.overview")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """The staff login page."""
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data, now=utcnow())
        if user is not None:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong email or password."))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@require_role(*ANY_STAFF)
def logout():
    """End the session."""
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))
