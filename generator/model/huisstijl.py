"""The gemeente's own look (``huisstijl`` in ``gemeente.yaml``): name, logo and colours.

Colours are a small set of roles. Each role has today's Wijkwerk colour as its default, the
NL Design System design tokens it may be read from (a Style Dictionary ``tokens.json``, such
as the one of ``@utrecht/design-tokens``), and the colour it must contrast with.
"""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator.model.base import Regel, SourceModel

Kleur = Annotated[
    str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$", to_lower=True)
]  # #rrggbb: what design tokens and colour pickers give
# Files of the huisstijl live in wijken/huisstijl/ (a folder that is never a wijk).
HUISSTIJL_FOLDER = "huisstijl"
LOGO_PATTERN = rf"^{HUISSTIJL_FOLDER}/[A-Za-z0-9_-]{{1,60}}\.(svg|png)$"
TOKENS_PATTERN = rf"^{HUISSTIJL_FOLDER}/[A-Za-z0-9_.-]{{1,60}}\.json$"


@dataclass(frozen=True)
class Kleurrol:
    """One colour role: its default, what it is in words, and the tokens that can give it."""

    standaard: str
    wat: str  # the colour in a sentence: "De tekstkleur in de kop"
    tokens: tuple[str, ...]


KLEURROLLEN: dict[str, Kleurrol] = {
    "primair": Kleurrol(
        "#1b4f72",
        "De hoofdkleur",
        ("utrecht.page-header.background-color", "utrecht.button.primary-action.background-color"),
    ),
    "primair_tekst": Kleurrol(
        "#ffffff",
        "De tekstkleur op de hoofdkleur",
        ("utrecht.page-header.color", "utrecht.button.primary-action.color"),
    ),
    "link": Kleurrol("#1b4f72", "De linkkleur", ("utrecht.link.color", "nl.link.color")),
    "link_hover": Kleurrol(
        "#7a3e00",
        "De linkkleur onder de muis",
        ("utrecht.link.hover.color", "nl.link.hover.color"),
    ),
    "tekst": Kleurrol("#1a1a1a", "De tekstkleur", ("utrecht.document.color", "utrecht.page.color")),
    "achtergrond": Kleurrol(
        "#ffffff",
        "De achtergrond",
        ("utrecht.document.background-color", "utrecht.page.background-color"),
    ),
    "focus": Kleurrol(
        "#b35900",
        "De focusrand",
        ("utrecht.focus.outline-color", "basis.focus.outline-color"),
    ),
}


@dataclass(frozen=True)
class Contrastpaar:
    """A colour shown on another one, and the contrast WCAG 2.1 AA asks for."""

    voor: str
    op: str
    nodig: float  # 4.5 for text (1.4.3), 3 for a focus rand (1.4.11)


CONTRASTPAREN = (
    Contrastpaar("primair_tekst", "primair", 4.5),  # the header, buttons, the current menu item
    Contrastpaar("primair", "achtergrond", 4.5),  # text of a secondary button, menu borders
    Contrastpaar("link", "achtergrond", 4.5),
    Contrastpaar("link_hover", "achtergrond", 4.5),
    Contrastpaar("tekst", "achtergrond", 4.5),
    Contrastpaar("focus", "achtergrond", 3.0),
)


class Kleuren(SourceModel):
    """The gemeente's colours; a colour left out comes from the tokens file, else the default."""

    primair: Kleur | None = Field(
        default=None,
        description="De hoofdkleur: de kop van de site, knoppen en het menu van de wijk.",
    )
    primair_tekst: Kleur | None = Field(
        default=None, description="De tekstkleur op de hoofdkleur, zoals in de kop."
    )
    link: Kleur | None = Field(default=None, description="De kleur van links in de tekst.")
    link_hover: Kleur | None = Field(
        default=None, description="De kleur van een link als de muis erop staat."
    )
    tekst: Kleur | None = Field(default=None, description="De kleur van gewone tekst.")
    achtergrond: Kleur | None = Field(default=None, description="De achtergrond van de pagina.")
    focus: Kleur | None = Field(
        default=None, description="De rand om een link of knop die u met het toetsenbord kiest."
    )


class Huisstijl(SourceModel):
    """``huisstijl`` in ``gemeente.yaml``: how the site and the voting app look."""

    naam: Regel | None = Field(
        default=None,
        description="De naam onderaan elke pagina en in de stemapp (standaard de naam van de "
        "gemeente).",
    )
    logo: Annotated[str, StringConstraints(pattern=LOGO_PATTERN)] | None = Field(
        default=None,
        description="Het logo: een SVG- of PNG-bestand in wijken/huisstijl/, zoals "
        "huisstijl/logo.svg.",
    )
    logo_alt: Regel | None = Field(
        default=None,
        description="Wat er op het logo staat, voor wie het niet ziet. Verplicht bij een logo.",
    )
    kleuren: Kleuren | None = Field(
        default=None, description="De kleuren van de gemeente, als #rrggbb (zie Huisstijl)."
    )
    tokens: Annotated[str, StringConstraints(pattern=TOKENS_PATTERN)] | None = Field(
        default=None,
        description="Een bestand met design tokens van NL Design System (Style Dictionary JSON) "
        "in wijken/huisstijl/; de kleuren komen daaruit als ze niet onder kleuren staan.",
    )


class Palet(BaseModel):
    """The colours as the site and the app use them: every role filled in, checked for contrast."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    primair: str = KLEURROLLEN["primair"].standaard
    primair_tekst: str = KLEURROLLEN["primair_tekst"].standaard
    link: str = KLEURROLLEN["link"].standaard
    link_hover: str = KLEURROLLEN["link_hover"].standaard
    tekst: str = KLEURROLLEN["tekst"].standaard
    achtergrond: str = KLEURROLLEN["achtergrond"].standaard
    focus: str = KLEURROLLEN["focus"].standaard

    def eigenschappen(self) -> dict[str, str]:
        """The colours as CSS custom properties: ``--wijkwerk-primair-tekst: #ffffff``."""
        return {f"--wijkwerk-{role.replace('_', '-')}": getattr(self, role) for role in KLEURROLLEN}


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (WCAG 2.1, definition 'relative luminance')."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
