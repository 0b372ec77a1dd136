"""Build the site: check the sources, render them, run MkDocs, and swap the result into place.

MkDocs runs as a separate process (``python -m mkdocs``), so the generator stays independent
of it and works with its successors. A failed check or build leaves the previous ``site/``
exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import output, sources


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


class BuildError(Exception):
    """MkDocs refused the generated pages; ``log`` holds what it said."""

    def __init__(self, log: str) -> None:
        super().__init__("mkdocs build failed")
        self.log = log


def generate(project: Project, today: dt.date | None = None) -> output.Changes:
    """Load and check the sources, then write the generated pages; raise SourcesInvalid."""
    gemeente = sources.load(project.sources)
    # Imported here: `wijkwerk check` uses this module but renders nothing.
    from generator.render import render
    from generator.render.facts import volgende_wijziging

    day = today or dt.date.today()
    changes = output.write_tree(project.generated, render(gemeente, day))
    changes.next_rebuild = volgende_wijziging(gemeente, day)
    return changes


def build(project: Project, today: dt.date | None = None) -> output.Changes:
    """Generate, run ``mkdocs build --strict`` into a temporary folder, then swap it in."""
    changes = generate(project, today)
    _refuse_links(project.root / "site_src" / "docs")
    parent = project.site.parent
    tmp = Path(tempfile.mkdtemp(prefix=".site-new-", dir=parent))
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--quiet",
                "--config-file",
                str(project.config),
                "--site-dir",
                str(tmp),
            ],
            cwd=project.root,
            env=_mkdocs_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BuildError(result.stdout + result.stderr)
        output.make_readable(tmp)  # mkdtemp made it 0700; a web server must read the site
        _swap(tmp, project.site)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return changes


def serve_process(project: Project, port: int, today: dt.date | None) -> subprocess.Popen[bytes]:
    """Start the live preview (generator.devserver) on 127.0.0.1:port: it regenerates and
    rebuilds only changed pages when a source changes, and reloads the browser."""
    command = [sys.executable, "-m", "generator.devserver", "--root", str(project.root)]
    command += ["--port", str(port)]
    if today is not None:
        command += ["--today", today.isoformat()]
    return subprocess.Popen(command, cwd=project.root, env=_mkdocs_env())


def _mkdocs_env() -> dict[str, str]:
    # Material prints a large end-of-life banner on every run; we know, and say so elsewhere.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _refuse_links(docs: Path) -> None:
    """MkDocs copies what a symbolic link points to, so a link could publish any file."""
    links = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_symlink())
    if links:
        raise BuildError(
            "symbolic links are not allowed in site_src/docs/ (MkDocs would publish what they "
            "point to): " + ", ".join(links)
        )


def _swap(new: Path, site: Path) -> None:
    """Replace ``site`` by ``new`` with two renames; the old site is removed afterwards."""
    old = site.with_name(f".site-old-{new.name}")
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
