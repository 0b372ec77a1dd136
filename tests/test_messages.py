"""Source problems in plain Dutch: pydantic's errors by type, every rule text filled in.

In-process and cheap: each case validates one small piece of a source file, as the loader
does, and reads the message staff would see after ``file:line: field:``.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from generator import model
from generator.sources.messages import rules, staff_message
from tests.helpers import ROOT

ACTIE: dict[str, Any] = {
    "id": "koffie",
    "wat": "Koffieochtend",
    "waarom": "Buren leren elkaar kennen.",
    "wie": ["wijkteam"],
    "wanneer": dt.date(2026, 4, 30),
    "status": "bezig",
    "thema": "samen",
    "besluit": {"kenmerk": "RV-1", "datum": dt.date(2026, 1, 5)},
}
CONTEXT = {"partners": {"wijkteam"}, "themas": {"samen"}}


def _said(cls: type[BaseModel], data: dict[str, Any], context: Any = None) -> dict[str, str]:
    """Field path -> the Dutch message, for every error validating ``data``."""
    with pytest.raises(ValidationError) as info:
        cls.model_validate(data, context=context)
    return {
        ".".join(str(p) for p in err["loc"]): staff_message(err)
        for err in info.value.errors(include_url=False)
    }


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"wanneer": None}, "wanneer", "Het veld 'wanneer' is leeg. Vul het in."),
        (
            {"wanneer": "31-13-2026"},
            "wanneer",
            "'31-13-2026' is geen datum. Schrijf een datum als 2026-12-31.",
        ),
        (
            {"status": "druk"},
            "status",
            "'druk' kan hier niet. Kies uit: 'gepland', 'bezig', 'klaar' of 'vervallen'.",
        ),
        (
            {"wanner": "2026-04-30"},
            "wanner",
            "Het veld 'wanner' bestaat hier niet. Bedoelt u 'wanneer'?",
        ),
        ({"xyzzy": 1}, "xyzzy", "Het veld 'xyzzy' bestaat hier niet. Kijk of het goed gespeld is."),
        (
            {"wat": False},
            "wat",
            "Hier hoort een tekst. YAML leest ja, nee, true en false als ja of nee: "
            'zet de tekst tussen aanhalingstekens, zoals "nee".',
        ),
        ({"wat": ["a", "b"]}, "wat", "Hier hoort één tekst, geen lijst."),
        ({"wat": "x" * 301}, "wat", "Deze tekst is te lang. Hij mag hoogstens 300 tekens hebben."),
        ({"wat": ""}, "wat", "Het veld 'wat' is leeg. Vul het in."),
        ({"wie": []}, "wie", "Deze lijst is leeg. Zet er minstens één onderdeel in."),
        ({"wie": "wijkteam"}, "wie", "Hier hoort een lijst."),
        ({"wie": [None]}, "wie.0", "Dit onderdeel van de lijst is leeg."),
        (
            {"wie": ["wijkteem"]},
            "wie.0",
            "Er is geen partner met de id 'wijkteem'. Kijk bij partners in wijk.yaml",
        ),
        ({"thema": "groen"}, "thema", "Er is geen thema met de id 'groen'. Kijk bij themas"),
        (
            {"id": "Oude Haven"},
            "id",
            "'Oude Haven' klopt niet. Een id heeft alleen kleine letters a-z, cijfers en streepjes",
        ),
        ({"besluit": "RV-1"}, "besluit", "Hier horen velden (naam: waarde), geen losse waarde."),
        ({"besluit": {"kenmerk": "RV-1"}}, "besluit.datum", "Het veld 'datum' ontbreekt."),
    ],
)
def test_validation_errors_read_as_dutch(change: dict[str, Any], where: str, message: str) -> None:
    said = _said(model.Actie, {**ACTIE, **change}, CONTEXT)
    assert message in said[where], said
    assert not re.search(r"\b(Input|should|valid|field required)\b", said[where])


def test_a_missing_field_is_named() -> None:
    data = {k: v for k, v in ACTIE.items() if k != "wanneer"}
    assert _said(model.Actie, data, CONTEXT) == {
        "wanneer": "Het veld 'wanneer' ontbreekt. Voeg het toe."
    }


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"van": "7 uur"}, "van", "'7 uur' klopt niet. Schrijf een tijd als 19:30."),
        ({"versie": -1}, "versie", "Dit moet 0 of meer zijn, niet -1."),
        ({"versie": "2"}, "versie", "'2' is geen heel getal. Schrijf alleen cijfers, zoals 2500."),
        ({"versie": 2.5}, "versie", "Hier hoort een heel getal. Schrijf het zonder punt of komma"),
        ({"geannuleerd": "soms"}, "geannuleerd", "'soms' is geen ja of nee."),
    ],
)
def test_times_numbers_and_yes_no(change: dict[str, Any], where: str, message: str) -> None:
    overleg = {"soort": "wijkoverleg", "datum": dt.date(2026, 5, 12), "van": "19:30"}
    said = _said(model.Overleg, {**overleg, "plaats": "Buurthuis", **change})
    assert message in said[where], said


def test_a_period_that_ends_before_it_starts() -> None:
    thema = {"id": "samen", "naam": "Samen", "doelen": ["Buren kennen elkaar"]}
    said = _said(model.Wop, {"van": 2028, "tot": 2024, "themas": [thema]})
    assert said == {
        "": "Het einde (tot: 2024) is eerder dan het begin (van: 2028). Kijk of van en tot kloppen."
    }
    said = _said(model.Wop, {"van": 2024, "tot": 2028, "themas": []})
    assert said == {"themas": "Deze lijst is leeg. Zet er minstens één onderdeel in."}


def test_every_rule_text_is_used_and_fills_in() -> None:
    """A text nobody says is dead; a key said but missing would be a crash on bad input."""
    code = "\n".join(p.read_text() for p in (ROOT / "generator").rglob("*.py"))
    said = set(re.findall(r"say\(\s*\"([a-z0-9_]+)\"", code))
    assert said - rules.TEXTS.keys() == set()
    assert rules.TEXTS.keys() - said == set()
    for key, text in rules.TEXTS.items():
        names = {f[1].split("!")[0] for f in string.Formatter().parse(text) if f[1]}
        filled = rules.say(key, **dict.fromkeys(names, "x"))  # no KeyError: all named
        assert filled[:1].isupper() or filled[:1] in "' x" or key in _FRAGMENTS, key


# Parts of a sentence, filled into another text: they start in lower case.
_FRAGMENTS = {"from_wijkbudget", "from_post", "planned_never", "planned_times", "years_from_to"}


def test_money_and_counts_are_written_the_dutch_way() -> None:
    assert rules.money(30000) == "€ 30.000"
    assert rules.number(1_000_000) == "1.000.000"
    assert rules.listing(["wijk.yaml", "wop.yaml", "budget.yaml"]) == (
        "wijk.yaml, wop.yaml en budget.yaml"
    )


def test_every_error_type_the_model_raises_has_dutch_words() -> None:
    """A new PydanticCustomError type without a text would reach staff as a vague fallback."""
    from generator.sources.messages import validation

    code = "\n".join(p.read_text() for p in (ROOT / "generator/model").rglob("*.py"))
    raised = set(re.findall(r"(?:PydanticCustomError|_invalid)\(\s*\"([a-z0-9_]+)\"", code))
    assert "period_reversed" in raised  # the scan finds them
    worded = validation._TEXTS.keys() | validation._SPECIAL.keys()
    assert raised - worded == set()
