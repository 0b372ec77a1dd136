"""``wijken/gemeente.yaml`` (what all wijken share) and :class:`Gemeente`, the validated whole."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from generator.model.base import Email, Partner, Regel, Slug, SourceModel, Tekst, Url
from generator.model.wijk import Wijk


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


class GemeenteBestand(SourceModel):
    """``wijken/gemeente.yaml``: what all wijken share."""

    naam: Regel
    voorbeeld: bool = False
    website: Url | None = None
    telefoon: Regel | None = None
    college: tuple[Collegelid, ...] = Field(min_length=1)
    begrotingsposten: tuple[Begrotingspost, ...] = Field(min_length=1)
    partners: tuple[Partner, ...] = ()


class Gemeente(BaseModel):
    """The validated sources: the gemeente and its wijken, sorted by name."""

    model_config = ConfigDict(frozen=True)

    info: GemeenteBestand
    wijken: tuple[Wijk, ...]

    def partners_for(self, wijk: Wijk) -> dict[str, Partner]:
        """Partners a wijk can refer to: the gemeente's and its own."""
        return {p.id: p for p in (*self.info.partners, *wijk.info.partners)}

    @property
    def college(self) -> dict[str, Collegelid]:
        return {c.id: c for c in self.info.college}

    @property
    def posten(self) -> dict[str, Begrotingspost]:
        return {p.id: p for p in self.info.begrotingsposten}
