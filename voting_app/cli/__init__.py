"""The ``wijkwerk`` command: one entry point for everything a person runs.

Each command is imported only when it runs, so `wijkwerk check`, `build`, `schema` and
`tally` start without Flask, SQLAlchemy, Alembic or numpy (comms staff run `check` all day).
``COMMANDS`` is the one list of commands; `wijkwerk --help` shows all of them.
"""

from __future__ import annotations

import importlib

import click

# name -> "module:attribute" of the click command, in the order --help lists them.
COMMANDS: dict[str, str] = {
    "check": "generator.cli:check",
    "build": "generator.cli:build",
    "schema": "generator.cli:schema_command",
    "kompas-import": "generator.cli:kompas_import",
    "serve": "voting_app.cli.serve:serve",
    "tally": "voting_app.cli.tally:tally_command",
    "app": "voting_app.cli.app:run_app",
    "db-upgrade": "voting_app.cli.app:db_upgrade",
    "user-add": "voting_app.cli.app:user_add",
    "user-list": "voting_app.cli.app:user_list",
    "user-disable": "voting_app.cli.app:user_disable",
    "user-reset": "voting_app.cli.app:user_reset",
    "user-totp": "voting_app.cli.app:user_totp",
    "privacy-cleanup": "voting_app.cli.app:privacy_cleanup",
}


class _LazyGroup(click.Group):
    """A group that imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
