"""What residents do: read a stemronde and vote with a code (ideas: ``idea_pages``).

Voting takes three steps that work without JavaScript: the code, the choice, the check and
confirm. Only a keyed hash of the code travels in the (signed) session between the steps;
the choice travels in the form, and the server checks everything again before casting.
Every step asks ``lifecycle`` whether the round allows it now.

The QR code on a letter opens the code step with the code in the address
(``/stem?code=...``): the same checks and limits as a typed code, then a redirect to an
address without it (see docs/security.md, *Vote codes*).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from voting_app import (
    ballot_box,
    ballots,
    code_register,
    codes,
    lifecycle,
    phases,
    vote_state,
)
from voting_app.extensions import hit_shared_limit, limiter
from voting_app.forms import CodeForm, ConfirmForm
from voting_app.models import Proposal, db
from voting_app.rounds import RoundRef, all_rounds, find

bp = Blueprint("residents", __name__, url_prefix="/stemmen")

# Code guessing: per client address, per code tried, and for everyone together. Only tries
# that passed the first two count toward the third, so one client cannot use it up.
# docs/security.md works out what these limits mean for someone guessing codes.
CODE_LIMIT_PER_CLIENT = "20 per hour;60 per day"
CODE_LIMIT_PER_CODE = "10 per hour"
CODE_LIMIT_GLOBAL = "1000 per minute"
TOO_MANY_SCANS = "U heeft te vaak een stemcode geprobeerd. Probeer het over een uur opnieuw."


@bp.errorhandler(lifecycle.Refused)
def refused(error: lifecycle.Refused) -> tuple[str, int]:
    """An action the round does not allow now: the reason, in plain Dutch."""
    return render_template("residents/closed.html", ref=error.ref, message=error.description), 409


@bp.get("/")
def index() -> str:
    rounds = [lifecycle.state(ref) for ref in all_rounds()]
    return render_template("residents/index.html", rounds=rounds, labels=phases.LABELS)


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
        labels=phases.LABELS,
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


def _sent_code() -> str | None:
    """The code this request tries: typed in the form, or from a letter's QR code; else None.

    A POST tries only its form field, so a code in the address cannot dodge the per-code limit.
    """
    if request.method == "POST":
        return request.form.get("code", "")
    return request.args.get("code") or None


def _no_code_sent() -> bool:
    return _sent_code() is None


def _typed_code() -> str:
    """Rate-limit key per code tried, so one code cannot be hammered from many addresses."""
    typed = _sent_code() or ""
    return "code:" + codes.keyed_hash(
        b"rate limit", "".join(typed.split()).replace("-", "").upper()
    )


@bp.route("/<wijk>/<ronde>/stem", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT_PER_CLIENT, exempt_when=_no_code_sent)
@limiter.limit(CODE_LIMIT_PER_CODE, key_func=_typed_code, exempt_when=_no_code_sent)
def enter_code(wijk: str, ronde: str) -> ResponseReturnValue:
    sent = _sent_code()
    if sent is not None:
        hit_shared_limit(CODE_LIMIT_GLOBAL, "all-code-attempts")
    if sent and request.method != "POST":
        return _accept_scanned(find(wijk, ronde), sent)
    ref = lifecycle.require(find(wijk, ronde), "stemmen").ref
    form = CodeForm()
    if refusal := session.pop("code_geweigerd", None):
        form.code.errors = [str(refusal)]  # a scanned code that could not vote, see below
    if form.validate_on_submit():
        try:
            digest = code_register.check_code(ref, form.code.data)
        except codes.CodeError as exc:
            form.code.errors.append(str(exc))
        else:
            session["stem"] = {
                "wijk": wijk,
                "ronde": ronde,
                "code": code_register.seal_voter(ref, digest),
            }
            return redirect(url_for("residents.choose", wijk=wijk, ronde=ronde))
    status = 422 if form.errors else 200
    return render_template("residents/code.html", ref=ref, form=form), status


def _accept_scanned(ref: RoundRef, scanned: str) -> ResponseReturnValue:
    """Check a code from a letter's QR code, then go on without it in the address.

    Accepted: on to the ballot, as after typing it. Refused: back to the empty code step with
    the usual message; only the message travels in the session, never the code. A letter can
    arrive before voting opens: then too the answer is a redirect (to the code step, which says
    why voting is not possible now), so no page is ever shown at an address with a code.
    """
    wijk, ronde = ref.key
    back = redirect(url_for("residents.enter_code", wijk=wijk, ronde=ronde), 303)
    try:
        ref = lifecycle.require(ref, "stemmen").ref
    except lifecycle.Refused:
        return back
    try:
        digest = code_register.check_code(ref, scanned)
    except codes.CodeError as exc:
        session["code_geweigerd"] = str(exc)
        return back
    session["stem"] = {"wijk": wijk, "ronde": ronde, "code": code_register.seal_voter(ref, digest)}
    return redirect(url_for("residents.choose", wijk=wijk, ronde=ronde), 303)


@bp.after_request
def _no_code_in_referrers(response: Response) -> Response:
    """An address with a vote code in it is never sent on as a referrer, not even to us.

    Only those answers: the code form itself needs the usual same-origin referrer, because
    Flask-WTF's CSRF check demands one over HTTPS.
    """
    if request.endpoint == "residents.enter_code" and request.args.get("code"):
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _voting(ref: RoundRef) -> str:
    """The code hash of the voter in this round, or abort: no code, no ballot."""
    stem = session.get("stem")
    digest = code_register.voter_digest(ref, stem.get("code")) if isinstance(stem, dict) else None
    if digest is None:
        abort(redirect(url_for("residents.enter_code", wijk=ref.wijk.id, ronde=ref.ronde.id)))
    return digest


@bp.route("/<wijk>/<ronde>/kies", methods=["GET", "POST"])
def choose(wijk: str, ronde: str) -> ResponseReturnValue:
    current = lifecycle.require(find(wijk, ronde), "stemmen")
    ref = current.ref
    _voting(ref)
    form = ConfirmForm()
    chosen = request.form.getlist("keuze")
    error = None
    if request.form.get("terug"):
        pass  # back from the check: show the ballot with the same choices
    elif request.method == "POST" and form.validate_on_submit():
        try:
            choice = ballots.check_choice(ref, chosen, current.offered())
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
        proposals=current.offered(),
        error=error,
    ), (422 if error else 200)


@bp.post("/<wijk>/<ronde>/bevestig")
def confirm(wijk: str, ronde: str) -> ResponseReturnValue:
    # CSRFProtect checked the token before this view (an unchecked post is a 400 page): a
    # form object here would check it again and sign a fresh token no page shows.
    # Who is voting first: the round's lock is taken only for a voter with a code.
    found = find(wijk, ronde)
    code_hash = _voting(found)
    chosen = request.form.getlist("keuze")
    ref = found
    try:
        current = vote_state.for_a_vote(found)
        ref = current.ref
        choice = ballots.check_choice(ref, chosen, current.offered())
        lifecycle.lock_open(current, "stemmen")  # staff may have closed the round just now
        receipt = ballot_box.cast(ref, code_hash, choice, open_with=current.open_with)
    except ballot_box.RoundChanged:  # closed after it was read: say why, as any refusal
        vote_state.forget_vote_row(found)
        lifecycle.require(found, "stemmen")  # raises Refused with the reason
        message = "De stemronde veranderde net. Uw stem is niet opgeslagen. Probeer het opnieuw."
        return render_template("residents/refused.html", ref=ref, message=message), 409
    except (ballots.BallotError, codes.CodeError) as exc:
        session.pop("stem", None)
        return render_template("residents/refused.html", ref=ref, message=str(exc)), 409
    except SQLAlchemyError:  # a timeout, a lost connection (logged without its parameters)
        current_app.logger.exception("a vote in %s/%s could not be stored", wijk, ronde)
        message = (
            "Er ging iets mis bij het opslaan van uw stem. Probeer het over een minuut "
            "opnieuw. Staat er dan dat uw stemcode al gebruikt is? Dan telt uw stem al."
        )
        return render_template("residents/refused.html", ref=ref, message=message), 503
    session.pop("stem", None)
    return render_template("residents/receipt.html", ref=ref, receipt=receipt, choice=choice)


def too_many(_error: Exception) -> ResponseReturnValue:
    """The lock-out page: what happened and when to try again, in plain Dutch.

    A scanned letter that hits a limit is sent on to the address without its code first, so
    the code never stays in the browser's history with a page.
    """
    if request.method == "GET" and request.endpoint == "residents.enter_code" and _sent_code():
        session["code_geweigerd"] = TOO_MANY_SCANS
        return redirect(url_for("residents.enter_code", **(request.view_args or {})), 303)
    tried = _TRIED.get(request.endpoint or "", "dit geprobeerd")
    page = render_template(
        "residents/too_many.html",
        geprobeerd=tried,
        letter=request.endpoint == "residents.enter_code",
        staff=request.endpoint == "auth.login",
    )
    return page, 429


# What the lock-out page says was tried too often, by the limited page.
_TRIED = {
    "residents.enter_code": "een stemcode geprobeerd",
    "auth.login": "een wachtwoord geprobeerd",
    "idea_pages.propose": "een idee ingestuurd",
    "idea_pages.idea_status": "een idee opgezocht",
}
