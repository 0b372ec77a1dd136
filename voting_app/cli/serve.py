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
from generator.formatting import datum
from voting_app.cli.app import command_app
from voting_app.cli.demo import DEMO_PHONE, Seeded, demo_round, next_phase, seed
from voting_app.cli.dispatch import Dispatcher, Proxy, StaticSite
from voting_app.phases import Phase
from voting_app.rounds import RoundRef


@click.command()
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    envvar="WIJKWERK_ROOT",
    show_envvar=True,
    help="Project folder (holds mkdocs.yml and wijken/).",
)
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--demo/--no-demo",
    default=False,
    help="Open a demo stemronde on the example data, with ideas coming in (WIJKWERK_TODAY="
    "2026-11-09 for a later phase), and print a staff login. Uses its own "
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
    fixed = app.config.get("TODAY")  # WIJKWERK_TODAY: the day to pretend it is
    try:
        today = dt.date.fromisoformat(str(fixed)) if fixed else dt.date.today()
    except ValueError:
        raise click.ClickException(
            f"WIJKWERK_TODAY={fixed} is not a day; write it as 2026-10-12"
        ) from None
    with app.app_context():
        if demo:
            ref, today = demo_round(today, fixed=bool(fixed))
            app.config["TODAY"] = today.isoformat()
            seeded = seed(ref, today)
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
        click.echo(_demo_text(base, ref, today, seeded, demo_db))
    try:
        run_simple("127.0.0.1", port, Dispatcher(app, site), threaded=True)
    finally:
        if reload:
            preview.terminate()


def _demo_text(base: str, ref: RoundRef, today: dt.date, seeded: Seeded, db: Path | None) -> str:
    """What the demo prints: the phase, what to try in it, and how to reach the next one."""
    what = {
        Phase.VOORBEREIDING: "de stemronde begint binnenkort",
        Phase.INDIENEN: "bewoners sturen ideeën in",
        Phase.BEOORDELEN: "de gemeente beoordeelt de ideeën",
        Phase.STEMMEN: "bewoners stemmen",
        Phase.TELLEN: "het stemmen is voorbij; sluit, tel en publiceer in Beheer",
    }[seeded.phase]
    lines = [
        f"\nDEMO (doet alsof het {datum(today)} is): fase {seeded.phase}, {what}",
        f"  Stemronde in {ref.wijk.naam}: {base}/stemmen/{ref.wijk.id}/{ref.ronde.id}/",
    ]
    if seeded.reference:
        lines.append(
            f"  Volg een idee:  {base}/stemmen/mijn-idee met nummer {seeded.reference} "
            f"en telefoon {DEMO_PHONE}"
        )
    if seeded.code:
        paper = (
            " (nu alleen op papier: Beheer, papieren stemmen)"
            if seeded.phase is Phase.TELLEN
            else ""
        )
        lines.append(f"  Demo-stemcode:  {seeded.code}{paper}")
    lines += [
        f"  Beheer:         gebruiker demo, wachtwoord {seeded.password}",
        f"  Database:       alleen voor deze demo ({db}), weg na het stoppen;",
        "                  de ingestelde database wordt niet gebruikt.",
    ]
    step = next_phase(ref, seeded.phase)
    if step is not None:
        lines.append(f"  Volgende fase ({step[0]}): WIJKWERK_TODAY={step[1]} make run")
    return "\n".join(lines) + "\n"


def free_port() -> int:
    """A port on 127.0.0.1 that is free now (for internal servers and tests)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
