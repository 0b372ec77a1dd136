"""What residents do: read a stemronde, send in an idea, vote with a code.

Voting takes three steps that work without JavaScript: the code, the choice, the check and
confirm. Only a keyed hash of the code travels in the (signed) session between the steps;
the choice travels in the form, and the server checks everything again before casting.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voting_app import ballots, codes
from voting_app.extensions import limiter
from voting_app.forms import CodeForm, ConfirmForm, ProposalForm
from voting_app.models import Proposal, db
from voting_app.rounds import RoundRef, all_rounds, find, today

bp = Blueprint("residents", __name__, url_prefix="/stemmen")

# Code guessing: per client address, per code tried, and for everyone together.
# docs/security.md works out what these limits mean for someone guessing codes.
CODE_LIMIT_PER_CLIENT = "20 per hour;60 per day"
CODE_LIMIT_PER_CODE = "10 per hour"
CODE_LIMIT_GLOBAL = "1000 per minute"


@bp.get("/")
def index() -> str:
    rounds = [(ref, ref.ronde.phase(today())) for ref in all_rounds()]
    return render_template("residents/index.html", rounds=rounds)


@bp.get("/<wijk>/<ronde>/")
def round_page(wijk: str, ronde: str) -> str:
    ref = find(wijk, ronde)
    query = (
        select(Proposal)
        .where(Proposal.wijk == wijk, Proposal.ronde == ronde, Proposal.published.is_(True))
        .order_by(Proposal.id)
    )
    proposals = db.session.scalars(query).all()
    return render_template(
        "residents/round.html", ref=ref, phase=ref.ronde.phase(today()), proposals=proposals
    )


@bp.route("/<wijk>/<ronde>/idee", methods=["GET", "POST"])
@limiter.limit("10 per hour;30 per day", methods=["POST"])
def propose(wijk: str, ronde: str) -> ResponseReturnValue:
    ref = find(wijk, ronde)
    if ref.ronde.phase(today()) != "indienen":
        return render_template("residents/closed.html", ref=ref, what="ideeën insturen"), 409
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
@limiter.limit(CODE_LIMIT_GLOBAL, methods=["POST"], key_func=lambda: "all-code-attempts")
def enter_code(wijk: str, ronde: str) -> ResponseReturnValue:
    ref = find(wijk, ronde)
    if ref.ronde.phase(today()) != "stemmen":
        return render_template("residents/closed.html", ref=ref, what="stemmen"), 409
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
    ref = find(wijk, ronde)
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
    ref = find(wijk, ronde)
    code_hash = _voting(ref)
    form = ConfirmForm()
    chosen = request.form.getlist("keuze")
    if not form.validate_on_submit():
        abort(400)
    try:
        choice = ballots.check_choice(ref, chosen)
        receipt = ballots.cast(ref, code_hash, choice)
    except (ballots.BallotError, codes.CodeError) as exc:
        session.pop("stem", None)
        return render_template("residents/refused.html", ref=ref, message=str(exc)), 409
    session.pop("stem", None)
    return render_template("residents/receipt.html", ref=ref, receipt=receipt, choice=choice)


def too_many(_error: Exception) -> tuple[str, int]:
    """The lock-out page: what happened and when to try again, in plain Dutch."""
    return render_template("residents/too_many.html"), 429
