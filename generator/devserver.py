"""The live preview behind `wijkwerk serve`: MkDocs' dev server, watching the YAML sources too.

`mkdocs serve` polls its files every 0.5 s, and a separate watcher regenerating pages before
it added a second poll: saving a YAML file took about a second to show at Amsterdam's 110
wijken. Here one poller watches the sources and the hand-written pages, and one rebuild
regenerates the changed pages and runs a dirty MkDocs build of them. The generated folder
itself is not watched, so a save causes one rebuild and one browser reload.

A save that breaks the sources keeps the last good pages and puts a box at the top of every
page the preview serves, naming each file, line and what to do, until a good save. The box
is added as pages are served, never written into them: `wijkwerk build` cannot publish it.

Run by `wijkwerk serve` as ``python -m generator.devserver --root . --port 8001``.
A new file at the top of site_src/docs/ is picked up after a restart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import logging
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin

from generator import output, sources
from generator.build import Project, generate
from generator.sources import yamlfile

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


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as compiled code, kept in memory from one rebuild to the next.

    Every rebuild loads the configuration again, and with it a new Jinja environment that
    would compile Material's templates anew: about 0.13 s of CPU of each save at Amsterdam's
    size. Jinja checks each template's source against its checksum, so an edited override
    is compiled again; the pages come out the same.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _KeepTemplates(BasePlugin):
    """Gives each rebuild's Jinja environment the templates compiled by the ones before."""

    def __init__(self, templates: CompiledTemplates) -> None:
        self.templates = templates

    def on_env(self, env: jinja2.Environment, /, *, config: Any, files: Any) -> jinja2.Environment:
        env.bytecode_cache = self.templates
        return env


def serve(project: Project, port: int, today: dt.date | None) -> None:
    site_dir = tempfile.mkdtemp(prefix="wijkwerk-preview-")
    url = f"http://127.0.0.1:{port}/"
    templates = CompiledTemplates()
    yamlfile.keep_parsed()  # each save rereads every source; parse only the changed ones

    def get_config() -> MkDocsConfig:
        config = load_config(
            config_file=str(project.config),
            site_dir=site_dir,
            dev_addr=f"127.0.0.1:{port}",
            strict=False,  # a dirty build warns by design; `wijkwerk build` stays strict
        )
        # `mkdocs serve` sets site_url to its own address; this port is internal (behind
        # `wijkwerk serve`), so canonical links keep the configured public site_url.
        config.plugins["wijkwerk-templates"] = _KeepTemplates(templates)
        return config

    alert = Alert()

    def builder(config: MkDocsConfig | None = None) -> None:
        try:
            changes = generate(project, today)
        except sources.SourcesInvalid as exc:
            print("\n".join(str(e) for e in exc.errors), file=sys.stderr)
            print(NOT_UPDATED, file=sys.stderr)
            alert.box = alert_box(exc.errors)
            return  # the browsers reload and show the box above the last good pages
        except output.OutputError as exc:
            print(f"{NOT_UPDATED} ({exc})", file=sys.stderr)
            alert.box = alert_box([sources.SourceError(project.generated, 0, "", str(exc))])
            return
        alert.box = b""
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
    server.set_app(with_alert(server.serve_request, alert))
    try:
        builder()  # a fresh config after generate: mkdocs.yml reads the huisstijl it shares
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


NOT_UPDATED = "Niet bijgewerkt: los de problemen hierboven op en sla het bestand opnieuw op."
_MOST = 50  # problems listed in the box; `wijkwerk check` lists them all
_BOX_STYLE = (
    "margin:0;padding:1rem 1.25rem;background:#fdecea;color:#4a1410;"
    "border-bottom:4px solid #b3261e;font:1rem/1.5 system-ui,sans-serif;overflow-wrap:anywhere"
)


class Alert:
    """The box shown on every page while the last save broke the sources; empty when fine.

    The builder thread replaces ``box`` in one assignment; request threads only read it.
    """

    box: bytes = b""


def alert_box(errors: Iterable[sources.SourceError]) -> bytes:
    """The HTML box listing each problem: file, line, field and message, all escaped."""
    problems = sorted(errors)
    items = "".join(_item(e) for e in problems[:_MOST])
    more = len(problems) - _MOST
    rest = (
        f"<p style='margin:0.5rem 0 0'>En nog {more} problemen. Ze staan allemaal in het venster "
        "waarin wijkwerk serve draait, en bij wijkwerk check.</p>"
        if more > 0
        else ""
    )
    return (
        f'<div role="alert" aria-labelledby="wijkwerk-bronfout" style="{_BOX_STYLE}">'
        '<h2 id="wijkwerk-bronfout" style="margin:0 0 0.25rem;font-size:1.25rem;color:inherit">'
        "Er is iets mis in de bronbestanden</h2>"
        "<p style='margin:0'>Deze pagina is nog van de laatste goede versie. Los de problemen "
        "hieronder op en sla het bestand opnieuw op; dan verdwijnt dit vak.</p>"
        f"<ul style='margin:0.5rem 0 0;padding-left:1.25rem'>{items}</ul>{rest}</div>"
    ).encode()


def _item(error: sources.SourceError) -> str:
    where = error.file + (f", regel {error.line}" if error.line else "")
    field = f"<br>Veld: <code>{html.escape(error.field)}</code>" if error.field else ""
    return (
        f"<li style='margin-top:0.25rem'><strong>{html.escape(where)}</strong>{field}"
        f"<br>{html.escape(error.message)}</li>"
    )


_Start = Callable[..., Any]
_App = Callable[[dict[str, Any], _Start], Iterable[bytes]]
_BODY = re.compile(rb"<body(\s[^>]*)?>", re.IGNORECASE)


def with_alert(app: _App, alert: Alert) -> _App:
    """Wrap the preview's WSGI app: put ``alert.box`` at the top of each HTML page it serves."""

    def serve(environ: dict[str, Any], start_response: _Start) -> Iterable[bytes]:
        answer: list[Any] = []
        written: list[bytes] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer[:] = [status, headers]
            return written.append

        body = app(environ, capture)
        if not answer:  # an app that answers as it is iterated
            body = list(body)
        # Read only now: a page asked for during a rebuild waits for it, box and all.
        box = alert.box
        status, headers = answer
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not box or not kind.startswith("text/html"):
            start_response(status, headers)
            return [*written, *body] if written else body
        try:
            page = b"".join([*written, *body])
        finally:
            getattr(body, "close", lambda: None)()
        opening = _BODY.search(page)
        at = opening.end() if opening else 0
        page = page[:at] + box + page[at:]
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(page)))])
        return [page]

    return serve


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
