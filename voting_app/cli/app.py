"""``wijkwerk db-upgrade | user-add | app | privacy-cleanup``: run and administer the voting app."""

from __future__ import annotations

import click
import flask_migrate
from flask import Flask

from voting_app import accounts, create_app
from voting_app.privacy import purge_emails
from voting_app.rounds import today


def command_app(migrate: bool = True) -> Flask:
    """The app as every command uses it: this computer's settings, the newest schema."""
    app = create_app(dev_server=True)
    if migrate:
        with app.app_context():
            flask_migrate.upgrade()
    return app


@click.command(name="db-upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema (Alembic).

    Example: WIJKWERK_SQLALCHEMY_DATABASE_URI=postgresql+psycopg://... wijkwerk db-upgrade
    """
    app = command_app()
    click.echo(f"Database ready: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")


@click.command(name="user-add")
@click.argument("username")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.option("--wijk", "wijken", multiple=True, help="A wijk a wijkmanager manages (repeat).")
@click.option("--totp", is_flag=True, help="Require a code from an authenticator app too.")
@click.password_option(help="At least 12 characters; asked for when not given.")
def user_add(username: str, role: str, wijken: tuple[str, ...], totp: bool, password: str) -> None:
    """Create a staff account with a hashed password.

    Example: wijkwerk user-add anouk --role wijkmanager --wijk beekvliet
    """
    app = command_app()
    with app.app_context():
        try:
            accounts.create_user(username, password, role, list(wijken))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        if totp:
            uri = accounts.add_totp(username)
            click.echo(f"Scan this into an authenticator app (or type the secret):\n{uri}")
    click.echo(f"Created {role} {username}.")


@click.command(name="app")
@click.option("--port", default=5000, show_default=True)
def run_app(port: int) -> None:
    """Run the voting app alone on 127.0.0.1 (development server; use gunicorn in production)."""
    app = command_app()
    app.run(host="127.0.0.1", port=port)


@click.command(name="privacy-cleanup")
def privacy_cleanup() -> None:
    """Delete submitters' e-mail addresses 90 days after a round's result (run daily)."""
    app = command_app(migrate=False)
    with app.app_context():
        removed = purge_emails(today())
        accounts.audit("e-mailadressen verwijderd", f"{removed} adressen", user=None)
    click.echo(f"Removed {removed} e-mail addresses.")
