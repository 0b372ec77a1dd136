"""What staff do: review proposals, hand out codes, enter paper ballots, count and publish.

Every action goes to the audit log. Wijkmanagers only see their own wijken; invoerders only
enter paper ballots.
"""

from __future__ import annotations

import io
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
    send_file,
    stream_template,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from generator import build as building
from generator import sources
from voting_app import ballots, codes, letters, results
from voting_app.accounts import audit
from voting_app.auth import login_required, require_wijk
from voting_app.counting.election import draw_lottery
from voting_app.forms import (
    CodesForm,
    ConfirmForm,
    PaperBallotForm,
    ReissueForm,
    ReviewForm,
)
from voting_app.models import AuditEntry, Ballot, Proposal, VoteCode, db
from voting_app.rounds import RoundRef, all_rounds, find, today

bp = Blueprint("staff", __name__, url_prefix="/beheer")
MANAGERS = ("beheerder", "wijkmanager")


@bp.get("/")
@login_required()
def dashboard() -> str:
    rounds = [ref for ref in all_rounds() if _may_see(ref.wijk.id)]
    return render_template("staff/dashboard.html", rounds=rounds, stats=_stats, today=today())


def _may_see(wijk: str) -> bool:
    user = g.user
    return user.may_manage(wijk) or (
        user.role == "invoerder" and (not user.wijken or wijk in user.wijken.split(","))
    )


def _stats(ref: RoundRef) -> dict[str, int]:
    wijk, ronde = ref.key

    def count(model: type[Proposal] | type[VoteCode] | type[Ballot], *where: Any) -> int:
        query = select(func.count()).select_from(model)
        return db.session.scalar(query.where(model.wijk == wijk, model.ronde == ronde, *where)) or 0

    return {
        "voorstellen": count(Proposal),
        "codes": count(VoteCode, VoteCode.status != "void"),
        "gebruikt": count(VoteCode, VoteCode.status == "used"),
        "stemmen": count(Ballot),
    }


@bp.get("/<wijk>/<ronde>/")
@login_required(*MANAGERS)
def round_admin(wijk: str, ronde: str) -> str:
    require_wijk(wijk)
    ref = find(wijk, ronde)
    query = select(Proposal).where(Proposal.wijk == wijk, Proposal.ronde == ronde)
    proposals = db.session.scalars(query.order_by(Proposal.id)).all()
    return render_template(
        "staff/round.html",
        ref=ref,
        proposals=proposals,
        stats=_stats(ref),
        state=results.round_state(ref),
        phase=ref.ronde.phase(today()),
        codes_form=CodesForm(),
        reissue_form=ReissueForm(),
        confirm=ConfirmForm(),
    )


@bp.route("/<wijk>/<ronde>/voorstel/<int:pid>", methods=["GET", "POST"])
@login_required(*MANAGERS)
def review(wijk: str, ronde: str, pid: int) -> ResponseReturnValue:
    require_wijk(wijk)
    ref = find(wijk, ronde)
    proposal = db.session.get(Proposal, pid)
    if proposal is None or (proposal.wijk, proposal.ronde) != ref.key:
        abort(404)
    form = ReviewForm(obj=proposal if request.method == "GET" else None)
    if form.validate_on_submit():
        proposal.cost = form.cost.data
        proposal.answer = form.answer.data or None
        proposal.conditions = form.conditions.data or None
        proposal.answer_by = form.answer_by.data
        proposal.reason = form.reason.data or None
        proposal.published = bool(form.published.data)
        db.session.commit()
        audit(
            "voorstel beoordeeld",
            f"{wijk}/{ronde} voorstel {pid}: antwoord "
            f"{proposal.answer or '-'}, kosten {proposal.cost or '-'}, "
            f"{'gepubliceerd' if proposal.published else 'verborgen'}",
        )
        flash("Het antwoord is opgeslagen.", "ok")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    return render_template("staff/review.html", ref=ref, proposal=proposal, form=form), (
        422 if form.errors else 200
    )


@bp.post("/<wijk>/<ronde>/loting")
@login_required(*MANAGERS)
def lottery(wijk: str, ronde: str) -> ResponseReturnValue:
    require_wijk(wijk)
    ref = find(wijk, ronde)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if ref.ronde.phase(today()) not in ("binnenkort", "indienen", "beoordelen"):
        flash("De loting kan alleen voor het stemmen begint.", "fout")
    else:
        state = results.round_state(ref)
        state.lottery = ",".join(draw_lottery(str(p.id) for p in ballots.on_ballot(ref)))
        db.session.commit()
        audit("loting getrokken", f"{wijk}/{ronde}: {state.lottery}")
        flash("De loting is getrokken en staat bij de stemronde.", "ok")
    return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))


@bp.post("/<wijk>/<ronde>/codes")
@login_required(*MANAGERS)
def make_codes(wijk: str, ronde: str) -> ResponseReturnValue:
    require_wijk(wijk)
    ref = find(wijk, ronde)
    form = CodesForm()
    if not form.validate_on_submit():
        for error in [e for errs in form.errors.values() for e in errs]:
            flash(error, "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    recipients: list[tuple[str, ...]] = []
    if form.recipients.data:
        recipients = letters.read_recipients(form.recipients.data.read())
    count = len(recipients) or form.count.data or 0
    if count < 1:
        flash("Vul een aantal in of kies een CSV-bestand met adressen.", "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    made = _issue(ref, count, recipients)
    audit(
        "stemcodes gemaakt",
        f"{wijk}/{ronde}: {count} codes, brieven {made[0].number} tot en met {made[-1].number}",
    )
    name = f"stemcodes-{wijk}-{ronde}-{made[0].number}-{made[-1].number}.zip"
    return _download(ref, made, name)


def _issue(ref: RoundRef, count: int, recipients: list[tuple[str, ...]]) -> list[letters.Letter]:
    state = results.round_state(ref)
    made = []
    for i in range(count):
        number = state.next_letter + i
        code = ballots.issue_code(ref.wijk.id, ref.ronde.id, number)
        made.append(letters.Letter(number, code, recipients[i] if recipients else ()))
    state.next_letter += count
    db.session.commit()
    return made


def _download(ref: RoundRef, made: list[letters.Letter], name: str) -> ResponseReturnValue:
    url = url_for("residents.enter_code", wijk=ref.wijk.id, ronde=ref.ronde.id, _external=True)
    data = letters.bundle(ref, made, url)
    return send_file(
        io.BytesIO(data), mimetype="application/zip", as_attachment=True, download_name=name
    )


@bp.post("/<wijk>/<ronde>/codes/opnieuw")
@login_required(*MANAGERS)
def reissue(wijk: str, ronde: str) -> ResponseReturnValue:
    require_wijk(wijk)
    ref = find(wijk, ronde)
    form = ReissueForm()
    if not form.validate_on_submit():
        flash("Vul een briefnummer in.", "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    number = form.letter.data
    old = db.session.scalars(
        select(VoteCode).where(
            VoteCode.wijk == wijk,
            VoteCode.ronde == ronde,
            VoteCode.letter == number,
            VoteCode.status != "void",
        )
    ).one_or_none()
    if old is None or old.status == "used":
        flash(f"Brief {number} bestaat niet of er is al mee gestemd.", "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    old.status = "void"
    code = ballots.issue_code(wijk, ronde, number)
    db.session.commit()
    audit("stemcode vervangen", f"{wijk}/{ronde}: brief {number}")
    return _download(ref, [letters.Letter(number, code)], f"stemcode-{wijk}-{ronde}-{number}.zip")


@bp.route("/<wijk>/<ronde>/papier", methods=["GET", "POST"])
@login_required("beheerder", "wijkmanager", "invoerder")
def paper(wijk: str, ronde: str) -> ResponseReturnValue:
    if not _may_see(wijk):
        abort(403)
    ref = find(wijk, ronde)
    form = PaperBallotForm()
    chosen = request.form.getlist("keuze")
    error = None
    if form.validate_on_submit():
        try:
            code_hash = ballots.check_code(ref, form.code.data)
            choice = ballots.check_choice(ref, chosen)
            ballots.cast(ref, code_hash, choice)
        except (codes.CodeError, ballots.BallotError) as exc:
            error = str(exc)
        else:
            audit("papieren stem ingevoerd", f"{wijk}/{ronde}")
            flash("De papieren stem is opgeslagen. Voer het volgende biljet in.", "ok")
            return redirect(url_for("staff.paper", wijk=wijk, ronde=ronde))
    return render_template(
        "staff/paper.html",
        ref=ref,
        form=form,
        error=error,
        chosen=set(chosen),
        proposals=ballots.on_ballot(ref),
    ), (422 if error or form.errors else 200)


@bp.post("/<wijk>/<ronde>/sluiten")
@login_required(*MANAGERS)
def publish(wijk: str, ronde: str) -> ResponseReturnValue:
    require_wijk(wijk)
    ref = find(wijk, ronde)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if ref.ronde.phase(today()) not in ("tellen", "uitslag"):
        flash("Sluiten kan pas als het stemmen voorbij is.", "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    audit("uitslag gestart", f"{wijk}/{ronde}")
    return Response(
        stream_template(
            "staff/published.html",
            ref=ref,
            steps=_audited(ref, results.publish_steps(ref), int(g.user.id)),
        )
    )


def _audited(ref: RoundRef, steps: Iterator[str], who: int) -> Iterator[tuple[str, str | None]]:
    """Pass each step on as it completes; a failure becomes the last, visible step.

    ``who`` is read before streaming starts: session objects expire while the page streams.
    """
    wijk, ronde = ref.key
    try:
        for step in steps:
            yield step, None
    except (results.PublishError, building.BuildError, sources.SourcesInvalid) as exc:
        detail = getattr(exc, "log", "") or str(exc)
        audit("uitslag mislukt", f"{wijk}/{ronde}: {detail}", user=who)
        yield "", detail
        return
    audit("uitslag gepubliceerd", f"{wijk}/{ronde}", user=who)


@bp.get("/audit")
@login_required("beheerder")
def audit_log() -> str:
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500))
    return render_template("staff/audit.html", entries=entries)
