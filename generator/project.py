"""Where a project's things live: the sources, the generated pages, mkdocs.yml and the site.

Its own module so that `wijkwerk check`, which needs only the paths, does not import the
build step and its engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """Where things live; every path derives from the project root."""

    root: Path
    sources: Path

    @classmethod
    def at(cls, root: Path, sources_dir: Path | None = None) -> Project:
        root = root.resolve()
        return cls(root=root, sources=(sources_dir or root / "wijken").resolve())

    @property
    def generated(self) -> Path:
        return self.root / "site_src" / "docs" / "wijken"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site(self) -> Path:
        return self.root / "site"
