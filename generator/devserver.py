"""The live preview behind `wijkwerk serve`: MkDocs' dev server, watching the YAML sources too.

`mkdocs serve` polls its files every 0.5 s, and a separate watcher regenerating pages before
it added a second poll: saving a YAML file took about a second to show at Amsterdam's 110
wijken. Here one poller watches the sources and the hand-written pages, and one rebuild
regenerates the changed pages and runs a dirty MkDocs build of them. The generated folder
itself is not watched, so a save causes one rebuild and one browser reload.

Run by `wijkwerk serve` as ``python -m generator.devserver --root . --port 8001``.
A new file at the top of site_src/docs/ is picked up after a restart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from generator import output, sources
from generator.build import Project, generate

log = logging.getLogger("wijkwerk.devserver")


def polling_interval(paths: list[Path]) -> float:
    """Poll often for a gemeente, less often for thousands of wijken (each poll stats all)."""
    count = sum(1 for p in paths for _ in (p.rglob("*") if p.is_dir() else [p]))
    return max(0.1, min(2.0, count / 5000))


def watched(project: Project, config: MkDocsConfig) -> list[Path]:
    """The sources, mkdocs.yml, the theme overrides and the hand-written pages."""
    docs = Path(config.docs_dir)
    paths = [project.sources, project.config]
    paths += [p for p in sorted(docs.iterdir()) if p != project.generated]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return paths


def serve(project: Project, port: int, today: dt.date | None) -> None:
    site_dir = tempfile.mkdtemp(prefix="wijkwerk-preview-")
    url = f"http://127.0.0.1:{port}/"

    def get_config() -> MkDocsConfig:
        config = load_config(
            config_file=str(project.config),
            site_dir=site_dir,
            dev_addr=f"127.0.0.1:{port}",
            strict=False,  # a dirty build warns by design; `wijkwerk build` stays strict
        )
        config.site_url = url
        return config

    def builder(config: MkDocsConfig | None = None) -> None:
        try:
            changes = generate(project, today)
        except sources.SourcesInvalid as exc:
            print("\n".join(str(e) for e in exc.errors), file=sys.stderr)
            print("Not updated; fix the problems above and save again.", file=sys.stderr)
            return
        except output.OutputError as exc:
            print(f"Not updated: {exc}", file=sys.stderr)
            return
        build(config or get_config(), serve_url=url, dirty=True)
        if changes.written:
            print(f"Updated {len(changes.written)} pages from wijken/.", file=sys.stderr)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    paths = watched(project, config)
    server = LiveReloadServer(
        builder=builder,
        host="127.0.0.1",
        port=port,
        root=site_dir,
        polling_interval=polling_interval(paths),
    )

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        builder(config)
        for path in paths:
            server.watch(str(path))
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # Every dirty build says it is dirty; that is what a preview is.
    logging.getLogger("mkdocs.commands.build").setLevel(logging.ERROR)
    serve(Project.at(args.root), args.port, args.today)


if __name__ == "__main__":
    main()
