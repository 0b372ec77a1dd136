"""Forms around ideas: following one as its submitter, and staff typing one in."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from generator.formatting import datum
from generator.model import Stemronde
from voting_app.forms import REQUIRED, ProposalForm


class IdeaLookupForm(FlaskForm):
    """The submitter's two keys to an idea: its number, and the contact given with it."""

    nummer = StringField(
        "Het nummer van uw idee",
        validators=[DataRequired(REQUIRED), Length(max=20, message="Dat nummer is te lang.")],
        description="U kreeg het nummer toen u het idee instuurde, bijvoorbeeld K7M3-Q9XD.",
    )
    contact = StringField(
        "Uw e-mailadres of telefoonnummer",
        validators=[DataRequired(REQUIRED), Length(max=254, message="Dat is te lang.")],
        description="Hetzelfde als u bij uw idee gaf.",
    )


class StaffIdeaForm(ProposalForm):
    """An idea that came in on paper, by phone or at the desk, typed in by staff."""

    website = None  # no honeypot: staff are logged in
    contact_required = False  # a letter may come without an e-mail address or phone number
    channel = RadioField(
        "Hoe kwam het idee binnen?",
        choices=[
            SelectChoice("papier", "Op papier (brief of formulier)"),
            SelectChoice("telefoon", "Per telefoon"),
            SelectChoice("balie", "Aan de balie of in de wijk"),
        ],
        validators=[InputRequired("Kies hoe het idee binnenkwam.")],
    )
    received_on = DateField(
        "Wanneer kwam het idee binnen?",
        validators=[InputRequired("Vul een datum in, bijvoorbeeld 2026-10-01.")],
        description="Bij een brief: de datum van het poststempel.",
    )

    def __init__(self, ronde: Stemronde, today: dt.date, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.ronde, self.today = ronde, today
        if not self.is_submitted():
            self.received_on.data = min(today, ronde.indienen.tot)
        self.title.label.text = "Naam van het idee"
        self.description.label.text = "Wat wil de indiener doen?"
        self.own_part.label.text = "Wat doet de indiener zelf?"
        self.email.label.text = "E-mailadres van de indiener"
        self.email.description = (
            "Een e-mailadres of telefoonnummer is niet verplicht. Zonder kan de indiener de "
            "status niet zelf opzoeken met het nummer van het idee."
        )
        self.phone.label.text = "Telefoonnummer van de indiener"

    def validate_received_on(self, field: DateField) -> None:
        day, indienen = field.data, self.ronde.indienen
        if day is None:
            return
        if day > self.today:
            raise ValidationError("Die datum is nog niet geweest.")
        if day < indienen.van:
            raise ValidationError(f"Ideeën insturen kon pas vanaf {datum(indienen.van)}.")
        if day > indienen.tot:
            raise ValidationError(
                f"Ideeën insturen kon tot en met {datum(indienen.tot)}. Een idee dat later "
                "binnenkwam, kan niet meer mee in deze stemronde."
            )
