"""Write a stemronde as a pabulib ``.pb`` file that anyone can recount to the same result.

The counterpart of ``pabulib`` (which reads): a file written here passes pabulib's own
checker (``pabulib-checker``) and carries what a recount needs to reach the same result: the
counting rule, the tie-break and the lottery order, as numbered entries ``#1: rule=mes
(...)`` in the standard ``comment`` field (the checker refuses META keys outside the
standard list). ``pabulib.settings`` reads them back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal

from voting_app.counting import rules
from voting_app.counting.election import Amount, Election, TieBreak
from voting_app.counting.outcome import Outcome

# The standard META keys in the order pabulib.org/format (and its checker) lists them.
META_ORDER = (
    "description",
    "country",
    "unit",
    "district",
    "subunit",
    "instance",
    "num_projects",
    "num_votes",
    "budget",
    "vote_type",
    "rule",
    "date_begin",
    "date_end",
    "min_length",
    "max_length",
    "min_sum_cost",
    "max_sum_cost",
    "min_points",
    "max_points",
    "min_sum_points",
    "max_sum_points",
    "default_score",
    "min_project_cost",
    "max_project_cost",
    "min_project_score_threshold",
    "neighborhoods",
    "subdistricts",
    "categories",
    "edition",
    "language",
    "currency",
    "fully_funded",
    "experimental",
    "comment",
    "acknowledgments",
)


def rule_label(rule: str, outcome: Outcome) -> str:
    """The pabulib ``rule`` that says truthfully how this count went.

    pabulib has no label for MES whose leftover money was then filled up greedily: when that
    fill-up funded a project, the file says ``unknown`` and the comment names the rule.
    """
    if any(step.by == "completion" for step in outcome.steps):
        return "unknown"
    return rules.RULES[rule].words.pabulib


def recount_meta(rule: str, outcome: Outcome, tie_break: TieBreak) -> dict[str, str]:
    """The META entries a recount needs: ``rule`` and the numbered ``comment``."""
    completed = sum(1 for step in outcome.steps if step.by == "completion")
    how = {
        "greedy": "greedy by votes, skipping what no longer fits",
        "mes": "Method of Equal Shares with add1, the money left then filled up greedily by votes",
    }.get(rule, rule)
    if completed:
        how += f", which funded {completed} project{'s' if completed > 1 else ''}"
    order = (
        "cheaper first, then more votes, then the lottery order"
        if tie_break.kind == "cost"
        else "smallest project_id first"
    )
    entries = [f"rule={rule} ({how})", f"tie_break={tie_break.kind} (ties: {order})"]
    if tie_break.lottery:
        entries.append(f"lottery={','.join(tie_break.lottery)} (drawn before voting)")
    comment = " ".join(f"#{i}: {text}" for i, text in enumerate(entries, start=1))
    return {"rule": rule_label(rule, outcome), "comment": comment}


def write(
    election: Election,
    selected: Iterable[str] = (),
    meta: Mapping[str, str] | None = None,
    tie_break: TieBreak | None = None,
) -> str:
    """Write ``election`` as a ``.pb`` text with anonymous, canonically ordered ballots.

    Ballots are sorted by content and numbered afterwards, so neither the order nor the voter
    ids say anything about who voted when. Projects are listed by votes, most first, ties in
    the order of ``tie_break``: the order a greedy count takes them, as pabulib's checker reads
    it. META keys come in pabulib's order, any others after them.
    """
    chosen = set(selected)
    votes = election.votes()
    ranks = (tie_break or TieBreak()).ranks(election.projects, votes)
    projects = sorted(election.projects, key=lambda p: (-votes[p.id], ranks[p.id]))
    ballots = sorted(sorted(b.approved) for b in election.ballots)
    given = {
        "description": "",
        "num_projects": str(len(election.projects)),
        "num_votes": str(len(ballots)),
        "budget": _text(election.budget),
        "vote_type": "approval",
        **dict(meta or {}),
    }
    if election.projects and sum(p.cost for p in election.projects) <= election.budget:
        given["fully_funded"] = "1"  # pabulib's flag for: the budget covers every project
    info = {key: given[key] for key in META_ORDER if key in given}
    info |= {key: value for key, value in given.items() if key not in info}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(info.items())
    writer.writerow(["PROJECTS"])
    writer.writerow(["project_id", "cost", "votes", "name", "selected"])
    for p in projects:
        # A name is one line of text: a CR or LF a resident typed would split the row.
        name = " ".join(p.name.split())
        writer.writerow([p.id, _text(p.cost), votes[p.id], name, int(p.id in chosen)])
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote"])
    for i, ids in enumerate(ballots, start=1):
        writer.writerow([i, ",".join(ids)])
    return out.getvalue()


def _text(amount: Amount) -> str:
    if isinstance(amount, int) or amount.denominator == 1:
        return str(int(amount))
    return str(Decimal(amount.numerator) / Decimal(amount.denominator))
