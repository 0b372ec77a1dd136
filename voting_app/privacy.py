"""Delete what we no longer need: submitters' e-mail addresses, 90 days after the result.

Run ``wijkwerk privacy-cleanup`` daily (cron or a systemd timer); docs/security.md says why
90 days: long enough to answer questions about the result, no longer.

Every round in the database is covered, also one that staff removed from ``budget.yaml``:
without a result date in the sources, its addresses go 90 days after its last proposal was
sent in, so a deleted or renamed round can never keep them for ever.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from voting_app.models import Proposal, db
from voting_app.rounds import all_rounds

KEEP_EMAILS = dt.timedelta(days=90)


def purge_emails(today: dt.date) -> int:
    """Remove e-mail addresses of rounds whose result (or last proposal) is over 90 days old."""
    results = {ref.key: ref.ronde.uitslag for ref in all_rounds()}
    held = db.session.execute(
        select(Proposal.wijk, Proposal.ronde, func.max(Proposal.submitted_on))
        .where(Proposal.email.is_not(None))
        .group_by(Proposal.wijk, Proposal.ronde)
    ).all()
    removed = 0
    for wijk, ronde, last_submitted in held:
        since = results.get((wijk, ronde), last_submitted)
        if today - since > KEEP_EMAILS:
            result = db.session.execute(
                update(Proposal)
                .where(Proposal.wijk == wijk, Proposal.ronde == ronde, Proposal.email.is_not(None))
                .values(email=None)
            )
            removed += result.rowcount  # type: ignore[attr-defined]
    db.session.commit()
    return removed
