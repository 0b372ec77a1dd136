"""``wijken/gemeente.yaml`` (what all wijken share) and :class:`Gemeente`, the validated whole."""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

from functools import cached_property
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from generator.model.base import Email, Jaar, Partner, Regel, Slug, SourceModel, Tekst, Url
from generator.model.budget import Spelregels, Stimuleringsregeling
from generator.model.huisstijl import Huisstijl, Palet
from generator.model.kompas import Indicator, KompasBasis
from generator.model.wijk import OverlegSoort, Wijk


class Collegelid(SourceModel):
    """A member of the college (wethouder or burgemeester); wijken name theirs by id."""

    id: Slug
    naam: Regel
    rol: Regel = "wethouder"
    portefeuille: Regel | None = None
    email: Email | None = None
    telefoon: Regel | None = None


class Begrotingspost(SourceModel):
    """A municipal budget line that contributes to wijkbudgetten."""

    id: Slug
    naam: Regel
    afdeling: Regel
    toelichting: Tekst | None = None
    spelregels: Spelregels | None = None


class Cyclusoverleg(SourceModel):
    """One kind of meeting in the cycle: who meets the wijk, and how often."""

    soort: OverlegSoort
    naam: Regel
    wie: Regel
    aantal: int = Field(ge=1, le=52, strict=True)
    jaren: int = Field(default=1, ge=1, le=10, strict=True)
    toelichting: Tekst | None = None

    @property
    def hoe_vaak(self) -> str:
        """How often, in words: '2 keer per jaar', '1 keer per 3 jaar'."""
        return f"{self.aantal} keer per " + ("jaar" if self.jaren == 1 else f"{self.jaren} jaar")


class Overlegcyclus(SourceModel):
    """How often each kind of meeting happens in every wijk; periods count from ``vanaf``."""

    vanaf: Jaar
    overleggen: tuple[Cyclusoverleg, ...] = Field(min_length=1)

    def periode(self, overleg: Cyclusoverleg, jaar: int) -> tuple[int, int]:
        """The first and last year of the period of ``overleg`` that holds ``jaar``."""
        start = self.vanaf + (jaar - self.vanaf) // overleg.jaren * overleg.jaren
        return start, start + overleg.jaren - 1


class GemeenteBestand(SourceModel):
    """``wijken/gemeente.yaml``: what all wijken share."""

    naam: Regel
    voorbeeld: bool = False
    website: Url | None = None
    telefoon: Regel | None = Field(
        default=None,
        description="Algemeen telefoonnummer. Staat op de stembrieven, voor vragen over stemmen.",
    )
    email: Email | None = Field(
        default=None,
        description="Algemeen e-mailadres. Staat op de stembrieven, voor vragen over stemmen.",
    )
    college: tuple[Collegelid, ...] = Field(min_length=1)
    begrotingsposten: tuple[Begrotingspost, ...] = Field(min_length=1)
    partners: tuple[Partner, ...] = ()
    stimuleringsregeling: Stimuleringsregeling | None = None  # for every wijk with its line
    wijksite: Url | None = None
    kompas: KompasBasis | None = None
    overlegcyclus: Overlegcyclus | None = None
    huisstijl: Huisstijl | None = None


class Gemeente(BaseModel):
    """The validated sources: the gemeente and its wijken, sorted by name."""

    model_config = ConfigDict(frozen=True)

    info: GemeenteBestand
    wijken: tuple[Wijk, ...]
    # The colours of the huisstijl, with the tokens file read and the contrast checked.
    palet: Palet = Palet()

    def partners_for(self, wijk: Wijk) -> dict[str, Partner]:
        """Partners a wijk can refer to: the gemeente's and its own."""
        return {p.id: p for p in (*self.info.partners, *wijk.info.partners)}

    @property
    def college(self) -> dict[str, Collegelid]:
        return {c.id: c for c in self.info.college}

    @property
    def posten(self) -> dict[str, Begrotingspost]:
        return {p.id: p for p in self.info.begrotingsposten}

    @property
    def domein(self) -> str:
        """The internet domain that scopes calendar UIDs: the wijk site's, else the gemeente's."""
        for url in (self.info.wijksite, self.info.website):
            if url:
                return urlsplit(url).hostname or "wijkwerk.invalid"
        return "wijkwerk.invalid"

    def indicatoren(self, wijk: Wijk | None = None) -> dict[str, Indicator]:
        """The gemeente's base set of indicators, plus the wijk's own when a wijk is given."""
        basis = self.info.kompas.indicatoren if self.info.kompas else ()
        eigen = wijk.kompas.indicatoren if wijk is not None and wijk.kompas else ()
        return {i.id: i for i in (*basis, *eigen)}

    @cached_property
    def kompas_gemiddelden(self) -> dict[str, dict[int, float]]:
        """Per indicator and year, the mean of the wijken that have a value, weighted by
        their inhabitants (a plain mean when none has inhabitants). Computed once."""
        sums: dict[tuple[str, int], list[float]] = {}
        for wijk in self.wijken:
            if wijk.kompas is None:
                continue
            for indicator, values in wijk.kompas.waarden().items():
                for jaar, value in values.items():
                    acc = sums.setdefault((indicator, jaar), [0.0, 0.0, 0.0, 0.0])
                    acc[0] += wijk.info.inwoners * value
                    acc[1] += wijk.info.inwoners
                    acc[2] += value
                    acc[3] += 1
        out: dict[str, dict[int, float]] = {}
        for (indicator, jaar), (weighted, weight, total, count) in sorted(sums.items()):
            out.setdefault(indicator, {})[jaar] = weighted / weight if weight else total / count
        return out
