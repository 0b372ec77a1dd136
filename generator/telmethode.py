"""The counting rules a stemronde can use: one registry of their ids, names and texts.

Sources (``budget.yaml``, the published results) name a rule by its id; the pages take its
Dutch name and explanation from here, and the voting app's counting engine attaches a
function to each id. Keep this module free of heavy imports: the engine imports it, and
``wijkwerk tally`` starts without pydantic. The models re-export it
(``generator.model.telmethode``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# The ids staff may write as ``telmethode``. A Literal, so the JSON Schema and the error
# message list the choices and mypy checks every lookup; it must match TELMETHODES below.
TelmethodeId = Literal["greedy", "mes"]


@dataclass(frozen=True)
class Telmethode:
    """One counting rule as residents and pabulib know it."""

    id: TelmethodeId
    naam: str
    """Dutch name, as every page and the app say it: 'meeste stemmen', 'eerlijke verdeling'."""
    uitleg: str
    """What the rule does, in plain Dutch; the result page shows it after ``naam``."""
    kort: str
    """The one-line version on a wijk's budget page, before the result is known."""
    technisch: str
    """The name in the research literature and in pabulib; pages show it only beside the
    download of the ballots, for those who recount, never as the rule's name."""
    pabulib: str
    """The ``rule`` a pabulib file of this round's ballots records, unless the count needed the
    greedy fill-up: pabulib has no label for that, so the file then says ``unknown``."""


TELMETHODES: dict[TelmethodeId, Telmethode] = {
    t.id: t
    for t in (
        Telmethode(
            id="greedy",
            naam="meeste stemmen",
            uitleg="de voorstellen met de meeste stemmen krijgen geld, zolang het geld niet op is",
            kort="de ideeën met de meeste stemmen krijgen geld, zolang het geld niet op is",
            technisch="greedy",
            pabulib="greedy",
        ),
        Telmethode(
            id="mes",
            naam="eerlijke verdeling",
            uitleg="ieder deel van de wijk krijgt een eerlijk deel van het geld",
            kort="ieder deel van de wijk krijgt een eerlijk deel van het geld",
            technisch="Method of Equal Shares (MES)",
            pabulib="equalshares/add1",
        ),
    )
}

if set(get_args(TelmethodeId)) != set(TELMETHODES):  # pragma: no cover - a programming error
    raise RuntimeError("TelmethodeId and TELMETHODES list different counting rules")
