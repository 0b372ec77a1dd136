"""Facts derived from the sources on a given day: progress, what is late, what comes next.

Everything takes ``today`` explicitly so rendering stays pure and golden files stay stable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import (
    Actie,
    Agenda,
    Gemeente,
    Overleg,
    Stemronde,
    Uitslag,
    UitslagVoorstel,
    Verzoek,
    Wijk,
)

# The wijkagenda is renewed at least twice a year; older than this is flagged.
AGENDA_MAX_AGE = dt.timedelta(days=183)
# How long a published result is announced on the home page and the wijk's front page.
UITSLAG_NIEUW = dt.timedelta(days=60)


@dataclass(frozen=True)
class Stand:
    """How the wijkagenda is going: 'afspraak is afspraak'."""

    totaal: int
    klaar: int
    te_laat: int
    vervallen: int

    def zin(self) -> str:
        """Say it in one plain sentence: 7 van 12 afspraken nagekomen, 2 te laat."""
        noun = "afspraak" if self.totaal == 1 else "afspraken"
        parts = [f"{self.klaar} van {self.totaal} {noun} nagekomen"]
        if self.te_laat:
            parts.append(f"{self.te_laat} te laat")
        if self.vervallen:
            parts.append(f"{self.vervallen} vervallen")
        return ", ".join(parts)


def te_laat(actie: Actie, today: dt.date) -> bool:
    """An open action whose date has passed."""
    return actie.status in ("gepland", "bezig") and actie.wanneer < today


def uitsluitsel_te_laat(verzoek: Verzoek | UitslagVoorstel, today: dt.date) -> bool:
    """An Ooit answer (to a request or a stemronde's proposal) whose promised date for a
    definite answer has passed."""
    return (
        verzoek.antwoord == "ooit"
        and verzoek.uitsluitsel is not None
        and (verzoek.uitsluitsel < today)
    )


def stand(agenda: Agenda, today: dt.date) -> Stand:
    acties = agenda.acties
    return Stand(
        totaal=len(acties),
        klaar=sum(a.status == "klaar" for a in acties),
        te_laat=sum(te_laat(a, today) for a in acties),
        vervallen=sum(a.status == "vervallen" for a in acties),
    )


def agenda_verouderd(agenda: Agenda, today: dt.date) -> bool:
    return today - agenda.vastgesteld > AGENDA_MAX_AGE


def komende_overleggen(wijk: Wijk, today: dt.date) -> list[Overleg]:
    return sorted((o for o in wijk.info.overleggen if o.datum >= today), key=lambda o: o.datum)


def open_ronde(wijk: Wijk, today: dt.date) -> Stemronde | None:
    """The stemronde residents can act on today (propose or vote), if any."""
    for ronde in wijk.budget.stemrondes:
        if ronde.phase(today) in ("indienen", "stemmen"):
            return ronde
    return None


def wacht_op_uitslag(wijk: Wijk, today: dt.date) -> list[Stemronde]:
    """Stemrondes whose voting is over but whose result is not published yet."""
    return [
        r
        for r in wijk.budget.stemrondes
        if r.phase(today) in ("tellen", "uitslag") and wijk.uitslag(r.id) is None
    ]


def nieuwe_uitslagen(wijk: Wijk, today: dt.date) -> list[Uitslag]:
    """Published results residents may not have seen yet: fixed less than two months ago."""
    return [u for u in wijk.uitslagen if u.vastgesteld <= today < u.vastgesteld + UITSLAG_NIEUW]


def volgende_wijziging(
    gemeente: Gemeente, today: dt.date
) -> tuple[dt.date, tuple[str, ...]] | None:
    """The first day after ``today`` on which a page changes by the date alone, and why.

    A late flag appears the day after an open action's ``wanneer`` or an Ooit answer's
    ``uitsluitsel``; a wijkagenda becomes too old; a stemronde enters a new phase; a meeting
    moves to the past. The site must be built again on that day.
    """
    dag = dt.timedelta(days=1)
    changes: list[tuple[dt.date, str]] = []
    for w in gemeente.wijken:
        for a in w.agenda.acties:
            if a.status in ("gepland", "bezig"):
                changes.append((a.wanneer + dag, f"{w.naam}: afspraak '{a.wat}' is te laat"))
        ooit = [v for v in w.agenda.verzoeken if v.antwoord == "ooit"] + [
            v for u in w.uitslagen for v in u.voorstellen if v.antwoord == "ooit"
        ]
        for v in ooit:
            if v.uitsluitsel is not None:
                titel = v.vraag if isinstance(v, Verzoek) else v.titel
                changes.append((v.uitsluitsel + dag, f"{w.naam}: antwoord op '{titel}' is te laat"))
        oud = w.agenda.vastgesteld + AGENDA_MAX_AGE + dag
        changes.append((oud, f"{w.naam}: de wijkagenda is ouder dan een half jaar"))
        for r in w.budget.stemrondes:
            periodes = (r.indienen, r.beoordelen, r.stemmen)
            for d in [p.van for p in periodes] + [p.tot + dag for p in periodes] + [r.uitslag]:
                if r.phase(d) != r.phase(d - dag):
                    fase = f"de fase {r.phase(d)}"
                    changes.append((d, f"{w.naam}: stemronde '{r.titel}' gaat naar {fase}"))
        for u in w.uitslagen:
            reden = f"{w.naam}: uitslag '{u.titel}' is niet meer nieuw"
            changes.append((u.vastgesteld + UITSLAG_NIEUW, reden))
        for o in w.info.overleggen:
            soort = o.titel or o.soort
            changes.append((o.datum + dag, f"{w.naam}: overleg '{soort}' is voorbij"))
    later = [(d, why) for d, why in changes if d > today]
    if not later:
        return None
    first = min(d for d, _ in later)
    return first, tuple(sorted(why for d, why in later if d == first))
