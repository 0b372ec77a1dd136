"""Forms, with Dutch messages that say what to fix. Every form carries a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    RadioField,
    StringField,
    TextAreaField,
)
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

from voting_app.ideas import dutch_phone

REQUIRED = "Vul dit in."


class ProposalForm(FlaskForm):
    """An idea for the wijk."""

    title = StringField(
        "Naam van uw idee",
        filters=[lambda value: " ".join(value.split()) if isinstance(value, str) else value],
        validators=[
            DataRequired(REQUIRED),
            Length(max=120, message="Gebruik hoogstens 120 tekens."),
        ],
        description="Kort en duidelijk, bijvoorbeeld: Bankjes in het park.",
    )
    description = TextAreaField(
        "Wat wilt u doen?",
        validators=[
            DataRequired(REQUIRED),
            Length(min=20, max=4000, message="Gebruik 20 tot 4000 tekens."),
        ],
        description="Wat is het idee, waar in de wijk, en wie hebben er iets aan?",
    )
    estimate = IntegerField(
        "Wat kost het ongeveer, in hele euro's?",
        validators=[
            InputRequired("Vul een bedrag in, bijvoorbeeld 2500."),
            NumberRange(
                min=1, max=10_000_000, message="Vul een bedrag in van 1 tot 10.000.000 euro."
            ),
        ],
        description="Een schatting is goed. De gemeente rekent het daarna na.",
    )
    own_part = TextAreaField(
        "Wat doet u zelf?",
        validators=[Optional(), Length(max=2000, message="Gebruik hoogstens 2000 tekens.")],
        description="Bijvoorbeeld: ik zorg met mijn buren voor het onderhoud.",
    )
    email = StringField(
        "Uw e-mailadres",
        validators=[
            Optional(),
            Length(max=254, message="Gebruik hoogstens 254 tekens."),
            Email("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        ],
        description="Vul een e-mailadres of een telefoonnummer in, of allebei. Alleen voor "
        "vragen over uw idee. We publiceren ze nooit.",
    )
    phone = StringField(
        "Uw telefoonnummer",
        validators=[Optional(), Length(max=40, message="Gebruik hoogstens 40 tekens.")],
        description="Bijvoorbeeld 06 12345678 of 020 123 4567.",
    )
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill it in.
    website = StringField("Laat dit veld leeg")

    def validate_website(self, field: StringField) -> None:
        if field.data:
            raise ValidationError("Laat dit veld leeg.")

    def validate_phone(self, field: StringField) -> None:
        if field.data and dutch_phone(field.data) is None:
            raise ValidationError(
                "Vul een Nederlands telefoonnummer in van 10 cijfers, zoals 06 12345678."
            )

    def validate(self, extra_validators: object = None) -> bool:
        ok = super().validate(extra_validators)
        if self.contact_required and not _given(self.email) and not _given(self.phone):
            self.email.errors = [*self.email.errors, "Vul een e-mailadres of telefoonnummer in."]
            ok = False
        return ok

    contact_required = True  # staff may type in a paper idea that came without either

    def idea_fields(self) -> dict[str, object]:
        """The idea as stored: trimmed text, the phone number as 10 digits."""
        return {
            "title": self.title.data.strip(),
            "description": self.description.data.strip(),
            "estimate": self.estimate.data,
            "own_part": (self.own_part.data or "").strip(),
            "email": (self.email.data or "").strip() or None,
            "phone": dutch_phone(self.phone.data) if _given(self.phone) else None,
        }


def _given(field: StringField) -> bool:
    return bool((field.data or "").strip())


class CodeForm(FlaskForm):
    code = StringField(
        "Uw stemcode",
        validators=[DataRequired("Vul de stemcode uit uw brief in.")],
        description="Die staat in uw brief, bijvoorbeeld ABCD-EFGH-JKMN-PQ.",
    )


class LoginForm(FlaskForm):
    username = StringField("Gebruikersnaam", validators=[DataRequired(REQUIRED)])
    password = PasswordField("Wachtwoord", validators=[DataRequired(REQUIRED)])
    totp = StringField(
        "Code uit uw authenticator-app",
        validators=[Optional(), Length(max=8)],
        description="Alleen als uw account een tweede stap heeft: de 6 cijfers uit de app.",
    )


class ReviewForm(FlaskForm):
    """The wijkmanager's answer to a proposal."""

    cost = IntegerField(
        "Kosten volgens de gemeente (euro)",
        validators=[Optional(), NumberRange(min=1, max=10_000_000, message="1 tot 10.000.000.")],
    )
    answer = RadioField(
        "Antwoord",
        choices=[
            SelectChoice("nu", "Nu: op het stembiljet"),
            SelectChoice("ooit", "Ooit: later, onder voorwaarden"),
            SelectChoice("nooit", "Nooit: kan niet"),
        ],
        validators=[Optional()],
    )
    conditions = TextAreaField("Voorwaarden (bij Ooit)", validators=[Optional(), Length(max=2000)])
    answer_by = DateField("Definitief antwoord uiterlijk op (bij Ooit)", validators=[Optional()])
    reason = TextAreaField("Reden (bij Nooit)", validators=[Optional(), Length(max=2000)])
    published = BooleanField("Publiceren")

    def validate(self, extra_validators: object = None) -> bool:
        ok = super().validate(extra_validators)
        answer = self.answer.data
        if answer == "nu" and not self.cost.data:
            self.cost.errors.append(
                "Vul de kosten in: een voorstel op het stembiljet heeft kosten."
            )
            ok = False
        if answer == "ooit":
            if not (self.conditions.data or "").strip():
                self.conditions.errors.append("Bij Ooit horen voorwaarden.")
                ok = False
            if not self.answer_by.data:
                self.answer_by.errors.append("Bij Ooit hoort de datum van een definitief antwoord.")
                ok = False
        if answer == "nooit" and not (self.reason.data or "").strip():
            self.reason.errors.append("Bij Nooit hoort een reden.")
            ok = False
        return ok


class CodesForm(FlaskForm):
    count = IntegerField(
        "Aantal stemcodes",
        validators=[Optional(), NumberRange(min=1, max=200_000, message="1 tot 200.000.")],
    )
    recipients = FileField(
        "Of: een CSV-bestand met adressen (wordt niet bewaard)",
        validators=[FileAllowed(["csv"], "Alleen een .csv-bestand.")],
    )


class ReissueForm(FlaskForm):
    letter = IntegerField("Briefnummer", validators=[InputRequired(REQUIRED), NumberRange(min=1)])


class PaperBallotForm(FlaskForm):
    code = StringField("Stemcode op het stembiljet", validators=[DataRequired(REQUIRED)])


class ConfirmForm(FlaskForm):
    """A button only: close the round, or draw the lottery."""
