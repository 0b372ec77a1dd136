"""Build the site: check the sources, render them, run the engine, and swap the result in.

The engine (MkDocs, or Zensical, its successor: generator.engines) runs as a separate
process, so the generator stays independent of it. A failed check or build leaves the
previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import engines, output, search_index, sources
from generator.engines import BuildError as BuildError
from generator.model import Gemeente
from generator.project import Project as Project
from generator.sources import huisstijl


def generate(project: Project, today: dt.date | None = None) -> output.Changes:
    """Load and check the sources, then write the generated pages; raise SourcesInvalid."""
    gemeente = sources.load(project.sources)
    # Imported here: `wijkwerk serve` imports this module but renders nothing itself.
    from generator.render import render
    from generator.render.facts import volgende_wijziging

    day = today or dt.date.today()
    logo = huisstijl.logo_file(project.sources, gemeente.info)  # copied as it is
    files: dict[str, str | bytes] = {**render(gemeente, day), **logo}
    changes = output.write_tree(project.generated, files)
    _share_with_theme(gemeente)
    changes.next_rebuild = volgende_wijziging(gemeente, day)
    return changes


def _share_with_theme(gemeente: Gemeente) -> None:
    """mkdocs.yml reads the huisstijl's name and logo from the environment (``!ENV``); the
    engine runs as its own process and inherits it. Every build sets all of them."""
    for name, value in huisstijl.theme(gemeente.info).items():
        os.environ[f"WIJKWERK_HUISSTIJL_{name.upper()}"] = value


def build(
    project: Project, today: dt.date | None = None, engine: str | None = None
) -> output.Changes:
    """Generate, build strictly with ``engine`` (default: the one mkdocs.yml names) into a
    temporary folder, then swap it in."""
    chosen = engines.ENGINES[engine or engines.configured(project.config)]
    chosen.check_installed()  # before any work: say so at once
    changes = generate(project, today)
    docs = project.root / "site_src" / "docs"
    _refuse_links(docs)
    parent = project.site.parent
    tmp = Path(tempfile.mkdtemp(prefix=".site-new-", dir=parent))
    try:
        chosen.run(project.config, docs, tmp)
        search_index.shrink(tmp)  # at the country's scale, titles only (see the module)
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
    return subprocess.Popen(command, cwd=project.root, env=engines.quiet_env())


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
