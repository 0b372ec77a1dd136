"""'In welke wijk woon ik?': a postcode (and house number) in, the wijk out.

The home page of the site is static, so its postcode form sends a plain GET here; the answer
comes from the ``postcodes`` in the same sources the app already reads
(``generator.model.postcode``). Without JavaScript, and nothing typed is ever stored.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, ValidationError

from generator.model.postcode import vraag, zoek
from voting_app.extensions import limiter
from voting_app.rounds import gemeente

bp = Blueprint("wijk_zoeken", __name__, url_prefix="/stemmen")

# A lookup is cheap and public, but each one reads the sources: enough for a family
# trying addresses, not for a script running through every postcode.
ZOEK_LIMIT = "60 per hour;200 per day"
_ECHO = 20  # longer refused input is not shown back: it is no postcode anyway


class WijkZoekForm(FlaskForm):
    """Postcode and house number, read from the address (GET), so no CSRF token."""

    class Meta:
        csrf = False

    postcode = StringField(
        "Postcode",
        validators=[InputRequired("Vul uw postcode in, zoals 1234 AB.")],
        description="Bijvoorbeeld 1234 AB, of alleen de 4 cijfers.",
    )
    huisnummer = StringField(
        "Huisnummer (mag leeg blijven)",
        description="Alleen het nummer, zoals 12 of 12a.",
    )

    def validate_postcode(self, field: StringField) -> None:
        if vraag(field.data or "") is None:
            raise ValidationError(
                "Dit is geen postcode. Een postcode heeft 4 cijfers en 2 letters, zoals 1234 AB."
            )

    def validate_huisnummer(self, field: StringField) -> None:
        if field.data and vraag("1000", field.data) is None:
            raise ValidationError("Dit is geen huisnummer. Vul alleen het nummer in, zoals 12.")


def _echo(typed: str) -> bool:
    """Whether a refused value may be shown back to correct it: short, no odd characters."""
    return len(typed) <= _ECHO and typed.isprintable()


def _not_searching() -> bool:
    return "postcode" not in request.args


@bp.get("/wijk-zoeken")
@limiter.limit(ZOEK_LIMIT, exempt_when=_not_searching)
def search() -> ResponseReturnValue:
    """The form, and under it the wijk, the candidate wijken, or why there is no answer."""
    form = WijkZoekForm(formdata=request.args if request.args else None)
    if _not_searching():
        return render_template("residents/wijk_zoeken.html", form=form, gezocht=False)
    if not form.validate():
        for field in (form.postcode, form.huisnummer):
            if field.errors and not _echo(field.data or ""):
                field.data = ""
        return render_template("residents/wijk_zoeken.html", form=form, gezocht=False), 422
    asked = vraag(form.postcode.data or "", form.huisnummer.data or "")
    if asked is None:  # unreachable: the form checked both fields
        return render_template("residents/wijk_zoeken.html", form=form, gezocht=False), 422
    result = zoek(gemeente().wijken, *asked)
    return render_template(
        "residents/wijk_zoeken.html",
        form=form,
        gezocht=True,
        result=result,
        met_huisnummer=asked[1] is not None and asked[2] is not None,
    )


@bp.errorhandler(429)
def too_many(_error: Exception) -> tuple[str, int]:
    """Searched very often: say when it works again, and where else to look."""
    return render_template("residents/wijk_zoeken_te_vaak.html"), 429
