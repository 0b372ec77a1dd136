"""What a published result is, and how it is written into the sources, all or nothing.

The result goes to ``wijken/<wijk>/stemrondes/<ronde>.yaml`` (machine-owned; people never
edit it) and the anonymous ballots to ``<ronde>.pb`` beside it, both written atomically under
a lock and checked through ``generator.sources``: sources that no longer load put both files
back as they were. ``results`` decides when (closing, counting, publishing).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select

from generator import sources
from generator.model import Uitslag, UitslagVoorstel
from generator.output import write_atomic
from voting_app import lifecycle
from voting_app.ballot_box import turnout
from voting_app.counting import explain, pb_write
from voting_app.counting.election import Election, TieBreak
from voting_app.counting.outcome import Outcome
from voting_app.models import Proposal, VoteCode, db
from voting_app.rounds import RoundRef, forget_sources, today, wijken_dir

RESULT_HEADER = "# Geschreven door de stemapp van Wijkwerk. Niet met de hand aanpassen.\n"


class PublishError(Exception):
    """The result could not be published; nothing in the sources was changed."""


def result_of(
    current: lifecycle.State, counted: Election, outcome: Outcome, tie_break: TieBreak
) -> Uitslag:
    assert current.ballot is not None
    assert current.row is not None
    ref = current.ref
    wijk, ronde = ref.key
    texts = explain.explanations(counted, outcome)
    issued = db.session.scalar(
        select(func.count())
        .select_from(VoteCode)
        .where(VoteCode.wijk == wijk, VoteCode.ronde == ronde, VoteCode.status != "void")
    )
    on_the_ballot = {p.id: p for p in current.ballot.proposals}
    others = db.session.scalars(
        select(Proposal)
        .where(Proposal.wijk == wijk, Proposal.ronde == ronde, Proposal.published.is_(True))
        .order_by(Proposal.id)
    ).all()
    items: dict[int, dict[str, Any]] = {}
    for v in on_the_ballot.values():
        items[int(v.id)] = {
            "id": v.id,
            "titel": v.titel,
            "omschrijving": v.omschrijving,
            "antwoord": "nu",
            "kosten": v.kosten,
            "stemmen": outcome.votes[v.id],
            "gekozen": v.id in outcome.funded,
            "uitleg": texts[v.id],
        }
    for p in others:
        if str(p.id) in on_the_ballot:
            continue
        item: dict[str, Any] = {
            "id": str(p.id),
            "titel": p.title,
            "omschrijving": p.description,
            "antwoord": "ooit" if p.answer == "ooit" else "nooit",
        }
        if p.answer == "ooit":
            item |= {"voorwaarden": p.conditions, "uitsluitsel": p.answer_by}
        else:
            item |= {"reden": p.reason or "Dit voorstel is niet beoordeeld."}
        items[p.id] = item
    voorstellen = [UitslagVoorstel.model_validate(items[i]) for i in sorted(items)]
    return Uitslag.model_validate(
        {
            "ronde": ronde,
            "titel": ref.ronde.titel,
            "vastgesteld": current.row.closed_on or today(),
            "telmethode": ref.ronde.telmethode,
            "gelijke_stand": tie_break.describe(),
            "loting": list(tie_break.lottery),
            "bedrag": ref.ronde.bedrag,
            "stemcodes": issued or 0,
            "stemmen": len(counted.ballots),
            "ongeldig": turnout(ref).invalid,  # the pool is empty: closing moved it
            "gekozen_kosten": int(outcome.cost),
            "voorstellen": voorstellen,
            "vingerafdruk": current.ballot.fingerprint,
        }
    )


def dump(result: Uitslag) -> str:
    """The result file's YAML: the fields that were set, in the model's order.

    The generator reads this file back through the same ``Uitslag`` model, so the app and
    the site cannot disagree on its format.
    """
    data = result.model_dump(mode="python", exclude_unset=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def pb_meta(ref: RoundRef, outcome: Outcome, tie_break: TieBreak) -> dict[str, str]:
    """The ``.pb`` META: where and when, the ballot rules, and what a recount needs."""
    ronde, regels = ref.ronde, ref.ronde.regels
    meta = {
        "description": ronde.titel,
        "country": "Netherlands",
        "unit": ref.wijk.naam,
        "instance": ronde.id,
        "date_begin": f"{ronde.stemmen.van:%d.%m.%Y}",
        "date_end": f"{ronde.stemmen.tot:%d.%m.%Y}",
        "min_length": str(regels.min_keuzes),
        "language": "nl",
        "currency": "EUR",
    }
    if regels.max_keuzes is not None and outcome.votes:
        # What a ballot could hold: pabulib refuses a maximum above the number of proposals.
        meta["max_length"] = str(min(regels.max_keuzes, len(outcome.votes)))
    if regels.max_bedrag is not None:
        meta["max_sum_cost"] = str(regels.max_bedrag)
    return meta | pb_write.recount_meta(ronde.telmethode, outcome, tie_break)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_checked(ref: RoundRef, result_yaml: str, ballots_pb: str) -> dict[Path, bytes | None]:
    """Write both files, check the sources still load, and restore them if not; return what
    the files held before (None: absent), for :func:`restore`."""
    folder = wijken_dir() / ref.wijk.id / "stemrondes"
    files = {
        folder / f"{ref.ronde.id}.yaml": RESULT_HEADER + result_yaml,
        folder / f"{ref.ronde.id}.pb": ballots_pb,
    }
    with _locked(folder):
        before = {path: path.read_bytes() if path.exists() else None for path in files}
        for path, text in files.items():
            write_atomic(path, text.encode())
        forget_sources()
        try:
            sources.load(wijken_dir())
        except sources.SourcesInvalid as exc:
            _put_back(before)
            raise PublishError(str(exc)) from exc
    return before


def restore(before: dict[Path, bytes | None]) -> None:
    """Put the result files back as they were before this publish."""
    with _locked(next(iter(before)).parent):
        _put_back(before)


def _put_back(before: dict[Path, bytes | None]) -> None:
    for path, old in before.items():
        if old is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, old)
    forget_sources()
