"""``wijken/<wijk>/wijk.yaml`` (who and what the wijk is) and :class:`Wijk`, a whole wijk folder."""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from generator.model.agenda import Agenda
from generator.model.base import (
    Aantal,
    CollegeRef,
    Datum,
    Email,
    Jaar,
    Partner,
    PartnerRef,
    Regel,
    Slug,
    SourceModel,
    Tekst,
    Tijd,
    Url,
)
from generator.model.budget import Budget
from generator.model.grens import Grens
from generator.model.kompas import Kompas
from generator.model.postcode import Postcode
from generator.model.toekenning import Toekenning
from generator.model.uitslag import Uitslag
from generator.model.wop import Wop


class Persoon(SourceModel):
    """Someone residents can contact."""

    naam: Regel
    functie: Regel | None = None
    telefoon: Regel | None = None
    email: Email | None = None
    spreekuur: Regel | None = None


class CbsCode(SourceModel):
    # WK + gemeentecode + two characters: digits, or letters in Amsterdam (WK0363AA).
    code: Annotated[str, StringConstraints(pattern=r"^WK\d{4}[0-9A-Z]{2}$")]
    jaar: Jaar


class Melden(SourceModel):
    """Where a melding on a topic can be made: at least one of internet, phone, mail, letter."""

    website: Url | None = None
    telefoon: Regel | None = None
    email: Email | None = None
    post: Regel | None = None  # a postal address for a letter

    @model_validator(mode="after")
    def _one_channel(self) -> Self:
        if not any((self.website, self.telefoon, self.email, self.post)):
            raise PydanticCustomError(
                "nl_no_channel", "give at least one of website, telefoon, email or post", {}
            )
        return self


class Loketonderwerp(SourceModel):
    """One entry of 'Waar kan ik terecht?': a topic, who helps, where to report, how fast."""

    onderwerp: Regel
    partners: tuple[PartnerRef, ...] = Field(min_length=1)
    melden: Melden
    afhandeling: Regel  # the handling term, e.g. '5 werkdagen'
    toelichting: Tekst | None = None


OverlegSoort = Literal[
    "wijkoverleg",
    "wijkcontactmoment",
    "bewonersavond",
    "wijkschouw",
    "raad",
    "college",
    "voorlichting",
    "overig",
]


class Overleg(SourceModel):
    """A meeting moment in the wijk's cycle."""

    id: Slug | None = None
    soort: OverlegSoort
    titel: Regel | None = None
    datum: Datum
    van: Tijd
    tot: Tijd | None = None
    plaats: Regel
    voor: Regel | None = None
    toelichting: Tekst | None = None
    versie: int = Field(default=0, ge=0, strict=True)
    geannuleerd: bool = False

    @property
    def sleutel(self) -> str:
        """What identifies this meeting in calendars: its id, else kind, day and start time.

        Never its position in the list, so adding a meeting leaves the others' keys alone.
        """
        return self.id or f"{self.soort}-{self.datum:%Y%m%d}-{self.van.replace(':', '')}"


class WijkBestand(SourceModel):
    """``wijken/<wijk>/wijk.yaml``: who and what the wijk is."""

    naam: Regel
    cbs: CbsCode | None = None
    inwoners: Aantal
    buurten: tuple[Regel, ...] = Field(min_length=1)
    beschrijving: Tekst | None = None
    wijkwethouder: CollegeRef
    wijkmanager: Persoon
    wijkagent: Persoon | None = None
    partners: tuple[Partner, ...] = ()
    loket: tuple[Loketonderwerp, ...] = ()
    overleggen: tuple[Overleg, ...] = ()
    postcodes: tuple[Postcode, ...] = Field(
        default=(),
        description="De postcodes van de wijk, zodat bewoners hun wijk vinden: een hele PC4 "
        "(9991), een hele PC6 (9991AB), of huisnummers van een PC6 (9991AB 1-99) als een "
        "straat in twee wijken ligt. Een adres hoort bij één wijk.",
    )


# The file name of each per-wijk source and the model that reads it.
WIJK_FILES: dict[str, type[SourceModel]] = {
    "wijk.yaml": WijkBestand,
    "wop.yaml": Wop,
    "agenda.yaml": Agenda,
    "budget.yaml": Budget,
}


class Wijk(BaseModel):
    """One wijk: its folder name and the four files in it."""

    model_config = ConfigDict(frozen=True)

    id: Slug
    info: WijkBestand
    wop: Wop
    agenda: Agenda
    budget: Budget
    kompas: Kompas | None = None  # kompas.yaml is optional
    grens: Grens | None = None  # grens.geojson is optional: the wijk's area on the map
    uitslagen: tuple[Uitslag, ...] = ()
    toekenningen: tuple[Toekenning, ...] = ()  # toekenningen.yaml, written by the app
    stembiljetten: dict[str, str] = {}  # ronde id -> anonymous ballots, pabulib text

    @property
    def naam(self) -> str:
        return self.info.naam

    def uitslag(self, ronde: str) -> Uitslag | None:
        return next((u for u in self.uitslagen if u.ronde == ronde), None)
