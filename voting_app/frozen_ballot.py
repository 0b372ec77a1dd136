"""The frozen ballot: what voting opened with, in a canonical form anyone can check.

When voting opens, ``lifecycle`` stores the proposals on the ballot (id, title, description,
cost), the ballot rules of the sources (amount, number of choices, maximum cost, counting rule)
and the lottery on the Round row as canonical JSON with its SHA-256, the *vingerafdruk*. This
module owns that form: :func:`canonical` writes it, :func:`fingerprint` hashes it and
:meth:`FrozenBallot.parse` reads it back, refusing a text that lost its fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from voting_app.models import Proposal
from voting_app.rounds import RoundRef


class BallotTampered(ValueError):
    """The stored frozen ballot no longer has its fingerprint."""


@dataclass(frozen=True)
class FrozenProposal:
    id: str
    titel: str
    omschrijving: str
    kosten: int


@dataclass(frozen=True)
class FrozenBallot:
    """The ballot as it stood when voting opened: what was voted on, and how it is counted."""

    text: str  # the canonical JSON; its SHA-256 is the fingerprint
    fingerprint: str
    proposals: tuple[FrozenProposal, ...]
    lottery: tuple[str, ...]
    rules: dict[str, Any]  # bedrag, telmethode and regels, as the sources said then

    @classmethod
    def parse(cls, text: str, fingerprint: str) -> FrozenBallot:
        """Read the stored ballot; refuse one whose text no longer has its fingerprint (it
        was edited in the database after voting opened), rather than count or check by it."""
        if hashlib.sha256(text.encode()).hexdigest() != fingerprint:
            raise BallotTampered("the frozen ballot does not match its fingerprint")
        data = json.loads(text)
        proposals = tuple(FrozenProposal(**p) for p in data["voorstellen"])
        rules = {k: data[k] for k in ("bedrag", "telmethode", "regels")}
        return cls(text, fingerprint, proposals, tuple(data["loting"]), rules)

    def names(self, ids: Iterable[str]) -> list[str]:
        """Proposal titles for ids (the lottery order as residents read it)."""
        titles = {p.id: p.titel for p in self.proposals}
        return [titles.get(i, i) for i in ids]


def canonical(ref: RoundRef, proposals: Iterable[Proposal], lottery: Sequence[str]) -> str:
    """The ballot's canonical form: sorted keys, no spaces, UTF-8, proposals by id.

    Anyone can recompute the fingerprint from it: ``sha256sum`` of ``stembiljet.json``.
    """
    ronde = ref.ronde
    data = {
        "wijk": ref.wijk.id,
        "ronde": ronde.id,
        "voorstellen": [
            {"id": str(p.id), "titel": p.title, "omschrijving": p.description, "kosten": p.cost}
            for p in sorted(proposals, key=lambda p: p.id)
        ],
        "bedrag": ronde.bedrag,
        "regels": ronde.regels.model_dump(mode="json"),
        "telmethode": ronde.telmethode,
        "loting": list(lottery),
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
