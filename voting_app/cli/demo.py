"""A demo stemronde for a first look: proposals on the ballot, a vote code, a staff login.

Only for `wijkwerk serve --demo` on the example data, on this computer, in the demo's own
throwaway database (see ``command_app``): never in a configured one.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select

from voting_app.accounts import create_user
from voting_app.ballots import issue_code
from voting_app.counting.election import draw_lottery
from voting_app.models import Proposal, User, db
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


def demo_round(today: dt.date) -> tuple[RoundRef, dt.date]:
    """The round to demonstrate, and the day to pretend it is (within its voting phase)."""
    rounds = all_rounds()
    for ref in rounds:
        if ref.ronde.phase(today) == "stemmen":
            return ref, today
    ref = rounds[0]
    voting = ref.ronde.stemmen
    return ref, min(max(today, voting.van), voting.tot)


def seed(ref: RoundRef, today: dt.date) -> tuple[str, str]:
    """Make sure the round has a ballot; return a fresh vote code and the staff password."""
    wijk, ronde = ref.key
    existing = db.session.scalars(
        select(Proposal).where(Proposal.wijk == wijk, Proposal.ronde == ronde)
    ).all()
    if not existing:
        for title, description, cost in IDEAS:
            db.session.add(
                Proposal(
                    wijk=wijk,
                    ronde=ronde,
                    title=title,
                    description=description,
                    estimate=cost,
                    cost=cost,
                    own_part="",
                    email=None,
                    submitted_on=today,
                    answer="nu",
                    published=True,
                )
            )
        db.session.flush()
    state = round_state(ref)
    if not state.lottery:
        ids = db.session.scalars(
            select(Proposal.id).where(Proposal.wijk == wijk, Proposal.ronde == ronde)
        )
        state.lottery = ",".join(draw_lottery(str(i) for i in ids))
    code = issue_code(wijk, ronde, state.next_letter)
    state.next_letter += 1
    db.session.commit()
    password = secrets.token_urlsafe(12)
    user = db.session.scalars(select(User).where(User.username == "demo")).one_or_none()
    if user is None:
        create_user("demo", password, "beheerder", [])
    else:
        from werkzeug.security import generate_password_hash

        user.password_hash = generate_password_hash(password, method="scrypt")
        db.session.commit()
    return code, password
