"""``wijkwerk check | build | serve | schema``: the commands communications staff use."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import click

# Only what `wijkwerk check` needs is imported here; each other command imports the rest when
# it runs (the build step, writing files, the JSON Schemas), so check starts sooner.
from generator import engines, sources
from generator.formatting import datum
from generator.project import Project

_root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    envvar="WIJKWERK_ROOT",
    show_envvar=True,
    help="Project folder (holds mkdocs.yml).",
)
_sources_option = click.option(
    "--sources",
    "sources_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder with the wijk sources [default: ROOT/wijken].",
)


def _errors_to_exit(exc: sources.SourcesInvalid) -> click.ClickException:
    for error in exc.errors:
        click.echo(str(error), err=True)
    count = len(exc.errors)
    found = "1 probleem" if count == 1 else f"{count} problemen"
    return click.ClickException(f"{found} gevonden; er is niets gepubliceerd.")


@click.command()
@_root_option
@_sources_option
def check(root: Path, sources_dir: Path | None) -> None:
    """Check every source file and list all problems as file:line: field: message.

    Example: wijkwerk check
    """
    project = Project.at(root, sources_dir)
    try:
        gemeente, warnings = sources.load_with_warnings(project.sources)
    except sources.SourcesInvalid as exc:
        raise _errors_to_exit(exc) from None
    for warning in warnings:  # things to look at; they never stop a build
        click.echo(f"let op: {warning}", err=True)
    count = len(warnings)
    note = f"; {count} {'waarschuwing' if count == 1 else 'waarschuwingen'}" if warnings else ""
    click.echo(f"OK: {len(gemeente.wijken)} wijken, geen problemen gevonden{note}.")


@click.command()
@_root_option
@_sources_option
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Build the site as it looks on this day (YYYY-MM-DD) [default: today].",
)
@click.option(
    "--engine",
    type=click.Choice(list(engines.ENGINES)),
    default=None,
    help="Program that makes the HTML [default: extra.wijkwerk.engine in mkdocs.yml, else mkdocs].",
)
def build(
    root: Path, sources_dir: Path | None, today: dt.datetime | None, engine: str | None
) -> None:
    """Check the sources and build the static site into site/.

    On any problem nothing is published: the previous site/ stays as it was. Late flags and
    phases depend on the day; the last line says on which day to build again.
    Example: wijkwerk build --engine zensical
    """
    from generator import build as building
    from generator import output

    project = Project.at(root, sources_dir)
    started = time.perf_counter()
    try:
        changes = building.build(project, today.date() if today else None, engine)
    except sources.SourcesInvalid as exc:
        raise _errors_to_exit(exc) from None
    except (building.BuildError, output.OutputError) as exc:
        click.echo(getattr(exc, "log", ""), err=True)
        raise click.ClickException(f"{exc}; er is niets gepubliceerd.") from None
    took = time.perf_counter() - started
    click.echo(
        f"Built {project.site} in {took:.1f} s ({len(changes.written)} pages changed, "
        f"{len(changes.removed)} removed)."
    )
    if changes.next_rebuild:
        day, why = changes.next_rebuild
        more = f" en nog {len(why) - 3}" if len(why) > 3 else ""
        click.echo(
            f"Bouw de site opnieuw op {datum(day)} (dan verandert: {'; '.join(why[:3])}{more})."
        )


@click.command(name="schema")
@_root_option
@_sources_option
def schema_command(root: Path, sources_dir: Path | None) -> None:
    """Write JSON Schemas for the source files to wijken/schema/ (editor autocomplete)."""
    from generator import output, schema

    project = Project.at(root, sources_dir)
    folder = project.sources / "schema"
    for name, data in schema.schemas().items():
        output.write_atomic(folder / name, (json.dumps(data, indent=2) + "\n").encode())
        click.echo(f"wrote {folder / name}")


@click.command(name="kompas-import")
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_root_option
@_sources_option
@click.option("--jaar", type=int, default=None, help="Year of the figures [default: from FILE].")
def kompas_import(root: Path, sources_dir: Path | None, csv_file: Path, jaar: int | None) -> None:
    """Write CBS kerncijfers per wijk into each wijk's kompas.yaml.

    Reads the columns named by the indicators' `cbs` field, for every wijk whose wijk.yaml
    has a CBS code, and writes them below the import's marker line in kompas.yaml; what
    people wrote above it (comments too) stays as it is.

    Example: wijkwerk kompas-import wijken_2024.csv
    """
    from generator import kompasimport

    project = Project.at(root, sources_dir)
    year = jaar or kompasimport.year_of(csv_file)
    if year is None:
        raise click.ClickException("no year in the file name; give it with --jaar 2024")
    try:
        report = kompasimport.run(project.sources, csv_file, year)
    except sources.SourcesInvalid as exc:
        raise _errors_to_exit(exc) from None
    except kompasimport.ImportProblem as exc:
        raise click.ClickException(str(exc)) from None
    for note in report.notes:
        click.echo(f"let op: {note}", err=True)
    for line in report.written:
        click.echo(f"wrote {line}")
    click.echo(f"{len(report.written)} kompas files updated for {year}.")


COMMANDS = [check, build, schema_command, kompas_import]
