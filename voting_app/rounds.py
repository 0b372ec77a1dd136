"""The stemrondes as the sources describe them, read through generator.sources.

The parsed sources are cached per process and re-read when a file under wijken/ changes, so
every app instance sees what staff and the app itself wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app

from generator import sources
from generator.model import Gemeente, Stemronde, Wijk
from generator.sources.fingerprint import fingerprint


@dataclass(frozen=True)
class RoundRef:
    """A stemronde and the wijk it belongs to."""

    wijk: Wijk
    ronde: Stemronde

    @property
    def key(self) -> tuple[str, str]:
        return self.wijk.id, self.ronde.id


def today() -> dt.date:
    fixed = current_app.config.get("TODAY")
    if fixed:
        return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
    return dt.date.today()


def wijken_dir() -> Path:
    return Path(current_app.config["WIJKWERK_ROOT"]) / "wijken"


def gemeente() -> Gemeente:
    """The validated sources.

    A file saved with a mistake while a round is open must not stop the voting: the app keeps
    the last valid sources and logs the problems (the same file:line messages as `wijkwerk
    check`) until the file is fixed. Without any valid sources yet, the error stands.
    """
    folder = wijken_dir()
    stamp = fingerprint(folder)
    cache = current_app.extensions.setdefault("wijkwerk_sources", {})
    if cache.get("stamp") != stamp:
        try:
            cache["gemeente"] = sources.load(folder)
        except sources.SourcesInvalid as exc:
            if "gemeente" not in cache:
                raise
            problems = "\n".join(str(e) for e in exc.errors)
            current_app.logger.error(
                "Sources not reloaded; the last valid ones stay:\n%s", problems
            )
        cache["stamp"] = stamp
    return cache["gemeente"]


def find(wijk_id: str, ronde_id: str) -> RoundRef:
    """The round named in a URL, or 404: ids are only ever looked up, never used as paths."""
    for wijk in gemeente().wijken:
        if wijk.id == wijk_id:
            for ronde in wijk.budget.stemrondes:
                if ronde.id == ronde_id:
                    return RoundRef(wijk, ronde)
    abort(404)


def all_rounds() -> list[RoundRef]:
    return [RoundRef(w, r) for w in gemeente().wijken for r in w.budget.stemrondes]
