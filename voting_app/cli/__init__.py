"""The ``wijkwerk`` command: one entry point for everything a person runs.

Each command is imported only when it runs, so `wijkwerk check`, `build`, `schema` and
`tally` start without Flask, SQLAlchemy, Alembic or numpy (comms staff run `check` all day;
`tally` imports numpy only to count an election too large for plain Python). On a small
election click is then about two thirds of what a `tally` process does beyond starting Python.
``COMMANDS`` is the one list of commands; `wijkwerk --help` shows all of them.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from types import ModuleType

import click

# name -> ("module:attribute" of the click command, its one-line help), in --help's order.
# The help is repeated here so that `wijkwerk --help` imports no command (1.25 s -> 0.09 s);
# tests/test_architecture.py checks that each entry loads its command and agrees with it.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("generator.cli:check", "Check every source file and list all problems."),
    "build": ("generator.cli:build", "Check the sources and build the static site into site/."),
    "schema": ("generator.cli:schema_command", "Write JSON Schemas for the source files."),
    "kompas-import": ("generator.cli:kompas_import", "Write CBS kerncijfers into kompas.yaml."),
    "serve": ("voting_app.cli.serve:serve", "Serve the wijk site and the voting app on one port."),
    "tally": ("voting_app.cli.tally:tally_command", "Count the ballots in a .pb file."),
    "app": ("voting_app.cli.app:run_app", "Run the voting app alone (development server)."),
    "db-upgrade": ("voting_app.cli.app:db_upgrade", "Create or migrate the database."),
    "user-add": ("voting_app.cli.app:user_add", "Create a staff account."),
    "user-list": ("voting_app.cli.app:user_list", "List the staff accounts."),
    "user-disable": ("voting_app.cli.app:user_disable", "Turn a staff account off, or on."),
    "user-reset": ("voting_app.cli.app:user_reset", "Give a staff account a new password."),
    "user-totp": ("voting_app.cli.app:user_totp", "Give a staff account a new second factor."),
    "privacy-cleanup": (
        "voting_app.cli.app:privacy_cleanup",
        "Delete submitters' e-mail addresses and phone numbers after a result.",
    ),
}


# The commands `pip install wijkwerk` is enough for; all others need the voting app's extra.
_WITHOUT_APP = ("generator.", "voting_app.cli.tally")
_OURS = {"generator", "voting_app"}


def load(name: str) -> click.Command:
    """Import the command called ``name``; a missing package is named, with how to add it."""
    module, _, attribute = COMMANDS[name][0].partition(":")
    lean = module.startswith(_WITHOUT_APP)
    try:
        loaded = _import_for_a_short_run(module) if lean else importlib.import_module(module)
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").partition(".")[0]
        if not missing or missing in _OURS:
            raise
        raise _not_installed(name, module, missing) from None
    command = getattr(loaded, attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{COMMANDS[name][0]} is not a click command")
    return command


def _import_for_a_short_run(module: str) -> ModuleType:
    """Import a site command (or tally), which runs for a second and exits, without two costs.

    Both measured with `python benchmarks/commands.py --instructions` (docs/benchmarks.md):
    - pydantic scans every installed package's entry points for plugins when it builds its
      first model (2 % of `wijkwerk check`). These commands use no pydantic plugin, so the
      scan is off unless PYDANTIC_DISABLE_PLUGINS is set already. MkDocs and Zensical,
      which `build` starts, inherit the setting; neither uses pydantic.
    - importing `generator.cli` builds some 40 pydantic models: 20,000 objects that live until
      the process ends. The cyclic GC would walk them at each full collection and once more at
      exit (6 %). So it pauses during the import, and gc.freeze() then takes them out of its
      way; objects made afterwards are collected as usual.
    """
    if module in sys.modules:  # loaded before in this process (tests): nothing new to freeze
        return sys.modules[module]
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(module)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _not_installed(name: str, module: str, missing: str) -> click.ClickException:
    """Say in Dutch what to install instead of a traceback (a site-only install lacks Flask)."""
    if module.startswith(_WITHOUT_APP):
        return click.ClickException(
            f"wijkwerk {name} mist het pakket {missing}. "
            "Installeer Wijkwerk opnieuw: pip install wijkwerk"
        )
    return click.ClickException(
        f"wijkwerk {name} hoort bij de stemapp. Die is hier niet geïnstalleerd: "
        f"het pakket {missing} ontbreekt. Installeer de stemapp zo: pip install 'wijkwerk[app]'"
    )


class _LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_, summary) in COMMANDS.items()])


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="wijkwerk")
def main() -> None:
    """Wijkwerk: the wijk site and the wijkbudget vote.

    Example: wijkwerk check, then wijkwerk build; wijkwerk serve --demo to try it all.
    """
