"""One account per wijk: for each budget line what was budgeted, granted, spent and is free.

Every euro that leaves a line is one :class:`Boeking`, from one of four doors: spending staff
recorded in ``budget.yaml`` (``uitgaven``), a stemronde (its chosen proposals once the result
is published, its whole amount while residents still decide), the stimuleringsregeling
(``toekenningen.yaml``) and the activity budgets of residents' groups. An ontschot budget has
one line: the whole wijkbudget. The checks refuse a line with less than nothing free; the
site shows the account on the verantwoording page and in the yearly report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from generator.model.budget import Bron, Budget, Spelregels, Stimuleringsregeling
from generator.model.gemeente import GemeenteBestand
from generator.model.toekenning import Toekenning
from generator.model.uitslag import Uitslag

Herkomst = Literal["uitgave", "stemronde", "stimuleringsregeling", "groepsbudget"]


@dataclass(frozen=True)
class Boeking:
    """One amount granted or spent from a line; ``ref`` names what it came from."""

    herkomst: Herkomst
    wat: str
    bedrag: int
    status: Literal["toegekend", "besteed"]
    post: str | None
    ref: str = ""


@dataclass(frozen=True)
class Rekeningpost:
    """One line of the account; ``post`` None is the whole of an ontschot budget."""

    post: str | None
    begroot: int
    boekingen: tuple[Boeking, ...]

    @property
    def toegekend(self) -> int:
        return sum(b.bedrag for b in self.boekingen if b.status == "toegekend")

    @property
    def besteed(self) -> int:
        return sum(b.bedrag for b in self.boekingen if b.status == "besteed")

    @property
    def vrij(self) -> int:
        return self.begroot - self.toegekend - self.besteed


def regeling(info: GemeenteBestand | None, budget: Budget) -> Stimuleringsregeling | None:
    """The stimuleringsregeling of a wijk: its own or the gemeente's, if it has that line."""
    found = budget.stimuleringsregeling or (info.stimuleringsregeling if info else None)
    if found is None or found.post not in {b.post for b in budget.bronnen}:
        return None
    return found


def spelregels(info: GemeenteBestand | None, bron: Bron) -> Spelregels | None:
    """A line's spelregels: the wijk's own, else those in gemeente.yaml."""
    if bron.spelregels is not None or info is None:
        return bron.spelregels
    return next((p.spelregels for p in info.begrotingsposten if p.id == bron.post), None)


def boekingen(
    budget: Budget, uitslagen: Iterable[Uitslag], toekenningen: Iterable[Toekenning]
) -> Iterator[Boeking]:
    """Every amount granted or spent from the wijkbudget, each exactly once."""
    for u in budget.uitgaven:
        yield Boeking("uitgave", u.wat, u.bedrag, u.status, u.post, u.actie or "")
    results = {u.ronde: u for u in uitslagen}
    for ronde in budget.stemrondes:
        result = results.get(ronde.id)
        if result is None:
            wat = f"{ronde.titel}: bewoners beslissen nog"
            yield Boeking("stemronde", wat, ronde.bedrag, "toegekend", ronde.post, ronde.id)
            continue
        for v in result.gekozen:
            ref = f"{ronde.id}#voorstel-{v.id}"
            yield Boeking("stemronde", v.titel, v.kosten or 0, "toegekend", ronde.post, ref)
    for t in toekenningen:
        if t.toegekend and t.bedrag:
            status: Literal["toegekend", "besteed"] = "besteed" if t.besteed else "toegekend"
            yield Boeking("stimuleringsregeling", t.wat, t.bedrag, status, t.post, t.nummer)
    for g in budget.groepsbudgetten:
        for gu in g.uitgaven:
            yield Boeking("groepsbudget", gu.wat, gu.bedrag, "besteed", g.post, g.groep)
        if g.bedrag > g.besteed:
            wat = "Activiteitenbudget, nog niet besteed"
            yield Boeking("groepsbudget", wat, g.bedrag - g.besteed, "toegekend", g.post, g.groep)


def rekening(
    budget: Budget, uitslagen: Iterable[Uitslag] = (), toekenningen: Iterable[Toekenning] = ()
) -> tuple[Rekeningpost, ...]:
    """The account of one wijkbudget, line by line in the order of ``bronnen``.

    A booking on a line the budget does not have lands on an extra line with nothing
    budgeted, so no euro disappears; the checks report it.
    """
    booked = list(boekingen(budget, uitslagen, toekenningen))
    if budget.ontschot:
        return (Rekeningpost(None, budget.totaal, tuple(booked)),)
    begroot: dict[str | None, int] = {}
    for bron in budget.bronnen:
        begroot[bron.post] = begroot.get(bron.post, 0) + bron.bedrag
    for b in booked:
        begroot.setdefault(b.post, 0)
    return tuple(
        Rekeningpost(post, amount, tuple(b for b in booked if b.post == post))
        for post, amount in begroot.items()
    )
