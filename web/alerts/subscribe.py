"""Subscribe, confirm, unsubscribe and my-data pages. None of them tells whether an address
is subscribed: the answer to a request is the same for a known and an unknown address."""

import json

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from crisis import subscriptions
from crisis.models import Channel
from network.clock import utcnow
from network.errors import ValidationError
from network.models import Area
from web.alerts import bp
from web.alerts.forms import (
    CONSENT,
    CodeForm,
    ConfirmForm,
    DeleteForm,
    MyDataForm,
    ResubscribeForm,
    SubscribeForm,
)
from web.alerts.messages import (
    secret_key,
    send_confirmation,
    send_my_data_link,
    token_of_my_data,
)
from web.auth.access import public
from web.extensions import csrf, db, limiter
from web.staff.fields import record_choices
from web.staff.point_forms import BLANK


def _limit():
    return current_app.config["ALERTS_RATE_LIMIT"]


def _channel_and_address(form) -> tuple[Channel, str]:
    return (Channel.EMAIL, form.email.data) if form.email.data else (Channel.SMS, form.phone.data)


def _attach(form, error: ValidationError) -> None:
    field = getattr(form, error.field or "email", form.email)
    field.errors = [*field.errors, error.message]


@bp.route("/alerts/subscribe", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def subscribe():
    """Subscribe to crisis alerts by email or text message, with consent."""
    form = SubscribeForm()
    areas = db.session.scalars(select(Area).where(Area.retired_at.is_(None))
                               .order_by(Area.name)).all()
    form.area_id.choices = [BLANK] + record_choices(areas)
    if request.method == "GET":
        form.language.data = form.language.data or str(get_locale())
    if form.validate_on_submit():
        channel, address = _channel_and_address(form)
        choices = subscriptions.Choices(
            language=form.language.data, area_id=form.area_id.data,
            target_group=form.target_group.data or None, consent_text=str(CONSENT))
        try:
            sub, secret = subscriptions.subscribe(channel, address, choices, key=secret_key(),
                                                  now=utcnow())
        except ValidationError as error:
            db.session.rollback()
            _attach(form, error)
        else:
            db.session.commit()
            if secret is not None and not send_confirmation(sub, secret):
                flash(_("The message could not be sent just now. Please try again in a "
                        "while."), "error")
            if channel == Channel.SMS:
                flash(_("We sent a code to the number you gave, if it can receive text "
                        "messages. Enter it here."), "info")
                return redirect(url_for("alerts.confirm_code"))
            return render_template("alerts/check_email.html")
    status = 400 if form.is_submitted() else 200
    return render_template("alerts/subscribe.html", form=form), status


@bp.route("/alerts/confirm/<token>/<code>", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def confirm(token: str, code: str):
    """The email's confirmation link: a page with a button (mail scanners only GET)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        sub = subscriptions.confirm_link(token, code, key=secret_key(), now=utcnow())
        db.session.commit()
        if sub is None:
            return render_template("alerts/link_invalid.html"), 404
        return render_template("alerts/confirmed.html", sub=sub)
    return render_template("alerts/confirm.html", form=form)


@bp.route("/alerts/confirm-code", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def confirm_code():
    """Enter the code that came in a text message."""
    form = CodeForm()
    if form.validate_on_submit():
        sub = subscriptions.confirm_code(form.phone.data, form.code.data, key=secret_key(),
                                         now=utcnow())
        db.session.commit()
        if sub is not None:
            return render_template("alerts/confirmed.html", sub=sub)
        form.code.errors = [*form.code.errors, _(
            "The code is not valid. Check it, or subscribe again to get a new code.")]
    status = 400 if form.is_submitted() else 200
    return render_template("alerts/confirm_code.html", form=form), status


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@public
@csrf.exempt  # RFC 8058 one-click unsubscribe: the mail client POSTs without a form
def unsubscribe(token: str):
    """One step: opening the link in an alert stops the alerts at once."""
    sub = subscriptions.by_token(token)
    if sub is None:
        return render_template("alerts/link_invalid.html"), 404
    subscriptions.unsubscribe(sub, now=utcnow())
    db.session.commit()
    return render_template("alerts/unsubscribed.html", token=token, form=ResubscribeForm())


@bp.post("/unsubscribe/<token>/undo")
@public
def resubscribe(token: str):
    """Undo an unsubscribe from the same link."""
    form = ResubscribeForm()
    sub = subscriptions.by_token(token)
    if sub is None:
        return render_template("alerts/link_invalid.html"), 404
    if not form.validate_on_submit():
        return render_template("alerts/unsubscribed.html", token=token, form=form), 400
    subscriptions.resubscribe(sub, now=utcnow())
    db.session.commit()
    return render_template("alerts/confirmed.html", sub=sub)


@bp.route("/alerts/my-data", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def my_data_request():
    """Ask for a link to see, download or delete one's data (sent to the address itself)."""
    form = MyDataForm()
    if form.validate_on_submit():
        channel, raw = _channel_and_address(form)
        try:
            address = subscriptions.normalise_address(channel, raw)
        except ValidationError as error:
            _attach(form, error)
        else:
            sub = subscriptions.find(channel, address)
            if sub is not None:
                send_my_data_link(sub)
            return render_template("alerts/my_data_sent.html")
    status = 400 if form.is_submitted() else 200
    return render_template("alerts/my_data_request.html", form=form), status


def _subscription_of(signed: str):
    token = token_of_my_data(signed)
    return subscriptions.by_token(token) if token else None


@bp.get("/alerts/my-data/<signed>")
@public
def my_data(signed: str):
    """A subscriber's data, with download and delete."""
    sub = _subscription_of(signed)
    if sub is None:
        return render_template("alerts/link_invalid.html"), 404
    return render_template("alerts/my_data.html", data=subscriptions.export(sub),
                           signed=signed, form=DeleteForm())


@bp.get("/alerts/my-data/<signed>/export.json")
@public
def my_data_export(signed: str):
    """The subscriber's data as a JSON download."""
    sub = _subscription_of(signed)
    if sub is None:
        return render_template("alerts/link_invalid.html"), 404
    body = json.dumps(subscriptions.export(sub), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="apuverkko-my-data.json"',
        "Cache-Control": "no-store"})


@bp.post("/alerts/my-data/<signed>/delete")
@public
def my_data_delete(signed: str):
    """Delete the subscription and what is kept about it."""
    form = DeleteForm()
    sub = _subscription_of(signed)
    if sub is None:
        return render_template("alerts/link_invalid.html"), 404
    if not form.validate_on_submit():
        return render_template("alerts/my_data.html", data=subscriptions.export(sub),
                               signed=signed, form=form), 400
    subscriptions.delete(sub)
    db.session.commit()
    return render_template("alerts/deleted.html")
