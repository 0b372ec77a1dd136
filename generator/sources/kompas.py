"""Rules of the wijkkompas that span files: known indicator ids, each year once per part.

A value or a link (``kompas`` in wop.yaml and agenda.yaml) may name an indicator of the
gemeente's base set or one of the wijk's own; messages are in plain Dutch.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import GemeenteBestand, Kompas, Meting
from generator.sources.checks import Problem, WijkParts
from generator.sources.messages import say
from generator.sources.yamlfile import Loc

KOMPAS_FILE = "kompas.yaml"


def check(
    gemeente: GemeenteBestand | None, w: WijkParts, kompas: Kompas | None
) -> Iterator[Problem]:
    """Yield every kompas problem of one wijk; reference checks need gemeente.yaml to load."""
    if gemeente is None:
        return
    basis = {i.id for i in gemeente.kompas.indicatoren} if gemeente.kompas else set()
    known = set(basis)
    if kompas is not None:
        for i, own in enumerate(kompas.indicatoren):
            if own.id in basis:
                yield Problem(
                    w.id,
                    KOMPAS_FILE,
                    ("indicatoren", i, "id"),
                    say("indicator_taken", id=own.id),
                )
            known.add(own.id)
        for part in ("jaren", "cbs"):
            for loc, message in _years(part, getattr(kompas, part), known):
                yield Problem(w.id, KOMPAS_FILE, loc, message)
        written = {(m.jaar, key) for m in kompas.jaren for key in m.waarden}
        for i, meting in enumerate(kompas.cbs):
            for key in meting.waarden:
                if (meting.jaar, key) in written:
                    yield Problem(
                        w.id,
                        KOMPAS_FILE,
                        ("cbs", i, "waarden", key),
                        say("kompas_written_twice", key=key, jaar=meting.jaar),
                    )
    if w.wop is not None:
        for i, thema in enumerate(w.wop.themas):
            for j, ref in enumerate(thema.kompas):
                if ref not in known:
                    yield Problem(
                        w.id, "wop.yaml", ("themas", i, "kompas", j), _unknown(ref, known)
                    )
    if w.agenda is not None:
        for i, actie in enumerate(w.agenda.acties):
            for j, ref in enumerate(actie.kompas):
                if ref not in known:
                    loc = ("acties", i, "kompas", j)
                    yield Problem(w.id, "agenda.yaml", loc, _unknown(ref, known))


def _years(part: str, metingen: tuple[Meting, ...], known: set[str]) -> Iterator[tuple[Loc, str]]:
    seen: set[int] = set()
    for i, meting in enumerate(metingen):
        if meting.jaar in seen:
            yield (
                (part, i, "jaar"),
                say("kompas_year_twice", jaar=meting.jaar, part=part),
            )
        seen.add(meting.jaar)
        for key in meting.waarden:
            if key not in known:
                yield (part, i, "waarden", key), _unknown(key, known)


def _unknown(ref: str, known: set[str]) -> str:
    import difflib  # here: only a misspelt indicator needs it

    close = difflib.get_close_matches(ref, sorted(known), n=1)
    hint = say("did_you_mean", name=close[0]) if close else ""
    return say("unknown_indicator", ref=ref, hint=hint)
