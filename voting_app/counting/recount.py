"""What ``wijkwerk tally`` prints for a .pb file: read it, take its settings, count, explain.

One function for both ways the command starts: as a click command (``voting_app.cli.tally``,
with --help and click's error messages) and without click for a well-formed recount
(``voting_app.entry``), where importing click would be a fifth of the whole process on a
small election. ``CHOICES`` is the one list of the command's options and their values.
"""

from __future__ import annotations

from typing import cast, get_args

from voting_app.counting import pabulib, rules
from voting_app.counting.election import TieBreak, TieOrder

FORMATS = ("text", "ids")
# option -> the values it takes; each option also has the default None ("as the file says"),
# except --format, whose default is "text".
CHOICES: dict[str, tuple[str, ...]] = {
    "--rule": tuple(rules.RULES),
    "--tie-break": get_args(TieOrder),
    "--format": FORMATS,
}


# Control characters from the file (an escape sequence in a project's name could recolour or
# rewrite a terminal) print as U+FFFD; only line ends stay.
_CONTROLS = {c: "\ufffd" for c in (*range(32), *range(127, 160)) if c != ord("\n")}


class RecountError(Exception):
    """The file cannot be recounted as it stands: what is wrong, with file and line."""


def recount(
    file: str, rule: str | None = None, tie_break: str | None = None, fmt: str = "text"
) -> str:
    """The command's whole output for ``file``; options left None follow the file's META.

    ``rule``, ``tie_break`` and ``fmt`` are values from ``CHOICES``: both callers check them.
    """
    try:
        election = pabulib.read(file)
    except pabulib.PbError as exc:
        raise RecountError(f"{file}:{exc.line}: {exc.message}") from None
    named = pabulib.settings(election.meta)
    rule = rule or _known(file, "rule", named.rule) or "greedy"
    kind = cast("TieOrder", tie_break or _known(file, "tie_break", named.tie_break) or "cost")
    order = TieBreak(kind, named.lottery)
    outcome = rules.count(election, rule, order)
    if fmt == "ids":
        return "".join(f"{pid}\n" for pid in outcome.funded).translate(_CONTROLS)
    from voting_app.counting import explain  # the ids alone need no Dutch sentences

    text = explain.report(election, outcome, rule, order) + "\n"
    if named.lottery and kind == "cost":
        text += f"\nLoting (uit het bestand): {', '.join(named.lottery)}\n"
    return text.translate(_CONTROLS)


def _known(file: str, key: str, value: str | None) -> str | None:
    option = "--" + key.replace("_", "-")
    if value is not None and value not in CHOICES[option]:
        raise RecountError(
            f"{file}: META {key}={value!r} is not one of {', '.join(CHOICES[option])}; "
            f"choose with {option}"
        )
    return value
