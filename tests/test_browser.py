"""The whole loop as residents and staff meet it, in Debian's headless Chromium.

Site and app are served together on 127.0.0.1 (as `wijkwerk serve` does). Every page type
is checked with axe-core for WCAG 2.1 A/AA, the ballot works without JavaScript, and no
request ever leaves the local server. Screenshots go to screenshots/ for review.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from werkzeug.serving import make_server

from generator import build as building
from tests.helpers import ROOT, TODAY, proposal

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SHOTS = ROOT / "screenshots"
ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
ADMIN = "/beheer/beekvliet/bewonersbudget-2026"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    path = shutil.which("chromium")
    if path is None:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Live:
    """The served project: change the day, rebuild the site, make pages."""

    def __init__(self, app, project: Path, base: str, browser: Browser) -> None:
        self.app, self.project, self.base, self.browser = app, project, base, browser
        self.requests: list[str] = []

    def day(self, iso: str) -> None:
        import datetime as dt

        self.app.config["TODAY"] = iso
        building.build(building.Project.at(self.project), dt.date.fromisoformat(iso))

    def page(self, width: int = 1280, javascript: bool = True):
        context = self.browser.new_context(
            viewport={"width": width, "height": 900},
            java_script_enabled=javascript,
            accept_downloads=True,
        )
        page = context.new_page()
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: pytest.fail(f"unexpected dialog: {d.message}"))
        return page


@pytest.fixture
def live(app, project: Path, chromium: Browser) -> Iterator[Live]:
    from voting_app.cli.dispatch import Dispatcher, StaticSite

    building.build(building.Project.at(project))
    server = make_server(
        "127.0.0.1", 0, Dispatcher(app, StaticSite(project / "site")), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live = Live(app, project, f"http://127.0.0.1:{server.server_port}", chromium)
    yield live
    server.shutdown()
    thread.join(timeout=10)
    outside = [u for u in live.requests if not u.startswith((live.base, "data:", "blob:"))]
    assert outside == [], "requests left the local server"


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=WCAG)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]
    ]


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector({selector!r})"):
            return
    pytest.fail(f"could not reach {selector} with the Tab key")


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/beheer/login")
    page.fill("#username", username)
    page.fill("#password", "correct horse battery staple")
    page.click("main button[type=submit]")


def test_resident_and_staff_round_trip(live: Live, staff) -> None:
    SHOTS.mkdir(exist_ok=True)
    live.day("2026-10-01")
    page = live.page()
    # A resident finds their wijk from the home page and reads agenda and budget.
    page.goto(f"{live.base}/")
    page.get_by_role("link", name="Beekvliet", exact=True).click()
    assert page.locator("h1").inner_text() == "Wijk Beekvliet"
    page.get_by_role("link", name="Wijkagenda", exact=True).click()
    assert "afspraken nagekomen" in page.inner_text("main")
    page.get_by_role("link", name="Wijkbudget", exact=True).click()
    assert "Waar komt het geld vandaan?" in page.inner_text("main")
    # ... and sends in an idea; a mistake keeps what was typed.
    page.get_by_role("link", name="Overzicht", exact=True).click()
    page.get_by_role("link", name="Heeft u een idee voor de wijk?").click()
    page.get_by_role("link", name="Stuur een idee in").click()
    page.fill("#description", "Vier bankjes langs het pad bij de beek, voor wie even wil zitten.")
    page.click("main button[type=submit]")
    assert page.locator(".foutsamenvatting").is_visible()
    assert page.get_attribute("#title", "aria-invalid") == "true"
    assert "Vier bankjes langs het pad" in page.input_value("#description")
    page.fill("#title", "Bankjes bij de beek")
    page.fill("#estimate", "12000")
    page.fill("#email", "bewoner@example.org")
    page.click("main button[type=submit]")
    assert "Bedankt voor uw idee" in page.inner_text("h1")

    # Staff answer it Nu and make codes.
    staff.create("anouk", "wijkmanager", ("beekvliet",))
    live.day("2026-10-20")
    login(page, live.base, "anouk")
    page.goto(f"{live.base}{ADMIN}/")
    page.get_by_role("link", name="Bankjes bij de beek").click()
    page.fill("#cost", "12000")
    page.check("input[value=nu]")
    page.check("#published")
    page.click("main button[type=submit]")
    assert "Het antwoord is opgeslagen." in page.inner_text("main")
    page.fill("#count", "2")
    with page.expect_download() as download:
        page.click("text=Maak stemcodes en brieven (ZIP)")
    archive = zipfile.ZipFile(download.value.path())
    rows = list(csv.reader(io.StringIO(archive.read("codes.csv").decode()), delimiter=";"))
    code = rows[1][1]
    page.click("text=Uitloggen")

    # The resident votes with the keyboard only.
    live.day(TODAY.isoformat())
    page.goto(f"{live.base}{ROUND}/stem")
    tab_to(page, "#code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/kies")
    page.screenshot(path=str(SHOTS / "stembiljet-1280.png"), full_page=True)
    tab_to(page, "input[name=keuze]")
    page.keyboard.press("Space")
    assert "€ 12.000 van € 50.000 gekozen" in page.inner_text("#meter")
    tab_to(page, "form.stembiljet button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Controleer uw keuze")
    tab_to(page, "form[action$='/bevestig'] button")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Bedankt voor uw stem")
    assert page.locator(".code").inner_text().count("-") == 2

    # Staff publish; the rebuilt wijk page shows the result.
    live.day("2026-12-15")
    login(page, live.base, "anouk")
    page.goto(f"{live.base}{ADMIN}/")
    page.click("text=Sluit de stemronde, tel en publiceer")
    page.wait_for_selector("text=De website is opnieuw gebouwd.", timeout=60_000)
    page.goto(f"{live.base}/wijken/beekvliet/bewonersbudget-2026/")
    assert "Gekozen: Bankjes bij de beek" in page.inner_text("main")
    for width in (375, 1280):
        phone = live.page(width)
        phone.goto(f"{live.base}/wijken/beekvliet/")
        phone.screenshot(path=str(SHOTS / f"wijkpagina-{width}.png"), full_page=True)


def test_every_page_type_passes_axe(live: Live, staff, app) -> None:
    from tests.test_app_concurrency import _prepare

    live.day("2026-10-01")
    page = live.page()
    failures: dict[str, list[str]] = {}

    def check(path: str, action=None) -> None:
        page.goto(f"{live.base}{path}")
        if action:
            action()
        found = axe_violations(page)
        if found:
            failures[path + (" (after action)" if action else "")] = found

    for path in (
        "/",
        "/wijken/",
        "/wijken/budgetten/",
        "/hoe-werkt-het/",
        "/toegankelijkheid/",
        "/wijken/centrum/",
        "/wijken/centrum/agenda/",
        "/wijken/centrum/wop/",
        "/wijken/centrum/contact/",
        "/wijken/centrum/budget/",
        "/wijken/centrum/overleg/",
        "/wijken/noorderpark/budget/",
        "/stemmen/wijk-zoeken?postcode=9991",  # the home page's postcode form: two wijken
        "/stemmen/wijk-zoeken?postcode=99&huisnummer=",  # and its error at the field
    ):
        check(path)
    check(f"{ROUND}/")
    check(f"{ROUND}/idee", lambda: page.click("main button[type=submit]"))  # form with errors
    check("/stemmen/mijn-idee", lambda: page.click("main button[type=submit]"))  # idem
    live.day(TODAY.isoformat())
    code, _proposal = _prepare(app)
    check(f"{ROUND}/")  # voting: the frozen ballot, its lottery and fingerprint
    check(f"{ROUND}/stem", lambda: page.click("main button[type=submit]"))
    check(f"{ROUND}/stem")
    page.fill("#code", code)
    page.click("main button[type=submit]")
    failures |= {"ballot": axe_violations(page)} if axe_violations(page) else {}
    page.check("input[name=keuze]")
    page.click("form.stembiljet button[type=submit]")
    failures |= {"review": axe_violations(page)} if axe_violations(page) else {}
    page.click("form[action$='/bevestig'] button")
    failures |= {"receipt": axe_violations(page)} if axe_violations(page) else {}
    check(APPLY)
    check(APPLY, lambda: page.click("main button[type=submit]"))  # form with errors
    for selector, text in GRANT.items():
        page.fill(selector, text)
    page.click("main button[type=submit]")
    page.wait_for_url("**/aanvragen/status/**")
    failures |= {"grant status": axe_violations(page)} if axe_violations(page) else {}
    staff.create("fatima", "beheerder")
    check("/beheer/login", lambda: page.click("main button[type=submit]"))
    login(page, live.base, "fatima")
    for path in (
        "/beheer/",
        f"{ADMIN}/",
        f"{ADMIN}/papier",
        f"{ADMIN}/stembiljet",
        "/beheer/audit",
        "/beheer/aanvragen/",
        "/beheer/aanvragen/1",
    ):
        check(path)
    check("/beheer/aanvragen/1", lambda: page.click("main button[type=submit]"))
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_ballot_works_without_javascript(live: Live, app) -> None:
    from tests.test_app_concurrency import _prepare

    live.day(TODAY.isoformat())
    code, _ = _prepare(app)
    page = live.page(javascript=False)
    page.goto(f"{live.base}{ROUND}/stem")
    page.fill("#code", code)
    page.click("main button[type=submit]")
    assert page.locator("#meter").is_hidden()  # the meter needs JavaScript; the form does not
    page.check("input[name=keuze]")
    page.click("form.stembiljet button[type=submit]")
    page.click("form[action$='/bevestig'] button")
    assert "Bedankt voor uw stem" in page.inner_text("h1")


PHONE_WIDTHS = (320, 375)
# Every problem a phone shows, as readable lines. Text counts when someone can see it: it is
# rendered and not transparent, not visually hidden for screen readers (inside a box of 1 px
# or less that clips), and not placed off-screen to the left or above (a skip link until it
# has focus, the closed menu drawer, the honeypot field). One kind of visible text is left
# out: the names drawn on the wijk map (in an aria-hidden part of an SVG), which shrink with
# the map; the list of wijken under it names them in text. A table shown as stacked rows
# must label every cell with its column's header, or a phone shows numbers without names.
PHONE_CHECK = """() => {
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className.trim()
       ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  const clipped = (e) => {
    for (; e; e = e.parentElement) {
      const r = e.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && getComputedStyle(e).overflow !== "visible") {
        return true;
      }
    }
    return false;
  };
  const problems = [];
  const page = document.documentElement.scrollWidth;
  if (page > window.innerWidth) problems.push(`the page is ${page} px wide`);
  for (const e of document.body.querySelectorAll("*")) {
    const overflow = getComputedStyle(e).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && e.clientWidth > 0
        && e.scrollWidth > e.clientWidth + 1 && e.checkVisibility()) {
      problems.push(`${name(e)} scrolls sideways: ${e.scrollWidth} px in ${e.clientWidth}`);
    }
  }
  for (const table of document.querySelectorAll("table")) {
    const first = table.querySelector("tbody tr");
    if (!first || getComputedStyle(first).display !== "block") continue;
    const heads = [...table.querySelectorAll("thead th")].map(
      (th) => th.textContent.trim().replace(/\\s+/g, " "));
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => {
        if (heads[i] && cell.colSpan === 1 && cell.textContent.trim()
            && cell.dataset.label !== heads[i]) {
          problems.push(`a stacked cell under '${heads[i]}' is labelled '${cell.dataset.label}'`);
        }
      });
    }
  }
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = texts.nextNode(); t; t = texts.nextNode()) {
    const e = t.parentElement;
    const words = t.textContent.trim();
    if (!words || !e.checkVisibility({ opacityProperty: true, visibilityProperty: true })) {
      continue;
    }
    const box = e.getBoundingClientRect();
    if (box.right <= 0 || box.bottom <= 0 || clipped(e)) continue;
    if (e.closest("svg [aria-hidden=true]")) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < 16) problems.push(`${size} px text in ${name(e)}: ${words.slice(0, 40)}`);
  }
  return [...new Set(problems)];
}"""
# A published result with a chosen and an Ooit proposal and a 64-letter fingerprint: the
# result page with its longest word.
PHONE_RESULT = """\
ronde: bewonersbudget-2026
titel: Bewonersbudget Beekvliet 2026
vastgesteld: 2026-12-18
telmethode: mes
gelijke_stand: De loting beslist
bedrag: 50000
stemcodes: 100
stemmen: 40
gekozen_kosten: 12000
vingerafdruk: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
voorstellen:
  - id: "1"
    titel: Bankjes bij de beek
    omschrijving: Vier bankjes langs het pad bij de beek.
    antwoord: nu
    kosten: 12000
    stemmen: 31
    gekozen: true
  - id: "2"
    titel: Een pannaveld bij de school
    omschrijving: Een klein voetbalveld met hekken.
    antwoord: ooit
    voorwaarden: Als de school het veld na schooltijd openstelt.
    uitsluitsel: 2027-02-01
"""


def phone_problems(page, label: str) -> list[str]:
    """What is wrong with the loaded page at each phone width (the page reflows, not reloads)."""
    found = []
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found += [f"{label} at {width} px: {p}" for p in page.evaluate(PHONE_CHECK)]
    return found


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the layout has no database
def test_every_page_fits_a_phone(live: Live, staff, app) -> None:
    """WCAG 1.4.10 and readable text: at 320 and 375 px no page scrolls sideways, not even
    inside a box (a table too wide for the screen), stacked table cells carry their column's
    name, and all text is at least 16 px, the site's header and menus and the app's included.

    Left out of the text check, as PHONE_CHECK says: text nobody sees, because it is not
    rendered or transparent (the closed search panel), visually hidden for screen readers (the
    header row of a stacked table, the app's "Fout: ") or off-screen until used (the skip link
    until it has focus, the closed menu drawer, the honeypot field); and the wijk names on the
    map of the home page, because they are part of a drawing that scales with the screen and the
    list of wijken under it gives every name as text at full size.
    """
    from tests.test_app_concurrency import _prepare

    problems: list[str] = []
    page = live.page(width=PHONE_WIDTHS[0])

    def check(path: str | None = None) -> None:
        if path is not None:
            page.goto(f"{live.base}{path}")
        problems.extend(phone_problems(page, path or page.url.removeprefix(live.base)))

    # The app: a stemronde while voting runs, from the code to the thanks, and staff pages.
    code, _ = _prepare(app)
    check(f"{ROUND}/")
    check(f"{ROUND}/stem")
    with page.expect_navigation():  # measured only once the answer and its CSS have loaded
        page.click("main button[type=submit]")  # no code: the error summary and the hint
    check()
    page.fill("#code", code)
    page.click("main button[type=submit]")
    page.wait_for_url("**/kies")
    check()
    page.check("input[name=keuze]")
    with page.expect_navigation():
        page.click("form.stembiljet button[type=submit]")
    check()
    page.click("form[action$='/bevestig'] button")
    page.wait_for_selector("text=Bedankt voor uw stem")
    check()
    check(APPLY)
    check("/beheer/login")
    staff.create("fatima", "beheerder")
    login(page, live.base, "fatima")
    check("/beheer/")
    check(f"{ADMIN}/")
    check("/beheer/audit")

    # The site, built after the vote with its result published: every page type.
    results = live.project / "wijken/beekvliet/stemrondes"
    results.mkdir(exist_ok=True)
    (results / "bewonersbudget-2026.yaml").write_text(PHONE_RESULT)
    live.day("2026-12-20")
    for path in (
        "/",
        "/wijken/",
        "/wijken/budgetten/",
        "/wijken/jaarverslag/",
        "/wijken/kompas/",
        "/hoe-werkt-het/",
        "/toegankelijkheid/",
        "/privacy/",
        "/wijken/centrum/",
        "/wijken/centrum/agenda/",
        "/wijken/centrum/wop/",
        "/wijken/centrum/contact/",
        "/wijken/centrum/overleg/",
        "/wijken/centrum/verantwoording/",
        "/wijken/centrum/kompas/",
        "/wijken/de-vlinderhof/budget/",
        "/wijken/beekvliet/bewonersbudget-2026/",
        "/wijken/centrum/budget/",
    ):
        check(path)
    assert problems == [], "\n".join(problems)

    # The budget table reads as stacked rows: each cell starts with its column's name, and
    # it is still a table to assistive technology.
    assert axe_violations(page) == []
    label = page.evaluate(
        "() => getComputedStyle(document.querySelector('main td[data-label=Voorwaarden]'),"
        " '::before').content"
    )
    assert label.startswith('"Voorwaarden: "'), label
    footer = page.inner_text("footer")
    assert "Privacy" in footer, footer
    assert "Toegankelijkheid" in footer, footer
    assert "Material" not in footer, footer
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "wijkbudget-375.png"), full_page=True)


PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "[klik hier](javascript:alert(4))",
    "![plaatje](javascript:alert(5))",
    "&lt;script&gt;alert(6)&lt;/script&gt; &amp; &#60;b&#62;",
    "<a href='javascript:alert(7)'>link</a>",
    "{{ 7 * 7 }} {% if true %}jinja{% endif %}",
    "**vet** _schuin_ `code` # kop | tabel |",
    "\u202etxt.exe \u200b onzichtbaar",
]


def test_hostile_text_is_shown_literally_everywhere(live: Live, app, staff) -> None:
    """Residents' text with XSS and Markdown tricks: nothing runs, everything reads as typed."""
    import datetime as dt

    from voting_app.models import db

    with app.app_context():
        for i, payload in enumerate(PAYLOADS):
            db.session.add(
                proposal(
                    title=payload[:120],
                    description=payload + " " + "lang " * 400,
                    estimate=100 + i,
                    answer=["nu", "ooit", "nooit"][i % 3],
                    conditions=payload,
                    answer_by=dt.date(2027, 1, 1),
                    reason=payload,
                )
            )
        db.session.commit()
    errors: list[str] = []
    staff.create("anouk", "wijkmanager", ("beekvliet",))
    live.day(TODAY.isoformat())
    page = live.page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live.base}{ROUND}/")
    shown = " ".join(page.inner_text("main").split())
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in shown, payload
    login(page, live.base, "anouk")
    page.goto(f"{live.base}{ADMIN}/")
    for link in page.locator("main table a").all()[:3]:
        link.click()
        assert page.locator("main h1").inner_text()
        page.go_back()
    live.day("2026-12-15")
    page.goto(f"{live.base}{ADMIN}/")
    page.click("text=Sluit de stemronde, tel en publiceer")
    page.wait_for_selector("text=De website is opnieuw gebouwd.", timeout=60_000)
    page.goto(f"{live.base}/wijken/beekvliet/bewonersbudget-2026/")
    site_text = " ".join(page.inner_text("main").split())
    for payload in PAYLOADS:
        assert " ".join(payload.split())[:40] in site_text, payload
    assert errors == []


GRANT = {
    "#title": "Buurtfeest in de Vlinderstraat",
    "#description": "Een middag met muziek, spelletjes en soep voor de hele straat.",
    "#for_whom": "Alle bewoners van de straat",
    "#when": "13 juni 2027",
    "#cost": "150",
    "#own_part": "Wij regelen de tafels, de soep en het opruimen.",
    "#contact_name": "Fatima de Boer",
    "#email": "fatima@voorbeeld.nl",
}
APPLY = "/aanvragen/de-vlinderhof/"


def test_an_application_by_keyboard_without_javascript(live: Live, staff) -> None:
    """Apply, decide and publish with Tab, typing, Enter and Space; no script runs anywhere."""
    import re

    page = live.page(javascript=False)
    # The resident finds the form from the wijk's budget page on the site.
    page.goto(f"{live.base}/wijken/de-vlinderhof/budget/")
    tab_to(page, f"a[href$='{APPLY}']", limit=300)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{APPLY}")
    for selector, text in GRANT.items():
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Space")
    page.wait_for_url("**/aanvragen/status/**")
    main = page.inner_text("main")
    assert "We hebben uw aanvraag ontvangen." in main
    found = re.search(r"Uw nummer is ([A-Z0-9]{4}-[A-Z0-9]{4})\.", main)
    assert found, main
    number, status_url = found.group(1), page.url
    assert "Status: Ontvangen" in main
    page.set_viewport_size({"width": 320, "height": 900})  # WCAG 1.4.10: the long link wraps
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    # A wijkmanager logs in, opens the application and grants it.
    staff.create("mo", "wijkmanager", ("de-vlinderhof",))
    page.goto(f"{live.base}/beheer/login")
    tab_to(page, "#username")
    page.keyboard.type("mo")
    tab_to(page, "#password")
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Enter")
    page.wait_for_url("**/beheer/")
    page.goto(f"{live.base}/beheer/aanvragen/")
    tab_to(page, "main table a")
    assert page.evaluate("document.activeElement.textContent") == number
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/beheer/aanvragen/\d+$"))
    tab_to(page, "input[name=status]")
    page.keyboard.press("ArrowDown")  # from "In behandeling nemen" to "Toekennen"
    assert page.is_checked("input[name=status][value=toegekend]")
    tab_to(page, "#amount")
    page.keyboard.type("150")
    page.keyboard.press("Enter")  # the decision rebuilds the site before the page returns
    page.wait_for_selector("text=Opgeslagen: Toegekend.", timeout=120_000)

    # The rebuilt site and the resident's status page show the grant.
    page.goto(f"{live.base}/wijken/de-vlinderhof/budget/")
    rows = [" ".join(r.split()) for r in page.locator("main tr").all_inner_texts()]
    assert any(number in r and "Toegekend: € 150" in r for r in rows), rows
    page.goto(f"{live.base}/wijken/de-vlinderhof/verantwoording/")
    grant = page.locator(f"#aanvraag-{number.lower()}")
    assert grant.inner_text().startswith(f"{number}: Buurtfeest in de Vlinderstraat")
    assert "Besluit: Toegekend, € 150" in page.inner_text("main")
    page.goto(status_url)
    assert "Status: Toegekend" in page.inner_text("main")
