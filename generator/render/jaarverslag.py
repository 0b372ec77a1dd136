"""The yearly report to the gemeenteraad (``jaarverslag.md``) and its figures as CSV.

One page across all wijken: agreements kept and late, the budgets by origin, the stemrondes
and their turnout, the stimuleringsregeling's decisions and their terms, and each wijk's
account. ``jaarverslag.csv`` holds every line of every account, and ``boekingen.csv`` every
amount behind them, for the finance department. Text that residents typed can reach the CSV;
a cell that a spreadsheet would read as a formula is quoted with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict

from generator.formatting import euro
from generator.model import Gemeente
from generator.model.rekening import regeling, rekening
from generator.render import facts, regelingen
from generator.render.escape import cell, plain
from generator.render.page import front_matter


def page(gemeente: Gemeente, today: dt.date) -> str:
    jaar = max(w.budget.jaar for w in gemeente.wijken)
    out = [
        *front_matter(f"Jaarverslag wijkgericht werken {jaar}"),
        f"# Jaarverslag wijkgericht werken {jaar}",
        "",
        f"Wat de wijken van {plain(gemeente.info.naam)} in {jaar} afspraken, kregen en "
        f"besteedden, voor de gemeenteraad. Stand op {today.day}-{today.month}-{today.year}.",
        "",
        "[Alle bedragen als CSV voor de afdeling Financiën](jaarverslag.csv) · "
        "[Elke boeking als CSV](boekingen.csv)",
        "",
        "## Wijkagenda: afspraak is afspraak",
        "",
        "| Wijk | Afspraken | Nagekomen | Te laat | Vastgesteld |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for w in gemeente.wijken:
        s = facts.stand(w.agenda, today)
        old = " (ouder dan een half jaar)" if facts.agenda_verouderd(w.agenda, today) else ""
        out.append(
            f"| {cell(w.naam)} | {s.totaal} | {s.klaar} | {s.te_laat} "
            f"| {w.agenda.vastgesteld.isoformat()}{old} |"
        )
    out += ["", *_herkomst(gemeente), *_rondes(gemeente), *_aanvragen(gemeente)]
    out += [
        "## De rekening per wijk",
        "",
        "| Wijk | Begroot | Toegekend | Besteed | Vrij |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for w in gemeente.wijken:
        lines = rekening(w.budget, w.uitslagen, w.toekenningen)
        b, t, s = (sum(getattr(li, f) for li in lines) for f in ("begroot", "toegekend", "besteed"))
        out.append(
            f"| [{cell(w.naam)}]({w.id}/verantwoording.md) | {euro(b)} | {euro(t)} | {euro(s)} "
            f"| {euro(b - t - s)} |"
        )
    return "\n".join(out) + "\n"


def _herkomst(gemeente: Gemeente) -> list[str]:
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for w in gemeente.wijken:
        for bron in w.budget.bronnen:
            per[bron.post][bron.soort] += bron.bedrag
    out = [
        "## Budgetten naar herkomst",
        "",
        "| Potje | Van afdeling | Structureel | Incidenteel | Samen |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for pid, post in gemeente.posten.items():
        if pid in per:
            s, i = per[pid]["structureel"], per[pid]["incidenteel"]
            out.append(
                f"| {cell(post.naam)} | {cell(post.afdeling)} | {euro(s)} | {euro(i)} "
                f"| {euro(s + i)} |"
            )
    return [*out, ""]


def _rondes(gemeente: Gemeente) -> list[str]:
    rows = [(w, r) for w in gemeente.wijken for r in w.budget.stemrondes]
    if not rows:
        return []
    out = [
        "## Stemrondes en opkomst",
        "",
        "| Wijk | Stemronde | Bedrag | Stemcodes | Stemmen | Opkomst |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for w, r in rows:
        u = w.uitslag(r.id)
        if u is None:
            out.append(f"| {cell(w.naam)} | {cell(r.titel)} | {euro(r.bedrag)} | | | nog open |")
            continue
        opkomst = f"{round(u.stemmen * 100 / u.stemcodes)}%" if u.stemcodes else "-"
        out.append(
            f"| {cell(w.naam)} | {cell(r.titel)} | {euro(r.bedrag)} | {u.stemcodes} "
            f"| {u.stemmen} | {opkomst} |"
        )
    return [*out, ""]


def _aanvragen(gemeente: Gemeente) -> list[str]:
    out = [
        "## Stimuleringsregeling: besluiten en termijnen",
        "",
        "| Wijk | Besluiten | Toegekend | Afgewezen | Bedrag toegekend | Op tijd besloten |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for w in gemeente.wijken:
        r = regeling(gemeente.info, w.budget)
        ts = w.toekenningen
        if r is None and not ts:
            continue
        toegekend = [t for t in ts if t.toegekend]
        on_time = sum(regelingen.op_tijd(t, r) is True for t in ts)
        out.append(
            f"| {cell(w.naam)} | {len(ts)} | {len(toegekend)} | {len(ts) - len(toegekend)} "
            f"| {euro(sum(t.bedrag or 0 for t in toegekend))} | {on_time} van {len(ts)} |"
        )
    return [*out, ""]


def _safe(value: object) -> object:
    """A cell a spreadsheet shows as text: never a formula (=, +, -, @, tab, return)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_safe(v) for v in row] for row in rows])
    return buffer.getvalue()


def account_csv(gemeente: Gemeente) -> str:
    """Every line of every wijk's account; amounts in whole euros."""
    rows: list[list[object]] = []
    for w in gemeente.wijken:
        for li in rekening(w.budget, w.uitslagen, w.toekenningen):
            post = gemeente.posten.get(li.post or "")
            naam = post.naam if post else "Wijkbudget (ontschot)"
            afdeling = post.afdeling if post else ""
            where = [w.budget.jaar, w.id, w.naam, li.post or "ontschot", naam, afdeling]
            rows.append([*where, li.begroot, li.toegekend, li.besteed, li.vrij])
    header = ["jaar", "wijk_id", "wijk", "post", "potje", "afdeling"]
    return _csv([*header, "begroot", "toegekend", "besteed", "vrij"], rows)


def bookings_csv(gemeente: Gemeente) -> str:
    """Every amount granted or spent, with the line and the door it went through."""
    rows: list[list[object]] = []
    for w in gemeente.wijken:
        for li in rekening(w.budget, w.uitslagen, w.toekenningen):
            for b in li.boekingen:
                line = li.post or "ontschot"
                rows.append(
                    [w.budget.jaar, w.id, line, b.herkomst, b.ref, b.wat, b.status, b.bedrag]
                )
    header = ["jaar", "wijk_id", "post", "herkomst", "kenmerk", "wat", "status", "bedrag"]
    return _csv(header, rows)
