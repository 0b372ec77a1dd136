"""A stemronde's phases, and the one table of which action is allowed in which phase.

The phase follows from the round's dates in the sources (``budget.yaml``), overruled by the
two staff steps that cannot be undone, stored on the ``Round`` row: closing and publishing.
``RULES`` says, for every resident and staff action and every phase, whether it may happen,
or the plain Dutch sentence shown when it may not; every route asks it through
``lifecycle.require``. Nothing here reads the database: the tests and `wijkwerk serve --demo`
ask the table directly.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from generator.model import Stemronde
    from voting_app.models import Round


class Phase(StrEnum):
    """Where a round is; the order is the order of the lifecycle."""

    VOORBEREIDING = "voorbereiding"  # before ideas can be sent in
    INDIENEN = "indienen"  # residents send in ideas
    BEOORDELEN = "beoordelen"  # staff answer them; the lottery; the codes
    STEMMEN = "stemmen"  # the ballot is frozen; residents vote online and on paper
    TELLEN = "tellen"  # the voting days are over; the last paper ballots come in
    GESLOTEN = "gesloten"  # staff closed the round: no ballot at all anymore; to publish
    GEPUBLICEERD = "gepubliceerd"  # the result files and the site are written


Action = Literal[
    "idee_indienen",
    "stemmen",
    "voorstel_beoordelen",
    "idee_invoeren",
    "loting_trekken",
    "codes_maken",
    "code_vervangen",
    "papier_invoeren",
    "stembiljet_printen",
    "sluiten",
    "publiceren",
]
ACTIONS: tuple[Action, ...] = get_args(Action)

OK = None  # the action is allowed in this phase
_P = Phase

# Sentences the table shares. {indienen_van}, {indienen_tot}, {stemmen_van}, {stemmen_tot},
# {gesloten_op} and {gepubliceerd_op} are filled in with the round's dates.
_IDEAS_OVER = "Ideeën insturen kon tot en met {indienen_tot}."
_NOT_YET = "kan pas als het stemmen voorbij is, na {stemmen_tot}."
_STILL_VOTING = "Bewoners kunnen nu nog stemmen."
_AFTER_REVIEW = "kan vanaf de beoordeling, als bekend is wat er op het stembiljet staat."
_FROZEN = "Het stembiljet ligt vast sinds het stemmen begon op {stemmen_van}."
_UNCHANGED = "Een voorstel, zijn kosten en zijn antwoord veranderen niet meer."
_LOTTERY_FIXED = "De loting hoort erbij en wordt niet opnieuw getrokken."
_VOTING_OVER = "Het stemmen duurde tot en met {stemmen_tot}."
_CLOSED = "De stemronde is gesloten op {gesloten_op}."
_PUBLISHED = "De uitslag is gepubliceerd op {gepubliceerd_op}."
_NO_PAPER_YET = "Papieren stemmen invoeren kan vanaf {stemmen_van}, als het stemmen begint."
_NO_BALLOT_YET = "Het stembiljet is er pas in de beoordeling, als de ideeën een antwoord hebben."

# The one table: for every action and every phase, OK or the reason why not, in plain Dutch.
RULES: dict[Action, dict[Phase, str | None]] = {
    "idee_indienen": {
        _P.VOORBEREIDING: "Ideeën insturen kan vanaf {indienen_van}.",
        _P.INDIENEN: OK,
        _P.BEOORDELEN: f"{_IDEAS_OVER} De gemeente bekijkt nu de ideeën.",
        _P.STEMMEN: f"{_IDEAS_OVER} Nu wordt er gestemd.",
        _P.TELLEN: f"{_IDEAS_OVER} De stemmen worden nu geteld.",
        _P.GESLOTEN: f"{_IDEAS_OVER} De stemmen worden nu geteld.",
        _P.GEPUBLICEERD: f"{_IDEAS_OVER} De uitslag is bekend.",
    },
    "stemmen": {
        _P.VOORBEREIDING: "Stemmen kan vanaf {stemmen_van}. Eerst kunnen bewoners ideeën insturen.",
        _P.INDIENEN: "Stemmen kan vanaf {stemmen_van}. Nu kunt u nog ideeën insturen.",
        _P.BEOORDELEN: "Stemmen kan vanaf {stemmen_van}. De gemeente bekijkt nu de ideeën.",
        _P.STEMMEN: OK,
        _P.TELLEN: "De stemronde is niet open meer: stemmen kon tot en met {stemmen_tot}.",
        _P.GESLOTEN: f"{_CLOSED} Er kan niet meer gestemd worden.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Er kan niet meer gestemd worden.",
    },
    "voorstel_beoordelen": {
        _P.VOORBEREIDING: "Er zijn nog geen ideeën: insturen kan vanaf {indienen_van}.",
        _P.INDIENEN: OK,
        _P.BEOORDELEN: OK,
        _P.STEMMEN: f"{_FROZEN} {_UNCHANGED}",
        _P.TELLEN: f"{_FROZEN} {_UNCHANGED}",
        _P.GESLOTEN: f"{_FROZEN} {_UNCHANGED}",
        _P.GEPUBLICEERD: f"{_PUBLISHED} {_UNCHANGED}",
    },
    # Staff type in an idea that came in on paper, by phone or at the desk. Also while they
    # review: a letter posted on the last day arrives after it (its date is checked).
    "idee_invoeren": {
        _P.VOORBEREIDING: "Ideeën invoeren kan vanaf {indienen_van}, als het insturen begint.",
        _P.INDIENEN: OK,
        _P.BEOORDELEN: OK,
        _P.STEMMEN: f"{_FROZEN} Er kunnen geen ideeën meer bij.",
        _P.TELLEN: f"{_FROZEN} Er kunnen geen ideeën meer bij.",
        _P.GESLOTEN: f"{_FROZEN} Er kunnen geen ideeën meer bij.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Er kunnen geen ideeën meer bij.",
    },
    "loting_trekken": {
        _P.VOORBEREIDING: "De loting kan pas als er ideeën zijn, vanaf {indienen_van}.",
        _P.INDIENEN: OK,
        _P.BEOORDELEN: OK,
        _P.STEMMEN: f"{_FROZEN} {_LOTTERY_FIXED}",
        _P.TELLEN: f"{_FROZEN} {_LOTTERY_FIXED}",
        _P.GESLOTEN: f"{_FROZEN} {_LOTTERY_FIXED}",
        _P.GEPUBLICEERD: f"{_PUBLISHED} {_LOTTERY_FIXED}",
    },
    "codes_maken": {
        _P.VOORBEREIDING: f"Stemcodes maken {_AFTER_REVIEW}",
        _P.INDIENEN: f"Stemcodes maken {_AFTER_REVIEW}",
        _P.BEOORDELEN: OK,
        _P.STEMMEN: OK,
        _P.TELLEN: f"{_VOTING_OVER} Nieuwe stemcodes zijn niet meer nodig.",
        _P.GESLOTEN: f"{_CLOSED} Nieuwe stemcodes zijn niet meer nodig.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Nieuwe stemcodes zijn niet meer nodig.",
    },
    "code_vervangen": {
        _P.VOORBEREIDING: f"Een stemcode vervangen {_AFTER_REVIEW}",
        _P.INDIENEN: f"Een stemcode vervangen {_AFTER_REVIEW}",
        _P.BEOORDELEN: OK,
        _P.STEMMEN: OK,
        _P.TELLEN: f"{_VOTING_OVER} Een nieuwe stemcode is niet meer nodig.",
        _P.GESLOTEN: f"{_CLOSED} Een nieuwe stemcode is niet meer nodig.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Een nieuwe stemcode is niet meer nodig.",
    },
    "papier_invoeren": {
        _P.VOORBEREIDING: _NO_PAPER_YET,
        _P.INDIENEN: _NO_PAPER_YET,
        _P.BEOORDELEN: _NO_PAPER_YET,
        _P.STEMMEN: OK,
        _P.TELLEN: OK,
        _P.GESLOTEN: f"{_CLOSED} Er kunnen geen papieren stemmen meer bij.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Er kunnen geen papieren stemmen meer bij.",
    },
    "stembiljet_printen": {
        _P.VOORBEREIDING: _NO_BALLOT_YET,
        _P.INDIENEN: _NO_BALLOT_YET,
        _P.BEOORDELEN: OK,
        _P.STEMMEN: OK,
        _P.TELLEN: OK,
        _P.GESLOTEN: f"{_CLOSED} Er zijn geen papieren stembiljetten meer nodig.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Er zijn geen papieren stembiljetten meer nodig.",
    },
    "sluiten": {
        _P.VOORBEREIDING: f"Sluiten {_NOT_YET}",
        _P.INDIENEN: f"Sluiten {_NOT_YET}",
        _P.BEOORDELEN: f"Sluiten {_NOT_YET}",
        _P.STEMMEN: f"Sluiten {_NOT_YET} {_STILL_VOTING}",
        _P.TELLEN: OK,
        _P.GESLOTEN: "De stemronde is al gesloten op {gesloten_op}.",
        _P.GEPUBLICEERD: f"De stemronde is al gesloten. {_PUBLISHED}",
    },
    "publiceren": {
        _P.VOORBEREIDING: f"Publiceren {_NOT_YET}",
        _P.INDIENEN: f"Publiceren {_NOT_YET}",
        _P.BEOORDELEN: f"Publiceren {_NOT_YET}",
        _P.STEMMEN: f"Publiceren {_NOT_YET} {_STILL_VOTING}",
        _P.TELLEN: OK,
        _P.GESLOTEN: OK,
        _P.GEPUBLICEERD: "De uitslag is al gepubliceerd op {gepubliceerd_op}. Er is niets "
        "opnieuw geschreven.",
    },
}

# What residents read about each phase (the list of rounds, the round page).
LABELS: dict[Phase, str] = {
    _P.VOORBEREIDING: "Begint binnenkort",
    _P.INDIENEN: "Ideeën insturen kan nu",
    _P.BEOORDELEN: "De gemeente bekijkt de ideeën",
    _P.STEMMEN: "Stemmen kan nu",
    _P.TELLEN: "De stemmen worden geteld",
    _P.GESLOTEN: "De stemmen worden geteld",
    _P.GEPUBLICEERD: "De uitslag is bekend",
}


def phase_of(ronde: Stemronde, row: Round | None, day: dt.date) -> Phase:
    """The phase on ``day``: the steps that cannot be undone first, then the dates (a gap
    belongs to the phase before the next one: between indienen and stemmen is beoordelen).

    Publishing, closing and the freezing of the ballot are one-way: a round whose ballot
    froze stays at least in stemmen, even if its voting dates are moved later afterwards.
    """
    if row is not None and row.published_on is not None:
        return Phase.GEPUBLICEERD
    if row is not None and row.closed:
        return Phase.GESLOTEN
    if day > ronde.stemmen.tot:
        return Phase.TELLEN
    if day >= ronde.stemmen.van or (row is not None and row.fingerprint):
        return Phase.STEMMEN
    if day > ronde.indienen.tot:
        return Phase.BEOORDELEN
    if day >= ronde.indienen.van:
        return Phase.INDIENEN
    return Phase.VOORBEREIDING
