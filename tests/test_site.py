"""The built site: strict MkDocs build, nothing half published, no external requests, scale."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from click.testing import CliRunner

from tests.helpers import PUBLIC_URL, copy_project, edit
from tests.test_wording import problems, publish_results
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
    """The example gemeente, built once with `wijkwerk build` (mkdocs --strict), with the
    results of two finished stemrondes published in Westerdijk and Molenwijk."""
    root = tmp_path_factory.mktemp("built")
    copy_project(root)
    publish_results(root / "wijken", dt.date.today())  # `wijkwerk build` builds for today
    code, output = build(root)
    assert code == 0, output
    return root / "site"


@pytest.fixture(scope="module")
def built_zensical(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same project built with `wijkwerk build --engine zensical`."""
    root = tmp_path_factory.mktemp("built-zensical")
    shutil.copytree(built.parent, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site"))
    # The day `built` was generated: the same day renders the same pages.
    day = dt.date.fromtimestamp((root / "site_src/docs/wijken/index.md").stat().st_mtime)
    command = ["build", "--root", str(root), "--engine", "zensical", "--today", day.isoformat()]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert "(0 pages changed, 0 removed)" in result.output  # the very same Markdown
    assert (root / "site/assets/stylesheets/classic").is_dir()  # and Zensical built it
    return root / "site"


@pytest.fixture(scope="module")
def built_sharded(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same project built by two MkDocs shards side by side, as a large site is."""
    root = tmp_path_factory.mktemp("built-sharded")
    shutil.copytree(built.parent, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site"))
    day = dt.date.fromtimestamp((root / "site_src/docs/wijken/index.md").stat().st_mtime)
    command = ["build", "--root", str(root), "--today", day.isoformat()]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIJKWERK_SHARDS", "2")
        result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.mark.slow
def test_two_shards_build_the_same_site_as_one(built: Path, built_sharded: Path) -> None:
    from generator.shards import owner

    wijken = sorted(p.name for p in (built.parent / "site_src/docs/wijken").iterdir() if p.is_dir())
    assert {owner(w, 2) for w in wijken} == {0, 1}  # both shards rendered wijken
    ours = {p.relative_to(built) for p in built.rglob("*") if p.is_file()}
    theirs = {p.relative_to(built_sharded) for p in built_sharded.rglob("*") if p.is_file()}
    assert ours == theirs
    differ = [
        str(rel)
        for rel in sorted(ours)
        if rel.suffix != ".gz"
        and rel.name not in ("sitemap.xml", "search_index.json")
        and (built / rel).read_bytes() != (built_sharded / rel).read_bytes()
    ]
    assert differ == []
    urls = [
        sorted(re.findall(r"<loc>(.*?)</loc>", (s / "sitemap.xml").read_text()))
        for s in (built, built_sharded)
    ]
    assert urls[0] == urls[1]
    assert len(urls[0]) > 50
    docs = [
        sorted(
            json.dumps(d, sort_keys=True)
            for d in json.loads((s / "search/search_index.json").read_text())["docs"]
        )
        for s in (built, built_sharded)
    ]
    assert docs[0] == docs[1]


@pytest.mark.slow
def test_one_kept_converter_renders_every_page_as_mkdocs_does(built: Path, tmp_path: Path) -> None:
    """`wijkwerk build` renders with one Markdown converter for all pages (render_hook); plain
    MkDocs, a new converter per page, gives every page byte for byte. Two extra pages check
    that nothing of one page lives on in the next (a link reference defined on the first)."""
    from generator.engines import quiet_env
    from generator.shards import RENDER_HOOK, SEARCH_HOOK, main_command, with_hooks

    root = tmp_path / "project"
    shutil.copytree(built.parent, root, ignore=shutil.ignore_patterns("site"))
    docs = root / "site_src/docs"
    (docs / "zz-een.md").write_text(
        "# Een\n\nZie [de kaart].\n\n[de kaart]: https://example.org/\n"
    )
    (docs / "zz-twee.md").write_text("# Twee\n\nZie [de kaart].\n")
    config = root / "mkdocs.yml"
    with_hooks(config, root / "hooked.yml", [SEARCH_HOOK, RENDER_HOOK])
    sites = {}
    for name, used in (("hooked", root / "hooked.yml"), ("plain", config)):
        sites[name] = tmp_path / name
        done = subprocess.run(
            main_command(used, sites[name]), cwd=root, env=quiet_env(), capture_output=True
        )
        assert done.returncode == 0, done.stderr
    hooked, plain = sites["hooked"], sites["plain"]
    assert "example.org" not in (hooked / "zz-twee/index.html").read_text()
    pages = sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert len(pages) > 50
    assert [str(p) for p in pages if (hooked / p).read_bytes() != (plain / p).read_bytes()] == []


@pytest.fixture(params=["mkdocs", "zensical"])
def engine_site(request: pytest.FixtureRequest) -> Path:
    """The example as each engine built it: what holds for the site holds for both."""
    return request.getfixturevalue("built" if request.param == "mkdocs" else "built_zensical")


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


def test_every_public_page_reads_plainly(built: Path) -> None:
    """Counts agree with their noun and expert words stay folded away, on every page."""
    for rel in ("wijken/westerdijk/buurtbudget-2026/index.html", "wijken/molenwijk/index.html"):
        assert (built / rel).is_file(), rel  # the published results are on the site
    home = (built / "index.html").read_text()
    assert 'href="wijken/molenwijk/buurtbudget-2026/"' in home  # new results, linked
    assert 'href="/aanvragen/"' in home  # the stimuleringsregeling is always open
    found = {}
    for page in sorted(built.rglob("*.html")):
        if slips := problems(page.read_text()):
            found[page.relative_to(built).as_posix()] = slips
    assert found == {}


def test_failed_build_publishes_nothing(project: Path) -> None:
    code, output = build(project)
    assert code == 0, output
    before = tree_hash(project / "site")
    generated = tree_hash(project / "site_src/docs/wijken")
    edit(project / "wijken/centrum/agenda.yaml", "status: klaar", "status: bijna")
    code, output = build(project)
    assert code == 1
    assert "centrum/agenda.yaml" in output
    assert "er is niets gepubliceerd" in output
    assert tree_hash(project / "site") == before
    assert tree_hash(project / "site_src/docs/wijken") == generated
    assert not list(project.glob(".site-*"))


# Material's JS bundle names these URLs, but fetches them only for features we do not use:
# mermaid diagrams, a ResizeObserver polyfill for browsers without one, GitHub repo facts.
KNOWN_UNUSED_JS_URLS = (
    "https://unpkg.com/mermaid",
    "https://unpkg.com/resize-observer-polyfill",
    "https://api.github.com/",
    # Zensical's bundle also names these: code blocks that run Python, and a lightbox.
    "https://unpkg.com/pyodide",
    "https://unpkg.com/ace-builds",
    "https://unpkg.com/glightbox",
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


def test_no_request_to_another_host(engine_site: Path) -> None:
    """Privacy law: the site loads nothing from any other host (no fonts, no CDN)."""
    found = []
    for page in engine_site.rglob("*.html"):
        parser = _Resources()
        parser.feed(page.read_text())
        found += [(page.name, u) for u in parser.urls if _external(u)]
    for css in engine_site.rglob("*.css"):
        text = css.read_text()
        found += [
            (css.name, u) for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) if _external(u)
        ]
        found += [(css.name, u) for u in re.findall(r"@import\s+['\"]?([^'\";]+)", text)]
    for js in engine_site.rglob("*.js"):
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
        # An address is in one wijk only: each copy gets a postcode of its own.
        wijk = target / "wijk.yaml"
        own = f"postcodes: [{2000 + i}]"
        wijk.write_text(re.sub(r"(?m)^postcodes: .*$", own, wijk.read_text()))


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


def test_every_page_has_a_csp_and_no_inline_script(engine_site: Path) -> None:
    pages = sorted(engine_site.rglob("*.html"))
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


def _article(site: Path, rel: str) -> str:
    """A page's main article as a resident reads it: spaces normalised, each link resolved to
    the address it opens (MkDocs writes `./` where Zensical writes `` for the page itself),
    without Zensical's empty target of the skip link."""
    found = re.search(r"<article\b[^>]*>(.*?)</article>", (site / rel).read_text(), re.S)
    if found is None:
        return ""
    text = found.group(1).replace('<a id="__skip" tabindex="-1"></a>', "")
    here = "https://wijken.test/" + rel.removesuffix("index.html")
    text = re.sub(r'\b(href|src)="([^"]*)"', lambda m: f'{m[1]}="{urljoin(here, m[2])}"', text)
    return " ".join(text.split())


def test_both_engines_show_the_same_pages(built: Path, built_zensical: Path) -> None:
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html"))
    assert pages == sorted(
        p.relative_to(built_zensical).as_posix() for p in built_zensical.rglob("*.html")
    )
    assert sum(1 for rel in pages if _article(built, rel)) > 40
    differ = [rel for rel in pages if _article(built, rel) != _article(built_zensical, rel)]
    assert differ == [], f"{len(differ)} of {len(pages)} pages differ between the engines"


def test_sitemap_and_canonical_links_use_the_public_address(engine_site: Path) -> None:
    """site_url from mkdocs.yml (WIJKWERK_PUBLIC_URL): search engines get the public pages."""
    listed = re.findall(r"<loc>([^<]+)</loc>", (engine_site / "sitemap.xml").read_text())
    assert f"{PUBLIC_URL}/wijken/centrum/agenda/" in listed
    assert len(listed) > 40
    assert [url for url in listed if not url.startswith(f"{PUBLIC_URL}/")] == []
    page = (engine_site / "wijken/centrum/agenda/index.html").read_text()
    assert f'<link rel="canonical" href="{PUBLIC_URL}/wijken/centrum/agenda/">' in page


def test_home_page_map_and_postcode_form_lead_to_real_pages(engine_site: Path) -> None:
    """The map and the form are raw HTML, which the build does not check: every link must lead
    to a page, under the map the credit, and the form goes to the app's lookup."""
    home = (engine_site / "index.html").read_text()
    kaart = home[home.index('<figure class="wijkkaart">') : home.index("</figure>")]
    links = re.findall(r'<a href="([^"]+)" aria-label="Wijk [^"]+"><title>', kaart)
    assert len(links) == 7
    assert [rel for rel in links if not (engine_site / rel / "index.html").is_file()] == []
    assert "<figcaption>Kaart: Kadaster / CBS, 2024 (CC BY 4.0)</figcaption>" in kaart
    form = re.search(r'<form class="wijkzoeker" method="get" action="([^"]+)"', home)
    assert form is not None
    assert form[1] == "/stemmen/wijk-zoeken"
    assert '<label for="wijkzoeker-postcode">Postcode</label>' in home


class _Structure(HTMLParser):
    """What standard checkers (axe, the W3C validator) flag: ids used twice, tables without a
    name, and paragraphs that are only bold text, standing in for a heading."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, int] = {}
        self.tables: list[bool] = []  # named?
        self.bold_paragraphs: list[str] = []
        self._p: list[str] | None = None  # the paragraph's text outside <strong>, then inside
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids[values["id"] or ""] = self.ids.get(values["id"] or "", 0) + 1
        if tag == "table":
            self.tables.append(bool(values.get("aria-label") or values.get("aria-labelledby")))
        elif tag == "caption" and self.tables:
            self.tables[-1] = True
        if tag == "p":
            self._p, self._in = ["", ""], []
        elif self._p is not None:
            self._in.append(tag)
            if tag != "strong":
                self._p[0] += "<other>"

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._p is not None:
            outside, inside = self._p
            if inside.strip() and not outside.strip():
                self.bold_paragraphs.append(inside.strip())
            self._p = None
        elif self._p is not None and self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._p is not None:
            self._p[1 if self._in and self._in[-1] == "strong" else 0] += data


def test_pages_pass_standard_checkers(built: Path) -> None:
    """On every page: unique ids, a name for every table, real headings instead of bold lines."""
    found: dict[str, list[str]] = {}
    for page in sorted(built.rglob("*.html")):
        scan = _Structure()
        scan.feed(page.read_text())
        slips = [f"id {i} {n} times" for i, n in scan.ids.items() if n > 1]
        slips += [f"table {n + 1} has no name" for n, ok in enumerate(scan.tables) if not ok]
        slips += [f"bold line: {text}" for text in scan.bold_paragraphs]
        if slips:
            found[page.relative_to(built).as_posix()] = slips
    assert found == {}
    home = (built / "index.html").read_text()
    assert '<h3 class="wijkzoeker__kop" id="wijkzoeker-kop">' in home
    assert re.search(
        r'<table[^>]* aria-labelledby="[^"]+"', home + (built / "wijken/index.html").read_text()
    )


def test_the_site_has_the_gemeentes_look(engine_site: Path) -> None:
    """The huisstijl of gemeente.yaml: its colours in a stylesheet, its logo and its name."""
    sheet = (engine_site / "wijken/huisstijl.css").read_text()
    assert "--md-primary-fg-color: #1b4f72;" in sheet
    assert (engine_site / "wijken/huisstijl/logo.svg").is_file()
    page = (engine_site / "wijken/centrum/index.html").read_text()
    assert '<link rel="stylesheet" href="../huisstijl.css">' in page
    assert '<img src="../huisstijl/logo.svg" alt="Logo van de gemeente Dijkstede">' in page
    assert '<p class="md-copyright__highlight">Gemeente Dijkstede</p>' in page
