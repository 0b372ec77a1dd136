"""Ideas for a stemronde: how they come in, their reference number, and their status.

An idea comes in through the resident's form or is typed in by staff (paper, phone, desk).
Either way it gets a reference number, random so that it tells nobody how many ideas there
are. The submitter follows the idea with that number and the e-mail address or phone number
given with it: the number alone shows nothing.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from sqlalchemy import select

from generator.formatting import datum
from voting_app.lifecycle import State
from voting_app.models import Proposal, db, random_reference
from voting_app.phases import Phase

CHANNELS = {
    "online": "online",
    "papier": "op papier",
    "telefoon": "per telefoon",
    "balie": "aan de balie",
}
NOT_FOUND = (
    "We vinden geen idee met dit nummer en dit e-mailadres of telefoonnummer. Kijk of u ze "
    "goed hebt overgenomen."
)
_PHONE_MARKS = re.compile(r"[\s().\-/]")


def dutch_phone(typed: str) -> str | None:
    """A Dutch phone number as ten digits from 0 (``0612345678``); None if it is not one.

    Accepts what people write: ``06-12345678``, ``020 123 4567``, ``+31 6 1234 5678``,
    ``0031 20 1234567`` and ``+31 (0)6 12345678``.
    """
    digits = _PHONE_MARKS.sub("", typed.strip())
    for country in ("+31", "0031"):
        if digits.startswith(country):
            rest = digits[len(country) :]
            digits = "0" + (rest[1:] if rest.startswith("0") else rest)
    return digits if re.fullmatch(r"0[1-9][0-9]{8}", digits) else None


def normal_reference(typed: str) -> str:
    """A typed reference number as stored: capitals, one dash in the middle."""
    raw = re.sub(r"[^0-9A-Za-z]", "", typed).upper()
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def new_reference() -> str:
    """A reference number no idea has yet."""
    while True:
        number = random_reference()
        if db.session.scalar(select(Proposal.id).where(Proposal.reference == number)) is None:
            return number


def submit(wijk: str, ronde: str, fields: dict[str, object], on: dt.date) -> Proposal:
    """Store a new idea with a fresh reference number; ``fields`` are the form's."""
    idea = Proposal(wijk=wijk, ronde=ronde, reference=new_reference(), submitted_on=on, **fields)
    db.session.add(idea)
    db.session.commit()
    return idea


def find_for_submitter(reference: str, contact: str) -> Proposal | None:
    """The idea with this number, if ``contact`` is the e-mail address or phone given with it."""
    idea = db.session.scalars(
        select(Proposal).where(Proposal.reference == normal_reference(reference)[:9])
    ).one_or_none()
    if idea is None:
        return None
    typed = contact.strip()
    if "@" in typed:
        given, stored = typed.lower(), (idea.email or "").lower()
    else:
        given, stored = dutch_phone(typed) or "", idea.phone or ""
    if not stored or not hmac.compare_digest(given.encode(), stored.encode()):
        return None
    return idea


@dataclass(frozen=True)
class Status:
    """Where an idea stands, in plain Dutch: a short word and what it means."""

    word: str
    explanation: str
    because: str = ""  # "De reden" or "De voorwaarden": a label for ``reason``
    reason: str | None = None  # the gemeente's own words, shown as text


def status(idea: Proposal, current: State) -> Status:
    """The idea's status as the submitter may see it: never an answer that is not public."""
    dates = current.dates()
    if current.ballot is not None:  # from voting on, the frozen ballot decides
        if str(idea.id) in {p.id for p in current.ballot.proposals}:
            return _on_list(current)
        return _not_on_list(idea)
    if idea.published and idea.answer == "nu" and idea.cost is not None:
        return Status(
            "Op de stemlijst",
            f"Uw idee staat op het stembiljet. Bewoners kunnen erop stemmen vanaf "
            f"{dates['stemmen_van']}.",
        )
    if idea.published and idea.answer in ("ooit", "nooit"):
        return _not_on_list(idea)
    if current.phase in (Phase.VOORBEREIDING, Phase.INDIENEN) and not (idea.answer or idea.cost):
        return Status(
            "Ontvangen",
            f"We hebben uw idee ontvangen. Ideeën insturen kan tot en met "
            f"{dates['indienen_tot']}. Daarna bekijkt de gemeente alle ideeën.",
        )
    return Status(
        "In behandeling",
        f"De gemeente bekijkt uw idee: kan het, en wat kost het? Voor het stemmen begint op "
        f"{dates['stemmen_van']} weet u of het op het stembiljet staat.",
    )


def _on_list(current: State) -> Status:
    dates = current.dates()
    if current.phase is Phase.STEMMEN:
        when = f"Bewoners stemmen erop tot en met {dates['stemmen_tot']}."
    elif current.phase is Phase.GEPUBLICEERD:
        when = "De uitslag is bekend. U vindt hem op de pagina van de stemronde."
    else:
        when = "Het stemmen is voorbij. De stemmen worden geteld."
    return Status("Op de stemlijst", f"Uw idee staat op het stembiljet. {when}")


def _not_on_list(idea: Proposal) -> Status:
    word = "Niet op de stemlijst"
    if idea.published and idea.answer == "ooit":
        explanation = "Het antwoord is Ooit: misschien later, onder voorwaarden."
        if idea.answer_by:
            explanation += f" Uiterlijk {datum(idea.answer_by)} krijgt u een definitief antwoord."
        return Status(word, explanation, "De voorwaarden", idea.conditions)
    if idea.published and idea.answer == "nooit":
        return Status(word, "Het antwoord is Nooit: dit kan niet.", "De reden", idea.reason)
    return Status(
        word,
        "Uw idee staat niet op het stembiljet. Wilt u weten waarom? Neem contact op met de "
        "gemeente en noem uw nummer.",
    )
