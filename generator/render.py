"""Render the model into site files: pure, no I/O. ``output`` writes what this returns."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from generator import charts, facts, ical, uitslagpage
from generator.model import Gemeente
from generator.text import attr, cell, euro, plain
from generator.wijkpages import render_wijk


def render(gemeente: Gemeente, today: dt.date) -> dict[str, str]:
    """Every generated file, keyed by its path below ``site_src/docs/wijken/``."""
    files = {
        "index.md": _overzicht(gemeente, today),
        "budgetten.md": _budgetten(gemeente),
        "_kies.md": _kies(gemeente),
    }
    for wijk in gemeente.wijken:
        for name, text in render_wijk(gemeente, wijk, today).items():
            files[f"{wijk.id}/{name}"] = _mark(text, gemeente)
        files[f"{wijk.id}/{wijk.id}.ics"] = ical.calendar(wijk, gemeente.info.naam, today)
        for uitslag in wijk.uitslagen:
            files[f"{wijk.id}/{uitslag.ronde}.md"] = _mark(
                uitslagpage.page(wijk, uitslag), gemeente
            )
        for ronde, text in wijk.stembiljetten.items():
            files[f"{wijk.id}/{ronde}.pb"] = text
    files["index.md"] = _mark(files["index.md"], gemeente)
    files["budgetten.md"] = _mark(files["budgetten.md"], gemeente)
    return files


def _mark(page: str, gemeente: Gemeente) -> str:
    """Flag example data in the front matter; the theme shows a banner on such pages."""
    if not gemeente.info.voorbeeld:
        return page
    return page.replace("---\n", "---\nvoorbeeld: true\n", 1)


def _front(title: str) -> list[str]:
    return ["---", f"title: {json.dumps(attr(title))}", "---", ""]


def _kies(gemeente: Gemeente) -> str:
    """The list on the home page: every wijk with its buurten, so people find theirs."""
    lines = []
    for w in gemeente.wijken:
        buurten = ", ".join(plain(b) for b in w.info.buurten)
        lines.append(f"- [**{plain(w.naam)}**](wijken/{w.id}/index.md): {buurten}")
    return "\n".join(lines) + "\n"


def _overzicht(gemeente: Gemeente, today: dt.date) -> str:
    out = [
        *_front("Alle wijken"),
        "# Alle wijken",
        "",
        f"{plain(gemeente.info.naam)} heeft {len(gemeente.wijken)} wijken. "
        "Kies uw wijk voor de wijkagenda, het wijkbudget en wie u kunt bellen.",
        "",
        "| Wijk | Buurten | Inwoners | Wijkbudget | Wijkagenda |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for w in gemeente.wijken:
        stand = facts.stand(w.agenda, today).zin()
        buurten = ", ".join(cell(b) for b in w.info.buurten)
        inwoners = f"{w.info.inwoners:,}".replace(",", ".")
        out.append(
            f"| [{cell(w.naam)}]({w.id}/index.md) | {buurten} | {inwoners} "
            f"| {euro(w.budget.totaal)} | {stand} |"
        )
    inwoners = f"{sum(w.info.inwoners for w in gemeente.wijken):,}".replace(",", ".")
    totaal = euro(sum(w.budget.totaal for w in gemeente.wijken))
    out += [f"| **Totaal** | | **{inwoners}** | **{totaal}** | |", ""]
    open_rondes = [(w, r) for w in gemeente.wijken if (r := facts.open_ronde(w, today))]
    if open_rondes:
        out += ["## Nu meedoen", ""]
        out += [f"- [{plain(w.naam)}]({w.id}/index.md): {plain(r.titel)}" for w, r in open_rondes]
        out.append("")
    out += ["[Alle wijkbudgetten bij elkaar](budgetten.md)", ""]
    return "\n".join(out)


def _budgetten(gemeente: Gemeente) -> str:
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
        *_front("Alle wijkbudgetten"),
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
