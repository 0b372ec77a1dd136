"""What the rendered pages share: front matter, and what a wijk page is and is rendered from."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from generator.model import Gemeente, Partner, Wijk
from generator.render.escape import attr


def front_matter(title: str) -> list[str]:
    """The YAML front matter MkDocs reads the page title from; the theme escapes nothing."""
    return ["---", f"title: {json.dumps(attr(title))}", "---", ""]


@dataclass(frozen=True)
class WijkContext:
    """Everything a wijk page is rendered from; ``today`` is explicit so output is stable."""

    gemeente: Gemeente
    wijk: Wijk
    today: dt.date
    partners: dict[str, Partner]

    @classmethod
    def of(cls, gemeente: Gemeente, wijk: Wijk, today: dt.date) -> WijkContext:
        return cls(gemeente, wijk, today, gemeente.partners_for(wijk))


@dataclass(frozen=True)
class WijkPage:
    """One page in every wijk's folder and menu.

    The page title is ``heading`` (or the menu ``label``) followed by the wijk's name.
    """

    file: str
    label: str
    render: Callable[[WijkContext], str]
    heading: str | None = None

    def title(self, wijk: Wijk) -> str:
        return f"{self.heading or self.label} {wijk.naam}"
