"""``wijken/<wijk>/toekenningen.yaml``: the decisions on stimuleringsregeling applications.

The voting app writes this file when staff decide; people never edit it. It holds only what
may be public: what was asked, for whom, when, the amount, the decision and its dates. Names,
e-mail addresses and phone numbers stay in the app. ``wat``, ``omschrijving``, ``voor_wie``,
``wanneer``, ``tegenprestatie`` and ``groep`` are residents' text, shown literally.
"""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

from typing import Annotated, Literal, Self

from pydantic import StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from generator.model.base import Bedrag, Datum, Regel, Slug, SourceModel, Tekst

# A reference number residents can read out on the phone: no 0/O or 1/I to confuse.
NUMMER = r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$"
Besluit = Literal["toegekend", "afgewezen", "uitbetaald", "verantwoord"]


class Toekenning(SourceModel):
    """One decided application: granted (then paid, then accounted for) or refused."""

    nummer: Annotated[str, StringConstraints(pattern=NUMMER)]
    wat: Regel
    omschrijving: Tekst
    voor_wie: Regel
    wanneer: Regel
    gevraagd: Bedrag
    tegenprestatie: Tekst | None = None
    groep: Regel | None = None  # the group that applied, when a group did
    post: Slug
    ontvangen: Datum
    besloten: Datum
    status: Besluit
    bedrag: Bedrag | None = None
    reden: Tekst | None = None
    uitbetaald: Datum | None = None
    verantwoord: Datum | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.besloten < self.ontvangen:
            raise _invalid("grant_decided_early", "besloten is before ontvangen")
        if self.status == "afgewezen":
            if self.reden is None:
                raise _invalid("grant_refused_without_reason", "a refusal needs a reden")
            if self.bedrag is not None:
                raise _invalid("grant_refused_with_amount", "a refusal has no bedrag")
            return self
        if self.bedrag is None:
            raise _invalid("grant_needs_amount", "{status} needs the bedrag", self.status)
        if self.bedrag > self.gevraagd:
            raise _invalid("grant_more_than_asked", "bedrag is more than gevraagd")
        if self.status in ("uitbetaald", "verantwoord") and self.uitbetaald is None:
            raise _invalid("grant_needs_paid", "{status} needs uitbetaald", self.status)
        if self.status == "verantwoord" and self.verantwoord is None:
            raise _invalid("grant_needs_accounted", "verantwoord needs the date verantwoord")
        return self

    @property
    def toegekend(self) -> bool:
        return self.status != "afgewezen"

    @property
    def besteed(self) -> bool:
        return self.status in ("uitbetaald", "verantwoord")


def _invalid(kind: str, message: str, status: str = "") -> PydanticCustomError:
    """An incomplete decision; ``kind`` is what generator.sources.messages words for staff."""
    return PydanticCustomError(kind, message, {"status": status})


class Toekenningen(SourceModel):
    """The whole file: every decided application of one wijk, oldest first."""

    toekenningen: tuple[Toekenning, ...] = ()
