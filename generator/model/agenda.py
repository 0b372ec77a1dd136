"""``wijken/<wijk>/agenda.yaml``: this year's wijkagenda of actions and answered requests."""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from generator.model.base import (
    ActieRef,
    Antwoord,
    Datum,
    Jaar,
    PartnerRef,
    Regel,
    Slug,
    SourceModel,
    Tekst,
    ThemaRef,
)

Status = Literal["gepland", "bezig", "klaar", "vervallen"]


class Besluit(SourceModel):
    """The decision an action rests on: its reference (kenmerk) and the day it was taken."""

    kenmerk: Regel
    datum: Datum


class Actie(SourceModel):
    """An agreement on the wijkagenda: what, why, who, by when, and the decision behind it.

    An action goes on the agenda only when the need is shown (``waarom``), it is clear who
    does what (``wie``), and a decision lies behind it (``besluit``).
    """

    id: Slug
    wat: Regel
    waarom: Tekst
    wie: tuple[PartnerRef, ...] = Field(min_length=1)
    wanneer: Datum
    status: Status
    thema: ThemaRef
    besluit: Besluit
    toelichting: Tekst | None = None
    kompas: tuple[Slug, ...] = ()  # wijkkompas indicators this action aims to move


class Verzoek(SourceModel):
    """A residents' request and the answer: Nu, Ooit (conditions, date) or Nooit (reason)."""

    id: Slug
    vraag: Regel
    van: Regel | None = None
    ingediend: Datum | None = None
    antwoord: Antwoord
    toelichting: Tekst | None = None
    actie: ActieRef | None = None
    voorwaarden: Tekst | None = Field(default=None, validate_default=True)
    uitsluitsel: Datum | None = Field(default=None, validate_default=True)
    reden: Tekst | None = Field(default=None, validate_default=True)

    @field_validator("voorwaarden", "uitsluitsel", "reden")
    @classmethod
    def _answer_complete(cls, value: object, info: ValidationInfo) -> object:
        """Keep the promise: Ooit comes with conditions and a date, Nooit with a reason."""
        needed = {"voorwaarden": "ooit", "uitsluitsel": "ooit", "reden": "nooit"}[
            str(info.field_name)
        ]
        if value is None and info.data.get("antwoord") == needed:
            raise PydanticCustomError(
                "answer_incomplete",
                "an {answer} answer needs {field}",
                {"answer": needed.capitalize(), "field": info.field_name},
            )
        return value


class Prestatieafspraak(SourceModel):
    """An agreement between partners: what, why, when, how and by whom."""

    wat: Regel
    waarom: Tekst
    wanneer: Regel
    hoe: Tekst
    wie: tuple[PartnerRef, ...] = Field(min_length=1)


class Agenda(SourceModel):
    """``wijken/<wijk>/agenda.yaml``: this year's wijkagenda."""

    jaar: Jaar
    vastgesteld: Datum
    acties: tuple[Actie, ...] = ()
    verzoeken: tuple[Verzoek, ...] = ()
    afspraken: tuple[Prestatieafspraak, ...] = ()
