"""Checks that span fields or files: references, duplicate ids, the Nu/Ooit/Nooit promise, money.

They run on whatever parts of a wijk did load, so one run reports a broken reference even
when another file of the same wijk has a typo.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.model import (
    Agenda,
    Budget,
    GemeenteBestand,
    Toekenning,
    Uitslag,
    WijkBestand,
    Wop,
)
from generator.sources.messages import money, say
from generator.sources.yamlfile import Loc


@dataclass(frozen=True)
class Problem:
    """A rule broken at ``loc`` of ``file`` (in folder ``wijk``, or wijken/ itself when None)."""

    wijk: str | None
    file: str
    loc: Loc
    message: str


@dataclass(frozen=True)
class WijkParts:
    """The files of one wijk that loaded; a part is None when its file had errors."""

    id: str
    info: WijkBestand | None
    wop: Wop | None
    agenda: Agenda | None
    budget: Budget | None
    uitslagen: tuple[Uitslag, ...] = ()
    toekenningen: tuple[Toekenning, ...] = ()


def check(gemeente: GemeenteBestand | None, wijken: Iterable[WijkParts]) -> Iterator[Problem]:
    """Yield every consistency problem that needs more than one field to see."""
    from generator.sources import money  # it builds on Problem and WijkParts above

    shared = {p.id for p in gemeente.partners} if gemeente else set()
    for w in wijken:
        if w.info is not None:
            for i, p in enumerate(w.info.partners):
                if p.id in shared:
                    yield Problem(
                        w.id,
                        "wijk.yaml",
                        ("partners", i, "id"),
                        say("partner_taken", id=p.id),
                    )
            for i, overleg in enumerate(w.info.overleggen):
                if overleg.tot is not None and overleg.tot <= overleg.van:
                    at = ("overleggen", i, "tot")
                    yield Problem(w.id, "wijk.yaml", at, say("meeting_ends_early"))
        if w.budget is not None:
            for loc, message in _budget(w.budget):
                yield Problem(w.id, "budget.yaml", loc, message)
            yield from money.check(gemeente, w)
            rondes = {r.id for r in w.budget.stemrondes}
            for uitslag in w.uitslagen:
                if uitslag.ronde not in rondes:
                    yield Problem(
                        w.id,
                        f"stemrondes/{uitslag.ronde}.yaml",
                        ("ronde",),
                        say("no_stemronde", ronde=uitslag.ronde),
                    )


def _budget(budget: Budget) -> Iterator[tuple[Loc, str]]:
    per_post: dict[str, int] = {}
    for i, bron in enumerate(budget.bronnen):
        if bron.post in per_post:
            yield ("bronnen", i, "post"), say("post_twice", post=bron.post)
        per_post[bron.post] = per_post.get(bron.post, 0) + bron.bedrag
    spent: Counter[str] = Counter()
    for i, uitgave in enumerate(budget.uitgaven):
        if uitgave.post is None:
            if not budget.ontschot:
                yield ("uitgaven", i, "post"), say("uitgave_needs_post")
        elif uitgave.post not in per_post:
            yield ("uitgaven", i, "post"), say("no_post", post=uitgave.post)
        else:
            spent[uitgave.post] += uitgave.bedrag
    committed = budget.uitgegeven + budget.bewonersdeel
    if committed > budget.totaal:
        totaal = money(budget.totaal)
        yield ("uitgaven",), say("budget_overspent", committed=money(committed), totaal=totaal)
    for i, ronde in enumerate(budget.stemrondes):
        at = ("stemrondes", i)
        phases = [
            ("indienen", ronde.indienen),
            ("beoordelen", ronde.beoordelen),
            ("stemmen", ronde.stemmen),
        ]
        for (_, before), (name, after) in itertools.pairwise(phases):
            if after.van <= before.tot:
                yield (*at, name, "van"), say("phase_overlap")
        if ronde.uitslag < ronde.stemmen.tot:
            yield (*at, "uitslag"), say("uitslag_early")
        regels = ronde.regels
        if regels.max_keuzes is not None and regels.max_keuzes < regels.min_keuzes:
            yield (*at, "regels", "max_keuzes"), say("max_below_min")
        if regels.max_bedrag is not None and regels.max_bedrag > ronde.bedrag:
            yield (*at, "regels", "max_bedrag"), say("max_bedrag_high")
