"""``wijkwerk db-upgrade | user-add | app``: run and administer the voting app."""

from __future__ import annotations

import click
import flask_migrate

from voting_app import auth, create_app


@click.command(name="db-upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema (Alembic).

    Example: WIJKWERK_SQLALCHEMY_DATABASE_URI=postgresql+psycopg://... wijkwerk db-upgrade
    """
    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
    click.echo(f"Database ready: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")


@click.command(name="user-add")
@click.argument("username")
@click.option("--role", type=click.Choice(auth.ROLES), required=True)
@click.option("--wijk", "wijken", multiple=True, help="A wijk a wijkmanager manages (repeat).")
@click.password_option(help="At least 12 characters; asked for when not given.")
def user_add(username: str, role: str, wijken: tuple[str, ...], password: str) -> None:
    """Create a staff account with a hashed password.

    Example: wijkwerk user-add anouk --role wijkmanager --wijk beekvliet
    """
    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
        try:
            auth.create_user(username, password, role, list(wijken))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Created {role} {username}.")


@click.command(name="app")
@click.option("--port", default=5000, show_default=True)
def run_app(port: int) -> None:
    """Run the voting app alone on 127.0.0.1 (development server; use gunicorn in production)."""
    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
    app.run(host="127.0.0.1", port=port)


COMMANDS = [db_upgrade, user_add, run_app]
