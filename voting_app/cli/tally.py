"""``wijkwerk tally``: recount a stemronde from a pabulib file, as anyone can."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast, get_args

import click

from voting_app.counting import pabulib, rules
from voting_app.counting.election import TieBreak, TieOrder


@click.command(name="tally")
# FILE stays a str as typed: importing pathlib would add some 7 % to a small recount.
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--rule",
    type=click.Choice(list(rules.RULES)),
    default=None,
    help="; ".join(f"{r.id}: {r.words.naam}" for r in rules.RULES.values())
    + ". Default: the rule the file names, else greedy.",
)
@click.option(
    "--tie-break",
    "tie_break",
    type=click.Choice(get_args(TieOrder)),
    default=None,
    help="cost: cheaper first, then more votes, then the file's lottery order, then id; "
    "id: pabutools' order. Default: the tie-break the file names, else cost.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "ids"]),
    default="text",
    show_default=True,
    help="ids: only the funded project ids, one per line.",
)
def tally_command(file: str, rule: str | None, tie_break: TieOrder | None, fmt: str) -> None:
    """Count the ballots in FILE (.pb or .pb.gz) and print the funded proposals.

    A stemronde's published file names its rule, tie-break and lottery, so no options are
    needed to reach the official result; options override the file. Example: wijkwerk tally
    wijken/beekvliet/stemrondes/bewonersbudget-2026.pb
    """
    try:
        election = pabulib.read(file)
    except pabulib.PbError as exc:
        raise click.ClickException(f"{file}:{exc.line}: {exc.message}") from None
    named = pabulib.settings(election.meta)
    rule = rule or _known(file, "rule", named.rule, list(rules.RULES)) or "greedy"
    named_kind = _known(file, "tie_break", named.tie_break, get_args(TieOrder))
    kind = tie_break or cast("TieOrder | None", named_kind) or "cost"
    order = TieBreak(kind, named.lottery)
    outcome = rules.count(election, rule, order)
    if fmt == "ids":
        for pid in outcome.funded:
            click.echo(pid)
        return
    from voting_app.counting import explain  # the ids alone need no Dutch sentences

    click.echo(explain.report(election, outcome, rule, order))
    if named.lottery and kind == "cost":
        click.echo(f"\nLoting (uit het bestand): {', '.join(named.lottery)}")


def _known(file: str, key: str, value: str | None, choices: Sequence[str]) -> str | None:
    if value is not None and value not in choices:
        raise click.ClickException(
            f"{file}: META {key}={value!r} is not one of {', '.join(choices)}; "
            f"choose with --{key.replace('_', '-')}"
        )
    return value
