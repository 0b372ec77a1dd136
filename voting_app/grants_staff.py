"""What staff do with the stimuleringsregeling: see applications, decide within the term.

Wijkmanagers see the applications of their own wijken; an application still undecided after
the regeling's term is flagged as late. Every decision goes to the audit log, and the public
ones into the sources and onto the site.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from voting_app import grant_service
from voting_app.accounts import audit
from voting_app.auth import MANAGERS, login_required, require_wijk
from voting_app.grant_forms import DecisionForm
from voting_app.models import Application, db
from voting_app.rounds import today

bp = Blueprint("grants_staff", __name__, url_prefix="/beheer/aanvragen")


@bp.get("/")
@login_required(*MANAGERS)
def index() -> str:
    mine = [i for i in grant_service.all_regelingen() if g.user.may_manage(i.wijk.id)]
    applications = grant_service.staff_list([i.wijk.id for i in mine])
    late = [a for a in applications if grant_service.is_late(a)]
    return render_template(
        "grants/staff_list.html",
        applications=applications,
        late=late,
        is_late=grant_service.is_late,
        words=grant_service.STATUS_WORDS,
        names={i.wijk.id: i.wijk.naam for i in mine},
    )


@bp.route("/<int:app_id>", methods=["GET", "POST"])
@login_required(*MANAGERS)
def detail(app_id: int) -> ResponseReturnValue:
    application = db.session.get(Application, app_id)
    if application is None:
        abort(404)
    require_wijk(application.wijk)
    item = grant_service.find_regeling(application.wijk)
    form = DecisionForm()
    error = None
    if form.validate_on_submit():
        before = application.status
        try:
            grant_service.decide(
                application, form.status.data, form.amount.data, form.reason.data or ""
            )
        except grant_service.GrantError as exc:
            error = str(exc)
        else:
            audit(
                "aanvraag besloten",
                f"{application.wijk} {application.number}: {before} -> {application.status}"
                + (f", € {application.amount}" if application.status == "toegekend" else ""),
            )
            flash(f"Opgeslagen: {grant_service.STATUS_WORDS[application.status]}.", "ok")
            return redirect(url_for("grants_staff.detail", app_id=app_id))
    return render_template(
        "grants/staff_detail.html",
        a=application,
        item=item,
        form=form,
        error=error,
        late=grant_service.is_late(application),
        today=today(),
        words=grant_service.STATUS_WORDS,
        choices=grant_service.NEXT[application.status],
    ), (422 if form.errors or error else 200)
