"""Authentication and access rules for staff accounts."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from network.models import User
from web.extensions import db, login_manager


def init_app(app: Flask) -> None:
    """Configure Flask-Login."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None
