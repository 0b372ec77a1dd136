"""Links in a built site that lead nowhere: checked on the HTML, whichever engine made it.

Zensical checks every link to a .md file, but leaves a link such as `../centrum/` (which
MkDocs reports) unchecked; this finds those in the built pages, so a broken link fails the
build with either engine. Links with a scheme (https:, mailto:, tel:, webcal:) and absolute
paths (the voting app at /stemmen/, /aanvragen/) are not the site's to check.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Engines write attributes with double quotes; a regex reads thousands of pages in a second,
# where an HTML parser takes several.
_LINK = re.compile(r"<(?:a|img)\b[^>]*?\s(?:href|src)=\"([^\"]*)\"")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def broken(site: Path) -> list[tuple[str, str]]:
    """Every (page address, link) whose target is not a file or a folder with index.html."""
    # The site's files, listed once: a page links to 40 others, mostly the same ones, and
    # asking the file system for each link took most of the check (20,000 pages).
    files = _files(site)
    found = []
    for rel in sorted((r for r in files if r.endswith(".html")), key=lambda r: r.split("/")):
        folder = posixpath.dirname(rel)
        text = (site / rel).read_text(encoding="utf-8")
        for href in dict.fromkeys(_LINK.findall(text)):
            target = _target(folder, href)
            if target is not None and not _exists(files, target):
                found.append((_address(rel), href))
    return found


def _files(site: Path) -> set[str]:
    """Every file below ``site``, as a path relative to it with forward slashes."""
    found: set[str] = set()
    folders = [("", str(site))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file():
                    found.add(prefix + entry.name)
    return found


def _target(folder: str, href: str) -> str | None:
    """The site path a relative link points to; None for links this check leaves alone."""
    if not href or href.startswith(("#", "/")) or _SCHEME.match(href):
        return None
    path = unquote(urlsplit(href).path)
    return posixpath.normpath(posixpath.join(folder, path)) if path else None


def _exists(files: set[str], target: str) -> bool:
    if target == ".." or target.startswith("../"):
        return False  # outside the site
    if target == ".":
        return "index.html" in files
    return target in files or f"{target}/index.html" in files


def _address(rel: str) -> str:
    """How a resident sees the page: /wijken/centrum/ for wijken/centrum/index.html."""
    return "/" + rel.removesuffix("index.html")
