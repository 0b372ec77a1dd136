"""Build a large site with MkDocs on every core: the wijken split over shards, then merged.

MkDocs renders pages one after another on one core; the whole country (20,000 pages) takes
about two minutes of it. Past ``MIN_WIJKEN`` the wijk folders are dealt out over up to
``MAX_SHARDS`` MkDocs processes that run side by side. Every shard sees *all* files, so
links between pages resolve exactly as in one build, but renders only its own wijken and the
shared pages (``shard_hook`` marks the other wijken's files as excluded, which MkDocs still
resolves links to). The shared pages are taken from shard 0; the search index and sitemap are
joined (an index that one shard found over its limit, ``search_hook``, stays marked so).
MkDocs no longer sees the whole site in one run, so links to another shard's pages are
checked afterwards on the merged HTML (``linkcheck``), as for Zensical.

A site with fewer wijken is built in one process: MkDocs and Material take about a second
to start, which only pays off on large sites.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

from generator import search_index

MIN_WIJKEN = 300  # below this, one process is as fast (start-up of ~1 s per shard)
MAX_SHARDS = 4
ENV = "WIJKWERK_SHARD"  # "index/count", read by generator/shard_hook.py
HOOK = Path(__file__).with_name("shard_hook.py")
# Every MkDocs run of `wijkwerk build` has them: no text read for a search index cut to
# titles, and one Markdown converter for all pages.
SEARCH_HOOK = Path(__file__).with_name("search_hook.py")
RENDER_HOOK = Path(__file__).with_name("render_hook.py")


def wijk_of(src_uri: str) -> str | None:
    """The wijk folder a docs file belongs to (``wijken/<wijk>/...``), or None if shared."""
    parts = src_uri.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "wijken" else None


def owner(wijk: str, count: int) -> int:
    """The shard that renders ``wijk``: stable, and needs no list of all wijken."""
    return zlib.crc32(wijk.encode()) % count


def count_for(docs: Path) -> int:
    """How many shards to use for the pages in ``docs``; 1 means one ordinary build.

    ``WIJKWERK_SHARDS`` overrides the choice (the tests force two shards on the example).
    """
    forced = os.environ.get("WIJKWERK_SHARDS")
    if forced:
        return max(1, int(forced))
    wijken = docs / "wijken"
    count = sum(1 for p in wijken.iterdir() if p.is_dir()) if wijken.is_dir() else 0
    if count < MIN_WIJKEN:
        return 1
    return max(1, min(MAX_SHARDS, os.cpu_count() or 1))


def build(
    config: Path,
    docs: Path,
    site: Path,
    count: int,
    command: Callable[[Path, Path], list[str]],
    env: dict[str, str],
) -> str | None:
    """Run ``count`` MkDocs shards into ``site`` (empty); return their output on failure.

    ``command(config, site_dir)`` is the MkDocs command line for one shard.
    """
    runs = []
    for index in range(count):
        shard_site = site.with_name(f"{site.name}.shard{index}")
        shard_config = site.with_name(f"{site.name}.shard{index}.yml")
        with_hooks(config, shard_config, [HOOK, SEARCH_HOOK, RENDER_HOOK])
        process = subprocess.Popen(
            command(shard_config, shard_site),
            cwd=config.parent,
            env={**env, ENV: f"{index}/{count}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        runs.append((process, shard_site, shard_config))
    said, failed = [], False
    for process, _, shard_config in runs:
        out, _ = process.communicate()
        shard_config.unlink(missing_ok=True)
        said.append(out)
        failed |= process.returncode != 0
    try:
        if not failed:
            wijken = {p.name for p in (docs / "wijken").iterdir() if p.is_dir()}
            _merge([shard_site for _, shard_site, _ in runs], site, wijken, count)
    finally:
        for _, shard_site, _ in runs:
            shutil.rmtree(shard_site, ignore_errors=True)
    return "".join(said) if failed else None


def with_hooks(config: Path, path: Path, hooks: list[Path]) -> None:
    """Write at ``path``, beside ``config``, a config that inherits it and adds ``hooks`` to
    the hooks it names itself."""
    names = json.dumps([*_base_hooks(config), *(str(hook) for hook in hooks)])
    path.write_text(f"INHERIT: {json.dumps(config.name)}\nhooks: {names}\n", encoding="utf-8")


def _base_hooks(config: Path) -> list[str]:
    """The hooks mkdocs.yml names itself (a shard's config replaces the list)."""
    text = config.read_text(encoding="utf-8")
    match = re.search(r"^hooks:\s*\n((?:\s+-\s*.+\n)+)", text, re.M)
    if not match:
        return []
    return [str(config.parent / h.split("-", 1)[1].strip()) for h in match[1].splitlines()]


def _merge(shards: list[Path], site: Path, wijken: set[str], count: int) -> None:
    """Shard 0 gives the shared pages and its wijken; every other shard adds its wijken.

    ``wijken`` are the wijk folders of the docs: a shared page such as ``wijken/budgetten.md``
    also gets a folder in the site, which is not a wijk's.
    """

    def owned(wijk: str | None, number: int) -> bool:
        return wijk in wijken and owner(wijk, count) == number

    for entry in shards[0].iterdir():
        entry.rename(site / entry.name)
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.exists() else None
    urls = _sitemap_urls(site)
    for number, shard in enumerate(shards[1:], start=1):
        for folder in sorted((shard / "wijken").iterdir()):
            if folder.is_dir() and owned(folder.name, number):
                folder.rename(site / "wijken" / folder.name)
        if index is not None:
            theirs = json.loads((shard / "search" / "search_index.json").read_text("utf-8"))
            index["docs"] += [d for d in theirs["docs"] if owned(wijk_of(d["location"]), number)]
            if theirs.get(search_index.OVER_LIMIT):  # one shard's text over it: so is the whole
                index[search_index.OVER_LIMIT] = True
        urls += [u for u in _sitemap_urls(shard) if owned(_url_wijk(u), number)]
    if index is not None:
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        index_path.write_text(text, encoding="utf-8")
    _write_sitemap(site, urls)


_URL = re.compile(r"<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>")


def _sitemap_urls(site: Path) -> list[str]:
    path = site / "sitemap.xml"
    return _URL.findall(path.read_text(encoding="utf-8")) if path.exists() else []


def _url_wijk(entry: str) -> str | None:
    """The wijk folder of a sitemap entry's address, or None."""
    loc = _LOC.search(entry)
    _, _, path = loc[1].partition("/wijken/") if loc else ("", "", "")
    return path.split("/")[0] if "/" in path else None


def _write_sitemap(site: Path, urls: list[str]) -> None:
    path = site / "sitemap.xml"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    head = text[: text.find("<url>")] if "<url>" in text else text.replace("</urlset>", "")
    head = head.rstrip()
    body = head + "".join(f"\n    {u}" for u in urls) + "\n</urlset>\n"
    path.write_text(body, encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(body.encode(), mtime=0))


def main_command(config: Path, site: Path) -> list[str]:
    """MkDocs' own command line for one shard (as ``engines`` runs it for one build)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    return [*command, "--config-file", str(config), "--site-dir", str(site)]
