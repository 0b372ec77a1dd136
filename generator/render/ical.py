"""An iCalendar (RFC 5545) file of a wijk's meetings, to subscribe to in any calendar app.

Calendar apps recognise a meeting by its UID, so the UID comes from the meeting's ``id`` or
its kind, day and start time (never its place in the list) within the gemeente's domain: a
new meeting leaves the others alone. A changed meeting raises SEQUENCE (``versie``); a
cancelled one stays in the feed with STATUS:CANCELLED, so it disappears from calendars.
"""

from __future__ import annotations

import datetime as dt

from generator.model import Gemeente, Overleg, Wijk
from generator.render.blocks import SOORT_OVERLEG

_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Amsterdam
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""


def calendar(wijk: Wijk, gemeente: Gemeente, today: dt.date) -> str:
    """Every meeting of ``wijk`` as a VEVENT; DTSTAMP is the build day, so output is stable."""
    gemeente_naam = gemeente.info.naam
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Wijkwerk//Wijkagenda//NL",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(f'Overleg {wijk.naam} ({gemeente_naam})')}",
        "X-WR-TIMEZONE:Europe/Amsterdam",
        *_VTIMEZONE.splitlines(),
    ]
    stamp = today.strftime("%Y%m%dT000000Z")
    for o in sorted(wijk.info.overleggen, key=lambda o: (o.datum, o.van)):
        lines += _event(wijk, o, uid(wijk, o, gemeente.domein), stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def uid(wijk: Wijk, o: Overleg, domein: str) -> str:
    """The meeting's lasting identity in calendar apps."""
    return f"overleg-{wijk.id}-{o.sleutel}@{domein}"


def _event(wijk: Wijk, o: Overleg, uid: str, stamp: str) -> list[str]:
    start = _local(o.datum, o.van)
    end = _local(o.datum, o.tot) if o.tot else None
    summary = o.titel or f"{SOORT_OVERLEG[o.soort]} {wijk.naam}"
    if o.geannuleerd:
        summary = f"Gaat niet door: {summary}"
    description = " ".join(x for x in (o.voor and f"Voor: {o.voor}.", o.toelichting) if x)
    event = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{o.versie}",
        f"STATUS:{'CANCELLED' if o.geannuleerd else 'CONFIRMED'}",
        f"DTSTART;TZID=Europe/Amsterdam:{start}",
    ]
    if end:
        event.append(f"DTEND;TZID=Europe/Amsterdam:{end}")
    else:
        event.append("DURATION:PT2H")
    event += [f"SUMMARY:{_escape(summary)}", f"LOCATION:{_escape(o.plaats)}"]
    if description:
        event.append(f"DESCRIPTION:{_escape(description)}")
    return [*event, "END:VEVENT"]


def _local(day: dt.date, hhmm: str) -> str:
    return f"{day:%Y%m%d}T{hhmm.replace(':', '')}00"


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold lines longer than 75 octets, never splitting a UTF-8 character."""
    if len(line.encode()) <= 75:
        return line
    out: list[str] = []
    current = ""
    for ch in line:
        if len((current + ch).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return "\r\n ".join(out)
