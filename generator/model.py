"""The typed, immutable model of a gemeente's wijk sources.

Field names are the Dutch words staff write in the YAML files (``wat``, ``wie``, ``wanneer``);
``wijken/README.md`` documents each of them. One model serves the site generator and the
voting app. Checks that span files (references, duplicate ids) live in ``generator.sources``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.types import Strict
from pydantic_core import PydanticCustomError

SLUG = r"^[a-z0-9][a-z0-9-]{0,62}$"  # ids and folder names: also what is safe in a URL or path
Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Tekst = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
Regel = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Bedrag = Annotated[int, Strict(), Field(ge=0, le=10_000_000_000)]
Aantal = Annotated[int, Strict(), Field(ge=0)]
Jaar = Annotated[int, Strict(), Field(ge=1900, le=2200)]
Datum = Annotated[dt.date, Strict()]
Tijd = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Email = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
]
Url = Annotated[
    str, StringConstraints(pattern=r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[^\s<>\"'()\\]*)?$")
]


def _reference(kind: str, what: str, where: str) -> AfterValidator:
    """Check an id against the ids of ``kind`` passed in the validation context, if known."""

    def check(value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get(kind)
        if known is not None and value not in known:
            raise PydanticCustomError(
                "unknown_reference",
                "no {what} with id {value} (see {where})",
                {"what": what, "value": repr(value), "where": where},
            )
        return value

    return AfterValidator(check)


PartnerRef = Annotated[Slug, _reference("partners", "partner", "partners")]
CollegeRef = Annotated[Slug, _reference("college", "college member", "gemeente.yaml college")]
ThemaRef = Annotated[Slug, _reference("themas", "WOP theme", "wop.yaml themas")]
ActieRef = Annotated[Slug, _reference("acties", "action", "acties")]
PostRef = Annotated[Slug, _reference("posten", "budget line", "gemeente.yaml begrotingsposten")]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


# --- gemeente.yaml -------------------------------------------------------------------------


class Persoon(_Model):
    """Someone residents can contact."""

    naam: Regel
    functie: Regel | None = None
    telefoon: Regel | None = None
    email: Email | None = None
    spreekuur: Regel | None = None


class Collegelid(_Model):
    """A member of the college (wethouder or burgemeester); wijken name theirs by id."""

    id: Slug
    naam: Regel
    rol: Regel = "wethouder"
    portefeuille: Regel | None = None
    email: Email | None = None
    telefoon: Regel | None = None


class Begrotingspost(_Model):
    """A municipal budget line that contributes to wijkbudgetten."""

    id: Slug
    naam: Regel
    afdeling: Regel
    toelichting: Tekst | None = None


PartnerSoort = Literal[
    "gemeente",
    "woningcorporatie",
    "welzijn",
    "zorg",
    "politie",
    "onderwijs",
    "bewonersgroep",
    "overig",
]


class Partner(_Model):
    """An organisation or residents' group that works in one or more wijken."""

    id: Slug
    naam: Regel
    soort: PartnerSoort
    telefoon: Regel | None = None
    email: Email | None = None
    website: Url | None = None
    adres: Regel | None = None
    toelichting: Tekst | None = None


class GemeenteBestand(_Model):
    """``wijken/gemeente.yaml``: what all wijken share."""

    naam: Regel
    voorbeeld: bool = False
    website: Url | None = None
    telefoon: Regel | None = None
    college: tuple[Collegelid, ...] = Field(min_length=1)
    begrotingsposten: tuple[Begrotingspost, ...] = Field(min_length=1)
    partners: tuple[Partner, ...] = ()


# --- <wijk>/wijk.yaml ----------------------------------------------------------------------


class CbsCode(_Model):
    # WK + gemeentecode + two characters: digits, or letters in Amsterdam (WK0363AA).
    code: Annotated[str, StringConstraints(pattern=r"^WK\d{4}[0-9A-Z]{2}$")]
    jaar: Jaar


class Loketonderwerp(_Model):
    """One entry of 'Waar kan ik terecht?': a topic and who helps with it."""

    onderwerp: Regel
    partners: tuple[PartnerRef, ...] = Field(min_length=1)
    toelichting: Tekst | None = None


OverlegSoort = Literal["wijkoverleg", "wijkcontactmoment", "bewonersavond", "wijkschouw", "overig"]


class Overleg(_Model):
    """A meeting moment in the wijk's cycle."""

    soort: OverlegSoort
    titel: Regel | None = None
    datum: Datum
    van: Tijd
    tot: Tijd | None = None
    plaats: Regel
    voor: Regel | None = None
    toelichting: Tekst | None = None


class WijkBestand(_Model):
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


# --- <wijk>/wop.yaml -----------------------------------------------------------------------


class Thema(_Model):
    id: Slug
    naam: Regel
    doelen: tuple[Regel, ...] = Field(min_length=1)
    toelichting: Tekst | None = None


class Wop(_Model):
    """``wijken/<wijk>/wop.yaml``: the four-year WijkOntwikkelPlan."""

    van: Jaar
    tot: Jaar
    vastgesteld: Datum | None = None
    samenvatting: Tekst | None = None
    themas: tuple[Thema, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _period(self) -> Wop:
        if self.tot < self.van:
            raise ValueError(f"tot ({self.tot}) is before van ({self.van})")
        return self


# --- <wijk>/agenda.yaml --------------------------------------------------------------------

Status = Literal["gepland", "bezig", "klaar", "vervallen"]
Antwoord = Literal["nu", "ooit", "nooit"]


class Actie(_Model):
    """An agreement on the wijkagenda: what, who, by when."""

    id: Slug
    wat: Regel
    wie: tuple[PartnerRef, ...] = Field(min_length=1)
    wanneer: Datum
    status: Status
    thema: ThemaRef
    toelichting: Tekst | None = None


class Verzoek(_Model):
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
        needed = {"voorwaarden": "ooit", "uitsluitsel": "ooit", "reden": "nooit"}[info.field_name]
        if value is None and info.data.get("antwoord") == needed:
            raise PydanticCustomError(
                "answer_incomplete",
                "an {answer} answer needs {field}",
                {"answer": needed.capitalize(), "field": info.field_name},
            )
        return value


class Agenda(_Model):
    """``wijken/<wijk>/agenda.yaml``: this year's wijkagenda."""

    jaar: Jaar
    vastgesteld: Datum
    acties: tuple[Actie, ...] = ()
    verzoeken: tuple[Verzoek, ...] = ()


# --- <wijk>/budget.yaml --------------------------------------------------------------------


class Bron(_Model):
    """One budget line's contribution to the combined wijkbudget."""

    post: PostRef
    bedrag: Bedrag
    soort: Literal["structureel", "incidenteel"]
    voorwaarden: Tekst | None = None


class Uitgave(_Model):
    """Money granted or spent from the wijkbudget."""

    wat: Regel
    bedrag: Bedrag
    status: Literal["toegekend", "besteed"]
    datum: Datum | None = None
    post: Slug | None = None
    actie: Slug | None = None


class Periode(_Model):
    van: Datum
    tot: Datum

    @model_validator(mode="after")
    def _order(self) -> Periode:
        if self.tot < self.van:
            raise ValueError(f"tot ({self.tot}) is before van ({self.van})")
        return self


class Stemregels(_Model):
    """What a valid ballot looks like; the app checks these on the server."""

    max_bedrag: Bedrag | None = None
    min_keuzes: Aantal = 1
    max_keuzes: Aantal | None = None


class Stemronde(_Model):
    """Settings of a stemronde: the part of the wijkbudget residents decide on."""

    id: Slug
    titel: Regel
    bedrag: Bedrag
    indienen: Periode
    beoordelen: Periode
    stemmen: Periode
    uitslag: Datum
    regels: Stemregels = Stemregels()
    telmethode: Literal["greedy", "mes"] = "greedy"
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


class Budget(_Model):
    """``wijken/<wijk>/budget.yaml``: one combined wijkbudget with visible origins."""

    jaar: Jaar
    ontschot: bool = False
    toelichting: Tekst | None = None
    bronnen: tuple[Bron, ...] = Field(min_length=1)
    uitgaven: tuple[Uitgave, ...] = ()
    stemrondes: tuple[Stemronde, ...] = ()

    @property
    def totaal(self) -> int:
        return sum(b.bedrag for b in self.bronnen)

    @property
    def uitgegeven(self) -> int:
        return sum(u.bedrag for u in self.uitgaven)

    @property
    def bewonersdeel(self) -> int:
        return sum(r.bedrag for r in self.stemrondes)


# --- <wijk>/stemrondes/<ronde>.yaml (written by the voting app) ---------------------------


class UitslagVoorstel(_Model):
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


class Uitslag(_Model):
    """The result of a stemronde, as the voting app published it."""

    ronde: Slug
    titel: Regel
    vastgesteld: Datum
    telmethode: Literal["greedy", "mes"]
    gelijke_stand: Tekst
    loting: tuple[str, ...] = ()
    bedrag: Bedrag
    stemcodes: Aantal
    stemmen: Aantal
    gekozen_kosten: Bedrag
    voorstellen: tuple[UitslagVoorstel, ...] = ()

    @property
    def gekozen(self) -> tuple[UitslagVoorstel, ...]:
        return tuple(v for v in self.voorstellen if v.gekozen)


# --- the whole gemeente ------------------------------------------------------------------


class Wijk(BaseModel):
    """One wijk: its folder name and the four files in it."""

    model_config = ConfigDict(frozen=True)

    id: Slug
    info: WijkBestand
    wop: Wop
    agenda: Agenda
    budget: Budget
    uitslagen: tuple[Uitslag, ...] = ()
    stembiljetten: dict[str, str] = {}  # ronde id -> anonymous ballots, pabulib text

    @property
    def naam(self) -> str:
        return self.info.naam

    def uitslag(self, ronde: str) -> Uitslag | None:
        return next((u for u in self.uitslagen if u.ronde == ronde), None)


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


# The file name of each per-wijk source and the model that reads it.
WIJK_FILES: dict[str, type[_Model]] = {
    "wijk.yaml": WijkBestand,
    "wop.yaml": Wop,
    "agenda.yaml": Agenda,
    "budget.yaml": Budget,
}
