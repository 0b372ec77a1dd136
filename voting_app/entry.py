"""The ``wijkwerk`` command: a recount starts without click, every other command with it.

Anyone may recount a published stemronde with ``wijkwerk tally FILE``. On a small election
importing click is about a fifth of that whole process (docs/benchmarks.md, "As whole
processes"), so a well-formed ``tally`` (an existing file, known options with allowed values)
is read here and counted at once. Anything else, --help, a misspelt option, a file that does
not parse, goes to the click group ``voting_app.cli.main``, which prints click's help and
error messages; so both starts print the same for every input
(tests/test_tally.py compares them).
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    """Run ``wijkwerk`` with the arguments of this process."""
    args = sys.argv[1:]
    if args[:1] == ["tally"]:
        # A recount is one short process that makes ballots, fractions and arrays by the
        # hundred thousand and no cycles worth freeing before it exits; the cyclic collector
        # only walks them (2 to 5% of the instructions of a recount, docs/benchmarks.md).
        gc.disable()
        # A count runs on one core; OpenBLAS would start a thread per core when numpy is
        # imported (about 110 ms of CPU on two cores, for nothing a count uses).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        try:
            text = quick_tally(args[1:])
        except KeyboardInterrupt:  # as click says it
            sys.stderr.write("\nAborted!\n")
            sys.exit(1)
        if text is not None:
            _write(text)
            return
    from voting_app.cli import main as group

    group()


def _write(text: str) -> None:
    """Print ``text``; a reader that went away (``| head``) ends the run as with click: code 1.

    click.echo prints where plain writing would differ: no stdout at all, or a stdout that is
    not UTF-8 (click prints the euro sign anyway). Escape codes never reach here: ``recount``
    prints control characters from the file as U+FFFD.
    """
    out = sys.stdout
    encoding = (getattr(out, "encoding", None) or "").lower().replace("_", "-")
    if out is None or encoding not in ("utf-8", "utf8"):
        import click

        click.echo(text, nl=False)
        return
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        # Python's advice: point stdout at devnull, so the flush at exit finds no closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
        sys.exit(1)


def quick_tally(args: list[str]) -> str | None:
    """What ``tally`` prints for these arguments; None: let click handle them."""
    from voting_app.counting import recount

    parsed = _parse(args, recount.CHOICES)
    if parsed is None:
        return None
    file, chosen = parsed
    try:
        return recount.recount(
            file,
            chosen.get("--rule"),
            chosen.get("--tie-break"),
            chosen.get("--format", "text"),
        )
    except recount.RecountError:
        return None  # click says what is wrong, exactly as always


def _parse(
    args: list[str], choices: dict[str, tuple[str, ...]]
) -> tuple[str, dict[str, str]] | None:
    """FILE and the options given, as click would read them; None for anything unusual."""
    file: str | None = None
    chosen: dict[str, str] = {}
    rest = iter(args)
    for arg in rest:
        if arg.startswith("-"):
            name, equals, value = arg.partition("=")
            if not equals:
                value = next(rest, "")
            if value not in choices.get(name, ()) or name in chosen:
                return None
            chosen[name] = value
        elif file is None:
            file = arg
        else:
            return None
    if file is None or not os.path.isfile(file) or not os.access(file, os.R_OK):
        return None
    return file, chosen
