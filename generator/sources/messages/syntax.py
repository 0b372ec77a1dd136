"""YAML syntax errors in plain Dutch, on the line where the mistake is, with what to do.

PyYAML has no error codes: its fixed problem sentences ("mapping values are not allowed
here") are what we recognise. An unclosed quote or bracket is reported where it was opened,
which is where people look; anything not recognised gets a general hint.
"""

from __future__ import annotations

import re

import yaml

COLON = (
    "Er staat een dubbele punt midden in een tekst. Zet de tekst tussen aanhalingstekens, "
    'zoals: titel: "Let op: nieuw"'
)
INDENT_DEEPER = (
    "Deze regel springt verder in dan de regel erboven. Laat hem even ver inspringen als "
    "de velden eromheen."
)
NO_SPACE = "Na de dubbele punt achter een veldnaam hoort een spatie, zoals: naam: Centrum"
INDENT = (
    "De inspringing klopt niet. Velden die bij elkaar horen, beginnen precies onder elkaar: "
    "met evenveel spaties ervoor."
)
TAB = "Er staat een tab in het bestand. Spring in met spaties, niet met tabs."
UNCLOSED_QUOTE = (
    "Hier begint een tekst met een aanhalingsteken ({quote}) dat niet gesloten wordt. "
    "Zet hetzelfde aanhalingsteken aan het eind van de tekst."
)
AFTER_QUOTE = (
    "Na het aanhalingsteken dat de tekst sluit, staat nog meer tekst. Staan er "
    "aanhalingstekens in de tekst zelf? Zet de hele tekst dan tussen enkele "
    "aanhalingstekens, zoals: 'Het \"grote\" plan'"
)
UNCLOSED_LIST = (
    "Hier begint een lijst met [ die niet goed gesloten wordt. Sluit de lijst op dezelfde "
    "regel met ] en zet komma's tussen de onderdelen. Staat er een dubbele punt in een "
    "onderdeel? Zet dat dan tussen aanhalingstekens."
)
UNCLOSED_FIELDS = (
    "Hier begint een rij velden met {{ die niet goed gesloten wordt. Sluit die op dezelfde "
    "regel met }} en zet komma's tussen de velden."
)
NO_KEY = (
    "Op deze regel staat tekst zonder veldnaam. Schrijf: veldnaam: tekst. Hoort de tekst "
    "bij de regel erboven? Laat hem dan verder inspringen dan die veldnaam."
)
LIST_HERE = (
    "Hier staat een regel met - (een lijst) op een plek waar dat niet kan. Zet de lijst "
    "onder het veld waar hij bij hoort, en laat hem even ver inspringen als de rest van de lijst."
)
EXTRA_CLOSE = "Er staat een {char} te veel, of de {opener} die erbij hoort ontbreekt."
CANNOT_START = (
    "Een tekst kan niet beginnen met {char}. Zet de tekst tussen aanhalingstekens, "
    'zoals: "{char}..."'
)
NO_VALUE = "Er staat {char} waar een waarde hoort. Zet de tekst tussen aanhalingstekens."
ESCAPE = (
    "Tussen dubbele aanhalingstekens betekent een \\ (backslash) iets bijzonders. Zet de "
    "tekst tussen enkele aanhalingstekens ('...'), of schrijf \\\\."
)
ANCHOR = "Een tekst kan niet beginnen met & of *. Zet de tekst tussen aanhalingstekens."
TAG = "Een tekst kan niet beginnen met !. Zet de tekst tussen aanhalingstekens."
DIRECTIVE = "Een regel kan niet beginnen met %. Zet de tekst tussen aanhalingstekens."
TWO_DOCUMENTS = (
    "Hier staat een regel met --- midden in het bestand. Een bronbestand heeft maar één "
    "deel: haal de regel --- weg."
)
BLOCK_TEXT = (
    "Een tekst over meer regels (na | of >) begint op de regel eronder, verder ingesprongen "
    "dan de veldnaam."
)
CONTROL = (
    "Er staat een onzichtbaar teken (code {code}) in het bestand. Haal het weg, "
    "bijvoorbeeld door de regel opnieuw te typen."
)
GENERAL = (
    "Dit is geen geldige YAML. Kijk of de inspringing, de dubbele punten en de "
    "aanhalingstekens kloppen. (De technische melding: {problem}.)"
)
_CLOSERS = {"']'": "[", "'}'": "{"}


def syntax_problem(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    """The line (1-based) and the Dutch message for a YAML error in ``text``."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return line, CONTROL.format(code=f"U+{char:04X}")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return 1, GENERAL.format(problem=exc)
    problem, context = exc.problem or "", exc.context or ""
    line = exc.problem_mark.line + 1 if exc.problem_mark else 1
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    start = min(line, opened)  # where an unclosed quote, bracket or key began
    found = problem.rpartition(" but found ")[2] or problem.rpartition(" but got ")[2]
    if "tab character" in problem or problem.startswith("found character '\\t'"):
        return line, TAB
    if problem == "mapping values are not allowed here":
        above = _line_above(text, line)
        if above is not None and re.search(r"^\s*[\w-]+:[^\s]", text.split("\n")[above - 1]):
            return above, NO_SPACE
        return line, INDENT_DEEPER if _deeper(text, line) else COLON
    if "quoted scalar" in context and "escape" not in problem:
        quote = _char_at(text, exc.context_mark)
        return start, UNCLOSED_QUOTE.format(quote=quote if quote in "'\"" else '"')
    if "escape" in problem:
        return line, ESCAPE
    if context == "while scanning a simple key":
        return start, NO_KEY
    if "flow sequence" in context:
        return start, UNCLOSED_LIST
    if "flow mapping" in context:
        return start, UNCLOSED_FIELDS.format()
    if context == "expected a single document in the stream":
        return line, TWO_DOCUMENTS
    if problem.startswith("expected <block end>"):
        if found == "'<scalar>'":
            return line, AFTER_QUOTE
        if found == "'-'":
            return line, LIST_HERE
        if found in _CLOSERS:
            return line, EXTRA_CLOSE.format(char=found, opener=f"'{_CLOSERS[found]}'")
        return line, INDENT
    cannot = re.fullmatch(r"found character (.+) that cannot start any token", problem)
    if cannot:
        return line, CANNOT_START.format(char=cannot[1].strip("'"))
    if problem.startswith("expected the node content"):
        return line, NO_VALUE.format(char=found)
    if "anchor" in context or "alias" in context or "alias" in problem:
        return line, ANCHOR
    if "tag" in context or "tag" in problem:
        return line, TAG
    if "directive" in context or "YAML directive" in problem or "YAML document" in problem:
        return line, DIRECTIVE
    if "block scalar" in context:
        return line, BLOCK_TEXT
    return line, GENERAL.format(problem=problem or context or "onbekend")


def _line_above(text: str, line: int) -> int | None:
    """The number of the nearest line above ``line`` that is not empty or a comment."""
    lines = text.split("\n")
    for number in range(min(line, len(lines) + 1) - 1, 0, -1):
        content = lines[number - 1].strip()
        if content and not content.startswith("#"):
            return number
    return None


def _deeper(text: str, line: int) -> bool:
    """Is ``line`` indented deeper than the line above it, which already has its value?"""
    lines = text.split("\n")
    number = _line_above(text, line)
    if number is None or line > len(lines):
        return False
    above = lines[number - 1]
    has_value = ":" in above and above.rstrip()[-1:] != ":"
    return has_value and _indent(lines[line - 1]) > _indent(above)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" -"))


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]
