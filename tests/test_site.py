"""The built site: strict MkDocs build, nothing half published, no external requests, scale."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import edit
from voting_app.cli import main

pytestmark = pytest.mark.slow


def build(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    return result.exit_code, result.output


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example gemeente, built once with `wijkwerk build` (mkdocs --strict)."""
    from tests.helpers import ROOT

    root = tmp_path_factory.mktemp("built")
    shutil.copy(ROOT / "mkdocs.yml", root)
    shutil.copytree(ROOT / "site_src", root / "site_src", ignore=shutil.ignore_patterns("wijken"))
    shutil.copytree(ROOT / "wijken", root / "wijken")
    code, output = build(root)
    assert code == 0, output
    return root / "site"


def test_strict_build_has_every_page(built: Path) -> None:
    for rel in (
        "index.html",
        "wijken/index.html",
        "wijken/budgetten/index.html",
        "hoe-werkt-het/index.html",
        "toegankelijkheid/index.html",
        "wijken/centrum/index.html",
        "wijken/centrum/agenda/index.html",
        "wijken/centrum/wop/index.html",
        "wijken/centrum/contact/index.html",
        "wijken/centrum/budget/index.html",
        "wijken/centrum/overleg/index.html",
        "wijken/centrum/centrum.ics",
    ):
        assert (built / rel).is_file(), rel
    home = (built / "index.html").read_text()
    assert '<html lang="nl"' in home
    assert "Binnenstad, Havenkwartier, Stationsbuurt" in home  # find your wijk by buurt
    centrum = (built / "wijken/centrum/index.html").read_text()
    assert "Voorbeeld: deze gemeente bestaat niet" in centrum


def test_failed_build_publishes_nothing(project: Path) -> None:
    code, output = build(project)
    assert code == 0, output
    before = tree_hash(project / "site")
    generated = tree_hash(project / "site_src/docs/wijken")
    edit(project / "wijken/centrum/agenda.yaml", "status: klaar", "status: bijna")
    code, output = build(project)
    assert code == 1
    assert "centrum/agenda.yaml" in output
    assert "nothing published" in output
    assert tree_hash(project / "site") == before
    assert tree_hash(project / "site_src/docs/wijken") == generated
    assert not list(project.glob(".site-*"))


# Material's JS bundle names these URLs, but fetches them only for features we do not use:
# mermaid diagrams, a ResizeObserver polyfill for browsers without one, GitHub repo facts.
KNOWN_UNUSED_JS_URLS = (
    "https://unpkg.com/mermaid",
    "https://unpkg.com/resize-observer-polyfill",
    "https://api.github.com/",
)
_LOADING = {"src", "srcset", "poster", "data", "action", "formaction", "background"}
_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "manifest",
    "prefetch",
    "dns-prefetch",
    "preconnect",
    "apple-touch-icon",
}


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if value and (name in _LOADING or (name == "style" and "url(" in value)):
                self.urls.append(value)
        rel = set((values.get("rel") or "").split())
        if tag == "link" and rel & _LINK_RELS and values.get("href"):
            self.urls.append(values["href"] or "")


def _external(url: str) -> bool:
    return bool(re.match(r"^\s*(https?:)?//", url))


def test_no_request_to_another_host(built: Path) -> None:
    """Privacy law: the site loads nothing from any other host (no fonts, no CDN)."""
    found = []
    for page in built.rglob("*.html"):
        parser = _Resources()
        parser.feed(page.read_text())
        found += [(page.name, u) for u in parser.urls if _external(u)]
    for css in built.rglob("*.css"):
        text = css.read_text()
        found += [
            (css.name, u) for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) if _external(u)
        ]
        found += [(css.name, u) for u in re.findall(r"@import\s+['\"]?([^'\";]+)", text)]
    for js in built.rglob("*.js"):
        for url in re.findall(r"https?://[^\s'\"`)]+", js.read_text()):
            if url.startswith(("https://unpkg.com", "https://api.github.com")):
                assert url.startswith(KNOWN_UNUSED_JS_URLS), url
    assert found == []


def test_resident_text_is_shown_literally(project: Path) -> None:
    edit(
        project / "wijken/centrum/agenda.yaml",
        "vraag: Meer bankjes langs de haven",
        "vraag: '<script>alert(1)</script> [x](javascript:alert(2)) **vet**'",
    )
    code, output = build(project)
    assert code == 0, output
    html = (project / "site/wijken/centrum/agenda/index.html").read_text()
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2)) **vet**" in html


def _clone_wijken(root: Path, count: int) -> None:
    """Grow the example to ``count`` wijken by copying one wijk under new names."""
    template = root / "wijken" / "molenwijk"
    existing = len([d for d in (root / "wijken").iterdir() if d.is_dir() and d.name != "schema"])
    for i in range(count - existing):
        target = root / "wijken" / f"kopie-{i:04d}"
        shutil.copytree(template, target)
        edit(target / "wijk.yaml", "naam: Molenwijk", f"naam: Kopiewijk {i:04d}")


def test_page_size_does_not_grow_with_the_number_of_wijken(built: Path, project: Path) -> None:
    _clone_wijken(project, 150)  # 20 times the example: enough to show growth, a minute less
    code, output = build(project)
    assert code == 0, output
    for page in (
        "wijken/centrum/index.html",
        "wijken/centrum/agenda/index.html",
        "wijken/centrum/budget/index.html",
    ):
        small = (built / page).stat().st_size
        large = (project / "site" / page).stat().st_size
        assert abs(large - small) / small < 0.10, (page, small, large)


# The site's own policy: what every page carries in a <meta> tag (docs/security.md gives the
# same as a server header).
SITE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)


def test_every_page_has_a_csp_and_no_inline_script(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        html = page.read_text()
        meta = f'<meta http-equiv="Content-Security-Policy" content="{SITE_CSP}">'
        assert html.index(meta) < html.index("<script"), page
        for tag, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", html, re.S):
            assert "src=" in tag or 'type="application/json"' in tag, (page, tag)
            assert "src=" not in tag or not body.strip(), (page, tag)
    security = (Path(__file__).parent.parent / "docs" / "security.md").read_text()
    assert f'add_header Content-Security-Policy "{SITE_CSP}' in security


def test_staff_markdown_is_clean_on_the_built_site(project: Path) -> None:
    from tests.test_hostile_input import VECTORS, active

    hostile = "\n\n".join(VECTORS)
    source = project / "wijken/centrum/wijk.yaml"
    text = source.read_text()
    start = text.index("beschrijving: |")
    end = text.index("wijkwethouder:")
    # JSON is YAML's double-quoted style: control characters survive as \u escapes.
    source.write_text(text[:start] + f"beschrijving: {json.dumps(hostile)}\n" + text[end:])
    code, output = build(project)
    assert code == 0, output
    html = (project / "site/wijken/centrum/index.html").read_text()
    assert "onerror=alert(1)" in html  # shown as text, not as an attribute
    assert active(html.split("<article", 1)[1].split("</article>", 1)[0]) == []
