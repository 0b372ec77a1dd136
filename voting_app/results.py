"""Close a stemronde, count it, and write the result back into the sources.

The result goes to ``wijken/<wijk>/stemrondes/<ronde>.yaml`` and the anonymous ballots to
``<ronde>.pb`` beside it (``result_files``: written all or nothing). Then the site is
rebuilt, so the wijk pages show the result, and only then is the round marked published.

Counting uses the frozen ballot (``lifecycle``): its proposals, rules and lottery, whatever
the sources or the proposal rows say later. Publishing is idempotent and can be retried: a
publish that stops half-way (an error, a killed worker, a closed browser) leaves the round
closed and not published; publishing again writes byte-identical files and finishes.
"""

from __future__ import annotations

import fcntl
from collections.abc import Generator
from pathlib import Path
from typing import IO

from flask import current_app
from sqlalchemy import select, update

from generator import build as site_build
from generator.formatting import aantal
from voting_app import frozen_ballot, lifecycle, vote_state
from voting_app.ballot_pool import flush_pending
from voting_app.ballots import INVALID, on_ballot
from voting_app.counting import pb_write, rules
from voting_app.counting.election import Ballot as TallyBallot
from voting_app.counting.election import Election, Project, TieBreak
from voting_app.models import Ballot, Round, db
from voting_app.phases import Phase
from voting_app.result_files import PublishError, dump, pb_meta, restore, result_of, write_checked
from voting_app.rounds import RoundRef, today, wijken_dir


def round_state(ref: RoundRef) -> Round:
    """The round's row (made once, even when requests race): see ``lifecycle.round_row``."""
    return lifecycle.round_row(ref)


def election(current: lifecycle.State) -> Election:
    """The round as a count sees it: the frozen ballot's proposals and the anonymous ballots.

    Invalid paper ballots are left out: they count for turnout (``ongeldig``), not here, so
    they are not in the ``.pb`` either.
    """
    assert current.ballot is not None, "a round is counted only after its ballot froze"
    wijk, ronde = current.ref.key
    projects = tuple(Project(p.id, p.kosten, p.titel) for p in current.ballot.proposals)
    rows = db.session.scalars(
        select(Ballot.choices)
        .where(Ballot.wijk == wijk, Ballot.ronde == ronde)
        .where(Ballot.choices != INVALID)
    )
    ballots = tuple(TallyBallot.approval(c.split(",") if c else []) for c in rows)
    return Election(projects, ballots, current.ref.ronde.bedrag)


def close(ref: RoundRef) -> bool:
    """Close the round for good: no ballot online or on paper after this, whatever the dates
    say. True if this call closed it (False: it already was).

    One conditional UPDATE, which waits for ballots being stored right now
    (``lifecycle.lock_open``); then the ballots still in the pool go into the box.
    """
    lifecycle.round_row(ref)
    closed = db.session.execute(
        update(Round)
        .where(Round.wijk == ref.wijk.id, Round.ronde == ref.ronde.id, Round.closed.is_(False))
        .values(closed=True, closed_on=today())
    )
    db.session.commit()
    vote_state.forget_vote_row(ref)  # this worker's next vote reads the closed round
    _move_everything(ref)
    return bool(closed.rowcount == 1)  # type: ignore[attr-defined]


UNREADABLE = (
    "Er zijn stembiljetten die de stemapp niet kan openen. Dat gebeurt als de sleutel van de "
    "stemapp (CODE_KEY) is veranderd, of als iemand de database heeft aangepast. Er is niets "
    "geteld. Neem contact op met de beheerder van de server."
)


def _move_everything(ref: RoundRef) -> None:
    """The pool into the box before counting; a ballot that does not unseal stops the count
    with a Dutch message (counting without it would publish a wrong result)."""
    try:
        flush_pending(ref, everything=True)
    except ValueError:
        db.session.rollback()
        raise PublishError(UNREADABLE) from None


class PublishLock:
    """One publish of a round at a time: a non-blocking lock on a file beside the result.

    The kernel drops the lock when the process holding it dies, so a killed worker never
    blocks the next try. ``release`` may be called more than once.
    """

    def __init__(self, ref: RoundRef) -> None:
        folder = wijken_dir() / ref.wijk.id / "stemrondes"
        folder.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = open(folder / ".publish.lock", "w")  # noqa: SIM115
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.release()
            raise lifecycle.Refused(
                ref,
                "Deze uitslag wordt op dit moment al gepubliceerd. Wacht tot dat klaar is en "
                "kijk dan op de pagina van de stemronde.",
            ) from None

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the file drops the lock
            self._file = None


def publish(ref: RoundRef) -> list[str]:
    """Close, count, write back, rebuild, mark published; return the steps, in plain Dutch."""
    lock = PublishLock(ref)
    try:
        return list(publish_steps(ref))
    finally:
        lock.release()


def publish_steps(ref: RoundRef) -> Generator[str, None, None]:
    """Close, count, write back, rebuild, and only then mark the round published; yield each
    step, in plain Dutch, once it is done. The caller holds the ``PublishLock``.

    Nothing is marked published before the result files and the site are written. When a
    step fails, or the stream is closed half-way, the result files are put back as they
    were; only a killed process can leave a written result file behind, and the next try
    writes the same bytes again (the result is dated the day of closing).
    """
    current = lifecycle.require(ref, "publiceren")
    if current.phase is Phase.TELLEN:
        close(ref)
        yield "De stemronde is gesloten: er kan niet meer gestemd worden."
    else:
        _move_everything(ref)  # the ballots still in the pool go into the box before counting
        yield "De stemronde was al gesloten: er kan niet meer gestemd worden."
    current = lifecycle.state(ref)
    _check_unchanged(current)
    ref = current.ref  # with the frozen ballot rules
    counted = election(current)
    tie_break = TieBreak("cost", current.lottery)
    outcome = rules.count(counted, ref.ronde.telmethode, tie_break)
    rule = rules.RULES[ref.ronde.telmethode].words.naam
    yield f"{aantal(len(counted.ballots), 'stem', 'stemmen')} geteld met de regel '{rule}'."
    result = result_of(current, counted, outcome, tie_break)
    ballots_text = pb_write.write(
        counted, outcome.funded, meta=pb_meta(ref, outcome, tie_break), tie_break=tie_break
    )
    before = write_checked(ref, dump(result), ballots_text)
    rebuild = bool(current_app.config.get("REBUILD_SITE", True))
    try:
        yield f"De uitslag staat in wijken/{ref.wijk.id}/stemrondes/{ref.ronde.id}.yaml."
        if rebuild:
            root = Path(current_app.config["WIJKWERK_ROOT"])
            site_build.build(site_build.Project.at(root), today())
        db.session.execute(
            update(Round)
            .where(Round.wijk == ref.wijk.id, Round.ronde == ref.ronde.id)
            .where(Round.published_on.is_(None))
            .values(published_on=today())
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        restore(before)
        raise
    if rebuild:
        yield "De website is opnieuw gebouwd."
    yield "De uitslag is gepubliceerd."


def _check_unchanged(current: lifecycle.State) -> None:
    """Refuse to count when the proposals in the database no longer match the frozen ballot.

    The app refuses every change once voting opens; a difference means someone changed the
    database by hand, and then nobody can say what residents voted on.
    """
    assert current.ballot is not None
    now = frozen_ballot.canonical(current.ref, on_ballot(current.ref), current.ballot.lottery)
    if frozen_ballot.fingerprint(now) != current.ballot.fingerprint:
        raise PublishError(
            "De voorstellen in de database zijn veranderd sinds het stemmen begon: ze passen "
            f"niet meer bij de vingerafdruk van het stembiljet ({current.ballot.fingerprint}). "
            "Er is niets gepubliceerd. Zet de voorstellen terug zoals ze op het stembiljet "
            "stonden en publiceer opnieuw."
        )
