"""What residents do with the stimuleringsregeling: read it, apply, follow their application.

Applying works at any time, without an account. The answer page gives a reference number and
a secret link to the status page; whoever has the link sees the status, nobody else.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from voting_app import grant_service
from voting_app.extensions import limiter
from voting_app.grant_forms import ApplicationForm

bp = Blueprint("grants", __name__, url_prefix="/aanvragen")
# Enough for a family or a group sending a few plans; a flood from one address stops here.
APPLY_LIMIT = "10 per hour;30 per day"


@bp.errorhandler(429)
def too_many(_error: Exception) -> tuple[str, int]:
    """The limit page for applicants: what happened and when to try again."""
    return render_template("grants/too_many.html"), 429


@bp.get("/")
def index() -> str:
    return render_template("grants/index.html", regelingen=grant_service.all_regelingen())


@bp.route("/<wijk>/", methods=["GET", "POST"])
@limiter.limit(APPLY_LIMIT, methods=["POST"])
def apply(wijk: str) -> ResponseReturnValue:
    item = grant_service.find_regeling(wijk)
    form = ApplicationForm(max_bedrag=item.max_bedrag)
    if form.validate_on_submit():
        fields = {
            "title": form.title.data.strip(),
            "description": form.description.data.strip(),
            "for_whom": form.for_whom.data.strip(),
            "when": form.when.data.strip(),
            "cost": form.cost.data,
            "own_part": form.own_part.data.strip(),
            "group_name": (form.group_name.data or "").strip() or None,
            "contact_name": form.contact_name.data.strip(),
            "email": (form.email.data or "").strip() or None,
            "phone": (form.phone.data or "").strip() or None,
        }
        _application, token = grant_service.submit(item, fields)
        return redirect(url_for("grants.status", token=token, nieuw=1))
    status = 422 if form.errors else 200
    return render_template("grants/apply.html", item=item, form=form), status


@bp.get("/status/<token>")
def status(token: str) -> ResponseReturnValue:
    application = grant_service.by_token(token)
    if application is None:
        abort(404)
    item = grant_service.find_regeling(application.wijk)
    return render_template(
        "grants/status.html",
        a=application,
        item=item,
        words=grant_service.STATUS_WORDS,
        new=request.args.get("nieuw") == "1",
        link=url_for("grants.status", token=token, _external=True),
    )
