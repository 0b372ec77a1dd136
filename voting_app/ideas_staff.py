"""Staff type in an idea that came in on paper, by phone or at the desk.

The idea then goes the way of every idea: it gets a reference number for its submitter, and
staff review it on the round's page. ``lifecycle`` says when this can be done (while ideas
come in, and while staff review them: a letter posted on the last day arrives later); the
form checks that the idea came in on time. The audit log records who typed it in and how it
came in.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from generator.formatting import datum
from voting_app import ideas, lifecycle
from voting_app.accounts import audit
from voting_app.auth import MANAGERS, login_required, require_wijk
from voting_app.idea_forms import StaffIdeaForm
from voting_app.rounds import find, today
from voting_app.staff import refused

bp = Blueprint("ideas_staff", __name__, url_prefix="/beheer")
bp.register_error_handler(lifecycle.Refused, refused)


@bp.route("/<wijk>/<ronde>/idee-invoeren", methods=["GET", "POST"])
@login_required(*MANAGERS)
def enter(wijk: str, ronde: str) -> ResponseReturnValue:
    require_wijk(wijk)
    ref = lifecycle.require(find(wijk, ronde), "idee_invoeren").ref
    form = StaffIdeaForm(ref.ronde, today())
    if form.validate_on_submit():
        fields = {**form.idea_fields(), "channel": form.channel.data}
        idea = ideas.submit(wijk, ronde, fields, form.received_on.data)
        audit(
            "idee ingevoerd",
            f"{wijk}/{ronde} voorstel {idea.id}, nummer {idea.reference}, "
            f"{ideas.CHANNELS[idea.channel]} binnengekomen op {datum(idea.submitted_on)}",
        )
        contact = " Geef dit nummer aan de indiener." if idea.email or idea.phone else ""
        flash(f"Het idee is opgeslagen met nummer {idea.reference}.{contact}", "ok")
        return redirect(url_for("staff.round_admin", wijk=wijk, ronde=ronde))
    return render_template("staff/idea_entry.html", ref=ref, form=form), (
        422 if form.errors else 200
    )
