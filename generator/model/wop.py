"""``wijken/<wijk>/wop.yaml``: the four-year WijkOntwikkelPlan and its themes."""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

from typing import Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.model.base import Datum, Jaar, Regel, Slug, SourceModel, Tekst


# No docstring on purpose: pydantic would put it in the JSON Schema as the description.
class Thema(SourceModel):
    id: Slug
    naam: Regel
    doelen: tuple[Regel, ...] = Field(min_length=1)
    toelichting: Tekst | None = None
    kompas: tuple[Slug, ...] = ()  # wijkkompas indicators this theme aims to move


class Wop(SourceModel):
    """``wijken/<wijk>/wop.yaml``: the four-year WijkOntwikkelPlan."""

    van: Jaar
    tot: Jaar
    vastgesteld: Datum | None = None
    samenvatting: Tekst | None = None
    themas: tuple[Thema, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.tot < self.van:
            raise PydanticCustomError(
                "period_reversed",
                "tot ({tot}) is before van ({van})",
                {"van": str(self.van), "tot": str(self.tot)},
            )
        return self
