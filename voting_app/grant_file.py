"""Write staff decisions into ``wijken/<wijk>/toekenningen.yaml``, checked, under a lock.

The file belongs to the app: a header says so, people never edit it. A decision replaces the
entry with the same reference number or is added at the end. The file is written atomically
and then the sources are loaded again; if they no longer pass (a line granted beyond its
amount, for one), the old file comes back and the decision is refused. The lock makes two
staff members granting from the same line at once see each other's grant.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from flask import current_app

from generator import sources
from generator.model import Toekenning, Toekenningen
from generator.output import write_atomic
from voting_app.rounds import forget_sources, wijken_dir

FILE = "toekenningen.yaml"
HEADER = (
    "# yaml-language-server: $schema=../schema/toekenningen.schema.json\n"
    "# Geschreven door de stemapp van Wijkwerk. Niet met de hand aanpassen.\n"
)


class GrantFileError(Exception):
    """The decision would make the sources invalid; nothing was changed."""


@contextmanager
def _locked() -> Iterator[None]:
    # Not inside wijken/: the sources hold only files that people or the app publish.
    path = Path(current_app.instance_path) / "toekenningen.lock"
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def dump(items: tuple[Toekenning, ...]) -> str:
    """The file's text; the generator reads it back through the same model."""
    data = Toekenningen(toekenningen=items).model_dump(mode="python", exclude_none=True)
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_checked(wijk: str, decision: Toekenning) -> None:
    """Put ``decision`` into the wijk's file, check all sources, restore the file if not."""
    root = wijken_dir()
    path = root / wijk / FILE
    with _locked():
        try:
            gemeente = sources.load(root)
        except sources.SourcesInvalid as exc:
            # Another file is broken: say so to staff; the decision is not saved.
            raise GrantFileError(str(exc)) from exc
        current = next((w for w in gemeente.wijken if w.id == wijk), None)
        if current is None:
            raise GrantFileError(f"no wijk {wijk!r} in the sources")
        items = [t for t in current.toekenningen if t.nummer != decision.nummer]
        at = next(
            (i for i, t in enumerate(current.toekenningen) if t.nummer == decision.nummer),
            len(items),
        )
        items.insert(at, decision)
        before = path.read_bytes() if path.exists() else None
        write_atomic(path, dump(tuple(items)).encode())
        forget_sources()
        try:
            sources.load(root)
        except sources.SourcesInvalid as exc:
            if before is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, before)
            raise GrantFileError(str(exc)) from exc
