"""Residents send in an idea for a stemronde and follow it with its reference number.

Sending one and looking one up are limited per address; a reference number also gets few
failed tries from anywhere, since the e-mail address or phone number given with it is the
key (docs/security.md). The answer staff gave is shown only once it is published.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from voting_app import ideas, lifecycle
from voting_app.extensions import limiter
from voting_app.forms import ProposalForm
from voting_app.idea_forms import IdeaLookupForm
from voting_app.residents import refused
from voting_app.rounds import find, today

bp = Blueprint("idea_pages", __name__, url_prefix="/stemmen")
bp.register_error_handler(lifecycle.Refused, refused)

# Sending an idea and looking one up: a family or a group with a few ideas is never stopped.
IDEA_LIMIT = "10 per hour;30 per day"
# A reference number is no secret: the e-mail address or phone number with it is the key,
# and a phone number could be guessed, so each number gets few failed tries from anywhere.
# Only failures count: someone who knows a number cannot lock its owner out by looking it up
# rightly, but ten wrong tries do lock the number for a day (the page names the phone number).
LOOKUP_LIMIT_PER_REFERENCE = "10 per day"


@bp.route("/<wijk>/<ronde>/idee", methods=["GET", "POST"])
@limiter.limit(IDEA_LIMIT, methods=["POST"])
def propose(wijk: str, ronde: str) -> ResponseReturnValue:
    ref = lifecycle.require(find(wijk, ronde), "idee_indienen").ref
    form = ProposalForm()
    if form.validate_on_submit():
        idea = ideas.submit(wijk, ronde, form.idea_fields(), today())
        # For the thanks page only (a reference number is no secret without the contact).
        session["idee"] = {"wijk": wijk, "ronde": ronde, "nummer": idea.reference}
        return redirect(url_for("idea_pages.thanks", wijk=wijk, ronde=ronde))
    status = 422 if form.errors else 200
    return render_template("residents/propose.html", ref=ref, form=form), status


@bp.get("/<wijk>/<ronde>/idee/bedankt")
def thanks(wijk: str, ronde: str) -> str:
    sent = session.get("idee") or {}
    mine = (sent.get("wijk"), sent.get("ronde")) == (wijk, ronde)
    return render_template(
        "residents/thanks.html",
        ref=find(wijk, ronde),
        reference=sent.get("nummer") if mine else None,
    )


def _reference_tried() -> str:
    """Rate-limit key per reference number, so one cannot be tried from many addresses."""
    return "idee:" + ideas.normal_reference(request.form.get("nummer", ""))[:16]


@bp.route("/mijn-idee", methods=["GET", "POST"])
@limiter.limit(IDEA_LIMIT, methods=["POST"])
@limiter.limit(
    LOOKUP_LIMIT_PER_REFERENCE,
    methods=["POST"],
    key_func=_reference_tried,
    deduct_when=lambda response: response.status_code != 200,  # only tries that failed
)
def idea_status() -> ResponseReturnValue:
    """Follow an idea: its reference number and the e-mail address or phone number with it."""
    form = IdeaLookupForm()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("residents/idea_lookup.html", form=form), status
    idea = ideas.find_for_submitter(form.nummer.data, form.contact.data)
    if idea is None:
        form.nummer.errors = [*form.nummer.errors, ideas.NOT_FOUND]
        return render_template("residents/idea_lookup.html", form=form), 422
    current = lifecycle.state(find(idea.wijk, idea.ronde))
    return render_template(
        "residents/idea_status.html",
        idea=idea,
        ref=current.ref,
        status=ideas.status(idea, current),
    )
