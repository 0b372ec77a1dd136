"""``wijken/<wijk>/stemrondes/<ronde>.yaml``: the result of a stemronde, written by the app.

The voting app writes these files and the site shows them; titles and descriptions are
residents' text.
"""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

from typing import Annotated

from pydantic import StringConstraints

from generator.model.base import Aantal, Antwoord, Bedrag, Datum, Regel, Slug, SourceModel, Tekst
from generator.model.telmethode import TelmethodeId


class UitslagVoorstel(SourceModel):
    """A proposal of a finished stemronde. Titles and descriptions are residents' text."""

    id: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,12}$")]
    titel: Regel
    omschrijving: Tekst
    antwoord: Antwoord
    kosten: Bedrag | None = None
    stemmen: Aantal | None = None
    gekozen: bool = False
    uitleg: Tekst | None = None
    voorwaarden: Tekst | None = None
    uitsluitsel: Datum | None = None
    reden: Tekst | None = None


class Uitslag(SourceModel):
    """The result of a stemronde, as the voting app published it."""

    ronde: Slug
    titel: Regel
    vastgesteld: Datum
    telmethode: TelmethodeId
    gelijke_stand: Tekst
    loting: tuple[str, ...] = ()
    bedrag: Bedrag
    stemcodes: Aantal
    stemmen: Aantal
    ongeldig: Aantal = 0
    """Paper ballots recorded as invalid: they count for turnout, not for any proposal."""
    gekozen_kosten: Bedrag
    voorstellen: tuple[UitslagVoorstel, ...] = ()
    vingerafdruk: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    """SHA-256 of the ballot as it was frozen when voting opened (see the voting app)."""

    @property
    def gekozen(self) -> tuple[UitslagVoorstel, ...]:
        return tuple(v for v in self.voorstellen if v.gekozen)
