"""Vote codes by letter: staff make a batch of letters, or replace the code of one letter.

Each download is a zip of printable letters (``letters``); the codes are stored only as
keyed hashes once their letters exist (``code_register``). Every batch and every replaced
letter goes to the audit log.
"""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, send_file, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError

from voting_app import addresses, code_register, codes, letters, lifecycle, round_checks
from voting_app.accounts import audit
from voting_app.auth import MANAGERS, login_required, require_wijk
from voting_app.forms import CodesForm, ReissueForm
from voting_app.models import db
from voting_app.rounds import RoundRef, find
from voting_app.staff import refused

bp = Blueprint("codes_staff", __name__, url_prefix="/beheer")
bp.register_error_handler(lifecycle.Refused, refused)


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
