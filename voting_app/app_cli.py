"""``wijkwerk db-upgrade | user-add | app``: run and administer the voting app."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import click
import flask_migrate
from werkzeug.serving import run_simple

from generator import build as building
from generator import sources
from voting_app import auth, create_app
from voting_app.auth import audit
from voting_app.combined import Dispatcher, Proxy, StaticSite
from voting_app.demo import demo_round, seed
from voting_app.privacy import purge_emails
from voting_app.rounds import today


@click.command(name="db-upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema (Alembic).

    Example: WIJKWERK_SQLALCHEMY_DATABASE_URI=postgresql+psycopg://... wijkwerk db-upgrade
    """
    app = create_app(dev_server=True)
    with app.app_context():
        flask_migrate.upgrade()
    click.echo(f"Database ready: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")


@click.command(name="user-add")
@click.argument("username")
@click.option("--role", type=click.Choice(auth.ROLES), required=True)
@click.option("--wijk", "wijken", multiple=True, help="A wijk a wijkmanager manages (repeat).")
@click.option("--totp", is_flag=True, help="Require a code from an authenticator app too.")
@click.password_option(help="At least 12 characters; asked for when not given.")
def user_add(username: str, role: str, wijken: tuple[str, ...], totp: bool, password: str) -> None:
    """Create a staff account with a hashed password.

    Example: wijkwerk user-add anouk --role wijkmanager --wijk beekvliet
    """
    app = create_app(dev_server=True)
    with app.app_context():
        flask_migrate.upgrade()
        try:
            auth.create_user(username, password, role, list(wijken))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        if totp:
            uri = auth.add_totp(username)
            click.echo(f"Scan this into an authenticator app (or type the secret):\n{uri}")
    click.echo(f"Created {role} {username}.")


@click.command(name="app")
@click.option("--port", default=5000, show_default=True)
def run_app(port: int) -> None:
    """Run the voting app alone on 127.0.0.1 (development server; use gunicorn in production)."""
    app = create_app(dev_server=True)
    with app.app_context():
        flask_migrate.upgrade()
    app.run(host="127.0.0.1", port=port)


@click.command()
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder (holds mkdocs.yml and wijken/).",
)
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--demo/--no-demo",
    default=False,
    help="Open a demo stemronde on the example data and print a vote code.",
)
@click.option(
    "--reload/--no-reload",
    default=True,
    show_default=True,
    help="Reload the browser after a change in wijken/ (runs mkdocs serve).",
)
def serve(root: Path, port: int, demo: bool, reload: bool) -> None:
    """Serve the wijk site and the voting app together on one port.

    The site is at /, the voting app at /stemmen/ and /beheer/. Saving a YAML file under
    wijken/ updates the site. Example: wijkwerk serve --demo
    """
    project = building.Project.at(root)
    app = create_app(dev_server=True)
    app.config["WIJKWERK_ROOT"] = str(project.root)
    today = dt.date.today()
    with app.app_context():
        flask_migrate.upgrade()
        if demo:
            ref, today = demo_round(today)
            app.config["TODAY"] = today.isoformat()
            code, password = seed(ref, today)
    try:
        building.generate(project, today) if reload else building.build(project, today)
    except sources.SourcesInvalid as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        raise click.ClickException("fix the sources first; nothing is served") from None
    if reload:
        preview_port = free_port()  # internal, behind the proxy: any free port will do
        preview = building.serve_process(project, preview_port, today)
        site: object = Proxy(preview_port)
    else:
        site = StaticSite(project.site)
    base = f"http://127.0.0.1:{port}"
    click.echo(
        f"\nDe wijksite:  {base}/\nStemmen:      {base}/stemmen/\nBeheer:       {base}/beheer/"
    )
    if demo:
        click.echo(
            f"\nDEMO (doet alsof het {today:%d-%m-%Y} is)\n"
            f"  Stem in {ref.wijk.naam}: {base}/stemmen/{ref.wijk.id}/{ref.ronde.id}/\n"
            f"  Demo-stemcode:  {code}\n"
            f"  Beheer:         gebruiker demo, wachtwoord {password}\n"
        )
    try:
        run_simple("127.0.0.1", port, Dispatcher(app, site), threaded=True)
    finally:
        if reload:
            preview.terminate()


def free_port() -> int:
    """A port on 127.0.0.1 that is free now (for internal servers and tests)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@click.command(name="privacy-cleanup")
def privacy_cleanup() -> None:
    """Delete submitters' e-mail addresses 90 days after a round's result (run daily)."""
    app = create_app(dev_server=True)
    with app.app_context():
        removed = purge_emails(today())
        audit("e-mailadressen verwijderd", f"{removed} adressen", user=None)
    click.echo(f"Removed {removed} e-mail addresses.")


COMMANDS = [db_upgrade, user_add, run_app, serve, privacy_cleanup]
