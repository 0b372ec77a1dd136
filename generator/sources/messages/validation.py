"""Pydantic's validation errors in plain Dutch, chosen by the error's ``type``, never its text.

Pydantic words its errors in English and may reword them in any release; its error types
(``missing``, ``date_type``, ``literal_error`` ...) are stable. Each type gets a sentence and,
where it helps, what to write instead. The location is reported beside the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, StringConstraints
from pydantic_core import ErrorDetails

from generator import model

_EMPTY = "Het veld {field!r} is leeg. Vul het in."
_EMPTY_ITEM = "Dit onderdeel van de lijst is leeg. Vul het in, of haal de regel weg."
_WHOLE = "Hier hoort een heel getal. Schrijf het zonder punt of komma, zoals 30000."
_NUMBER = "{value} is geen getal. Schrijf een getal met een punt, zoals 6.4."
_LIST = (
    "Hier hoort een lijst. Zet elk onderdeel op een eigen regel met '- ' ervoor, "
    "of schrijf ze tussen blokhaken: [a, b]."
)
_FIELDS = "Hier horen velden (naam: waarde), geen losse waarde."

# One sentence per error type; {value} is what was written, {field} the field's name, the
# rest comes from the error's context (``ge``, ``max_length`` ...).
_TEXTS: dict[str, str] = {
    "missing": "Het veld {field!r} ontbreekt. Voeg het toe.",
    "date_type": "{value} is geen datum. Schrijf een datum als 2026-12-31.",
    "int_type": "{value} is geen heel getal. Schrijf alleen cijfers, zoals {example}.",
    "int_parsing": "{value} is geen heel getal. Schrijf alleen cijfers, zoals {example}.",
    "int_from_float": _WHOLE,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "nl_waarde": _NUMBER,
    "bool_type": "{value} is geen ja of nee. Schrijf true (ja) of false (nee).",
    "bool_parsing": "{value} is geen ja of nee. Schrijf true (ja) of false (nee).",
    "string_too_short": _EMPTY,
    "string_too_long": "Deze tekst is te lang. Hij mag hoogstens {max_length} tekens hebben.",
    "literal_error": "{value} kan hier niet. Kies uit: {expected}.",
    "greater_than_equal": "Dit moet {ge} of meer zijn, niet {value}.",
    "less_than_equal": "Dit mag hoogstens {le} zijn, niet {value}.",
    "greater_than": "Dit moet meer dan {gt} zijn, niet {value}.",
    "less_than": "Dit moet minder dan {lt} zijn, niet {value}.",
    "too_long": "Hier horen hoogstens {max_length} onderdelen. Haal er een paar weg.",
    "tuple_type": _LIST,
    "list_type": _LIST,
    "dict_type": _FIELDS,
    "model_type": _FIELDS,
    "model_attributes_type": _FIELDS,
    "answer_incomplete": "Bij het antwoord {answer} hoort ook het veld {field!r}. Vul het in.",
    "nl_no_channel": "Vul minstens één van website, telefoon, email of post in.",
    "period_reversed": (
        "Het einde (tot: {tot}) is eerder dan het begin (van: {van}). Kijk of van en tot kloppen."
    ),
    "grant_decided_early": "De datum besloten is eerder dan ontvangen. Kijk of de data kloppen.",
    "grant_refused_without_reason": "Bij een afwijzing (afgewezen) hoort een reden.",
    "grant_refused_with_amount": "Een afwijzing (afgewezen) heeft geen bedrag. Haal het weg.",
    "grant_needs_amount": "Bij de status {status!r} hoort het bedrag dat is toegekend.",
    "grant_more_than_asked": "Het bedrag is meer dan er gevraagd is (gevraagd).",
    "grant_needs_paid": "Bij de status {status!r} hoort de datum uitbetaald.",
    "grant_needs_accounted": "Bij de status 'verantwoord' hoort de datum verantwoord.",
    "postcode_range_reversed": (
        "De huisnummers lopen achteruit ({van}-{tot}). Zet het laagste nummer eerst: {tot}-{van}."
    ),
}
# Error types that say "this has the wrong type": said differently when the value is empty.
_TYPE_ERRORS = {"date_type", "int_type", "float_type", "bool_type", "string_type"}
_TYPE_ERRORS |= {"literal_error", "string_pattern_mismatch", "nl_waarde"}

_YEARS = {"jaar", "van", "tot", "vanaf"}  # whole numbers that are years: the example is one
_REFERENCES = {  # the validation context's kind of id -> what it is and where it is listed
    "partners": "partner met de id {value}. Kijk bij partners in wijk.yaml en gemeente.yaml",
    "college": "collegelid met de id {value}. Kijk bij college in gemeente.yaml",
    "themas": "thema met de id {value}. Kijk bij themas in wop.yaml",
    "acties": "actie met de id {value}. Kijk bij acties in agenda.yaml",
    "posten": "begrotingspost met de id {value}. Kijk bij begrotingsposten in gemeente.yaml",
}


def staff_message(err: ErrorDetails) -> str:
    """The Dutch message for one validation error; the location is reported beside it."""
    kind, value = err["type"], err.get("input")
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    name = next((p for p in reversed(err["loc"]) if isinstance(p, str)), "")
    if value is None and kind in _TYPE_ERRORS:
        in_list = bool(err["loc"]) and isinstance(err["loc"][-1], int)
        return _EMPTY_ITEM if in_list else _EMPTY.format(field=name)
    special = _SPECIAL.get(kind)
    if special is not None:
        return special(value, name, ctx)
    if kind in ("int_type", "int_parsing") and isinstance(value, float):
        return _WHOLE
    template = _TEXTS.get(kind)
    if template is None:
        return _fallback(value)
    if kind == "literal_error":
        ctx["expected"] = str(ctx.get("expected", "")).replace(" or ", " of ")
    example = "2026" if name in _YEARS else "2500"
    return template.format(**{**ctx, "value": _shown(value), "field": name, "example": example})


def _unknown_field(_value: object, name: str, _ctx: dict[str, Any]) -> str:
    if name in _FIELD_NAMES:  # right word, wrong place: it belongs to another part
        return f"Het veld {name!r} hoort hier niet. Haal het weg, of zet het op de goede plek."
    import difflib  # here: only a misspelt field needs it, and `wijkwerk check` starts sooner

    close = difflib.get_close_matches(name, _FIELD_NAMES, n=1)
    hint = f" Bedoelt u {close[0]!r}?" if close else " Kijk of het goed gespeld is."
    return f"Het veld {name!r} bestaat hier niet.{hint}"


def _not_text(value: object, _name: str, _ctx: dict[str, Any]) -> str:
    if isinstance(value, bool):
        return (
            "Hier hoort een tekst. YAML leest ja, nee, true en false als ja of nee: "
            'zet de tekst tussen aanhalingstekens, zoals "nee".'
        )
    if isinstance(value, list):
        return "Hier hoort één tekst, geen lijst."
    if isinstance(value, dict):
        return (
            "Hier hoort één tekst, geen velden. Staat er een dubbele punt in de tekst? "
            "Zet de tekst dan tussen aanhalingstekens."
        )
    return _fallback(value)


def _too_few(_value: object, _name: str, ctx: dict[str, Any]) -> str:
    least = ctx.get("min_length", 1)
    if least == 1:
        return "Deze lijst is leeg. Zet er minstens één onderdeel in."
    return f"Hier horen minstens {least} onderdelen. Vul de lijst aan."


def _pattern(value: object, _name: str, ctx: dict[str, Any]) -> str:
    how = _PATTERNS.get(str(ctx.get("pattern")), "Zo kan het hier niet geschreven worden.")
    return f"{_shown(value)} klopt niet. {how}"


def _reference(value: object, _name: str, ctx: dict[str, Any]) -> str:
    what = _REFERENCES.get(str(ctx.get("kind")), "onderdeel met de id {value}")
    return "Er is geen " + what.format(value=_shown(value)) + "."


def _fallback(value: object) -> str:
    if value is None or isinstance(value, dict | list):
        return "Dit klopt niet. Kijk of het goed geschreven is."
    return f"{_shown(value)} kan hier niet. Kijk of het goed geschreven is."


def _shown(value: object) -> str:
    """A value as staff typed it: 'tekst' in quotes, true/false for yes and no."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


_SPECIAL: dict[str, Callable[[object, str, dict[str, Any]], str]] = {
    "extra_forbidden": _unknown_field,
    "string_type": _not_text,
    "string_pattern_mismatch": _pattern,
    "unknown_reference": _reference,
    "too_short": _too_few,
}


def _constraint(annotated: object) -> str:
    """The regular expression a field type (``Annotated[str, StringConstraints(...)]``) uses."""
    for meta in getattr(annotated, "__metadata__", ()):
        if isinstance(meta, StringConstraints) and meta.pattern:
            return str(meta.pattern)
    raise LookupError(annotated)  # a type without a pattern: a mistake in this table


_PATTERNS = {
    model.SLUG: (
        "Een id heeft alleen kleine letters a-z, cijfers en streepjes, zoals 'oude-haven'."
    ),
    _constraint(model.Tijd): "Schrijf een tijd als 19:30.",
    _constraint(model.Email): "Schrijf een e-mailadres als naam@voorbeeld.nl.",
    _constraint(model.Url): "Schrijf een webadres dat begint met https://, zonder spaties.",
    str(model.CbsCode.model_fields["code"].metadata[0].pattern): (
        "Een CBS-wijkcode is WK met zes tekens erachter, zoals WK077701 of WK0363AA."
    ),
    model.POSTCODE_PATTERN: (
        "Schrijf een postcode als 9991 (de hele PC4), 9991AB (de hele PC6) of 9991AB 1-99 "
        "(huisnummers 1 tot en met 99)."
    ),
}

# Every field name of every source model: what a misspelt field is compared against.
_FIELD_NAMES = sorted(
    {
        name
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, BaseModel)
        for name in cls.model_fields
    }
)
