"""A demo stemronde for a first look, in any phase: ideas, review, voting, counting.

Only for `wijkwerk serve --demo` on the example data, on this computer, in the demo's own
throwaway database (see ``command_app``): never in a configured one. Without a day to pretend
it is, the demo starts where a round starts, with ideas coming in; ``WIJKWERK_TODAY`` moves
it to a later phase. Each start seeds the round as it would stand in that phase, and prints
the command for the next one.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from voting_app import ballot_box, ballots, code_register, lifecycle
from voting_app.accounts import create_user
from voting_app.counting.election import draw_lottery
from voting_app.models import Proposal, User, db
from voting_app.phases import Phase, phase_of
from voting_app.results import round_state
from voting_app.rounds import RoundRef, all_rounds

IDEAS = [
    (
        "Bankjes langs de beek",
        "Vier bankjes langs het wandelpad, zodat ouderen onderweg kunnen uitrusten.",
        12_000,
    ),
    (
        "Moestuin voor de buurt",
        "Een gezamenlijke moestuin bij het clubhuis, met bakken op "
        "hoogte zodat iedereen mee kan doen.",
        8_500,
    ),
    (
        "Speeltoestel De Weiden",
        "Een klimtoestel voor kinderen van 4 tot 12 jaar in het speelveld van De Weiden.",
        30_000,
    ),
    ("Bloemen voor bijen", "Bloemenstroken langs de Weideweg, gezaaid samen met de school.", 4_000),
]
DEMO_PHONE = "0612345678"  # the first idea's submitter: follow it with its number and this
# Ballots already cast when the demo starts in the counting phase (indexes into IDEAS).
CAST = [(0, 1), (0, 3), (1, 3), (2,), (0, 1, 3)]
_ANSWERED = (Phase.STEMMEN, Phase.TELLEN)


@dataclass(frozen=True)
class Seeded:
    """What the demo prints: how to follow an idea, a vote code, the staff password."""

    phase: Phase
    reference: str | None
    code: str | None
    password: str


def demo_round(today: dt.date, fixed: bool) -> tuple[RoundRef, dt.date]:
    """The round to demonstrate, and the day to pretend it is.

    A ``fixed`` day (WIJKWERK_TODAY) stays as it is. Otherwise the demo opens where a round
    begins: today if some round takes ideas now, else within the ideas phase of the first.
    """
    rounds = all_rounds()
    for ref in rounds:
        phase = phase_of(ref.ronde, None, today)
        if phase is Phase.INDIENEN or (fixed and phase is not Phase.VOORBEREIDING):
            return ref, today
    ref = rounds[0]
    if fixed:
        return ref, today
    ideas = ref.ronde.indienen
    return ref, min(max(today, ideas.van), ideas.tot)


def next_phase(ref: RoundRef, phase: Phase) -> tuple[Phase, dt.date] | None:
    """The next phase the dates lead to, and its first day; None from counting on (staff
    close and publish in the app)."""
    ronde = ref.ronde
    one = dt.timedelta(days=1)
    steps = {
        Phase.VOORBEREIDING: (Phase.INDIENEN, ronde.indienen.van),
        Phase.INDIENEN: (Phase.BEOORDELEN, ronde.indienen.tot + one),
        Phase.BEOORDELEN: (Phase.STEMMEN, ronde.stemmen.van),
        Phase.STEMMEN: (Phase.TELLEN, ronde.stemmen.tot + one),
    }
    return steps.get(phase)


def seed(ref: RoundRef, today: dt.date) -> Seeded:
    """Set the round up as it stands on ``today``; the app's TODAY must be ``today`` too.

    Ideas phase and review: the example ideas are in, not answered yet. Voting: they are on
    the frozen ballot, and there is a vote code. Counting: some ballots are cast as well.
    """
    wijk, ronde = ref.key
    phase = phase_of(ref.ronde, None, today)
    existing = db.session.scalars(
        select(Proposal).where(Proposal.wijk == wijk, Proposal.ronde == ronde)
    ).all()
    reference = existing[0].reference if existing else None
    if not existing and phase is not Phase.VOORBEREIDING:
        reference = _add_ideas(ref, phase, ref.ronde.indienen.van)
    code = None
    if phase in _ANSWERED:
        code = _ballot_and_code(ref, phase)
    return Seeded(phase, reference, code, _demo_login())


def _add_ideas(ref: RoundRef, phase: Phase, sent_on: dt.date) -> str:
    """The example ideas as residents sent them in; answered Nu once the review is over."""
    answered = phase in _ANSWERED
    added = [
        Proposal(
            wijk=ref.wijk.id,
            ronde=ref.ronde.id,
            title=title,
            description=description,
            estimate=cost,
            cost=cost if answered else None,
            own_part="",
            email=None,
            phone=DEMO_PHONE if i == 0 else None,
            submitted_on=sent_on,
            answer="nu" if answered else None,
            published=answered,
        )
        for i, (title, description, cost) in enumerate(IDEAS)
    ]
    db.session.add_all(added)
    db.session.commit()
    return added[0].reference


def _ballot_and_code(ref: RoundRef, phase: Phase) -> str:
    """The lottery, the frozen ballot (in the counting phase with ballots cast); a code."""
    wijk, ronde = ref.key
    row = round_state(ref)
    ids = [str(p.id) for p in ballots.on_ballot(ref)]
    if not row.lottery:
        row.lottery = ",".join(draw_lottery(ids))
    first = code_register.allocate_letters(wijk, ronde, len(CAST) + 1)
    made = [code_register.issue_code(wijk, ronde, first + i) for i in range(len(CAST) + 1)]
    db.session.commit()
    current = lifecycle.state(ref)  # freezes the ballot, as the first visit would
    if phase is Phase.TELLEN:
        for code, picks in zip(made, CAST, strict=False):
            choice = ballots.check_choice(current.ref, [ids[i] for i in picks])
            ballot_box.cast(current.ref, code_register.check_code(current.ref, code), choice)
    return made[-1]


def _demo_login() -> str:
    """A fresh password for the demo's beheerder account."""
    password = secrets.token_urlsafe(12)
    user = db.session.scalars(select(User).where(User.username == "demo")).one_or_none()
    if user is None:
        create_user("demo", password, "beheerder", [])
    else:
        user.password_hash = generate_password_hash(password, method="scrypt")
        db.session.commit()
    return password
