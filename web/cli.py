"""`flask` commands: demo data and staff accounts."""

import click
from flask import Flask

from network import accounts
from network.clock import utcnow
from network.errors import ValidationError
from network.models import Role
from web.extensions import db


def register(app: Flask) -> None:
    """Add the command groups to the app's CLI."""
    from web.geo.cli import geo

    app.cli.add_command(demo)
    app.cli.add_command(users)
    app.cli.add_command(geo)


@click.group()
def demo() -> None:
    """Demo data."""


@demo.command("load")
def demo_load() -> None:
    """Load the Oulu demo: network, scenarios, people, participation (safe to run again)."""
    load_demo()


def load_demo() -> None:
    """Load the full demo, commit, and print the logins per role."""
    from flask import current_app

    from crisis import demo as demo_data

    logins = demo_data.load(now=utcnow(), site_url=current_app.config["SITE_URL"])
    db.session.commit()
    click.echo("Demo network ready. Logins (email / password):")
    for role, (email, password) in logins.items():
        click.echo(f"  {role:<16} {email} / {password}")


@click.group()
def users() -> None:
    """Staff accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.password_option()
def users_create(email: str, name: str, role: str, password: str) -> None:
    """Create a staff account."""
    try:
        accounts.create_user(email=email, name=name, password=password, role=Role(role))
    except ValidationError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Created {email} ({role}).")
