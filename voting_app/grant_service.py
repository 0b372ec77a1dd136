"""The stimuleringsregeling: applications, their status, and staff decisions.

A resident (or a group) applies at any time and gets a reference number and a secret link to
a status page; only a hash of the link's token is stored. Staff decide within the regeling's
term. Every decision that is public (granted, refused, paid, accounted for) is written back
into ``wijken/<wijk>/toekenningen.yaml`` by :mod:`voting_app.grant_file`, then the site is
rebuilt, so the wijk's budget and verantwoording pages show it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app
from sqlalchemy import select

from generator import build as site_build
from generator.model import Stimuleringsregeling, Toekenning, Wijk
from generator.model.rekening import regeling, rekening, spelregels
from voting_app import grant_file
from voting_app.models import Application, db, random_reference
from voting_app.rounds import gemeente, today

OPEN = ("ontvangen", "in_behandeling")
NEXT = {
    "ontvangen": ("in_behandeling", "toegekend", "afgewezen"),
    "in_behandeling": ("toegekend", "afgewezen"),
    "toegekend": ("uitbetaald",),
    "uitbetaald": ("verantwoord",),
    "afgewezen": (),
    "verantwoord": (),
}
STATUS_WORDS = {
    "ontvangen": "Ontvangen",
    "in_behandeling": "In behandeling",
    "toegekend": "Toegekend",
    "afgewezen": "Afgewezen",
    "uitbetaald": "Uitbetaald",
    "verantwoord": "Verantwoord",
}


class GrantError(ValueError):
    """A decision cannot be taken this way; the message says why, in plain Dutch."""


@dataclass(frozen=True)
class Regeling:
    """A wijk and the stimuleringsregeling it takes part in."""

    wijk: Wijk
    regeling: Stimuleringsregeling

    @property
    def max_bedrag(self) -> int:
        """The most per application: the regeling's, and never more than the line allows."""
        bron = next(b for b in self.wijk.budget.bronnen if b.post == self.regeling.post)
        regels = spelregels(gemeente().info, bron)
        line_max = regels.max_per_aanvraag if regels else None
        return min(self.regeling.max_bedrag, line_max or self.regeling.max_bedrag)

    def vrij(self) -> int:
        """What is still free on the regeling's line (the whole budget when ontschot)."""
        w = self.wijk
        for line in rekening(w.budget, w.uitslagen, w.toekenningen):
            if line.post in (None, self.regeling.post):
                return line.vrij
        return 0


def all_regelingen() -> list[Regeling]:
    info = gemeente().info
    found = [(w, regeling(info, w.budget)) for w in gemeente().wijken]
    return [Regeling(w, r) for w, r in found if r is not None]


def find_regeling(wijk_id: str) -> Regeling:
    """The regeling of the wijk named in a URL, or 404."""
    for item in all_regelingen():
        if item.wijk.id == wijk_id:
            return item
    abort(404)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_number() -> str:
    while True:
        number = random_reference()
        taken = db.session.scalar(select(Application.id).where(Application.number == number))
        if taken is None and number not in _published_numbers():
            return number


def _published_numbers() -> set[str]:
    return {t.nummer for w in gemeente().wijken for t in w.toekenningen}


def submit(item: Regeling, fields: dict[str, object]) -> tuple[Application, str]:
    """Store a new application; return it and the secret token of its status link."""
    token = secrets.token_urlsafe(32)
    received = today()
    application = Application(
        number=_new_number(),
        token_hash=hash_token(token),
        wijk=item.wijk.id,
        post=item.regeling.post,
        received_on=received,
        due_on=received + dt.timedelta(weeks=item.regeling.termijn_weken),
        status="ontvangen",
        **fields,
    )
    db.session.add(application)
    db.session.commit()
    return application, token


def by_token(token: str) -> Application | None:
    if not token or len(token) > 100:
        return None
    query = select(Application).where(Application.token_hash == hash_token(token))
    return db.session.scalars(query).one_or_none()


def is_late(application: Application, day: dt.date | None = None) -> bool:
    """Still undecided after the regeling's term."""
    return application.status in OPEN and (day or today()) > application.due_on


def decide(application: Application, status: str, amount: int | None, reason: str) -> None:
    """Take the next step; public steps go to toekenningen.yaml and the site is rebuilt."""
    if status not in NEXT[application.status]:
        now, to = STATUS_WORDS[application.status], STATUS_WORDS.get(status, status)
        raise GrantError(f"Een aanvraag met de status {now} kan niet naar {to}.")
    item = find_regeling(application.wijk)
    day = today()
    if status == "toegekend":
        _check_amount(item, application, amount)
        application.amount, application.decided_on = amount, day
    elif status == "afgewezen":
        if not reason.strip():
            raise GrantError("Schrijf op waarom de aanvraag is afgewezen.")
        application.reason, application.decided_on = reason.strip(), day
    elif status == "uitbetaald":
        application.paid_on = day
    elif status == "verantwoord":
        application.accounted_on = day
    application.status = status
    if status == "in_behandeling":
        db.session.commit()
        return
    try:
        grant_file.write_checked(application.wijk, toekenning(application))
    except grant_file.GrantFileError as exc:
        db.session.rollback()
        raise GrantError(f"Het besluit is niet opgeslagen: {exc}") from exc
    db.session.commit()
    if current_app.config.get("REBUILD_SITE", True):
        root = Path(current_app.config["WIJKWERK_ROOT"])
        site_build.build(site_build.Project.at(root), day)


def _check_amount(item: Regeling, application: Application, amount: int | None) -> None:
    if amount is None or amount < 1:
        raise GrantError("Vul het bedrag in dat u toekent.")
    if amount > application.cost:
        raise GrantError(f"U kent meer toe dan is gevraagd (€ {application.cost}).")
    if amount > item.max_bedrag:
        raise GrantError(f"De regeling geeft hoogstens € {item.max_bedrag} per aanvraag.")
    free = item.vrij()
    if amount > free:
        raise GrantError(f"Er is nog € {max(free, 0)} vrij op deze begrotingspost.")


def toekenning(a: Application) -> Toekenning:
    """The public part of a decided application, as toekenningen.yaml holds it."""
    data: dict[str, object] = {
        "nummer": a.number,
        "wat": a.title,
        "omschrijving": a.description,
        "voor_wie": a.for_whom,
        "wanneer": a.when,
        "gevraagd": a.cost,
        "tegenprestatie": a.own_part or None,
        "groep": a.group_name or None,
        "post": a.post,
        "ontvangen": a.received_on,
        "besloten": a.decided_on,
        "status": a.status,
        "bedrag": a.amount if a.status != "afgewezen" else None,
        "reden": a.reason if a.status == "afgewezen" else None,
        "uitbetaald": a.paid_on,
        "verantwoord": a.accounted_on,
    }
    return Toekenning.model_validate({k: v for k, v in data.items() if v is not None})


def staff_list(wijken: list[str]) -> list[Application]:
    """Applications of these wijken: undecided first (oldest term first), then the rest."""
    query = select(Application).where(Application.wijk.in_(wijken))
    rows = list(db.session.scalars(query))
    return sorted(rows, key=lambda a: (a.status not in OPEN, a.due_on, a.id))
