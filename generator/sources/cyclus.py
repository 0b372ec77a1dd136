"""The meeting cycle: warnings (not errors) when a wijk plans fewer meetings than it asks,
and the one error of calendars: two meetings that would share a calendar UID."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import GemeenteBestand
from generator.sources.checks import Problem, WijkParts
from generator.sources.messages import say


def warnings(gemeente: GemeenteBestand | None, w: WijkParts) -> Iterator[Problem]:
    """Yield a warning per kind of meeting of which the wijk plans too few this period.

    The period holds the year of the wijk's agenda: one year for a yearly meeting, or the
    3 or 4 years (counted from the cycle's ``vanaf``) of a meeting held once in that time.
    """
    if gemeente is None or gemeente.overlegcyclus is None or w.info is None or w.agenda is None:
        return
    cyclus = gemeente.overlegcyclus
    for item in cyclus.overleggen:
        start, end = cyclus.periode(item, w.agenda.jaar)
        planned = sum(
            o.soort == item.soort and not o.geannuleerd and start <= o.datum.year <= end
            for o in w.info.overleggen
        )
        if planned < item.aantal:
            when = f"{start}" if start == end else say("years_from_to", start=start, end=end)
            found = say("planned_never") if planned == 0 else say("planned_times", count=planned)
            yield Problem(
                w.id,
                "wijk.yaml",
                ("overleggen",),
                say(
                    "too_few_meetings",
                    naam=item.naam,
                    soort=item.soort,
                    found=found,
                    when=when,
                    hoe_vaak=item.hoe_vaak,
                ),
            )


def check(w: WijkParts) -> Iterator[Problem]:
    """Two meetings with the same calendar key would overwrite each other in a calendar."""
    if w.info is None:
        return
    first: dict[str, int] = {}
    for i, o in enumerate(w.info.overleggen):
        if o.sleutel in first:
            yield Problem(
                w.id,
                "wijk.yaml",
                ("overleggen", i),
                say("same_meeting", other=first[o.sleutel] + 1),
            )
        first.setdefault(o.sleutel, i)
