"""Postcode areas in ``wijk.yaml`` (``postcodes``) and which wijk an address belongs to.

Staff write one area per line: a whole PC4 (``9991``), a whole PC6 (``9991AB``), or a PC6 with
a range of house numbers (``9991AB 1-99``) where a street is split between two wijken. The
loader checks that no address is in two wijken (``generator.sources.postcodes``); the voting
app answers 'which wijk is mine?' with :func:`zoek`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from generator.model.wijk import Wijk

# What staff may write: PC4, PC6 (a space before the letters allowed), PC6 with numbers.
# ECMA-262 compatible, so editors check it from the JSON Schema too.
POSTCODE_PATTERN = r"^[1-9][0-9]{3}( ?[A-Za-z]{2}( [1-9][0-9]{0,4}-[1-9][0-9]{0,4})?)?$"
_PARTS = re.compile(
    r"^(?P<pc4>[1-9][0-9]{3})(?: ?(?P<letters>[A-Za-z]{2})"
    r"(?: (?P<van>[1-9][0-9]{0,4})-(?P<tot>[1-9][0-9]{0,4}))?)?$"
)
# What residents type: '9991 ab', '9991AB'; the house number may carry a letter ('12a').
_ASKED = re.compile(r"^(?P<pc4>[1-9][0-9]{3})(?P<letters>[A-Z]{2})?$")
_HUISNUMMER = re.compile(r"^(?P<nummer>[1-9][0-9]{0,4})(?:[ -]?[A-Z0-9]{1,4})?$")


@dataclass(frozen=True, order=True)
class Postcodegebied:
    """One area a wijk claims: a PC4, a PC6, or house numbers ``van`` to ``tot`` of a PC6."""

    pc4: str
    letters: str | None = None
    van: int | None = None
    tot: int | None = None

    def __str__(self) -> str:
        text = self.pc4 + (self.letters or "")
        return f"{text} {self.van}-{self.tot}" if self.van is not None else text

    def overlaps(self, other: Postcodegebied) -> bool:
        """Whether some address lies in both areas."""
        if self.pc4 != other.pc4:
            return False
        if self.letters is None or other.letters is None:
            return True
        if self.letters != other.letters:
            return False
        if self.van is None or other.van is None or self.tot is None or other.tot is None:
            return True
        return self.van <= other.tot and other.van <= self.tot

    def holds(self, letters: str | None, nummer: int | None) -> bool | None:
        """True: the address is in this area; False: it is not; None: too little given to say."""
        if self.letters is None:
            return True
        if letters is None:
            return None
        if letters != self.letters:
            return False
        if self.van is None or self.tot is None:
            return True
        if nummer is None:
            return None
        return self.van <= nummer <= self.tot


def parse(value: object) -> Postcodegebied:
    """Read one area as staff wrote it; a PydanticCustomError explains what is wrong."""
    if isinstance(value, Postcodegebied):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    text = " ".join(str(value).split())
    match = _PARTS.match(text)
    if match is None:
        raise PydanticCustomError(
            "string_pattern_mismatch",
            "String should match pattern '{pattern}'",
            {"pattern": POSTCODE_PATTERN},
        )
    letters = match["letters"].upper() if match["letters"] else None
    van = int(match["van"]) if match["van"] else None
    tot = int(match["tot"]) if match["tot"] else None
    if van is not None and tot is not None and tot < van:
        raise PydanticCustomError(
            "postcode_range_reversed",
            "house numbers {van}-{tot} run backwards",
            {"van": van, "tot": tot},
        )
    return Postcodegebied(match["pc4"], letters, van, tot)


Postcode = Annotated[
    Postcodegebied,
    PlainValidator(parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            # A PC4 written without quotes is a number in YAML; the loader takes it as text.
            "anyOf": [
                {"type": "string", "pattern": POSTCODE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "Een postcodegebied: 9991 (hele PC4), 9991AB (hele PC6) of "
            "9991AB 1-99 (huisnummers 1 tot en met 99 van die PC6).",
        }
    ),
]


def vraag(postcode: str, huisnummer: str = "") -> tuple[str, str | None, int | None] | None:
    """What a resident typed as (PC4, letters or None, house number or None); None when odd.

    Spaces and lower case do not matter; a letter after the house number ('12a') is ignored.
    """
    code = "".join(postcode.split()).upper()
    match = _ASKED.match(code)
    nummer_text = "".join(huisnummer.split()).upper()
    nummer = _HUISNUMMER.match(nummer_text) if nummer_text else None
    if match is None or (nummer_text and nummer is None):
        return None
    return match["pc4"], match["letters"], int(nummer["nummer"]) if nummer else None


@dataclass(frozen=True)
class Zoekresultaat:
    """The wijk of an address when it is certain, else the wijken it may be in (maybe none)."""

    wijk: Wijk | None
    kandidaten: tuple[Wijk, ...] = ()


def zoek(
    wijken: Iterable[Wijk], pc4: str, letters: str | None, nummer: int | None
) -> Zoekresultaat:
    """The wijk of an address, or the candidates when the postcode alone does not decide.

    An address that no area holds exactly, in a PC4 that wijken share, gives those wijken as
    candidates: better a short list than 'unknown' for a house number staff forgot.
    """
    zeker: list[Wijk] = []
    misschien: list[Wijk] = []
    in_pc4: list[Wijk] = []
    for wijk in wijken:
        here = [g for g in wijk.info.postcodes if g.pc4 == pc4]
        if not here:
            continue
        in_pc4.append(wijk)
        answers = {g.holds(letters, nummer) for g in here}
        if True in answers:
            zeker.append(wijk)
        elif None in answers:
            misschien.append(wijk)
    if len(zeker) == 1 and not misschien:
        return Zoekresultaat(zeker[0])
    found = zeker + misschien or in_pc4
    return Zoekresultaat(None, tuple(sorted(found, key=lambda w: w.naam)))
