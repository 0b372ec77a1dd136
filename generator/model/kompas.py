"""The wijkkompas: indicators (a base set in ``gemeente.yaml``, extras per wijk) and their
values per year in ``wijken/<wijk>/kompas.yaml``.

Values a person writes live under ``jaren``; ``wijkwerk kompas-import`` writes CBS figures
under ``cbs``, below a marker line, so the two never overwrite each other.
"""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from generator.model.base import Jaar, Regel, Slug, SourceModel, Tekst

Domein = Literal["fysiek", "veiligheid", "sociaal"]
DOMEINEN: tuple[Domein, ...] = ("fysiek", "veiligheid", "sociaal")
CbsVeld = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,62}$")]


def _number(value: Any) -> Any:
    """A value is a plain number; '6,4' (Dutch comma) or yes/no is explained in Dutch."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "nl_waarde",
            "{value} is geen getal; schrijf een getal met een punt, zoals 6.4",
            {"value": repr(value)},
        )
    return value


Waarde = Annotated[float | int, BeforeValidator(_number)]


class Indicator(SourceModel):
    """One measure of the state of a wijk, with which direction is better."""

    id: Slug
    naam: Regel
    eenheid: Regel
    bron: Regel
    soort: Literal["objectief", "subjectief"]
    beter: Literal["hoger", "lager"]
    domein: Domein
    cbs: CbsVeld | None = None
    toelichting: Tekst | None = None


class KompasBasis(SourceModel):
    """The ``kompas`` of ``gemeente.yaml``: the base set every wijk shares, and the base year."""

    basisjaar: Jaar
    indicatoren: tuple[Indicator, ...] = Field(min_length=1)


class Meting(SourceModel):
    """The values of one year: indicator id -> value."""

    jaar: Jaar
    bron: Regel | None = None
    waarden: dict[Slug, Waarde] = Field(min_length=1)


class Kompas(SourceModel):
    """``wijken/<wijk>/kompas.yaml``: the wijk's own indicators and the values per year."""

    indicatoren: tuple[Indicator, ...] = ()
    jaren: tuple[Meting, ...] = ()
    cbs: tuple[Meting, ...] = ()

    def waarden(self) -> dict[str, dict[int, float]]:
        """Every value, per indicator id and year, from both parts of the file."""
        out: dict[str, dict[int, float]] = {}
        for meting in (*self.jaren, *self.cbs):
            for indicator, waarde in meting.waarden.items():
                out.setdefault(indicator, {})[meting.jaar] = waarde
        return out
