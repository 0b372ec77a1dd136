"""``wijkwerk serve``: the wijk site and the voting app on one port, on this computer."""

from __future__ import annotations

import datetime as dt
import signal
import socket
import sys
import tempfile
from pathlib import Path

import click
from werkzeug.serving import run_simple

from generator import build as building
from generator import sources
from voting_app.cli.app import command_app
from voting_app.cli.demo import demo_round, seed
from voting_app.cli.dispatch import Dispatcher, Proxy, StaticSite


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
    help="Open a demo stemronde on the example data and print a vote code. Uses its own "
    "throwaway SQLite database, never the configured one.",
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
    # Stopping with SIGTERM runs the clean-ups below, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if not demo:
        _serve(project, port, None, reload)
        return
    with tempfile.TemporaryDirectory(prefix="wijkwerk-demo-") as scratch:
        # The demo never uses a configured database: its own, thrown away when it stops.
        _serve(project, port, Path(scratch) / "demo.sqlite", reload)


def _serve(project: building.Project, port: int, demo_db: Path | None, reload: bool) -> None:
    demo = demo_db is not None
    app = command_app(demo_database=demo_db)
    app.config["WIJKWERK_ROOT"] = str(project.root)
    today = dt.date.today()
    with app.app_context():
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
            f"  Database:       alleen voor deze demo ({demo_db}), weg na het stoppen;\n"
            f"                  de ingestelde database wordt niet gebruikt.\n"
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
