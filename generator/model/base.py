"""What every source model shares: the strict base class, the field types and references.

Field types carry the limits staff see in error messages (a ``Regel`` is one line of at most
300 characters, a ``Bedrag`` whole euros). Partners live here because both ``gemeente.yaml``
and ``wijk.yaml`` list them.
"""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
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


def _iso_date(value: object) -> object:
    """A quoted date ("2026-03-31") is a date too: YAML tools and JSON Schema see no
    difference, so the loader accepts it like an unquoted one. Anything else is left for the
    strict check, which refuses it (a number is never read as a date)."""
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


Datum = Annotated[dt.date, Strict(), BeforeValidator(_iso_date)]
Tijd = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Email = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
]
Url = Annotated[
    # No backslash before the quote: standard JSON Schema tools read patterns as ECMA-262
    # regexes, where an escaped '"' is not valid.
    str,
    StringConstraints(pattern=r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[^\s<>" '"' r"'()\\]*)?$"),
]
Antwoord = Literal["nu", "ooit", "nooit"]


def _reference(kind: str, what: str, where: str) -> AfterValidator:
    """Check an id against the ids of ``kind`` passed in the validation context, if known."""

    def check(value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get(kind)
        if known is not None and value not in known:
            raise PydanticCustomError(
                "unknown_reference",
                "no {what} with id {value} (see {where})",
                {"what": what, "value": repr(value), "where": where, "kind": kind},
            )
        return value

    return AfterValidator(check)


PartnerRef = Annotated[Slug, _reference("partners", "partner", "partners")]
CollegeRef = Annotated[Slug, _reference("college", "college member", "gemeente.yaml college")]
ThemaRef = Annotated[Slug, _reference("themas", "WOP theme", "wop.yaml themas")]
ActieRef = Annotated[Slug, _reference("acties", "action", "acties")]
PostRef = Annotated[Slug, _reference("posten", "budget line", "gemeente.yaml begrotingsposten")]


class SourceModel(BaseModel):
    """Base of every model of a source file: unknown fields are errors, values immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


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


class Partner(SourceModel):
    """An organisation or residents' group that works in one or more wijken."""

    id: Slug
    naam: Regel
    soort: PartnerSoort
    telefoon: Regel | None = None
    email: Email | None = None
    website: Url | None = None
    adres: Regel | None = None
    toelichting: Tekst | None = None
