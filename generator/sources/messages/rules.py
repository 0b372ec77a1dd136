"""The wording of our own rules: files and folders, references, money, kompas, meetings.

Each text is a short plain-Dutch sentence with, where it helps, what to do about it. Code
names a text by its key and fills in the values: ``say("no_post", post="welzijn")``.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.formatting import euro

TEXTS: dict[str, str] = {
    # Files and folders (generator.sources.files, loader)
    "folder_missing": "De map bestaat niet. Kijk of de naam van de map klopt.",
    "symlink": (
        "Een snelkoppeling (symbolische link) kan niet in de bronbestanden. "
        "Zet hier het bestand zelf neer."
    ),
    "file_missing": "Het bestand ontbreekt. Maak het aan, of zet het terug.",
    "not_a_file": "Hier staat {kind}, maar hier hoort een bestand. Haal het weg.",
    "not_a_folder": "Hier staat {kind}, maar hier hoort een map. Haal het weg.",
    "too_large": "Het bestand is te groot ({size} bytes). Het mag hoogstens {limit} bytes zijn.",
    "too_large_read": "Het bestand is te groot (meer dan {limit} bytes).",
    "no_permission": (
        "Het bestand mag niet gelezen worden. Vraag de beheerder van de computer om leesrechten."
    ),
    "unreadable": "Het bestand kan niet gelezen worden ({reason}).",
    "unexpected_in_wijken": (
        "Dit bestand hoort hier niet. In wijken/ staan alleen {gemeente}, README.md "
        "en een map per wijk."
    ),
    "bad_wijk_folder": (
        "Deze mapnaam kan niet. Gebruik alleen kleine letters a-z, cijfers en streepjes, "
        "zoals 'oude-haven'."
    ),
    "unexpected_in_wijk": (
        "Dit bestand hoort niet in een wijkmap. Daar staan {expected}. "
        "Kijk of de naam goed gespeld is."
    ),
    "unexpected_in_stemrondes": (
        "Dit bestand hoort niet in stemrondes/. Daar zet de stem-app alleen "
        "<ronde>.yaml en <ronde>.pb neer."
    ),
    "ronde_is_file_name": "Hier hoort {stem!r} te staan, net als in de naam van het bestand.",
    "empty_file": "Het bestand is leeg. Er horen velden in te staan, zoals: naam: Centrum",
    "not_fields_list": (
        "Het bestand is een lijst, maar er horen velden in te staan (naam: waarde). "
        "Haal de - aan het begin van de regels weg."
    ),
    "not_fields_value": (
        "Het bestand heeft alleen de waarde {value!r}. Er horen velden in te staan (naam: waarde)."
    ),
    "id_twice": "Deze id staat al eerder in de lijst. Geef elk onderdeel een eigen id.",
    # What the YAML reader itself refuses (generator.sources.yamlfile)
    "alias": (
        "Ankers en verwijzingen (&naam en *naam) kunnen niet in de bronbestanden. "
        "Schrijf de waarde voluit."
    ),
    "too_deep": (
        "Het bestand springt meer dan {depth} keer in. De bronbestanden hebben er "
        "minder dan 10 nodig. Kijk of de inspringing klopt."
    ),
    "not_utf8": (
        "Het bestand is niet als UTF-8 opgeslagen. Sla het opnieuw op en kies UTF-8 als codering."
    ),
    "key_not_text": "Een veldnaam moet gewone tekst zijn, geen lijst en geen [ ].",
    "key_twice": "Het veld {key!r} staat hier twee keer. Haal er één weg.",
    "tag": (
        "Een waarde met een ! ervoor ({tag}) kan niet in de bronbestanden. "
        "Haal het ! weg, of zet de tekst tussen aanhalingstekens."
    ),
    # Rules across fields and files (generator.sources.checks, money)
    "partner_taken": "{id!r} is al een partner in gemeente.yaml. Kies een andere id.",
    "meeting_ends_early": "Het overleg eindigt voordat het begint. Kijk of van en tot kloppen.",
    "no_stemronde": "Er is geen stemronde {ronde!r} in budget.yaml.",
    "post_twice": (
        "De post {post!r} staat twee keer in bronnen. Tel de bedragen op en zet de post "
        "er één keer in."
    ),
    "uitgave_needs_post": (
        "Zet erbij uit welke begrotingspost (post) dit betaald wordt. "
        "Alleen een ontschot budget mag dat weglaten."
    ),
    "ronde_needs_post": "Zet erbij uit welke begrotingspost (post) deze stemronde betaald wordt.",
    "no_post": "Er is geen begrotingspost {post!r} in bronnen. Kijk of de naam goed gespeld is.",
    "budget_overspent": (
        "De uitgaven en de stemrondes samen ({committed}) zijn meer dan het wijkbudget ({totaal})."
    ),
    "phase_overlap": "Deze fase begint voordat de vorige fase klaar is.",
    "uitslag_early": "De uitslag is eerder dan het einde van het stemmen.",
    "max_below_min": "Het maximum (max_keuzes) is kleiner dan het minimum (min_keuzes).",
    "max_bedrag_high": "Het maximum (max_bedrag) is meer dan het bedrag van de stemronde.",
    "overdrawn": (
        "Uit {name} is meer uitgegeven of toegekend ({used}: {detail}) dan erin zit ({begroot})."
    ),
    "from_wijkbudget": "het wijkbudget",
    "from_post": "de post {post!r}",
    "not_bewonersgroep": (
        "{groep!r} is een partner van de soort {soort}. Alleen een bewonersgroep "
        "krijgt een groepsbudget."
    ),
    "group_overspent": (
        "De groep heeft {spent} uitgegeven. Dat is meer dan het budget van de groep ({budget})."
    ),
    "no_grants": (
        "De spelregels van {post!r} staan geen subsidie toe. Zet spelregels.subsidie: true "
        "bij deze post, of betaal uit een andere post."
    ),
    "no_grants_in_wijk": (
        "De spelregels van {post!r} staan geen subsidie toe (in wijk {wijk}). Zet "
        "spelregels.subsidie: true bij deze post, of betaal uit een andere post."
    ),
    "over_spelregels": "Dit is meer dan de spelregels van {post!r} toestaan ({most}).",
    "over_spelregels_per_aanvraag": (
        "Dit is meer dan de spelregels van {post!r} per aanvraag toestaan ({most}, in wijk {wijk})."
    ),
    "nummer_twice": "Dit nummer staat al eerder in de lijst. Elke aanvraag heeft een eigen nummer.",
    "over_regeling": "Dit is meer dan de stimuleringsregeling toestaat ({most}).",
    # The wijkkompas (generator.sources.kompas)
    "indicator_taken": "{id!r} staat al in het kompas van gemeente.yaml. Kies een andere id.",
    "kompas_year_twice": "Het jaar {jaar} staat twee keer onder {part}. Zet de waarden bij elkaar.",
    "kompas_written_twice": "{key!r} van {jaar} staat ook onder jaren. Laat er één staan.",
    "unknown_indicator": (
        "Onbekende indicator {ref!r}. Die staat niet in het kompas van gemeente.yaml "
        "en niet onder indicatoren in kompas.yaml.{hint}"
    ),
    "did_you_mean": " Bedoelt u {name!r}?",
    # The meeting cycle (generator.sources.cyclus)
    "too_few_meetings": (
        "{naam} ({soort}): {found} gepland in {when}. De overlegcyclus in gemeente.yaml "
        "vraagt {hoe_vaak}."
    ),
    "planned_never": "nog niet",
    "planned_times": "{count} keer",
    "years_from_to": "{start} tot en met {end}",
    "same_meeting": (
        "Zelfde soort, datum en begintijd als overleg {other}. Geef een van beide een id."
    ),
    # Postcodes and the map (generator.sources.postcodes, grens)
    "postcode_twice": "{gebied} staat al eerder in deze lijst ({other}). Haal er één weg.",
    "postcode_other_wijk": (
        "{gebied} hoort ook bij wijk {wijk} ({other}, in {file}). Een adres hoort bij één "
        "wijk. Haal het bij een van de twee weg, of verdeel de huisnummers."
    ),
    "grens_type": (
        "Hier hoort type: met een van deze waarden: {expected}. Een grens is een GeoJSON-"
        "bestand met een Polygon of MultiPolygon, los of in een Feature of FeatureCollection."
    ),
    "grens_list": "Hier hoort een lijst, tussen blokhaken: [ ... ].",
    "grens_empty": "Er staat geen vlak in dit bestand. Zet er de grens van de wijk in.",
    "grens_ring_short": (
        "Een rand heeft minstens 4 punten: [[lengte, breedte], ...], en het laatste punt is "
        "gelijk aan het eerste."
    ),
    "grens_not_point": "Hier hoort een punt: [lengtegraad, breedtegraad], zoals [5.69, 50.85].",
    "grens_off_earth": (
        "Het punt {value} ligt niet op de aarde. Schrijf punten in graden: [lengtegraad, "
        "breedtegraad], zoals [5.69, 50.85]. Komt het bestand uit een kaartprogramma? "
        "Bewaar het dan als GeoJSON in WGS84 (EPSG:4326)."
    ),
    "grens_ring_too_many": (
        "Deze rand heeft {count} punten; dat zijn er te veel voor de kaart. Vereenvoudig de "
        "grens tot hoogstens {limit} punten per rand, bijvoorbeeld met mapshaper."
    ),
    "grens_too_many": (
        "De grens heeft {count} punten; dat zijn er te veel voor de kaart. Vereenvoudig de "
        "grens tot hoogstens {limit} punten, bijvoorbeeld met mapshaper."
    ),
    # The huisstijl (generator.sources.huisstijl)
    "contrast_too_low": (
        "{wat} {voor} op {op_wat} {op} heeft een contrast van {ratio}:1; nodig is minstens "
        "{nodig}:1. Kies een donkerdere of lichtere kleur."
    ),
    "logo_alt_missing": (
        "Schrijf bij logo_alt wat er op het logo staat, zoals 'Logo van de gemeente "
        "Dijkstede'. Wie het logo niet ziet, hoort of leest dan die tekst."
    ),
    "logo_not_svg": "Dit is geen SVG-bestand. Bewaar het logo als SVG of als PNG.",
    "logo_not_png": "Dit is geen PNG-bestand. Bewaar het logo als PNG of als SVG.",
    "logo_active": (
        "Het logo bevat {what}. Dat kan een script uitvoeren op de site. Bewaar het logo "
        "opnieuw als gewone SVG, zonder scripts, links of ingesloten bestanden."
    ),
    "tokens_not_colour": (
        "Het token {token} heeft de waarde {value}. Hier hoort een kleur als #rrggbb."
    ),
    "tokens_bad_reference": (
        "Het token {token} verwijst naar {target}, maar dat token bestaat niet."
    ),
}


def say(key: str, /, **values: object) -> str:
    """The text ``key`` with ``values`` filled in (a KeyError for an unknown key: a bug)."""
    return TEXTS[key].format(**values)


def money(amount: int) -> str:
    """An amount as staff read it on the site: € 30.000."""
    return euro(amount)


def number(count: int) -> str:
    """A large count with Dutch thousands separators: 1.000.000."""
    return f"{count:,}".replace(",", ".")


def listing(items: Iterable[str]) -> str:
    """'a, b en c': a list in a sentence."""
    *first, last = items
    return f"{', '.join(first)} en {last}" if first else last
