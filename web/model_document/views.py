"""The model document page, its PDF, and the steering group's texts in it."""

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from network import model_document, offerings_table
from network.clock import local, today, utcnow
from network.models import Role
from web.auth.access import require_role
from web.extensions import db
from web.model_document import bp
from web.model_document.diagram import render as render_diagram
from web.model_document.gaps import TEXT_TITLES, shown
from web.model_document.pdf import to_pdf
from web.participation.forms import ModelTextForm
from web.staff.resources import offering_name

READERS = (Role.STEERING_ADMIN, Role.COORDINATOR)
CSS = Path(__file__).resolve().parents[1] / "static" / "css" / "model_document.css"


def _context() -> dict:
    locale = str(get_locale())
    document = model_document.build(locale, today=today())
    diagram = render_diagram(
        document.part("diagram").data,
        headings=(_("Steering group"), _("Coordinators"), _("Service points"),
                  _("Worker pairs")),
        steering_label=_("Steering group"), missing_pair=_("Missing: worker pair"),
        missing_coordinators=_("Missing: coordinators"),
        title=_("The network: steering group, coordinators, service points and worker pairs"))
    gaps = {p.key: [shown(g) for g in p.gaps]
            for p in document.parts + document.attachments}
    return {"document": document, "diagram": diagram, "gaps": gaps, "locale": locale,
            "gap_count": sum(len(g) for g in gaps.values()), "modes": offerings_table.MODES,
            "generated": local(utcnow()), "offering_name": offering_name,
            "text_titles": TEXT_TITLES}


@bp.get("/")
@require_role(*READERS)
def page():
    """The document as a print-ready page in the chosen language."""
    return render_template("model_document/page.html", pdf=False, **_context())


@bp.get("/<language>.pdf")
@require_role(*READERS)
def pdf(language: str):
    """The same document as a PDF in a language (fi, sv or en)."""
    if language not in model_document.LANGUAGES:
        abort(404)
    with force_locale(language):
        context = _context()
        html = render_template("model_document/pdf.html", pdf=True,
                               css=Markup(CSS.read_text("utf-8")), **context)  # noqa: S704
    day = context["generated"].date().isoformat()
    return current_app.response_class(to_pdf(html), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="local-model-{language}-{day}.pdf"',
        "Cache-Control": "no-store"})


@bp.route("/texts/<key>", methods=["GET", "POST"])
@require_role(Role.STEERING_ADMIN)
def text_edit(key: str):
    """Write one of the steering group's texts in Finnish, Swedish and English."""
    if key not in model_document.TEXT_KEYS:
        abort(404)
    form = ModelTextForm()
    if not form.is_submitted():
        for language, body in model_document.texts_of(key).items():
            form[f"body_{language}"].data = body
    if form.validate_on_submit():
        model_document.save_text(key, {lang: form[f"body_{lang}"].data
                                       for lang in model_document.LANGUAGES},
                                 actor=current_user)
        db.session.commit()
        flash(_("Saved: %(name)s", name=str(TEXT_TITLES[key])), "success")
        return redirect(url_for("model_document.page") + f"#{key}")
    status = 400 if form.is_submitted() else 200
    return render_template("model_document/text_form.html", form=form, key=key,
                           title=TEXT_TITLES[key]), status
