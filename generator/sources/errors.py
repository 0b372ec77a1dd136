"""Problems in the sources as staff read them: ``file:line: field: message``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.sources.yamlfile import Loc


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in the sources; ``line`` 0 means the file or folder as a whole."""

    path: Path
    line: int
    field: str
    message: str

    @property
    def file(self) -> str:
        """The path as staff typed it: relative to the working folder when it is below it."""
        return _display(self.path)

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class SourcesInvalid(Exception):
    """The sources have problems; ``errors`` lists every one of them, sorted by file and line."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def field_path(loc: Loc) -> str:
    """Format a location as staff read it: ``acties[3].wanneer`` (list items count from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _display(path: Path) -> str:
    """The path relative to the working folder when it is below it, as staff typed it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative
