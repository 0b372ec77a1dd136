"""``wijken/<wijk>/budget.yaml``: one combined wijkbudget, where it comes from, its stemrondes.

Also the other doors to the money: the stimuleringsregeling (a quick small subsidy residents
ask for directly), the activity budgets of residents' groups, and the spelregels of each line.
"""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

import datetime as dt
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator
from pydantic.types import Strict
from pydantic_core import PydanticCustomError

from generator.model.base import (
    Aantal,
    Bedrag,
    Datum,
    Jaar,
    PartnerRef,
    PostRef,
    Regel,
    Slug,
    SourceModel,
    Tekst,
)
from generator.model.telmethode import TelmethodeId


class Spelregels(SourceModel):
    """The rules of one budget line: what it is for, who grants from it, how it is accounted."""

    waarvoor: Tekst
    wie_beslist: Regel
    verantwoording: Tekst
    subsidie: bool = False  # may residents and groups be granted money from it directly?
    max_per_aanvraag: Bedrag | None = None


class Bron(SourceModel):
    """One budget line's contribution to the combined wijkbudget."""

    post: PostRef
    bedrag: Bedrag
    soort: Literal["structureel", "incidenteel"]
    voorwaarden: Tekst | None = None
    spelregels: Spelregels | None = None  # replaces the line's spelregels in gemeente.yaml


class Stimuleringsregeling(SourceModel):
    """A simple, quick, small subsidy that residents and groups apply for at any time."""

    naam: Regel = "Stimuleringsregeling"
    post: PostRef
    max_bedrag: Bedrag
    termijn_weken: Annotated[int, Strict(), Field(ge=1, le=26)] = 4
    voorwaarden: Tekst
    wie_beslist: Regel
    tegenprestatie: Tekst | None = None  # what applicants give back (eigen bijdrage)


class GroepUitgave(SourceModel):
    """What a residents' group spent from its activity budget."""

    wat: Regel
    bedrag: Bedrag
    datum: Datum | None = None


class Groepsbudget(SourceModel):
    """An activity budget that a residents' group (bewonersgroep) holds from one line."""

    groep: PartnerRef
    post: PostRef
    bedrag: Bedrag
    voorwaarden: Tekst
    begeleiding: Regel | None = None  # e.g. the wijkcoach who supports the group
    uitgaven: tuple[GroepUitgave, ...] = ()

    @property
    def besteed(self) -> int:
        return sum(u.bedrag for u in self.uitgaven)


class Uitgave(SourceModel):
    """Money granted or spent from the wijkbudget."""

    wat: Regel
    bedrag: Bedrag
    status: Literal["toegekend", "besteed"]
    datum: Datum | None = None
    post: Slug | None = None
    actie: Slug | None = None


class Periode(SourceModel):
    van: Datum
    tot: Datum

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.tot < self.van:
            raise PydanticCustomError(
                "period_reversed",
                "tot ({tot}) is before van ({van})",
                {"van": str(self.van), "tot": str(self.tot)},
            )
        return self


class Stemregels(SourceModel):
    """What a valid ballot looks like; the app checks these on the server."""

    max_bedrag: Bedrag | None = None
    min_keuzes: Aantal = 1
    max_keuzes: Aantal | None = None


class Stemronde(SourceModel):
    """Settings of a stemronde: the part of the wijkbudget residents decide on."""

    id: Slug
    titel: Regel
    bedrag: Bedrag
    post: PostRef | None = None  # the budget line it is paid from; optional when ontschot
    indienen: Periode
    beoordelen: Periode
    stemmen: Periode
    uitslag: Datum
    regels: Stemregels = Stemregels()
    telmethode: TelmethodeId = "greedy"
    minimumleeftijd: Annotated[int, Strict(), Field(ge=0, le=120)] = 16

    def phase(self, today: dt.date) -> str:
        """Name the phase the round is in on ``today``."""
        for name, periode in (
            ("indienen", self.indienen),
            ("beoordelen", self.beoordelen),
            ("stemmen", self.stemmen),
        ):
            if periode.van <= today <= periode.tot:
                return name
        if today < self.indienen.van:
            return "binnenkort"
        return "uitslag" if today >= self.uitslag else "tellen"


class Budget(SourceModel):
    """``wijken/<wijk>/budget.yaml``: one combined wijkbudget with visible origins."""

    jaar: Jaar
    ontschot: bool = False
    toelichting: Tekst | None = None
    bronnen: tuple[Bron, ...] = Field(min_length=1)
    uitgaven: tuple[Uitgave, ...] = ()
    stemrondes: tuple[Stemronde, ...] = ()
    stimuleringsregeling: Stimuleringsregeling | None = None  # replaces the gemeente's
    groepsbudgetten: tuple[Groepsbudget, ...] = ()

    @property
    def totaal(self) -> int:
        return sum(b.bedrag for b in self.bronnen)

    @property
    def uitgegeven(self) -> int:
        return sum(u.bedrag for u in self.uitgaven)

    @property
    def bewonersdeel(self) -> int:
        return sum(r.bedrag for r in self.stemrondes)
