"""Forms of the stimuleringsregeling, with Dutch messages that say what to fix."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from voting_app.forms import REQUIRED


def _line(label: str, most: int, hint: str, required: bool = True) -> StringField:
    first = DataRequired(REQUIRED) if required else Optional()
    return StringField(
        label,
        validators=[first, Length(max=most, message=f"Gebruik hoogstens {most} tekens.")],
        description=hint,
    )


class ApplicationForm(FlaskForm):
    """An application for a small subsidy: what, for whom, when, cost, what you do yourself."""

    title = _line("Wat wilt u doen?", 120, "Kort, bijvoorbeeld: Buurtfeest in de Lindestraat.")
    description = TextAreaField(
        "Vertel er meer over",
        validators=[
            DataRequired(REQUIRED),
            Length(min=20, max=4000, message="Gebruik 20 tot 4000 tekens."),
        ],
        description="Wat gaat u doen, waar in de wijk, en waarom is het goed voor de wijk?",
    )
    for_whom = _line("Voor wie is het?", 200, "Bijvoorbeeld: alle bewoners van de straat.")
    when = _line("Wanneer?", 200, "Een datum of een periode, bijvoorbeeld: 12 juni 2027.")
    cost = IntegerField(
        "Hoeveel geld vraagt u, in hele euro's?",
        validators=[
            InputRequired("Vul een bedrag in, bijvoorbeeld 750."),
            NumberRange(min=1, max=10_000_000, message="Vul een bedrag in van 1 euro of meer."),
        ],
    )
    own_part = TextAreaField(
        "Wat doet u zelf?",
        validators=[
            DataRequired("Schrijf op wat u of uw groep zelf doet of betaalt."),
            Length(max=2000, message="Gebruik hoogstens 2000 tekens."),
        ],
        description="Uw eigen bijdrage: tijd, materiaal of geld. Bijvoorbeeld: wij ruimen op.",
    )
    group_name = _line(
        "Namens welke groep? (als u namens een groep aanvraagt)", 200, "", required=False
    )
    contact_name = _line("Uw naam", 200, "Alleen de gemeente ziet uw naam.")
    email = StringField(
        "Uw e-mailadres",
        validators=[
            Optional(),
            Length(max=254, message="Gebruik hoogstens 254 tekens."),
            Email("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        ],
        description="Een e-mailadres of een telefoonnummer is genoeg. We publiceren ze nooit.",
    )
    phone = StringField(
        "Uw telefoonnummer",
        validators=[Optional(), Length(max=40, message="Gebruik hoogstens 40 tekens.")],
    )
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill it in.
    website = StringField("Laat dit veld leeg")

    def __init__(self, max_bedrag: int, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.max_bedrag = max_bedrag

    def validate_cost(self, field: IntegerField) -> None:
        if field.data is not None and field.data > self.max_bedrag:
            most = f"{self.max_bedrag:,}".replace(",", ".")
            raise ValidationError(f"U kunt hoogstens € {most} aanvragen.")

    def validate_phone(self, field: StringField) -> None:
        if field.data and not re.fullmatch(r"\+?[0-9 ()-]{8,20}", field.data.strip()):
            raise ValidationError("Vul een telefoonnummer in zoals 0999 123 456.")

    def validate_website(self, field: StringField) -> None:
        if field.data:
            raise ValidationError("Laat dit veld leeg.")

    def validate(self, extra_validators: object = None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.email.data or "").strip() and not (self.phone.data or "").strip():
            self.email.errors = [*self.email.errors, "Vul een e-mailadres of telefoonnummer in."]
            ok = False
        return ok


class DecisionForm(FlaskForm):
    """Staff's next step on an application."""

    status = RadioField(
        "Besluit",
        choices=[
            SelectChoice("in_behandeling", "In behandeling nemen"),
            SelectChoice("toegekend", "Toekennen"),
            SelectChoice("afgewezen", "Afwijzen"),
            SelectChoice("uitbetaald", "Uitbetaald"),
            SelectChoice("verantwoord", "Verantwoord: de aanvrager liet zien wat er gedaan is"),
        ],
        validators=[InputRequired("Kies een besluit.")],
    )
    amount = IntegerField(
        "Bedrag dat u toekent (euro)",
        validators=[Optional(), NumberRange(min=1, max=10_000_000, message="1 euro of meer.")],
    )
    reason = TextAreaField(
        "Reden (bij afwijzen)",
        validators=[Optional(), Length(max=2000, message="Gebruik hoogstens 2000 tekens.")],
        description="De aanvrager en de wijk lezen deze reden.",
    )
