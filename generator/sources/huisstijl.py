"""The ``huisstijl`` in ``gemeente.yaml``: colours from the file and its tokens, and the logo.

Every colour role gets its colour from ``kleuren``, else from the design tokens file, else
today's default. Each pair that residents read (text on its background, the header) must
reach the WCAG 2.1 AA contrast; a pair that does not is refused with both colours, the ratio
and where each colour was written. A logo must be a plain PNG or an SVG that can run nothing,
since the site publishes it as it is.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model import CONTRASTPAREN, KLEURROLLEN, GemeenteBestand, Palet, contrast
from generator.sources import files
from generator.sources.errors import SourceError
from generator.sources.messages import say
from generator.sources.yamlfile import Document, YamlProblem, read

MAX_LOGO_BYTES = 1_000_000
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_REFERENCE = re.compile(r"^\{([^{}]+)\}$")  # Style Dictionary: "{utrecht.color.blue.40}"
_PNG = b"\x89PNG\r\n\x1a\n"
# SVG parts that can run a script, load another file or show a page inside the logo.
_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "a", "set", "animate"}
_HREF = {"href", "{http://www.w3.org/1999/xlink}href"}


@dataclass(frozen=True)
class _Origin:
    """Where a colour was written: file, line and field, or nowhere for a default."""

    path: Path | None
    line: int = 0
    field: str = ""


def load(
    root: Path, info: GemeenteBestand | None, doc: Document | None
) -> tuple[Palet, list[SourceError]]:
    """The palette of the gemeente and every problem with its huisstijl."""
    huisstijl = info.huisstijl if info else None
    if huisstijl is None or doc is None:
        return Palet(), []
    gemeente = root / "gemeente.yaml"
    errors: list[SourceError] = []
    colours = {role: rol.standaard for role, rol in KLEURROLLEN.items()}
    origins = {role: _Origin(None) for role in KLEURROLLEN}
    if huisstijl.tokens:
        errors += _from_tokens(root / huisstijl.tokens, root, colours, origins)
    if huisstijl.kleuren:
        for role, value in huisstijl.kleuren.model_dump(exclude_none=True).items():
            loc = ("huisstijl", "kleuren", role)
            colours[role] = value
            origins[role] = _Origin(gemeente, doc.line_of(loc), ".".join(loc))
    if huisstijl.logo:
        errors += _check_logo(root, huisstijl.logo, gemeente, doc)
    if huisstijl.logo and not huisstijl.logo_alt:
        line = doc.line_of(("huisstijl", "logo"))
        errors.append(SourceError(gemeente, line, "huisstijl.logo_alt", say("logo_alt_missing")))
    errors += _check_contrast(colours, origins)
    return Palet(**colours), errors


def _check_contrast(colours: dict[str, str], origins: dict[str, _Origin]) -> list[SourceError]:
    errors = []
    for paar in CONTRASTPAREN:
        voor, op = colours[paar.voor], colours[paar.op]
        ratio = contrast(voor, op)
        if ratio >= paar.nodig:
            continue
        # Reported where staff chose a colour: the front colour, else the one it lies on.
        where = origins[paar.voor] if origins[paar.voor].path else origins[paar.op]
        message = say(
            "contrast_too_low",
            wat=KLEURROLLEN[paar.voor].wat,
            voor=voor,
            op_wat=KLEURROLLEN[paar.op].wat.lower(),
            op=op,
            ratio=_ratio(ratio, paar.nodig),
            nodig=_ratio(paar.nodig, 0),
        )
        errors.append(
            SourceError(where.path or Path("gemeente.yaml"), where.line, where.field, message)
        )
    return errors


def _ratio(value: float, nodig: float) -> str:
    """4.4789 -> '4,48', in Dutch; a ratio just below ``nodig`` never reads as enough."""
    shown = round(value, 2)
    if value < nodig <= shown:
        shown = math.floor(value * 100) / 100
    return f"{shown:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _from_tokens(
    path: Path, root: Path, colours: dict[str, str], origins: dict[str, _Origin]
) -> list[SourceError]:
    """Read the roles' tokens from a Style Dictionary file (``value`` or DTCG ``$value``)."""
    try:
        doc = read(path, root)  # JSON is YAML: the same reader, with line numbers
    except YamlProblem as exc:
        return [SourceError(path, exc.line, "", exc.message)]
    errors = []
    for role, rol in KLEURROLLEN.items():
        for token in rol.tokens:
            found = _resolve(doc.data, token, 0)
            if found is None:
                continue
            value, loc = found
            line = doc.line_of(loc)
            if isinstance(value, str) and value.startswith("{"):
                message = say("tokens_bad_reference", token=token, target=value)
                errors.append(SourceError(path, line, token, message))
            elif not isinstance(value, str) or not _COLOUR.match(value):
                message = say("tokens_not_colour", token=token, value=repr(value))
                errors.append(SourceError(path, line, token, message))
            else:
                colours[role] = value.lower()
                origins[role] = _Origin(path, line, token)
            break
    return errors


def _resolve(data: Any, token: str, depth: int) -> tuple[Any, tuple[str, ...]] | None:
    """The value of the dotted ``token`` and where it is, following references; None if absent."""
    node: Any = data
    loc: tuple[str, ...] = ()
    for part in token.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node, loc = node[part], (*loc, part)
    if not isinstance(node, dict):
        return None
    key = "$value" if "$value" in node else "value"
    value = node.get(key)
    reference = _REFERENCE.match(value) if isinstance(value, str) else None
    if reference and depth < 10:
        return _resolve(data, reference.group(1), depth + 1) or (value, (*loc, key))
    return value, (*loc, key)


def _check_logo(root: Path, logo: str, gemeente: Path, doc: Document) -> list[SourceError]:
    path = root / logo
    try:
        data = files.read_bytes(path, root, MAX_LOGO_BYTES)
    except files.FileProblem as exc:
        line = doc.line_of(("huisstijl", "logo"))
        return [SourceError(gemeente, line, "huisstijl.logo", f"{logo}: {exc.message}")]
    problem = _png_problem(data) if logo.endswith(".png") else _svg_problem(data)
    return [SourceError(path, 0, "", problem)] if problem else []


def _png_problem(data: bytes) -> str | None:
    return None if data.startswith(_PNG) else say("logo_not_png")


def _svg_problem(data: bytes) -> str | None:
    """Why an SVG may not be published, or None: it must be plain drawing, nothing active."""
    text = data.decode("utf-8", errors="replace")
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        return say("logo_active", what="een DOCTYPE of ENTITY")
    try:
        svg = ET.fromstring(data)
    except ET.ParseError:
        return say("logo_not_svg")
    if svg.tag.rsplit("}", 1)[-1] != "svg":
        return say("logo_not_svg")
    for element in svg.iter():
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name in _ACTIVE_ELEMENTS:
            return say("logo_active", what=f"een <{name}>")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return say("logo_active", what=f"{local}=...")
            if attribute in _HREF and not value.startswith(
                ("#", "data:image/png", "data:image/jpeg")
            ):
                return say("logo_active", what=f"een link naar {value[:60]}")
        style = (element.text or "") if name == "style" else element.attrib.get("style", "")
        if re.search(r"url\(\s*['\"]?(?!#)|@import|javascript:", style, re.I):
            return say("logo_active", what="een stijl die een ander bestand laadt")
    return None


def logo_file(root: Path, info: GemeenteBestand) -> dict[str, bytes]:
    """The logo for the site, keyed by its path below the generated folder (checked by load)."""
    huisstijl = info.huisstijl
    if huisstijl is None or not huisstijl.logo:
        return {}
    return {huisstijl.logo: files.read_bytes(root / huisstijl.logo, root, MAX_LOGO_BYTES)}


def theme(info: GemeenteBestand) -> dict[str, str]:
    """What the site's theme shows: the name, and the logo's path in the site and its text."""
    huisstijl = info.huisstijl
    naam = huisstijl.naam if huisstijl and huisstijl.naam else info.naam
    logo = f"wijken/{huisstijl.logo}" if huisstijl and huisstijl.logo else ""
    alt = huisstijl.logo_alt if huisstijl and huisstijl.logo and huisstijl.logo_alt else ""
    return {"naam": naam, "logo": logo, "logo_alt": alt}
