"""Language choice: a visible switcher, remembered in a cookie; Finnish by default."""

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale

from web.extensions import babel

LANG_COOKIE = "lang"


def select_locale() -> str:
    """The `lang` query argument, the remembered choice, the browser's wish, or Finnish."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in languages:
            return candidate
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def remember_choice(response):
    """Store an explicit `?lang=` choice so later pages keep it."""
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(
            LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def init_app(app: Flask) -> None:
    """Wire Flask-Babel and the language cookie."""
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(app.root_path + "/translations"))
    app.after_request(remember_choice)

    @app.context_processor
    def language_context():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"],
                "lang_url": language_url}


def language_url(code: str) -> str:
    """This page in another language, keeping its query (a search stays a search)."""
    args = {k: v for k, v in request.args.items() if k != "lang" and not k.startswith("_")}
    return url_for(request.endpoint or "auth.login", **{**args, **(request.view_args or {}),
                                                          "lang": code})
