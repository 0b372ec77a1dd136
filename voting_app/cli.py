"""The ``wijkwerk`` command: one entry point for everything a person runs."""

from __future__ import annotations

import click

from generator.cli import COMMANDS as SITE_COMMANDS
from voting_app.app_cli import COMMANDS as APP_COMMANDS
from voting_app.tally_cli import tally_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="wijkwerk")
def main() -> None:
    """Wijkwerk: the wijk site and the wijkbudget vote.

    \b
    wijkwerk check    check wijken/ and list every problem
    wijkwerk build    build the static site into site/
    wijkwerk serve    serve the site and the voting app on one port (--demo)
    wijkwerk tally    recount a stemronde from a pabulib .pb file
    wijkwerk app      run the voting app (wijkwerk user-add, wijkwerk db-upgrade)
    """


for _command in [*SITE_COMMANDS, tally_command, *APP_COMMANDS]:
    main.add_command(_command)
