"""The pages of one wijk, as Markdown: overzicht, agenda, WOP, contact, budget, overleg.

Each page carries its own small wijk menu instead of a site-wide navigation tree, so a page's
size does not grow with the number of wijken.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from generator import charts, facts
from generator.model import Gemeente, Overleg, Partner, Persoon, Stemronde, Verzoek, Wijk
from generator.text import (
    attr,
    cell,
    datum,
    email_link,
    euro,
    phone_link,
    plain,
    staff_markdown,
    tijd,
)

PAGES = {
    "index.md": "Overzicht",
    "agenda.md": "Wijkagenda",
    "wop.md": "Wijkontwikkelplan",
    "contact.md": "Waar kan ik terecht?",
    "budget.md": "Wijkbudget",
    "overleg.md": "Overleg",
}
STATUS = {"gepland": "Gepland", "bezig": "Bezig", "klaar": "Klaar", "vervallen": "Vervallen"}
SOORT_OVERLEG = {
    "wijkoverleg": "Wijkoverleg",
    "wijkcontactmoment": "Wijkcontactmoment",
    "bewonersavond": "Bewonersavond",
    "wijkschouw": "Wijkschouw",
    "overig": "Bijeenkomst",
}
# Where the voting app lives when it is served beside the site (see `wijkwerk serve`).
STEMMEN_URL = "/stemmen/"


def render_wijk(gemeente: Gemeente, wijk: Wijk, today: dt.date) -> dict[str, str]:
    """All files of one wijk, keyed by their path below the wijk's folder."""
    ctx = _Context(gemeente, wijk, today)
    pages = {
        "index.md": ctx.overzicht(),
        "agenda.md": ctx.agenda(),
        "wop.md": ctx.wop(),
        "contact.md": ctx.contact(),
        "budget.md": ctx.budget(),
        "overleg.md": ctx.overleg(),
    }
    return {name: _page(wijk, name, body) for name, body in pages.items()}


def _page(wijk: Wijk, name: str, body: str) -> str:
    title = f"{PAGES[name]} {wijk.naam}" if name != "index.md" else f"Wijk {wijk.naam}"
    menu = [f'<nav class="wijkmenu" aria-label="{attr("Over wijk " + wijk.naam)}" markdown>', ""]
    for target, label in PAGES.items():
        current = '{ aria-current="page" }' if target == name else ""
        menu.append(f"- [{label}]({target}){current}")
    menu += ["", "</nav>"]
    head = [
        "---",
        f"title: {json.dumps(attr(title))}",
        "---",
        "",
        "[Alle wijken](../index.md){ .terug }",
        "",
        f"# {plain(title)}",
        "",
        *menu,
        "",
    ]
    return "\n".join(head) + "\n" + body.rstrip() + "\n"


class _Context:
    def __init__(self, gemeente: Gemeente, wijk: Wijk, today: dt.date) -> None:
        self.gemeente = gemeente
        self.wijk = wijk
        self.today = today
        self.partners = gemeente.partners_for(wijk)

    # --- overzicht ------------------------------------------------------------------------

    def overzicht(self) -> str:
        w, info = self.wijk, self.wijk.info
        out: list[str] = []
        ronde = facts.open_ronde(w, self.today)
        if ronde is not None:
            out += self._oproep(ronde)
        if info.beschrijving:
            out += [staff_markdown(info.beschrijving), ""]
        out += [
            "## In het kort",
            "",
            f"- **Buurten:** {', '.join(plain(b) for b in info.buurten)}",
            f"- **Inwoners:** {info.inwoners:,}".replace(",", "."),
            f"- **Wijkbudget {w.budget.jaar}:** {euro(w.budget.totaal)} "
            "([zo is het verdeeld](budget.md))",
            f"- **Wijkagenda {w.agenda.jaar}:** {facts.stand(w.agenda, self.today).zin()} "
            "([bekijk de agenda](agenda.md))",
            "",
            "## Wie zijn er voor de wijk?",
            "",
            *self._wethouder(),
            *_persoon("Wijkmanager", info.wijkmanager),
        ]
        if info.wijkagent:
            out += _persoon("Wijkagent", info.wijkagent)
        out += ["Meer adressen: [waar kan ik terecht?](contact.md)", "", "## Volgende overleg", ""]
        komend = facts.komende_overleggen(w, self.today)
        if komend:
            out += [*_overleg(komend[0]), "[Alle data en plaatsen](overleg.md)", ""]
        else:
            out += ["Er is nog geen nieuwe datum. Kijk later nog eens.", ""]
        return "\n".join(out)

    def _oproep(self, ronde: Stemronde) -> list[str]:
        url = f"{STEMMEN_URL}{self.wijk.id}/{ronde.id}/"
        if ronde.phase(self.today) == "stemmen":
            kop, tekst = (
                "Stem mee",
                (
                    f"Bewoners beslissen over {euro(ronde.bedrag)}. "
                    f"U kunt stemmen tot en met {datum(ronde.stemmen.tot)}."
                ),
            )
        else:
            kop, tekst = (
                "Heeft u een idee voor de wijk?",
                (
                    f"Bewoners beslissen over {euro(ronde.bedrag)}. "
                    f"U kunt een idee insturen tot en met {datum(ronde.indienen.tot)}."
                ),
            )
        return [
            f'!!! tip "{attr(kop)}: {attr(ronde.titel)}"',
            "",
            f"    {tekst}",
            "",
            f"    [{kop}]({url}){{ .md-button .md-button--primary }}",
            "",
        ]

    def _wethouder(self) -> list[str]:
        lid = self.gemeente.college[self.wijk.info.wijkwethouder]
        lines = [f"**Wijkwethouder:** {plain(lid.naam)}"]
        if lid.portefeuille:
            lines.append(f"({plain(lid.portefeuille)})")
        contact = [email_link(lid.email)] if lid.email else []
        if lid.telefoon:
            contact.append(phone_link(lid.telefoon))
        return [" ".join(lines) + ("  \n" + " · ".join(contact) if contact else ""), ""]

    # --- agenda ---------------------------------------------------------------------------

    def agenda(self) -> str:
        agenda, today = self.wijk.agenda, self.today
        out = [
            f"Dit zijn de afspraken voor {agenda.jaar}. De wijkagenda is vastgesteld op "
            f"{datum(agenda.vastgesteld)}. **Afspraak is afspraak:** lukt iets niet op tijd, "
            "dan ziet u dat hier.",
            "",
        ]
        if facts.agenda_verouderd(agenda, today):
            out += [
                '!!! warning "Deze agenda is ouder dan een half jaar"',
                "",
                "    De wijkagenda wordt minstens twee keer per jaar vernieuwd. "
                "Deze is te oud. Vraag de wijkmanager naar de nieuwe agenda.",
                "",
            ]
        out += [f"**{facts.stand(agenda, today).zin()}.**", "", "## Afspraken", ""]
        themas = {t.id: t for t in self.wijk.wop.themas}
        for actie in sorted(agenda.acties, key=lambda a: (a.wanneer, a.id)):
            out.append(f"### {plain(actie.wat)} {{ #actie-{actie.id} }}")
            out.append("")
            if facts.te_laat(actie, today):
                out += [
                    '!!! danger "Te laat"',
                    "",
                    f"    Dit zou klaar zijn op {datum(actie.wanneer)}.",
                    "",
                ]
            wie = ", ".join(self._partner_naam(p) for p in actie.wie)
            thema = themas[actie.thema]
            out += [
                f"- **Wie:** {wie}",
                f"- **Wanneer klaar:** {datum(actie.wanneer)}",
                f"- **Status:** {STATUS[actie.status]}",
                f"- **Thema:** [{plain(thema.naam)}](wop.md#thema-{thema.id})",
                "",
            ]
            if actie.toelichting:
                out += [staff_markdown(actie.toelichting), ""]
        if not agenda.acties:
            out += ["Er staan nog geen afspraken op de agenda.", ""]
        out += self._verzoeken()
        return "\n".join(out)

    def _verzoeken(self) -> list[str]:
        verzoeken = self.wijk.agenda.verzoeken
        out = [
            "## Vragen van bewoners",
            "",
            "Op elke vraag geven we een duidelijk antwoord: **Nu** (we gaan het doen), "
            "**Ooit** (het kan later, onder voorwaarden; u hoort op een vaste datum of het "
            "doorgaat) of **Nooit** (het kan niet, en we leggen uit waarom).",
            "",
        ]
        if not verzoeken:
            return [*out, "Er zijn nog geen vragen beantwoord.", ""]
        for antwoord, kop in (("nu", "Nu"), ("ooit", "Ooit"), ("nooit", "Nooit")):
            groep = [v for v in verzoeken if v.antwoord == antwoord]
            if groep:
                out += [f"### {kop}", ""]
                for v in groep:
                    out += self._verzoek(v)
        return out

    def _verzoek(self, v: Verzoek) -> list[str]:
        out = [f"#### {plain(v.vraag)} {{ #vraag-{v.id} }}", ""]
        meta = []
        if v.van:
            meta.append(f"Gevraagd door {plain(v.van)}")
        if v.ingediend:
            meta.append(f"op {datum(v.ingediend)}")
        if meta:
            out += [" ".join(meta) + ".", ""]
        out.append(f"**Antwoord: {v.antwoord.capitalize()}.**")
        out.append("")
        if v.antwoord == "ooit" and v.voorwaarden and v.uitsluitsel:
            out += [f"**Voorwaarden:** {staff_markdown(v.voorwaarden)}", ""]
            if facts.uitsluitsel_te_laat(v, self.today):
                out += [
                    '!!! danger "Antwoord te laat"',
                    "",
                    f"    U zou op {datum(v.uitsluitsel)} een definitief antwoord krijgen. "
                    "Dat is te laat. Vraag de wijkmanager hoe het staat.",
                    "",
                ]
            else:
                out += [
                    f"U krijgt uiterlijk op {datum(v.uitsluitsel)} een definitief antwoord.",
                    "",
                ]
        if v.antwoord == "nooit" and v.reden:
            out += [f"**Waarom niet:** {staff_markdown(v.reden)}", ""]
        if v.toelichting:
            out += [staff_markdown(v.toelichting), ""]
        if v.actie:
            out += [f"Zie de afspraak: [{plain(self._actie(v.actie))}](#actie-{v.actie}).", ""]
        return out

    def _actie(self, actie_id: str) -> str:
        return next(a.wat for a in self.wijk.agenda.acties if a.id == actie_id)

    # --- WOP ------------------------------------------------------------------------------

    def wop(self) -> str:
        wop = self.wijk.wop
        out = [
            f"Het wijkontwikkelplan (WOP) zegt wat we in {wop.van} tot en met {wop.tot} in de "
            "wijk willen bereiken. De [wijkagenda](agenda.md) zegt wat we dit jaar doen.",
            "",
        ]
        if wop.vastgesteld:
            out += [f"Vastgesteld op {datum(wop.vastgesteld)}.", ""]
        if wop.samenvatting:
            out += [staff_markdown(wop.samenvatting), ""]
        for thema in wop.themas:
            out += [f"## {plain(thema.naam)} {{ #thema-{thema.id} }}", "", "**Doelen:**", ""]
            out += [f"- {plain(doel)}" for doel in thema.doelen] + [""]
            if thema.toelichting:
                out += [staff_markdown(thema.toelichting), ""]
            acties = [a for a in self.wijk.agenda.acties if a.thema == thema.id]
            if acties:
                out += ["**Afspraken op de wijkagenda:**", ""]
                for a in acties:
                    out.append(
                        f"- [{plain(a.wat)}](agenda.md#actie-{a.id}): {STATUS[a.status].lower()}"
                    )
                out.append("")
            else:
                out += ["Voor dit thema staan dit jaar geen afspraken op de agenda.", ""]
        return "\n".join(out)

    # --- contact --------------------------------------------------------------------------

    def contact(self) -> str:
        info = self.wijk.info
        out = ["Weet u niet bij wie u moet zijn? Kijk hieronder per onderwerp.", ""]
        for onderwerp in info.loket:
            out += [f"## {plain(onderwerp.onderwerp)}", ""]
            if onderwerp.toelichting:
                out += [staff_markdown(onderwerp.toelichting), ""]
            for pid in onderwerp.partners:
                out += _partner(self.partners[pid])
        out += ["## Mensen van de gemeente en de politie", "", *self._wethouder()]
        out += _persoon("Wijkmanager", info.wijkmanager)
        if info.wijkagent:
            out += _persoon("Wijkagent", info.wijkagent)
        groepen = [p for p in info.partners if p.soort == "bewonersgroep"]
        if groepen:
            out += ["## Bewonersgroepen", "", "Doe mee met bewoners uit uw wijk.", ""]
            for p in groepen:
                out += _partner(p)
        return "\n".join(out)

    def _partner_naam(self, pid: str) -> str:
        return plain(self.partners[pid].naam)

    # --- budget ---------------------------------------------------------------------------

    def budget(self) -> str:
        budget, posten = self.wijk.budget, self.gemeente.posten
        out = [
            f"In {budget.jaar} heeft de wijk één wijkbudget van **{euro(budget.totaal)}**. "
            "Het komt uit verschillende potjes van de gemeente. U doet één aanvraag, krijgt "
            "één besluit en de gemeente houdt één rekening bij.",
            "",
        ]
        if budget.toelichting:
            out += [staff_markdown(budget.toelichting), ""]
        if budget.ontschot:
            out += [
                '!!! info "Ontschot budget"',
                "",
                "    De potjes zijn samengevoegd. Het geld mag voor alle doelen van het "
                "wijkontwikkelplan worden gebruikt.",
                "",
            ]
        out += ["## Waar komt het geld vandaan?", ""]
        out += [charts.bronnen(budget, posten), ""]
        out += [
            "| Potje | Van afdeling | Bedrag | Soort | Voorwaarden |",
            "| --- | --- | ---: | --- | --- |",
        ]
        for bron in budget.bronnen:
            post = posten[bron.post]
            voorwaarden = plain(bron.voorwaarden) if bron.voorwaarden else "Geen"
            out.append(
                f"| {plain(post.naam)} | {plain(post.afdeling)} | {euro(bron.bedrag)} "
                f"| {bron.soort.capitalize()} | {voorwaarden} |"
            )
        out += [f"| **Totaal** | | **{euro(budget.totaal)}** | | |", ""]
        uitslagen = self.wijk.uitslagen
        out += ["## Waar gaat het geld naartoe?", "", charts.besteding(budget, uitslagen), ""]
        gekozen = [(u, v) for u in uitslagen for v in u.gekozen]
        if budget.uitgaven or gekozen:
            out += ["| Waarvoor | Bedrag | Status | Uit potje |", "| --- | ---: | --- | --- |"]
            for u in budget.uitgaven:
                potje = plain(posten[u.post].naam) if u.post else "Wijkbudget (ontschot)"
                wat = plain(u.wat)
                if u.actie:
                    wat = f"[{wat}](agenda.md#actie-{u.actie})"
                out.append(f"| {wat} | {euro(u.bedrag)} | {u.status.capitalize()} | {potje} |")
            for uitslag, v in gekozen:
                wat = f"[{cell(v.titel)}]({uitslag.ronde}.md#voorstel-{v.id})"
                out.append(
                    f"| {wat} | {euro(v.kosten or 0)} | Toegekend | "
                    f"Stemronde: {cell(uitslag.titel)} |"
                )
            out.append("")
        for ronde in budget.stemrondes:
            out += self._ronde(ronde)
        return "\n".join(out)

    def _ronde(self, ronde: Stemronde) -> list[str]:
        fase = ronde.phase(self.today)
        out = [
            f"## {plain(ronde.titel)}",
            "",
            f"Bewoners beslissen samen over {euro(ronde.bedrag)}.",
            "",
        ]
        uitslag = self.wijk.uitslag(ronde.id)
        if uitslag is not None:
            out += [
                f"**De uitslag is bekend.** Gekozen zijn {len(uitslag.gekozen)} voorstellen "
                f"voor {euro(uitslag.gekozen_kosten)}:",
                "",
            ]
            out += [f"- {plain(v.titel)}: {euro(v.kosten or 0)}" for v in uitslag.gekozen]
            out += ["", f"[Bekijk de hele uitslag]({ronde.id}.md)", ""]
            return out
        return [
            *out,
            f"- Ideeën insturen: {datum(ronde.indienen.van)} tot en met "
            f"{datum(ronde.indienen.tot)}",
            f"- De gemeente bekijkt de ideeën: tot en met {datum(ronde.beoordelen.tot)}",
            f"- Stemmen: {datum(ronde.stemmen.van)} tot en met {datum(ronde.stemmen.tot)}",
            f"- Uitslag: {datum(ronde.uitslag)}",
            f"- Telmethode: {_TELMETHODE[ronde.telmethode]} "
            "([uitleg](../../hoe-werkt-het.md#stemmen-over-het-wijkbudget))",
            "",
            f"**Nu:** {_FASE[fase]}",
            "",
        ]

    # --- overleg --------------------------------------------------------------------------

    def overleg(self) -> str:
        komend = facts.komende_overleggen(self.wijk, self.today)
        out = [
            "Hier praten bewoners, partners en de gemeente samen over de wijk. Iedereen is "
            "welkom, tenzij er iets anders staat.",
            "",
            f"[Zet alle data in uw agenda (iCalendar)]({self.wijk.id}.ics){{ .md-button }}",
            "",
            "## Komende bijeenkomsten",
            "",
        ]
        for o in komend:
            out += _overleg(o, heading="###")
        if not komend:
            out += ["Er is nog geen nieuwe datum. Kijk later nog eens.", ""]
        eerder = [o for o in self.wijk.info.overleggen if o.datum < self.today]
        if eerder:
            out += ["## Eerder", ""]
            out += [
                f"- {datum(o.datum)}: {SOORT_OVERLEG[o.soort]} in {plain(o.plaats)}"
                for o in sorted(eerder, key=lambda o: o.datum, reverse=True)
            ]
            out.append("")
        return "\n".join(out)


_TELMETHODE = {
    "greedy": "de ideeën met de meeste stemmen krijgen geld, zolang het geld niet op is",
    "mes": "Method of Equal Shares: ieder deel van de wijk krijgt een eerlijk deel",
}
_FASE = {
    "binnenkort": "de stemronde begint binnenkort.",
    "indienen": "u kunt ideeën insturen.",
    "beoordelen": "de gemeente bekijkt de ideeën.",
    "stemmen": "u kunt stemmen.",
    "tellen": "de stemmen worden geteld.",
    "uitslag": "de uitslag is bekend.",
}


def _persoon(rol: str, p: Persoon) -> list[str]:
    lines = [f"**{rol}:** {plain(p.naam)}"]
    if p.functie:
        lines[0] += f" ({plain(p.functie)})"
    if p.telefoon:
        lines.append(f"Telefoon: {phone_link(p.telefoon)}")
    if p.email:
        lines.append(f"E-mail: {email_link(p.email)}")
    if p.spreekuur:
        lines.append(f"Spreekuur: {plain(p.spreekuur)}")
    return ["  \n".join(lines), ""]


def _partner(p: Partner) -> list[str]:
    lines = [f"**{plain(p.naam)}**"]
    if p.toelichting:
        lines.append(plain(p.toelichting))
    contact = _join(
        [
            f"Telefoon: {phone_link(p.telefoon)}" if p.telefoon else "",
            f"E-mail: {email_link(p.email)}" if p.email else "",
            f"[Website van {plain(p.naam)}]({p.website})" if p.website else "",
            f"Adres: {plain(p.adres)}" if p.adres else "",
        ]
    )
    if contact:
        lines.append(contact)
    return ["  \n".join(lines), ""]


def _overleg(o: Overleg, heading: str = "") -> list[str]:
    titel = plain(o.titel or SOORT_OVERLEG[o.soort])
    first = f"{heading} {titel}" if heading else f"**{titel}**"
    lines = [
        f"{datum(o.datum, weekday=True)}, {tijd(o.van, o.tot)}",
        f"Waar: {plain(o.plaats)}",
    ]
    if o.voor:
        lines.append(f"Voor wie: {plain(o.voor)}")
    body = ["  \n".join(lines), ""]
    if o.toelichting:
        body += [staff_markdown(o.toelichting), ""]
    return [first, "", *body] if heading else [first + "  \n" + body[0], *body[1:]]


def _join(parts: Iterable[str]) -> str:
    return " · ".join(p for p in parts if p)
