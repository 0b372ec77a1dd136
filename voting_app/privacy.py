"""Delete what we no longer need: submitters' e-mail addresses, 90 days after the result.

Run ``wijkwerk privacy-cleanup`` daily (cron or a systemd timer); docs/security.md says why
90 days: long enough to answer questions about the result, no longer.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from voting_app.models import Proposal, db
from voting_app.rounds import all_rounds

KEEP_EMAILS = dt.timedelta(days=90)


def purge_emails(today: dt.date) -> int:
    """Remove e-mail addresses of rounds whose result is more than 90 days old."""
    removed = 0
    for ref in all_rounds():
        if today - ref.ronde.uitslag > KEEP_EMAILS:
            wijk, ronde = ref.key
            result = db.session.execute(
                update(Proposal)
                .where(Proposal.wijk == wijk, Proposal.ronde == ronde, Proposal.email.is_not(None))
                .values(email=None)
            )
            removed += result.rowcount  # type: ignore[attr-defined]
    db.session.commit()
    return removed
