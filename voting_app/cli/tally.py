"""``wijkwerk tally``: recount a stemronde from a pabulib file, as anyone can.

What it prints is ``counting.recount``'s; this module adds click's help and error messages.
A well-formed recount does not come here at all (``voting_app.entry``).
"""

from __future__ import annotations

import click

from voting_app.counting import recount, rules

CHOICES = recount.CHOICES


@click.command(name="tally")
# FILE stays a str as typed: importing pathlib would add some 7 % to a small recount.
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--rule",
    type=click.Choice(CHOICES["--rule"]),
    default=None,
    help="; ".join(f"{r.id}: {r.words.naam}" for r in rules.RULES.values())
    + ". Default: the rule the file names, else greedy.",
)
@click.option(
    "--tie-break",
    "tie_break",
    type=click.Choice(CHOICES["--tie-break"]),
    default=None,
    help="cost: cheaper first, then more votes, then the file's lottery order, then id; "
    "id: pabutools' order. Default: the tie-break the file names, else cost.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CHOICES["--format"]),
    default="text",
    show_default=True,
    help="ids: only the funded project ids, one per line.",
)
def tally_command(file: str, rule: str | None, tie_break: str | None, fmt: str) -> None:
    """Count the ballots in FILE (.pb or .pb.gz) and print the funded proposals.

    A stemronde's published file names its rule, tie-break and lottery, so no options are
    needed to reach the official result; options override the file. Example: wijkwerk tally
    wijken/beekvliet/stemrondes/bewonersbudget-2026.pb
    """
    try:
        text = recount.recount(file, rule, tie_break, fmt)
    except recount.RecountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(text, nl=False)
