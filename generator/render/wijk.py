"""All pages of one wijk: the one list of them, and the frame (title, wijk menu) around each.

Each page carries its own small wijk menu instead of a site-wide navigation tree, so a page's
size does not grow with the number of wijken. The menu is :data:`WIJK_PAGES`, in its order.
"""

from __future__ import annotations

import datetime as dt

from generator.model import Gemeente, Wijk
from generator.render import (
    contact,
    kompas,
    overleg,
    overzicht,
    verantwoording,
    wijkagenda,
    wijkbudget,
    wijkontwikkelplan,
)
from generator.render.escape import attr, plain
from generator.render.page import WijkContext, WijkPage, front_matter

WIJK_PAGES: tuple[WijkPage, ...] = (
    WijkPage("index.md", "Overzicht", overzicht.render, heading="Wijk"),
    WijkPage("agenda.md", "Wijkagenda", wijkagenda.render),
    WijkPage("wop.md", "Wijkontwikkelplan", wijkontwikkelplan.render),
    WijkPage("contact.md", "Waar kan ik terecht?", contact.render),
    WijkPage("budget.md", "Wijkbudget", wijkbudget.render),
    WijkPage("verantwoording.md", "Verantwoording", verantwoording.render),
    WijkPage("overleg.md", "Overleg", overleg.render),
    WijkPage("kompas.md", "Wijkkompas", kompas.render),
)


def render_wijk(gemeente: Gemeente, wijk: Wijk, today: dt.date) -> dict[str, str]:
    """All files of one wijk, keyed by their path below the wijk's folder."""
    ctx = WijkContext.of(gemeente, wijk, today)
    return {page.file: _frame(wijk, page, page.render(ctx)) for page in WIJK_PAGES}


def _frame(wijk: Wijk, page: WijkPage, body: str) -> str:
    title = page.title(wijk)
    menu = [f'<nav class="wijkmenu" aria-label="{attr("Over wijk " + wijk.naam)}" markdown>', ""]
    for other in WIJK_PAGES:
        current = '{ aria-current="page" }' if other is page else ""
        menu.append(f"- [{other.label}]({other.file}){current}")
    menu += ["", "</nav>"]
    head = [
        *front_matter(title),
        "[Alle wijken](../index.md){ .terug }",
        "",
        f"# {plain(title)}",
        "",
        *menu,
        "",
    ]
    return "\n".join(head) + "\n" + body.rstrip() + "\n"
