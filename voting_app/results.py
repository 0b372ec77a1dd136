"""Close a stemronde, count it, and write the result back into the sources.

The result goes to ``wijken/<wijk>/stemrondes/<ronde>.yaml`` (machine-owned; people never
edit it) and the anonymous ballots to ``<ronde>.pb`` beside it, both written atomically under
a lock and checked through ``generator.sources``. Then the site is rebuilt, so the wijk pages
show the result.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from flask import current_app
from sqlalchemy import func, select

from generator import build as site_build
from generator import sources
from generator.model import Uitslag, UitslagVoorstel
from generator.output import write_atomic
from voting_app.ballots import on_ballot
from voting_app.counting import explain, pabulib, rules
from voting_app.counting.election import Ballot as TallyBallot
from voting_app.counting.election import Election, Project, TieBreak
from voting_app.counting.outcome import Outcome
from voting_app.models import Ballot, Proposal, Round, VoteCode, db
from voting_app.rounds import RoundRef, today, wijken_dir

RESULT_HEADER = "# Geschreven door de stemapp van Wijkwerk. Niet met de hand aanpassen.\n"


class PublishError(Exception):
    """The result could not be published; nothing in the sources was changed."""


def round_state(ref: RoundRef) -> Round:
    wijk, ronde = ref.key
    state = db.session.get(Round, (wijk, ronde))
    if state is None:
        state = Round(wijk=wijk, ronde=ronde, lottery="", next_letter=1, closed=False)
        db.session.add(state)
        db.session.flush()
    return state


def election(ref: RoundRef) -> Election:
    """The round as a count sees it: proposals on the ballot and the anonymous ballots."""
    wijk, ronde = ref.key
    projects = tuple(Project(str(p.id), p.cost or 0, p.title) for p in on_ballot(ref))
    rows = db.session.scalars(
        select(Ballot.choices).where(Ballot.wijk == wijk, Ballot.ronde == ronde)
    )
    ballots = tuple(TallyBallot.approval(c.split(",") if c else []) for c in rows)
    return Election(projects, ballots, ref.ronde.bedrag)


def publish(ref: RoundRef) -> list[str]:
    """Close, count, write back, rebuild; return the steps done, in plain Dutch."""
    return list(publish_steps(ref))


def publish_steps(ref: RoundRef) -> Iterator[str]:
    """Close, count, write back, rebuild: yield each step, in plain Dutch, once it is done."""
    state = round_state(ref)
    state.closed = True
    db.session.commit()
    yield "De stemronde is gesloten: er kan niet meer gestemd worden."
    counted = election(ref)
    tie_break = TieBreak("cost", tuple(i for i in state.lottery.split(",") if i))
    outcome = rules.count(counted, ref.ronde.telmethode, tie_break)
    rule = rules.RULES[ref.ronde.telmethode].words.naam
    yield f"{len(counted.ballots)} stemmen geteld met de regel '{rule}'."
    result = _result(ref, counted, outcome, tie_break)
    ballots_text = pabulib.write(counted, outcome.funded, meta=_pb_meta(ref))
    _write_checked(ref, _dump(result), ballots_text)
    yield f"De uitslag staat in wijken/{ref.wijk.id}/stemrondes/{ref.ronde.id}.yaml."
    state.published_on = today()
    db.session.commit()
    if current_app.config.get("REBUILD_SITE", True):
        root = Path(current_app.config["WIJKWERK_ROOT"])
        site_build.build(site_build.Project.at(root), today())
        yield "De website is opnieuw gebouwd."


def _result(ref: RoundRef, counted: Election, outcome: Outcome, tie_break: TieBreak) -> Uitslag:
    wijk, ronde = ref.key
    texts = explain.explanations(counted, outcome)
    issued = db.session.scalar(
        select(func.count())
        .select_from(VoteCode)
        .where(VoteCode.wijk == wijk, VoteCode.ronde == ronde, VoteCode.status != "void")
    )
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.wijk == wijk, Proposal.ronde == ronde, Proposal.published.is_(True))
        .order_by(Proposal.id)
    ).all()
    items: list[UitslagVoorstel] = []
    for p in proposals:
        item: dict[str, Any] = {
            "id": str(p.id),
            "titel": p.title,
            "omschrijving": p.description,
            "antwoord": p.answer or "nooit",
        }
        if p.on_ballot:
            item |= {
                "kosten": p.cost,
                "stemmen": outcome.votes[str(p.id)],
                "gekozen": str(p.id) in outcome.funded,
                "uitleg": texts[str(p.id)],
            }
        elif p.answer == "ooit":
            item |= {"voorwaarden": p.conditions, "uitsluitsel": p.answer_by}
        else:
            item |= {"reden": p.reason or "Dit voorstel is niet beoordeeld."}
        items.append(UitslagVoorstel.model_validate(item))
    return Uitslag.model_validate(
        {
            "ronde": ronde,
            "titel": ref.ronde.titel,
            "vastgesteld": today(),
            "telmethode": ref.ronde.telmethode,
            "gelijke_stand": tie_break.describe(),
            "loting": list(tie_break.lottery),
            "bedrag": ref.ronde.bedrag,
            "stemcodes": issued or 0,
            "stemmen": len(counted.ballots),
            "gekozen_kosten": int(outcome.cost),
            "voorstellen": items,
        }
    )


def _dump(result: Uitslag) -> str:
    """The result file's YAML: the fields that were set, in the model's order.

    The generator reads this file back through the same ``Uitslag`` model, so the app and
    the site cannot disagree on its format.
    """
    data = result.model_dump(mode="python", exclude_unset=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _pb_meta(ref: RoundRef) -> dict[str, str]:
    return {
        "description": ref.ronde.titel,
        "country": "Netherlands",
        "unit": ref.wijk.naam,
        "instance": ref.ronde.id,
        "rule": rules.RULES[ref.ronde.telmethode].words.pabulib,
        "currency": "EUR",
    }


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_checked(ref: RoundRef, result_yaml: str, ballots_pb: str) -> None:
    """Write both files, check the sources still load, and restore them if not."""
    folder = wijken_dir() / ref.wijk.id / "stemrondes"
    files = {
        folder / f"{ref.ronde.id}.yaml": RESULT_HEADER + result_yaml,
        folder / f"{ref.ronde.id}.pb": ballots_pb,
    }
    with _locked(folder):
        before = {path: path.read_bytes() if path.exists() else None for path in files}
        for path, text in files.items():
            write_atomic(path, text.encode())
        try:
            sources.load(wijken_dir())
        except sources.SourcesInvalid as exc:
            for path, old in before.items():
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    write_atomic(path, old)
            raise PublishError(str(exc)) from exc
