"""Plain Dutch for numbers, money, dates and times, as the site and the voting app say them.

Top-level in ``generator`` because the voting app's letters and ballots use it too. Nothing
here escapes: callers escape what they render (see ``generator.render.escape``).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
_DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


def euro(amount: int | float | Fraction) -> str:
    """Dutch money: € 45.000 for whole euros, € 1.234,56 otherwise."""
    cents = round(Fraction(amount) * 100)
    whole, rest = divmod(cents, 100)
    text = f"{whole:,}".replace(",", ".")
    return f"€ {text}" if rest == 0 else f"€ {text},{rest:02d}"


def datum(day: dt.date, weekday: bool = False) -> str:
    """Format a date in Dutch: 8 december 2026 (optionally with the weekday first)."""
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_DAYS[day.weekday()]} {text}" if weekday else text


def tijd(van: str, tot: str | None) -> str:
    """Format a time span: 19.30 tot 21.30 uur."""
    start = van.replace(":", ".")
    return f"{start} tot {tot.replace(':', '.')} uur" if tot else f"vanaf {start} uur"


def aantal(n: int, enkelvoud: str | None = None, meervoud: str | None = None) -> str:
    """A whole number with Dutch thousands separators (12.345), and with the noun that agrees.

    ``aantal(1, "stem", "stemmen")`` is "1 stem", ``aantal(3, "stem", "stemmen")`` "3 stemmen"
    and 0 takes the plural too ("0 stemmen"). Every count a page or the app shows goes through
    here, so no page says "1 stemmen" or "voorstel(len)".
    """
    text = f"{n:,}".replace(",", ".")
    if enkelvoud is None:
        return text
    return f"{text} {enkelvoud if n == 1 else (meervoud or enkelvoud)}"


def getal(value: float) -> str:
    """A measured value in Dutch: 12.345 for whole numbers, 6,4 or 72,15 otherwise."""
    whole = round(value)
    if abs(value - whole) < 1e-9:
        return aantal(whole)
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")
