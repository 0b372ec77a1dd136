"""The stemrondes as the sources describe them, read through generator.sources.

The parsed sources are cached per process and re-read when a file under wijken/ changes, so
every app instance sees what staff and the app itself wrote. The last valid sources are also
kept in the instance folder, so a worker that starts while a file is broken still serves them.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from flask import abort, current_app, g, has_request_context, render_template

from generator import sources
from generator.model import Gemeente, Stemronde, Wijk
from generator.output import write_atomic
from generator.sources.fingerprint import fingerprint

SNAPSHOT = "last-valid-sources.json"


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
    check`) until the file is fixed. A worker that starts meanwhile reads the last valid
    sources from the instance folder; only without any valid sources ever does the error stand
    (shown as a Dutch 503 page by ``sources_broken``).
    """
    if has_request_context() and "wijkwerk_gemeente" in g:
        return g.wijkwerk_gemeente
    loaded = _current()
    if has_request_context():
        g.wijkwerk_gemeente = loaded
    return loaded


def forget_sources() -> None:
    """After the app wrote a source file: the rest of the request, and this worker's next
    requests, read the sources anew (other workers within ``SOURCES_RECHECK`` seconds)."""
    if has_request_context():
        g.pop("wijkwerk_gemeente", None)
    current_app.extensions.get("wijkwerk_sources", {}).pop("looked", None)


def _current() -> Gemeente:
    """The sources now, re-read only when a file's name, time or size changed.

    Looking costs a walk of wijken/, a stat per file: 0.2 ms for the example's 7 wijken,
    some 3 ms for a gemeente of 110 (a vote costs about 2.5 ms in all). So a worker looks at
    most once every ``SOURCES_RECHECK`` seconds (default 1): staff see their saved file in
    the app within a second, and ``forget_sources`` makes the app's own writes count at once.
    """
    cache = current_app.extensions.setdefault("wijkwerk_sources", {})
    now = time.monotonic()
    if "gemeente" in cache and now - cache.get("looked", -math.inf) < float(
        current_app.config["SOURCES_RECHECK"]
    ):
        return cast(Gemeente, cache["gemeente"])
    folder = wijken_dir()  # only when looking: building the Path was 1% of a vote
    stamp = fingerprint(folder)
    cache["looked"] = now
    if cache.get("stamp") != stamp:
        try:
            loaded = sources.load(folder)
        except sources.SourcesInvalid as exc:
            problems = "\n".join(str(e) for e in exc.errors)
            current_app.logger.error(
                "Sources not reloaded; the last valid ones stay:\n%s", problems
            )
            if "gemeente" not in cache:
                cache["gemeente"] = _last_valid(exc)
        else:
            if cache.get("gemeente") != loaded:
                _keep(loaded)
            cache["gemeente"] = loaded
        cache["stamp"] = stamp
    gemeente: Gemeente = cache["gemeente"]
    return gemeente


def _snapshot() -> Path:
    # In the instance folder (by default instance/ of the project it was read from): one per
    # served project, never inside the installed package.
    return Path(current_app.instance_path) / SNAPSHOT


def _keep(valid: Gemeente) -> None:
    try:
        write_atomic(_snapshot(), valid.model_dump_json().encode())
    except OSError as exc:  # a read-only instance folder must not stop the app
        current_app.logger.warning("Could not keep the valid sources: %s", exc)


def _last_valid(error: sources.SourcesInvalid) -> Gemeente:
    """The sources kept by an earlier worker, or the loader's error when there are none."""
    try:
        text = _snapshot().read_bytes()
    except OSError:
        raise error from None
    return Gemeente.model_validate_json(text)


def sources_broken(_error: Exception) -> tuple[str, int]:
    """No valid sources at all: say so in Dutch instead of a bare server error."""
    return render_template("unavailable.html"), 503


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
