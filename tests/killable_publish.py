"""The voting app for the kill -9 test in test_app_lifecycle: its first site rebuild waits.

``gunicorn "tests.killable_publish:app"`` with ``WIJKWERK_TEST_REBUILD_MARKER`` set: the first
rebuild writes the worker's pid into that file and sleeps, so the test can kill the worker at
a known point of publishing; every later rebuild (the next worker's) runs as usual.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from generator import build
from voting_app import create_app

_build = build.build


def _first_build_waits(
    project: build.Project, today: dt.date | None = None, engine: str | None = None
) -> build.output.Changes:
    marker = Path(os.environ["WIJKWERK_TEST_REBUILD_MARKER"])
    if not marker.exists():
        marker.write_text(str(os.getpid()))
        time.sleep(120)  # the test kills this worker long before
    return _build(project, today, engine)


build.build = _first_build_waits
app = create_app()
