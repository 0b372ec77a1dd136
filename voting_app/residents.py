"""What residents do: read a stemronde, send in an idea, vote with a code.

Voting takes three steps that work without JavaScript: the code, the choice, the check and
confirm. Only a keyed hash of the code travels in the (signed) session between the steps;
the choice travels in the form, and the server checks everything again before casting.
Every step asks ``lifecycle`` whether the round allows it now.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voting_app import ballots, codes, lifecycle
from voting_app.extensions import hit_shared_limit, limiter
from voting_app.forms import CodeForm, ConfirmForm, ProposalForm
from voting_app.models import Proposal, db
from voting_app.rounds import RoundRef, all_rounds, find, today

bp = Blueprint("residents", __name__, url_prefix="/stemmen")

# Code guessing: per client address, per code tried, and for everyone together. Only tries
# that passed the first two count toward the third, so one client cannot use it up.
# docs/security.md works out what these limits mean for someone guessing codes.
CODE_LIMIT_PER_CLIENT = "20 per hour;60 per day"
CODE_LIMIT_PER_CODE = "10 per hour"
CODE_LIMIT_GLOBAL = "1000 per minute"


@bp.errorhandler(lifecycle.Refused)
def refused(error: lifecycle.Refused) -> tuple[str, int]:
    """An action the round does not allow now: the reason, in plain Dutch."""
    return render_template("residents/closed.html", ref=error.ref, message=error.description), 409


@bp.get("/")
def index() -> str:
    rounds = [lifecycle.state(ref) for ref in all_rounds()]
    return render_template("residents/index.html", rounds=rounds, labels=lifecycle.LABELS)


@bp.get("/<wijk>/<ronde>/")
def round_page(wijk: str, ronde: str) -> str:
    current = lifecycle.state(find(wijk, ronde))
    query = (
        select(Proposal)
        .where(Proposal.wijk == wijk, Proposal.ronde == ronde, Proposal.published.is_(True))
        .order_by(Proposal.id)
    )
    proposals = db.session.scalars(query).all()
    frozen = {p.id: p for p in current.ballot.proposals} if current.ballot else {}
    return render_template(
        "residents/round.html",
        ref=current.ref,
        state=current,
        phase=current.phase,
        labels=lifecycle.LABELS,
        proposals=proposals,
        frozen=frozen,
    )


@bp.get("/<wijk>/<ronde>/stembiljet.json")
def frozen_ballot(wijk: str, ronde: str) -> Response:
    """The frozen ballot in its canonical form: its SHA-256 is the published fingerprint."""
    current = lifecycle.state(find(wijk, ronde))
    if current.ballot is None:
        abort(404)
    return Response(current.ballot.text.encode(), mimetype="application/json")


@bp.route("/<wijk>/<ronde>/idee", methods=["GET", "POST"])
@limiter.limit("10 per hour;30 per day", methods=["POST"])
def propose(wijk: str, ronde: str) -> ResponseReturnValue:
    ref = lifecycle.require(find(wijk, ronde), "idee_indienen").ref
    form = ProposalForm()
    if form.validate_on_submit():
        db.session.add(
            Proposal(
                wijk=wijk,
                ronde=ronde,
                title=form.title.data.strip(),
                description=form.description.data.strip(),
                estimate=form.estimate.data,
                own_part=(form.own_part.data or "").strip(),
                email=form.email.data.strip(),
                submitted_on=today(),
            )
        )
        db.session.commit()
        return redirect(url_for("residents.thanks", wijk=wijk, ronde=ronde))
    status = 422 if form.errors else 200
    return render_template("residents/propose.html", ref=ref, form=form), status


@bp.get("/<wijk>/<ronde>/idee/bedankt")
def thanks(wijk: str, ronde: str) -> str:
    return render_template("residents/thanks.html", ref=find(wijk, ronde))


def _typed_code() -> str:
    """Rate-limit key per code tried, so one code cannot be hammered from many addresses."""
    typed = request.form.get("code", "")
    return "code:" + codes.keyed_hash(
        b"rate limit", "".join(typed.split()).replace("-", "").upper()
    )


@bp.route("/<wijk>/<ronde>/stem", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT_PER_CLIENT, methods=["POST"])
@limiter.limit(CODE_LIMIT_PER_CODE, methods=["POST"], key_func=_typed_code)
def enter_code(wijk: str, ronde: str) -> ResponseReturnValue:
    if request.method == "POST":
        hit_shared_limit(CODE_LIMIT_GLOBAL, "all-code-attempts")
    ref = lifecycle.require(find(wijk, ronde), "stemmen").ref
    form = CodeForm()
    if form.validate_on_submit():
        try:
            digest = ballots.check_code(ref, form.code.data)
        except codes.CodeError as exc:
            form.code.errors.append(str(exc))
        else:
            session["stem"] = {"wijk": wijk, "ronde": ronde, "code": digest}
            return redirect(url_for("residents.choose", wijk=wijk, ronde=ronde))
    status = 422 if form.errors else 200
    return render_template("residents/code.html", ref=ref, form=form), status


def _voting(ref: RoundRef) -> str:
    """The code hash of the voter in this round, or abort: no code, no ballot."""
    stem = session.get("stem")
    if not stem or (stem.get("wijk"), stem.get("ronde")) != ref.key:
        abort(redirect(url_for("residents.enter_code", wijk=ref.wijk.id, ronde=ref.ronde.id)))
    return str(stem["code"])


@bp.route("/<wijk>/<ronde>/kies", methods=["GET", "POST"])
def choose(wijk: str, ronde: str) -> ResponseReturnValue:
    ref = lifecycle.require(find(wijk, ronde), "stemmen").ref
    _voting(ref)
    form = ConfirmForm()
    chosen = request.form.getlist("keuze")
    error = None
    if request.form.get("terug"):
        pass  # back from the check: show the ballot with the same choices
    elif request.method == "POST" and form.validate_on_submit():
        try:
            choice = ballots.check_choice(ref, chosen)
        except ballots.BallotError as exc:
            error = str(exc)
        else:
            return render_template("residents/review.html", ref=ref, form=form, choice=choice)
    elif request.method == "POST":
        error = "Het formulier is verlopen. Kies opnieuw."
    return render_template(
        "residents/ballot.html",
        ref=ref,
        form=form,
        chosen=set(chosen),
        proposals=ballots.on_ballot(ref),
        error=error,
    ), (422 if error else 200)


@bp.post("/<wijk>/<ronde>/bevestig")
def confirm(wijk: str, ronde: str) -> ResponseReturnValue:
    current = lifecycle.require(find(wijk, ronde), "stemmen")
    ref = current.ref
    code_hash = _voting(ref)
    form = ConfirmForm()
    chosen = request.form.getlist("keuze")
    if not form.validate_on_submit():
        abort(400)
    try:
        choice = ballots.check_choice(ref, chosen)
        lifecycle.lock_open(current, "stemmen")  # staff may have closed the round just now
        receipt = ballots.cast(ref, code_hash, choice)
    except (ballots.BallotError, codes.CodeError) as exc:
        session.pop("stem", None)
        return render_template("residents/refused.html", ref=ref, message=str(exc)), 409
    session.pop("stem", None)
    return render_template("residents/receipt.html", ref=ref, receipt=receipt, choice=choice)


def too_many(_error: Exception) -> tuple[str, int]:
    """The lock-out page: what happened and when to try again, in plain Dutch."""
    return render_template("residents/too_many.html"), 429
