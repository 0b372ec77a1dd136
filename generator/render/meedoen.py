"""What residents can do now, and what came out: on the home page, 'Alle wijken' and each wijk.

The generator cannot ask the voting app what is open, so everything here follows from the
sources and the day of the build: a stemronde's dates in ``budget.yaml``, the result files
the app publishes, and the stimuleringsregeling (always open). The site is built every day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from generator.formatting import aantal, datum, euro
from generator.model import Gemeente, Stemronde, Uitslag, Wijk
from generator.model.rekening import regeling
from generator.render import facts
from generator.render.escape import plain
from generator.render.page import WijkContext

# Where the voting app lives when it is served beside the site (see `wijkwerk serve`).
STEMMEN_URL = "/stemmen/"
AANVRAGEN_URL = "/aanvragen/"  # the app's list of every wijk's stimuleringsregeling


def stem_url(wijk: Wijk, ronde: Stemronde) -> str:
    """The app's page of a stemronde: send in an idea or vote there."""
    return f"{STEMMEN_URL}{wijk.id}/{ronde.id}/"


def gemeente_blok(gemeente: Gemeente, today: dt.date, wijken: str) -> list[str]:
    """'Nu meedoen' and 'Uitslagen' across all wijken; ``wijken`` leads to the wijk folders
    from the page that shows the block ('wijken/' on the home page, '' on 'Alle wijken')."""
    doen: list[str] = []
    for w in gemeente.wijken:
        ronde = facts.open_ronde(w, today)
        if ronde is not None:
            doen.append(_ronde_regel(w, ronde, today))
    doen += _regelingen(gemeente)
    out = ["## Nu meedoen", "", *doen, ""] if doen else []
    uitslagen = [
        f"- [Uitslag {plain(u.titel)}]({wijken}{w.id}/{u.ronde}.md): {plain(w.naam)}, "
        f"{_gekozen(u)}."
        for w in gemeente.wijken
        for u in facts.nieuwe_uitslagen(w, today)
    ]
    uitslagen += [
        f"- {plain(r.titel)} ({plain(w.naam)}): {_komt(r, today)}"
        for w in gemeente.wijken
        for r in facts.wacht_op_uitslag(w, today)
    ]
    if uitslagen:
        out += ["## Uitslagen", "", *uitslagen, ""]
    return out


def wijk_melding(ctx: WijkContext) -> list[str]:
    """A box on the wijk's front page for each result published in the last two months."""
    out: list[str] = []
    for u in facts.nieuwe_uitslagen(ctx.wijk, ctx.today):
        out += [
            f'!!! success "De uitslag is bekend: {plain(u.titel)}"',
            "",
            f"    {_zin(_gekozen(u))}. [Bekijk de uitslag]({u.ronde}.md)",
            "",
        ]
    return out


def wijk_regels(ctx: WijkContext) -> list[str]:
    """Lines for 'In het kort': applying for money, and every stemronde's result."""
    w = ctx.wijk
    out: list[str] = []
    r = regeling(ctx.gemeente.info, w.budget)
    if r is not None:
        out.append(
            f"- **Geld aanvragen:** met de {plain(r.naam)} vraagt u hoogstens "
            f"{euro(r.max_bedrag)} aan voor een plan in de wijk. Dat kan altijd. "
            f"([Vraag geld aan]({AANVRAGEN_URL}{w.id}/))"
        )
    for u in w.uitslagen:
        out.append(
            f"- **Uitslag {plain(u.titel)}:** {_gekozen(u)} ([bekijk de uitslag]({u.ronde}.md))"
        )
    for ronde in facts.wacht_op_uitslag(w, ctx.today):
        out.append(f"- **{plain(ronde.titel)}:** {_komt(ronde, ctx.today)}")
    return out


def _ronde_regel(w: Wijk, ronde: Stemronde, today: dt.date) -> str:
    if ronde.phase(today) == "stemmen":
        doe, tot, knop = "Stemmen", ronde.stemmen.tot, "Stem mee"
    else:
        doe, tot, knop = "Ideeën insturen", ronde.indienen.tot, "Stuur een idee in"
    return (
        f"- **{doe} in {plain(w.naam)}:** {plain(ronde.titel)}, over {euro(ronde.bedrag)}. "
        f"Dat kan tot en met {datum(tot)}. [{knop}]({stem_url(w, ronde)})"
    )


def _regelingen(gemeente: Gemeente) -> list[str]:
    """One line per stimuleringsregeling (most gemeenten have one for every wijk)."""
    hoogstens: dict[str, int] = defaultdict(int)
    for w in gemeente.wijken:
        r = regeling(gemeente.info, w.budget)
        if r is not None:
            hoogstens[r.naam] = max(hoogstens[r.naam], r.max_bedrag)
    return [
        f"- **Geld aanvragen** voor een plan in uw wijk: met de {plain(naam)} vraagt u snel "
        f"een klein bedrag aan, hoogstens {euro(most)}. Dat kan altijd. "
        f"[Vraag geld aan]({AANVRAGEN_URL})"
        for naam, most in hoogstens.items()
    ]


def _gekozen(u: Uitslag) -> str:
    return (
        f"{aantal(len(u.gekozen), 'voorstel', 'voorstellen')} gekozen voor {euro(u.gekozen_kosten)}"
    )


def _komt(ronde: Stemronde, today: dt.date) -> str:
    if today < ronde.uitslag:
        return f"de stemmen worden geteld. De uitslag komt op {datum(ronde.uitslag)}."
    return "de stemmen worden geteld. De uitslag komt binnenkort."


def _zin(text: str) -> str:
    return text[:1].upper() + text[1:]
