"""Render the model into site files: pure, no I/O. ``generator.output`` writes what this returns.

One module per page: the gemeente-wide pages (``gemeente``), the six pages of a wijk listed in
``wijk.WIJK_PAGES``, a stemronde's result (``uitslag``), and the iCalendar feed (``ical``).
"""

from __future__ import annotations

import datetime as dt

from generator.formatting import datum
from generator.model import Gemeente
from generator.render import gemeente as gemeente_pages
from generator.render import huisstijl, ical, jaarverslag, kompasvergelijking, uitslag
from generator.render.wijk import render_wijk

__all__ = ["render", "render_wijk"]


def render(gemeente: Gemeente, today: dt.date) -> dict[str, str]:
    """Every generated file, keyed by its path below ``site_src/docs/wijken/``.

    Every page ends with the day it was built: its late flags and phases hold for that day.
    """
    files = {
        "index.md": _mark(gemeente_pages.overzicht(gemeente, today), gemeente),
        "budgetten.md": _mark(gemeente_pages.budgetten(gemeente), gemeente),
        "_kies.md": gemeente_pages.kies(gemeente),
        "_nu.md": gemeente_pages.nu(gemeente, today),
        "kompas.md": _mark(kompasvergelijking.page(gemeente), gemeente),
        "jaarverslag.md": _mark(jaarverslag.page(gemeente, today), gemeente),
        "jaarverslag.csv": jaarverslag.account_csv(gemeente),
        "boekingen.csv": jaarverslag.bookings_csv(gemeente),
        huisstijl.CSS_FILE: huisstijl.css(gemeente),
    }
    for wijk in gemeente.wijken:
        for name, text in render_wijk(gemeente, wijk, today).items():
            files[f"{wijk.id}/{name}"] = _mark(text, gemeente)
        files[f"{wijk.id}/{wijk.id}.ics"] = ical.calendar(wijk, gemeente, today)
        for result in wijk.uitslagen:
            files[f"{wijk.id}/{result.ronde}.md"] = _mark(uitslag.page(wijk, result), gemeente)
        for ronde, text in wijk.stembiljetten.items():
            files[f"{wijk.id}/{ronde}.pb"] = text
    stamp = f'\n<p class="bijgewerkt">Bijgewerkt op {datum(today)}</p>\n'
    for rel, text in files.items():
        if rel.endswith(".md") and not rel.rsplit("/", 1)[-1].startswith("_"):
            files[rel] = text.rstrip("\n") + "\n" + stamp
    return files


def _mark(page: str, gemeente: Gemeente) -> str:
    """Flag example data in the front matter; the theme shows a banner on such pages."""
    if not gemeente.info.voorbeeld:
        return page
    return page.replace("---\n", "---\nvoorbeeld: true\n", 1)
