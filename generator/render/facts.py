"""Facts derived from the sources on a given day: progress, what is late, what comes next.

Everything takes ``today`` explicitly so rendering stays pure and golden files stay stable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Actie, Agenda, Overleg, Stemronde, Verzoek, Wijk

# The wijkagenda is renewed at least twice a year; older than this is flagged.
AGENDA_MAX_AGE = dt.timedelta(days=183)


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


def uitsluitsel_te_laat(verzoek: Verzoek, today: dt.date) -> bool:
    """An Ooit answer whose promised date for a definite answer has passed."""
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
