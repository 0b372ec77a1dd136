"""The rules for a wijk's money across files: one account, spelregels, subsidies, group budgets.

No line may be granted or spent beyond what it brings in, counting every door at once:
``uitgaven``, stemrondes, the group budgets and the decisions in ``toekenningen.yaml``. Money
is granted directly (a subsidy, a group budget) only from a line whose spelregels allow it,
and never more per application than the spelregels and the regeling say.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Budget, GemeenteBestand, Partner
from generator.model.rekening import Rekeningpost, regeling, rekening, spelregels
from generator.sources.checks import Problem, WijkParts
from generator.sources.messages import money, say

_ORIGIN = {
    "uitgave": "uitgaven",
    "stemronde": "stemrondes",
    "stimuleringsregeling": "stimuleringsregeling",
    "groepsbudget": "groepsbudgetten",
}
GRANTS = "toekenningen.yaml"


def check(info: GemeenteBestand | None, w: WijkParts) -> Iterator[Problem]:
    """Every money problem of one wijk; ``budget.yaml`` must have loaded."""
    budget = w.budget
    if budget is None:
        return
    bronnen = {b.post: b for b in budget.bronnen}
    index = {b.post: i for i, b in reversed(list(enumerate(budget.bronnen)))}
    for line in rekening(budget, w.uitslagen, w.toekenningen):
        if line.vrij < 0 and (budget.ontschot or line.post in bronnen):
            at = ("bronnen",) if line.post is None else ("bronnen", index[line.post], "bedrag")
            yield Problem(w.id, "budget.yaml", at, _overdrawn(line))
    for i, ronde in enumerate(budget.stemrondes):
        if ronde.post is None and not budget.ontschot:
            message = say("ronde_needs_post")
            yield Problem(w.id, "budget.yaml", ("stemrondes", i, "post"), message)
        elif ronde.post is not None and ronde.post not in bronnen:
            message = say("no_post", post=ronde.post)
            yield Problem(w.id, "budget.yaml", ("stemrondes", i, "post"), message)
    partners = {p.id: p for p in (*(info.partners if info else ()), *_own_partners(w))}
    for loc, message in _groups(info, budget, partners):
        yield Problem(w.id, "budget.yaml", loc, message)
    yield from _regeling(info, w, budget)


def _overdrawn(line: Rekeningpost) -> str:
    name = say("from_wijkbudget") if line.post is None else say("from_post", post=line.post)
    parts: dict[str, int] = {}
    for b in line.boekingen:
        parts[_ORIGIN[b.herkomst]] = parts.get(_ORIGIN[b.herkomst], 0) + b.bedrag
    detail = ", ".join(f"{k} {money(v)}" for k, v in parts.items())
    used = money(line.toegekend + line.besteed)
    return say("overdrawn", name=name, used=used, detail=detail, begroot=money(line.begroot))


def _own_partners(w: WijkParts) -> tuple[Partner, ...]:
    return w.info.partners if w.info is not None else ()


def _groups(
    info: GemeenteBestand | None, budget: Budget, partners: dict[str, Partner]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    bronnen = {b.post: b for b in budget.bronnen}
    for i, g in enumerate(budget.groepsbudgetten):
        at = ("groepsbudgetten", i)
        partner = partners.get(g.groep)
        if partner is not None and partner.soort != "bewonersgroep":
            yield (*at, "groep"), say("not_bewonersgroep", groep=g.groep, soort=partner.soort)
        if g.besteed > g.bedrag:
            spent, own = money(g.besteed), money(g.bedrag)
            yield (*at, "uitgaven"), say("group_overspent", spent=spent, budget=own)
        bron = bronnen.get(g.post)
        if bron is None:
            yield (*at, "post"), say("no_post", post=g.post)
            continue
        regels = spelregels(info, bron)
        if regels is None or not regels.subsidie:
            yield (*at, "post"), say("no_grants", post=g.post)
        elif regels.max_per_aanvraag is not None and g.bedrag > regels.max_per_aanvraag:
            most = money(regels.max_per_aanvraag)
            yield (*at, "bedrag"), say("over_spelregels", post=g.post, most=most)


def _regeling(info: GemeenteBestand | None, w: WijkParts, budget: Budget) -> Iterator[Problem]:
    own = budget.stimuleringsregeling
    bronnen = {b.post: b for b in budget.bronnen}
    if own is not None and own.post not in bronnen:
        message = say("no_post", post=own.post)
        yield Problem(w.id, "budget.yaml", ("stimuleringsregeling", "post"), message)
    found = regeling(info, budget)
    if found is not None:
        file, wijk = ("budget.yaml", w.id) if own is not None else ("gemeente.yaml", None)
        regels = spelregels(info, bronnen[found.post])
        if regels is None or not regels.subsidie:
            message = say("no_grants_in_wijk", post=found.post, wijk=w.id)
            yield Problem(wijk, file, ("stimuleringsregeling", "post"), message)
        elif regels.max_per_aanvraag is not None and found.max_bedrag > regels.max_per_aanvraag:
            most = money(regels.max_per_aanvraag)
            message = say("over_spelregels_per_aanvraag", post=found.post, most=most, wijk=w.id)
            yield Problem(wijk, file, ("stimuleringsregeling", "max_bedrag"), message)
    seen: set[str] = set()
    for i, t in enumerate(w.toekenningen):
        at = ("toekenningen", i)
        if t.nummer in seen:
            yield Problem(w.id, GRANTS, (*at, "nummer"), say("nummer_twice"))
        seen.add(t.nummer)
        if t.post not in bronnen:
            yield Problem(w.id, GRANTS, (*at, "post"), say("no_post", post=t.post))
        elif t.toegekend and found is not None and (t.bedrag or 0) > found.max_bedrag:
            message = say("over_regeling", most=money(found.max_bedrag))
            yield Problem(w.id, GRANTS, (*at, "bedrag"), message)
