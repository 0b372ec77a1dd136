"""What staff do: review proposals, hand out codes, enter paper ballots, count and publish.

Every action goes to the audit log. Wijkmanagers only see their own wijken; invoerders only
enter paper ballots.
"""

from __future__ import annotations

import datetime as dt
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
from sqlalchemy.exc import IntegrityError

from generator import build as building
from generator import sources
from voting_app import (
    addresses,
    ballot_box,
    ballots,
    code_register,
    codes,
    ideas,
    letters,
    lifecycle,
    phases,
    results,
    round_checks,
)
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
from voting_app.rounds import RoundRef, all_rounds, find

bp = Blueprint("staff", __name__, url_prefix="/beheer")
MANAGERS = ("beheerder", "wijkmanager")


@bp.errorhandler(lifecycle.Refused)
def refused(error: lifecycle.Refused) -> tuple[str, int]:
    """An action the round does not allow now: the reason, in plain Dutch; nothing changed."""
    return render_template("staff/closed.html", ref=error.ref, message=error.description), 409


@bp.get("/")
@login_required()
def dashboard() -> str:
    rounds = [lifecycle.state(ref) for ref in all_rounds() if _may_see(ref.wijk.id)]
    return render_template("staff/dashboard.html", rounds=rounds, stats=_stats)


def _may_see(wijk: str) -> bool:
    user = g.user
    return user.may_manage(wijk) or (
        user.role == "invoerder" and (not user.wijken or wijk in user.wijken.split(","))
    )


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


@bp.post("/<wijk>/<ronde>/codes")
@login_required(*MANAGERS)
def make_codes(wijk: str, ronde: str) -> ResponseReturnValue:
    require_wijk(wijk)
    current = lifecycle.require(find(wijk, ronde), "codes_maken")
    ref = current.ref
    if short := round_checks.shortfall(current):
        raise lifecycle.Refused(ref, f"Er zijn geen stemcodes gemaakt. {short}")
    form = CodesForm()
    if not form.validate_on_submit():
        for error in [e for errs in form.errors.values() for e in errs]:
            flash(error, "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    if problem := letters.public_url_problem():
        flash(problem, "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    recipients: list[tuple[str, ...]] = []
    if form.recipients.data:
        try:
            recipients = addresses.read_addresses(form.recipients.data.read())
        except addresses.AddressError as exc:
            flash(exc.message, "fout")
            return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    count = len(recipients) or form.count.data or 0
    if count < 1:
        flash("Vul een aantal in of kies een CSV-bestand met adressen.", "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    if count > code_register.MAX_LETTERS:
        flash(
            f"U vroeg {count} stemcodes. Maak er hoogstens {code_register.MAX_LETTERS} tegelijk: "
            f"splits het adressenbestand in delen van {code_register.MAX_LETTERS} regels, of vraag "
            "een kleiner aantal en herhaal dat. De briefnummers lopen gewoon door.",
            "fout",
        )
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    # The numbers are reserved first; the codes are written only once their letters exist.
    first = code_register.allocate_letters(wijk, ronde, count)
    made = [
        letters.Letter(first + i, codes.new_code(), recipients[i] if recipients else ())
        for i in range(count)
    ]
    data = _bundle(ref, made)
    code_register.register_codes(wijk, ronde, [(letter.number, letter.code) for letter in made])
    db.session.commit()
    code_register.refresh_statistics()
    audit(
        "stemcodes gemaakt",
        f"{wijk}/{ronde}: {count} codes, brieven {made[0].number} tot en met {made[-1].number}",
    )
    name = f"stemcodes-{wijk}-{ronde}-{made[0].number}-{made[-1].number}.zip"
    return _download(data, name)


def _bundle(ref: RoundRef, made: list[letters.Letter]) -> bytes:
    return letters.bundle(ref, made, letters.ballot_url(ref))


def _download(data: bytes, name: str) -> ResponseReturnValue:
    return send_file(
        io.BytesIO(data), mimetype="application/zip", as_attachment=True, download_name=name
    )


@bp.post("/<wijk>/<ronde>/codes/opnieuw")
@login_required(*MANAGERS)
def reissue(wijk: str, ronde: str) -> ResponseReturnValue:
    require_wijk(wijk)
    ref = lifecycle.require(find(wijk, ronde), "code_vervangen").ref
    form = ReissueForm()
    if not form.validate_on_submit():
        flash("Vul een briefnummer in.", "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    number = form.letter.data
    try:
        code = code_register.reissue(wijk, ronde, number)
    except codes.CodeError as exc:
        flash(str(exc), "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    data = _bundle(ref, [letters.Letter(number, code)])
    try:
        db.session.commit()
    except IntegrityError:  # another reissue of this letter won the race
        db.session.rollback()
        flash(f"Brief {number} werd net al vervangen. Kijk in het logboek.", "fout")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    audit("stemcode vervangen", f"{wijk}/{ronde}: brief {number}")
    return _download(data, f"stemcode-{wijk}-{ronde}-{number}.zip")


@bp.route("/<wijk>/<ronde>/papier", methods=["GET", "POST"])
@login_required("beheerder", "wijkmanager", "invoerder")
def paper(wijk: str, ronde: str) -> ResponseReturnValue:
    if not _may_see(wijk):
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
            return redirect(url_for("staff.paper", wijk=wijk, ronde=ronde))
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
    if not _may_see(wijk):
        abort(403)
    current = lifecycle.require(find(wijk, ronde), "stembiljet_printen")
    items = [(p.title, p.description, p.cost) for p in current.offered()]
    return render_template(
        "staff/ballot_print.html", ref=current.ref, state=current, proposals=items
    )


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
