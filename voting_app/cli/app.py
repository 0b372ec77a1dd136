"""``wijkwerk db-upgrade | user-* | app | privacy-cleanup``: run and administer the voting app."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import click
import flask_migrate
from flask import Flask

from generator.formatting import aantal
from voting_app import accounts, create_app, security
from voting_app.models import db
from voting_app.privacy import purge_applicant_contacts, purge_contact_details
from voting_app.rounds import today


def command_app(migrate: bool = True, demo_database: Path | None = None) -> Flask:
    """The app as every command uses it: this computer's settings, the newest schema.

    With ``demo_database`` (`wijkwerk serve --demo`) the app reads neither instance/config.py
    nor WIJKWERK_* settings: it uses that SQLite file and nothing of a configured database,
    and keeps its instance files beside it. Only WIJKWERK_TODAY counts, the day the demo
    pretends it is.
    """
    if demo_database is None:
        app = create_app(dev_server=True)
    else:
        demo = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{demo_database}",
            "WIJKWERK_INSTANCE": str(demo_database.parent),
            "SECRET_KEY": secrets.token_hex(32),
            "CODE_KEY": secrets.token_hex(32),
            "TODAY": os.environ.get("WIJKWERK_TODAY") or None,
            "MIGRATE_QUIETLY": True,  # a new database each time: creating it is no news
        }
        app = create_app(demo, dev_server=True)
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
@click.password_option(help="At least 12 characters, not a common one; asked for when not given.")
def user_add(username: str, role: str, wijken: tuple[str, ...], totp: bool, password: str) -> None:
    """Create a staff account with a hashed password.

    Example: wijkwerk user-add anouk --role wijkmanager --wijk beekvliet
    """
    app = command_app()
    with _database(app):
        from voting_app.rounds import gemeente

        known = {wijk.id for wijk in gemeente().wijken}
        unknown = sorted(set(wijken) - known)
        if unknown:
            raise click.ClickException(
                f"unknown wijk {', '.join(unknown)}; wijken/ has {', '.join(sorted(known))}"
            )
        try:
            accounts.create_user(username, password, role, list(wijken))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        if totp:
            _show_totp(accounts.add_totp(username))
    click.echo(f"Created {role} {username}.")


@contextlib.contextmanager
def _database(app: Flask) -> Iterator[None]:
    """The app's context for one command; its database connections closed afterwards."""
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()
            db.engine.dispose()


def _show_totp(uri: str) -> None:
    import segno

    click.echo("Scan this QR code into an authenticator app (or type the secret):")
    segno.make(uri, error="m").terminal(compact=True)
    click.echo(uri)


@click.command(name="user-list")
def user_list() -> None:
    """List the staff accounts: name, role, wijken, second factor, on or off.

    Example: wijkwerk user-list
    """
    app = command_app()
    with _database(app):
        for user in accounts.all_users():
            state = "aan" if user.active else "UIT"
            factor = "tweede stap" if user.totp_secret else "alleen wachtwoord"
            click.echo(f"{user.username:<20} {user.role:<12} {state:<4} {factor:<18} {user.wijken}")


@click.command(name="user-disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Turn a disabled account on again.")
def user_disable(username: str, enable: bool) -> None:
    """Turn a staff account off (it cannot log in; its sessions end at once), or on again.

    Example: wijkwerk user-disable anouk
    """
    app = command_app()
    with _database(app):
        try:
            accounts.set_active(username, enable)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{'Enabled' if enable else 'Disabled'} {username}.")


@click.command(name="user-reset")
@click.argument("username")
@click.password_option(help="The new password; asked for when not given.")
def user_reset(username: str, password: str) -> None:
    """Give a staff account a new password and end all its sessions.

    Example: wijkwerk user-reset anouk
    """
    app = command_app()
    with _database(app):
        try:
            accounts.reset_password(username, password)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"New password set for {username}; its sessions have ended.")


@click.command(name="user-totp")
@click.argument("username")
def user_totp(username: str) -> None:
    """Give a staff account a new second factor (a lost phone): a QR code to scan.

    Example: wijkwerk user-totp anouk
    """
    app = command_app()
    with _database(app):
        try:
            uri = accounts.add_totp(username)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    _show_totp(uri)
    click.echo(f"The old authenticator codes of {username} no longer work.")


@click.command(name="app")
@click.option("--port", default=5000, show_default=True)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Other than loopback needs a real key."
)
def run_app(port: int, host: str) -> None:
    """Run the voting app alone on 127.0.0.1 (development server; use gunicorn in production)."""
    app = command_app()
    if security.weak_key(app.config["SECRET_KEY"]):
        if not _loopback(host):
            raise click.ClickException(
                f"refusing to serve {host} with the development key 'dev': anyone could sign "
                "a staff cookie with it. Set WIJKWERK_SECRET_KEY (32+ random characters)."
            )
        click.echo(
            "Ontwikkelmodus: sleutel 'dev', alleen voor deze computer "
            f"({host}). Zet WIJKWERK_SECRET_KEY voor echt gebruik.",
            err=True,
        )
    app.run(host=host, port=port)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command(name="privacy-cleanup")
def privacy_cleanup() -> None:
    """Delete submitters' e-mail addresses and phone numbers 90 days after a round's result,
    and applicants' 90 days after their application ended (run daily)."""
    app = command_app(migrate=False)
    with app.app_context():
        removed = purge_contact_details(today())
        applicants = purge_applicant_contacts(today())
        ideas = aantal(removed, "idee", "ideeën")
        asked = aantal(applicants, "aanvraag", "aanvragen")
        accounts.audit("contactgegevens verwijderd", f"van {ideas} en {asked}", user=None)
    click.echo(
        f"Removed the e-mail addresses and phone numbers of {removed} ideas "
        f"and {applicants} stimuleringsregeling applications."
    )
