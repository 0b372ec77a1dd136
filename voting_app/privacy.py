"""Delete what we no longer need: submitters' e-mail addresses and phone numbers, 90 days
after the result; applicants' for the stimuleringsregeling 90 days after the application
ended (afgewezen, or verantwoord).

Run ``wijkwerk privacy-cleanup`` daily (cron or a systemd timer); docs/security.md says why
90 days: long enough to answer questions about the result, no longer.

Every round in the database is covered, also one that staff removed from ``budget.yaml``:
without a result date in the sources, its contact details go 90 days after its last proposal
was sent in, so a deleted or renamed round can never keep them for ever.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select, update

from voting_app.models import Application, Proposal, db
from voting_app.rounds import all_rounds

KEEP_CONTACTS = dt.timedelta(days=90)
_HELD = or_(Proposal.email.is_not(None), Proposal.phone.is_not(None))


def purge_contact_details(today: dt.date) -> int:
    """Remove the e-mail addresses and phone numbers of rounds whose result (or last
    proposal) is over 90 days old; return how many ideas had them."""
    results = {ref.key: ref.ronde.uitslag for ref in all_rounds()}
    held = db.session.execute(
        select(Proposal.wijk, Proposal.ronde, func.max(Proposal.submitted_on))
        .where(_HELD)
        .group_by(Proposal.wijk, Proposal.ronde)
    ).all()
    removed = 0
    for wijk, ronde, last_submitted in held:
        since = results.get((wijk, ronde), last_submitted)
        if today - since > KEEP_CONTACTS:
            result = db.session.execute(
                update(Proposal)
                .where(Proposal.wijk == wijk, Proposal.ronde == ronde, _HELD)
                .values(email=None, phone=None)
            )
            removed += result.rowcount  # type: ignore[attr-defined]
    db.session.commit()
    return removed


def purge_applicant_contacts(today: dt.date) -> int:
    """Remove the contact's name, e-mail address and phone number of stimuleringsregeling
    applications that ended over 90 days ago; return how many had them.

    An application ends when it is turned down (``decided_on``) or accounted for
    (``accounted_on``); until then the gemeente may still need to reach the applicant, for
    the payment or the verantwoording.
    """
    cutoff = today - KEEP_CONTACTS
    ended = or_(
        (Application.status == "afgewezen") & (Application.decided_on < cutoff),
        (Application.status == "verantwoord") & (Application.accounted_on < cutoff),
    )
    held = or_(
        Application.email.is_not(None),
        Application.phone.is_not(None),
        Application.contact_name != "",
    )
    result = db.session.execute(
        update(Application).where(ended, held).values(email=None, phone=None, contact_name="")
    )
    db.session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]
