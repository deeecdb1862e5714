"""Entry point for `celery -A tasks.worker worker`: builds the Flask app, then its Celery app."""

from web import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
