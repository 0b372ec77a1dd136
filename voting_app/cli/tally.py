"""``wijkwerk tally``: recount a stemronde from a pabulib file, as anyone can."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import click

from voting_app.counting import explain, pabulib, rules
from voting_app.counting.election import TieBreak, TieOrder


@click.command(name="tally")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--rule",
    type=click.Choice(list(rules.RULES)),
    default="greedy",
    show_default=True,
    help="; ".join(f"{r.id}: {r.words.naam}" for r in rules.RULES.values()) + ".",
)
@click.option(
    "--tie-break",
    "tie_break",
    type=click.Choice(get_args(TieOrder)),
    default="cost",
    show_default=True,
    help="cost: cheaper first, then more votes, then id; id: pabutools' order.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "ids"]),
    default="text",
    show_default=True,
    help="ids: only the funded project ids, one per line.",
)
def tally_command(file: Path, rule: str, tie_break: TieOrder, fmt: str) -> None:
    """Count the ballots in FILE (.pb or .pb.gz) and print the funded proposals.

    Example: wijkwerk tally ronde.pb --rule mes
    """
    try:
        election = pabulib.read(file)
    except pabulib.PbError as exc:
        raise click.ClickException(f"{file}:{exc.line}: {exc.message}") from None
    outcome = rules.count(election, rule, TieBreak(tie_break))
    if fmt == "ids":
        for pid in outcome.funded:
            click.echo(pid)
        return
    click.echo(explain.report(election, outcome, rule, TieBreak(tie_break)))
