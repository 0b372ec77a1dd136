"""What staff do with a round: review proposals, draw the lottery, close, count and publish.

Vote codes are ``codes_staff``'s, paper ballots ``paper_staff``'s, ideas typed in by staff
``ideas_staff``'s. Every action goes to the audit log. Wijkmanagers only see their own wijken;
invoerders only enter paper ballots.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_template,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from generator import build as building
from generator import sources
from voting_app import (
    ballot_box,
    ballots,
    ideas,
    lifecycle,
    phases,
    results,
    round_checks,
)
from voting_app.accounts import audit
from voting_app.auth import MANAGERS, login_required, may_see, require_wijk
from voting_app.counting.election import draw_lottery
from voting_app.forms import (
    CodesForm,
    ConfirmForm,
    ReissueForm,
    ReviewForm,
)
from voting_app.models import AuditEntry, Ballot, Proposal, VoteCode, db
from voting_app.rounds import RoundRef, all_rounds, find

bp = Blueprint("staff", __name__, url_prefix="/beheer")


@bp.errorhandler(lifecycle.Refused)
def refused(error: lifecycle.Refused) -> tuple[str, int]:
    """An action the round does not allow now: the reason, in plain Dutch; nothing changed."""
    return render_template("staff/closed.html", ref=error.ref, message=error.description), 409


@bp.get("/")
@login_required()
def dashboard() -> str:
    rounds = [lifecycle.state(ref) for ref in all_rounds() if may_see(ref.wijk.id)]
    return render_template("staff/dashboard.html", rounds=rounds, stats=_stats)


def _stats(ref: RoundRef) -> dict[str, int]:
    wijk, ronde = ref.key
    cast = ballot_box.turnout(ref)

    def count(model: type[Proposal] | type[VoteCode] | type[Ballot], *where: Any) -> int:
        query = select(func.count()).select_from(model)
        return db.session.scalar(query.where(model.wijk == wijk, model.ronde == ronde, *where)) or 0

    return {
        "voorstellen": count(Proposal),
        "codes": count(VoteCode, VoteCode.status != "void"),
        "gebruikt": count(VoteCode, VoteCode.status == "used"),
        "stemmen": cast.valid,
        "ongeldig": cast.invalid,
        "onleesbaar": cast.unreadable,
    }


@bp.get("/<wijk>/<ronde>/")
@login_required(*MANAGERS)
def round_admin(wijk: str, ronde: str) -> str:
    require_wijk(wijk)
    current = lifecycle.state(find(wijk, ronde))
    query = select(Proposal).where(Proposal.wijk == wijk, Proposal.ronde == ronde)
    proposals = db.session.scalars(query.order_by(Proposal.id)).all()
    titles = {str(p.id): p.title for p in proposals}
    return render_template(
        "staff/round.html",
        ref=current.ref,
        proposals=proposals,
        stats=_stats(current.ref),
        state=current,
        refusals={action: current.refusal(action) for action in phases.ACTIONS},
        problems=round_checks.problems(current),
        lottery=[titles.get(i, i) for i in current.lottery],
        codes_form=CodesForm(),
        reissue_form=ReissueForm(),
        confirm=ConfirmForm(),
    )


@bp.route("/<wijk>/<ronde>/voorstel/<int:pid>", methods=["GET", "POST"])
@login_required(*MANAGERS)
def review(wijk: str, ronde: str, pid: int) -> ResponseReturnValue:
    require_wijk(wijk)
    current = lifecycle.state(find(wijk, ronde))
    ref = current.ref
    proposal = db.session.get(Proposal, pid)
    if proposal is None or (proposal.wijk, proposal.ronde) != ref.key:
        abort(404)
    refusal = current.refusal("voorstel_beoordelen")
    if refusal and request.method == "POST":
        raise lifecycle.Refused(ref, refusal)
    form = ReviewForm(obj=proposal if request.method == "GET" else None)
    if form.validate_on_submit() and not _too_expensive(ref, form):
        was_on_ballot = proposal.on_ballot
        proposal.cost = form.cost.data
        proposal.answer = form.answer.data or None
        proposal.conditions = form.conditions.data or None
        proposal.answer_by = form.answer_by.data
        proposal.reason = form.reason.data or None
        proposal.published = bool(form.published.data)
        lottery_void = proposal.on_ballot != was_on_ballot and bool(current.lottery)
        if lottery_void:
            lifecycle.round_row(ref).lottery = ""
        db.session.commit()
        audit(
            "voorstel beoordeeld",
            f"{wijk}/{ronde} voorstel {pid}: antwoord "
            f"{proposal.answer or '-'}, kosten {proposal.cost or '-'}, "
            f"{'gepubliceerd' if proposal.published else 'verborgen'}"
            f"{'; de loting is vervallen' if lottery_void else ''}",
        )
        flash("Het antwoord is opgeslagen.", "ok")
        if lottery_void:
            flash(
                "Het stembiljet is veranderd, dus de loting is vervallen. Trek de loting "
                "opnieuw voor het stemmen begint.",
                "fout",
            )
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    return render_template(
        "staff/review.html",
        ref=ref,
        proposal=proposal,
        form=form,
        refusal=refusal,
        channels=ideas.CHANNELS,
    ), (422 if form.errors else 200)


def _too_expensive(ref: RoundRef, form: ReviewForm) -> bool:
    """A Nu answer for more than the round (or one ballot) may cost: an error on the form."""
    if form.answer.data != "nu" or not form.cost.data:
        return False
    why = round_checks.too_expensive(ref.ronde, form.cost.data)
    if why:
        form.cost.errors.append(why)
    return why is not None


@bp.post("/<wijk>/<ronde>/loting")
@login_required(*MANAGERS)
def lottery(wijk: str, ronde: str) -> ResponseReturnValue:
    require_wijk(wijk)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ref = lifecycle.require(find(wijk, ronde), "loting_trekken").ref
    ids = [str(p.id) for p in ballots.on_ballot(ref)]
    if not ids:
        flash(
            "Er staan nog geen voorstellen op het stembiljet: geef eerst ideeën het antwoord Nu.",
            "fout",
        )
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    row = lifecycle.round_row(ref)
    row.lottery = ",".join(draw_lottery(ids))
    db.session.commit()
    audit("loting getrokken", f"{wijk}/{ronde}: {row.lottery}")
    flash("De loting is getrokken en staat bij de stemronde.", "ok")
    return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))


@bp.post("/<wijk>/<ronde>/sluit")
@login_required(*MANAGERS)
def close(wijk: str, ronde: str) -> ResponseReturnValue:
    """Close the round for good, without publishing yet: no ballot online or on paper."""
    require_wijk(wijk)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ref = lifecycle.require(find(wijk, ronde), "sluiten").ref
    try:
        closed = results.close(ref)
    except results.PublishError as exc:  # closed, but the pool does not open: say so
        audit("stemronde gesloten", f"{wijk}/{ronde}: {exc}")
        flash(str(exc), "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    if closed:
        audit("stemronde gesloten", f"{wijk}/{ronde}")
    flash(
        "De stemronde is gesloten: er kan niet meer gestemd worden, ook niet op papier. "
        "Publiceer nu de uitslag.",
        "ok",
    )
    return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))


@bp.post("/<wijk>/<ronde>/sluiten")
@login_required(*MANAGERS)
def publish(wijk: str, ronde: str) -> ResponseReturnValue:
    """Close (if not yet), count, write back, rebuild, publish; the steps stream to the page.

    The lock is held until the stream ends, however it ends; a second press meanwhile, or
    after the round is published, gets the reason and changes nothing.
    """
    require_wijk(wijk)
    ref = find(wijk, ronde)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    lock = results.PublishLock(ref)
    try:
        lifecycle.require(ref, "publiceren")
    except lifecycle.Refused:
        lock.release()
        raise
    audit("uitslag gestart", f"{wijk}/{ronde}")
    response = Response(
        stream_template(
            "staff/published.html",
            ref=ref,
            steps=_audited(ref, results.publish_steps(ref), int(g.user.id), lock),
        )
    )
    response.call_on_close(lock.release)  # also when the stream never started
    return response


def _audited(
    ref: RoundRef, steps: Iterator[str], who: int, lock: results.PublishLock
) -> Iterator[tuple[str, str | None]]:
    """Pass each step on as it completes; a failure becomes the last, visible step. The
    publish lock is released when the steps end, however they end.

    ``who`` is read before streaming starts: session objects expire while the page streams.
    """
    wijk, ronde = ref.key
    try:
        for step in steps:
            yield step, None
    except lifecycle.Refused as exc:
        yield "", str(exc.description)
        return
    except (results.PublishError, building.BuildError, sources.SourcesInvalid) as exc:
        detail = getattr(exc, "log", "") or str(exc)
        audit("uitslag mislukt", f"{wijk}/{ronde}: {detail}", user=who)
        yield "", detail
        return
    finally:
        lock.release()
    audit("uitslag gepubliceerd", f"{wijk}/{ronde}", user=who)


@bp.get("/audit")
@login_required("beheerder")
def audit_log() -> str:
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500))
    return render_template("staff/audit.html", entries=entries)
