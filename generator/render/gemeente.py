"""The pages across all wijken: 'Alle wijken', 'Alle wijkbudgetten' and the home page's list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from generator.formatting import aantal, euro
from generator.model import Gemeente
from generator.render import charts, facts, kaart, meedoen, wijkzoeker
from generator.render.escape import cell, plain
from generator.render.page import front_matter


def kies(gemeente: Gemeente) -> str:
    """The list on the home page: every wijk with its buurten, so people find theirs.

    Above it the postcode form and the map, when the sources have postcodes and boundaries;
    the list is the map's text alternative, so it comes right after it.
    """
    lines = [*wijkzoeker.formulier(gemeente), *kaart.kaart(gemeente, "wijken/")]
    for w in gemeente.wijken:
        buurten = ", ".join(plain(b) for b in w.info.buurten)
        lines.append(f"- [**{plain(w.naam)}**](wijken/{w.id}/index.md): {buurten}")
    return "\n".join(lines) + "\n"


def nu(gemeente: Gemeente, today: dt.date) -> str:
    """The home page's block: what residents can do now, and new results."""
    return "\n".join(meedoen.gemeente_blok(gemeente, today, "wijken/")) + "\n"


def overzicht(gemeente: Gemeente, today: dt.date) -> str:
    """``index.md``: every wijk in one table, and where residents can take part now."""
    out = [
        *front_matter("Alle wijken"),
        "# Alle wijken",
        "",
        f"{plain(gemeente.info.naam)} heeft {aantal(len(gemeente.wijken), 'wijk', 'wijken')}. "
        "Kies uw wijk voor de wijkagenda, het wijkbudget en wie u kunt bellen.",
        "",
        "| Wijk | Buurten | Inwoners | Wijkbudget | Wijkagenda |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for w in gemeente.wijken:
        stand = facts.stand(w.agenda, today).zin()
        buurten = ", ".join(cell(b) for b in w.info.buurten)
        out.append(
            f"| [{cell(w.naam)}]({w.id}/index.md) | {buurten} | {aantal(w.info.inwoners)} "
            f"| {euro(w.budget.totaal)} | {stand} |"
        )
    inwoners = aantal(sum(w.info.inwoners for w in gemeente.wijken))
    totaal = euro(sum(w.budget.totaal for w in gemeente.wijken))
    out += [f"| **Totaal** | | **{inwoners}** | **{totaal}** | |", ""]
    out += meedoen.gemeente_blok(gemeente, today, "")
    out += ["[Alle wijkbudgetten bij elkaar](budgetten.md)", ""]
    if gemeente.info.kompas is not None:
        out += ["[Wijkkompas: alle wijken vergeleken](kompas.md)", ""]
    return "\n".join(out)


def budgetten(gemeente: Gemeente) -> str:
    """``budgetten.md``: the money of all wijken, per municipal budget line and per wijk."""
    per_post: dict[str, int] = defaultdict(int)
    wijken_per_post: dict[str, int] = defaultdict(int)
    for w in gemeente.wijken:
        for bron in w.budget.bronnen:
            per_post[bron.post] += bron.bedrag
            wijken_per_post[bron.post] += 1
    totaal = sum(per_post.values())
    posten = gemeente.posten
    rows = [(posten[p].naam, per_post[p]) for p in posten if p in per_post]
    out = [
        *front_matter("Alle wijkbudgetten"),
        "# Alle wijkbudgetten",
        "",
        f"Samen krijgen de wijken **{euro(totaal)}**. Elk wijkbudget is één budget, maar het "
        "geld komt uit verschillende potjes van de gemeente. Hier ziet u welke.",
        "",
        charts.bars("Waar komt het geld voor alle wijken vandaan?", rows, totaal),
        "",
        "## Per potje",
        "",
        "| Potje | Van afdeling | Aantal wijken | Bedrag |",
        "| --- | --- | ---: | ---: |",
    ]
    for pid, post in posten.items():
        if pid in per_post:
            out.append(
                f"| {cell(post.naam)} | {cell(post.afdeling)} | {wijken_per_post[pid]} "
                f"| {euro(per_post[pid])} |"
            )
    out += [f"| **Totaal** | | | **{euro(totaal)}** |", "", "## Per wijk", ""]
    out += [
        "| Wijk | Wijkbudget | Besteed of toegekend | Bewoners beslissen |",
        "| --- | ---: | ---: | ---: |",
    ]
    for w in gemeente.wijken:
        b = w.budget
        out.append(
            f"| [{cell(w.naam)}]({w.id}/budget.md) | {euro(b.totaal)} "
            f"| {euro(b.uitgegeven)} | {euro(b.bewonersdeel)} |"
        )
    return "\n".join(out) + "\n"
