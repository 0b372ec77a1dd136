"""Paper ballots: the printable ballot, and clerks entering the ballots that came in.

A paper ballot goes through the same code check and the same sealed pool as a vote online
(``ballot_box.cast``), so paper and online cannot both count for one letter. The audit log
gets one row per clerk, round and day, never one per ballot.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from voting_app import ballot_box, ballots, code_register, codes, lifecycle
from voting_app.accounts import audit
from voting_app.auth import login_required, may_see
from voting_app.forms import PaperBallotForm
from voting_app.models import AuditEntry, db
from voting_app.rounds import find
from voting_app.staff import refused

bp = Blueprint("paper_staff", __name__, url_prefix="/beheer")
bp.register_error_handler(lifecycle.Refused, refused)


@bp.route("/<wijk>/<ronde>/papier", methods=["GET", "POST"])
@login_required("beheerder", "wijkmanager", "invoerder")
def paper(wijk: str, ronde: str) -> ResponseReturnValue:
    if not may_see(wijk):
        abort(403)
    current = lifecycle.require(find(wijk, ronde), "papier_invoeren")
    ref = current.ref
    form = PaperBallotForm()
    chosen = request.form.getlist("keuze")
    invalid = bool(request.form.get("ongeldig"))  # the second button: an invalid ballot
    error = None
    if request.method == "GET":
        _audit_paper_entry(wijk, ronde)
    if form.validate_on_submit():
        try:
            code_hash = code_register.check_code(ref, form.code.data)
            choice = (
                ballots.ONGELDIG
                if invalid
                else ballots.check_choice(ref, chosen, current.offered())
            )
            lifecycle.lock_open(current, "papier_invoeren")
            ballot_box.cast(ref, code_hash, choice)  # an invalid one is sealed and pooled too
        except (codes.CodeError, ballots.BallotError) as exc:
            error = str(exc)
        else:
            done = (
                "Het ongeldige stembiljet is opgeslagen: het telt mee voor de opkomst, niet "
                "voor een voorstel."
                if invalid
                else "De papieren stem is opgeslagen."
            )
            flash(f"{done} Voer het volgende biljet in.", "ok")
            return redirect(url_for("paper_staff.paper", wijk=wijk, ronde=ronde))
    return render_template(
        "staff/paper.html",
        ref=ref,
        form=form,
        error=error,
        chosen=set(chosen),
        proposals=current.offered(),
    ), (422 if error or form.errors else 200)


def _audit_paper_entry(wijk: str, ronde: str) -> None:
    """One audit row per clerk, round and day, written when the entry page opens.

    Never one per paper ballot: its time would tell when a code was used on paper.
    """
    action, details = "papieren stemmen ingevoerd", f"{wijk}/{ronde}"
    start = dt.datetime.combine(dt.datetime.now(dt.UTC).date(), dt.time())
    seen = db.session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.user_id == g.user.id,
            AuditEntry.action == action,
            AuditEntry.details == details,
            AuditEntry.at >= start,
        )
    )
    if not seen:
        audit(action, details)


@bp.get("/<wijk>/<ronde>/stembiljet")
@login_required("beheerder", "wijkmanager", "invoerder")
def printable_ballot(wijk: str, ronde: str) -> str:
    """The paper ballot to print: the rules in plain Dutch, the proposals with tick boxes."""
    if not may_see(wijk):
        abort(403)
    current = lifecycle.require(find(wijk, ronde), "stembiljet_printen")
    items = [(p.title, p.description, p.cost) for p in current.offered()]
    return render_template(
        "staff/ballot_print.html", ref=current.ref, state=current, proposals=items
    )
