"""The engines that turn site_src/docs/ into HTML: MkDocs, and Zensical, its successor.

Material for MkDocs reaches end of life on 2027-05-05 and names Zensical as its successor;
both read the same mkdocs.yml. Each runs as its own process (``python -m <module>``), so
the generator imports neither. The choice: ``wijkwerk build --engine``, else
``extra.wijkwerk.engine`` in mkdocs.yml, else MkDocs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

# subprocess, shards and linkcheck are imported where an engine runs: `wijkwerk check`
# imports this module only for the engines' names (its --engine choices).
if TYPE_CHECKING:
    import subprocess

DEFAULT = "mkdocs"


class BuildError(Exception):
    """The engine refused the pages or could not run; ``log`` holds what was said."""

    def __init__(self, log: str, summary: str = "mkdocs build failed") -> None:
        super().__init__(summary)
        self.log = log


@dataclass(frozen=True)
class Engine:
    name: str
    label: str
    module: str  # run as `python -m module`; also how we see that it is installed
    extra: str  # the pip extra that installs it, "" when it is a main dependency
    run: Callable[[Path, Path, Path], None]  # (mkdocs.yml, docs dir, empty site dir)

    def check_installed(self) -> None:
        """Refuse early, in plain words, when the engine is chosen but not installed."""
        if importlib.util.find_spec(self.module) is not None:
            return
        how = f"pip install -e '.[{self.extra}]'" if self.extra else "pip install -e ."
        message = f"{self.label} is niet geïnstalleerd. Installeer het met: {how}"
        raise BuildError(f"{message}\nOf kies een andere engine: {_choices()}.", message)


def quiet_env() -> dict[str, str]:
    # Material prints a large end-of-life banner on every run; we know, and say so elsewhere.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def configured(config: Path) -> str:
    """The engine that mkdocs.yml names in ``extra.wijkwerk.engine``, else MkDocs."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TagBlindLoader)
    name = _dig(data, "extra", "wijkwerk", "engine") or DEFAULT
    if name not in ENGINES:
        message = f"{config.name}: extra.wijkwerk.engine: onbekende engine '{name}'"
        raise BuildError(f"{message}. Kies {_choices()}.", message)
    return str(name)


class _TagBlindLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' own tags (!ENV, !!python/name:...) as empty values."""


_TagBlindLoader.add_multi_constructor("!", lambda *_: None)
_TagBlindLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)


def _dig(data: object, *keys: str) -> object:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _choices() -> str:
    return " of ".join(ENGINES)


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    import subprocess

    return subprocess.run(
        command, cwd=cwd, env=quiet_env(), capture_output=True, text=True, check=False
    )


def _mkdocs(config: Path, docs: Path, site: Path) -> None:
    from generator import shards

    count = shards.count_for(docs)
    if count > 1:  # a large site: MkDocs on every core, then merged and its links checked
        said = shards.build(config, docs, site, count, shards.main_command, quiet_env())
        if said is not None:
            raise BuildError(said)
        _refuse_broken(site)
        return
    # Our hooks are named in a config beside mkdocs.yml, as for the shards (see shards.py).
    hooked = config.with_name(f"{site.name}.yml")
    shards.with_hooks(config, hooked, [shards.SEARCH_HOOK, shards.RENDER_HOOK])
    try:
        result = _run(shards.main_command(hooked, site), config.parent)
    finally:
        hooked.unlink(missing_ok=True)
    if result.returncode != 0:
        raise BuildError(result.stdout + result.stderr)


def _zensical(config: Path, docs: Path, site: Path) -> None:
    """Zensical has no --site-dir: a config file beside mkdocs.yml inherits it and names the
    empty folder, which Zensical requires to be inside the project folder."""
    if site.resolve().parent != config.resolve().parent:
        raise ValueError(f"{site} must be a folder directly beside {config}")
    temporary = site.with_name(site.name + ".yml")
    temporary.write_text(
        f"# Written by wijkwerk build for one Zensical run; removed afterwards.\n"
        f"INHERIT: {json.dumps(config.name)}\nsite_dir: {json.dumps(site.name)}\n",
        encoding="utf-8",
    )
    try:
        # --clean: never serve pages from the cache of an earlier run, only from this one.
        command = [sys.executable, "-m", "zensical", "build", "--strict", "--clean"]
        result = _run([*command, "--config-file", str(temporary)], config.parent)
    finally:
        temporary.unlink(missing_ok=True)
    if result.returncode != 0:
        _refuse_zensical(result.stdout + result.stderr, docs.relative_to(config.parent))
    # Zensical checks links to .md files; a link such as `../centrum/` it leaves unchecked.
    _refuse_broken(site)


def _refuse_broken(site: Path) -> None:
    """Fail on links in the built HTML that lead to no page (``linkcheck``)."""
    from generator import linkcheck

    broken = linkcheck.broken(site)
    if broken:
        lines = [
            f"{page}: de link '{href}' gaat naar een pagina die niet bestaat"
            for page, href in broken
        ]
        raise BuildError("\n".join(lines), _summary(len(broken), "kapotte link", "kapotte links"))


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(
    r"^(?:Warning|Error): (?P<what>.+)\n\s*╭─\[ (?P<file>.+?):(?P<line>\d+):\d+ \]", re.M
)
# Zensical's words for a broken link, and ours; the text it underlines follows ours.
_BROKEN_LINK = {
    "page does not exist": ("de link gaat naar een pagina die niet bestaat", ""),
    "anchor does not exist": ("de link gaat naar een plek die niet op de pagina staat", "#"),
}


def _refuse_zensical(said: str, docs: Path) -> None:
    """Turn Zensical's report into `file:line: what` lines in Dutch, above what it said."""
    text = _ANSI.sub("", said)
    report, _, trace = text.partition("Traceback (most recent call last):")
    if "Aborted because --strict flag is set" in trace:
        text = report.rstrip()  # the traceback says no more than that strict mode stopped it
    found, links = [], 0
    for match in _WARNING.finditer(text):
        what = match["what"].strip()
        dutch, mark = _BROKEN_LINK.get(what, (what, ""))
        links += what in _BROKEN_LINK
        target = _underlined(text[match.end() :], match["line"])
        where = f"{(docs / match['file']).as_posix()}:{match['line']}"
        found.append(f"{where}: {dutch}" + (f": {mark}{target}" if target else ""))
    if found and links == len(found):
        summary = _summary(links, "kapotte link", "kapotte links")
    elif found:
        summary = _summary(len(found), "fout in de pagina's", "fouten in de pagina's")
    else:
        summary = "Zensical kon de site niet bouwen"
    raise BuildError("\n".join([*found, "", "Zensical meldde:", text]), summary)


def _underlined(rest: str, line: str) -> str:
    """The text Zensical underlines in the source line it quotes, or "" if it quoted none."""
    lines = rest.splitlines()
    for i, source in enumerate(lines[:-1]):
        if re.match(rf"^\s*{line} │ ", source):
            marks = re.search(r"[─┬]+", lines[i + 1])
            if marks and "│" in lines[i + 1][: marks.start()]:
                return source[marks.start() : marks.end()].strip()
    return ""


def _summary(count: int, one: str, many: str) -> str:
    return f"De site is niet gebouwd: {count} {one if count == 1 else many}"


ENGINES: dict[str, Engine] = {
    engine.name: engine
    for engine in (
        Engine("mkdocs", "MkDocs", "mkdocs", "", _mkdocs),
        Engine("zensical", "Zensical", "zensical", "zensical", _zensical),
    )
}
