"""The letters with vote codes, as a resident holds them: read the PDF, scan its QR codes.

The PDF comes from the staff download; its pages are rendered with PDFium and the QR codes
read with zxing-cpp, as a phone would, and the link is opened in the app.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp

from tests.helpers import ROOT, Staff, csrf_token, pdf_text, proposal

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
ADMIN = "/beheer/beekvliet/bewonersbudget-2026"
PUBLIC = "https://wijken.dijkstede.example"
NAMES = ["Ayşe Şahin", "Łukasz Wąsowski", "Nguyễn Thị Minh Khai"]
SHOTS = ROOT / "screenshots"
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture
def manager(app, staff: Staff, client) -> str:
    """A beheerder logged in, one proposal on the ballot, the public address configured."""
    from voting_app.models import db

    with app.app_context():
        db.session.add(proposal(title="Bankjes bij de beek"))
        db.session.commit()
    app.config["PUBLIC_URL"] = PUBLIC + "/"
    staff.create("anouk", "beheerder")
    staff.login("anouk")
    return csrf_token(client.get(f"{ADMIN}/").data)


def _download(client, token: str, addresses: str | None = None, count: int = 1):
    """The staff download: letter number -> (code, name and address), and the PDF."""
    data: dict[str, object] = {"csrf_token": token, "count": str(count)}
    if addresses is not None:
        data["recipients"] = (io.BytesIO(addresses.encode()), "adressen.csv")
    response = client.post(f"{ADMIN}/codes", data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.text[:500]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    rows = list(csv.reader(io.StringIO(archive.read("codes.csv").decode()), delimiter=";"))
    letters = {int(r[0]): (r[1], r[2]) for r in rows[1:]}
    return letters, archive.read("brieven.pdf")


def _scan(page: pypdfium2.PdfPage) -> list[str]:
    """What a phone's camera reads from the printed page: the texts of its QR codes."""
    image = page.render(scale=150 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image)]


def _box_mm(page: pypdfium2.PdfPage, text: str) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of ``text`` on the page, in mm from the top left."""
    textpage = page.get_textpage()
    found = textpage.search(text).get_next()
    assert found, f"{text!r} is not on the page"
    start, count = found
    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
    height = page.get_height()
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    top, bottom = max(b[3] for b in boxes), min(b[1] for b in boxes)
    return left / MM, (height - top) / MM, right / MM, (height - bottom) / MM


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the PDF is the same on both
def test_each_letter_carries_its_own_code_and_prints_every_name(client, manager) -> None:
    addresses = "naam;adres;plaats\n" + "".join(
        f"{name};Weideweg {n};9999 AB Dijkstede\n" for n, name in enumerate(NAMES, start=1)
    )
    letters, pdf = _download(client, manager, addresses)
    assert len(pdf) < 150_000  # the fonts are embedded as subsets, not whole (1.4 MB)
    texts = pdf_text(pdf)
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == len(NAMES) == len(letters)
    for number, page, text in zip(sorted(letters), document, texts, strict=True):
        code, recipient = letters[number]
        name = recipient.split(" / ")[0]
        words = " ".join(text.split())
        # The QR code opens this letter's code on the configured site; the page shows both.
        assert _scan(page) == [f"{PUBLIC}{ROUND}/stem?code={code.replace('-', '')}"]
        assert code in words
        assert f"{PUBLIC}{ROUND}/stem " in words + " "
        # The name as written, inside the window of a window envelope (20/50 mm, 85 x 45 mm).
        assert name in words
        assert "?" not in name
        left, top, right, bottom = _box_mm(page, name)
        assert left > 20, left
        assert right < 105, right
        assert top > 50, top
        assert bottom < 95, bottom
        # Sender, date, money, help and where to vote on paper, from the example sources.
        for expected in [
            "Gemeente Dijkstede",
            "Datum 21 november 2026",
            "€ 50.000",
            "Bel 14 0999 of mail naar info@dijkstede.example.",
            "Wijkoverleg Beekvliet: dinsdag 1 december 2026, 20.00 tot 22.00 uur, "
            "Clubhuis De Beek, Weideweg 12",
            f"Brief {number}.",
        ]:
            assert expected in words, expected
    assert [n for n in NAMES if n in "\n".join(texts)] == NAMES
    SHOTS.mkdir(exist_ok=True)
    document[0].render(scale=110 / 72).to_pil().save(SHOTS / "letter.png")


def test_the_qr_code_opens_the_ballot_with_the_code_accepted(app, client, manager) -> None:
    letters, pdf = _download(client, manager, count=2)
    (link,) = _scan(pypdfium2.PdfDocument(pdf)[0])
    url = urlsplit(link)
    assert f"{url.scheme}://{url.netloc}" == PUBLIC
    resident = app.test_client()

    opened = resident.get(f"{url.path}?{url.query}")
    assert opened.status_code == 303
    assert opened.headers["Location"] == f"{ROUND}/kies"  # on, without the code
    assert opened.headers["Referrer-Policy"] == "no-referrer"
    ballot = resident.get(opened.headers["Location"])
    assert ballot.status_code == 200
    assert "Bankjes bij de beek" in ballot.text

    # A code that is not right, and the one already used: the usual Dutch messages.
    code = letters[1][0].replace("-", "")
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    refused = resident.get(f"{ROUND}/stem?code={typo}", follow_redirects=True)
    assert refused.request.path == f"{ROUND}/stem"
    assert not refused.request.args
    assert refused.status_code == 422
    assert "Deze stemcode klopt niet." in refused.text

    token = csrf_token(ballot.data)
    choice = [_proposal_id(app)]
    resident.post(f"{ROUND}/kies", data={"keuze": choice, "csrf_token": token})
    receipt = resident.post(f"{ROUND}/bevestig", data={"keuze": choice, "csrf_token": token})
    assert receipt.status_code == 200
    again = resident.get(f"{url.path}?{url.query}", follow_redirects=True)
    assert again.status_code == 422
    assert "Met deze stemcode is al gestemd." in again.text


def _proposal_id(app) -> str:
    from voting_app.models import Proposal, db

    with app.app_context():
        return str(db.session.query(Proposal.id).scalar())


def test_the_session_holds_no_code_hash_and_a_forged_one_cannot_vote(app, client, manager) -> None:
    """The session cookie is signed, not encrypted: it must not carry the register's key.

    Someone holding SECRET_KEY (to sign a session) and a copy of the database (the hashes)
    tries to vote with a letter whose code they never saw.
    """
    from flask.sessions import SecureCookieSessionInterface

    from voting_app.models import VoteCode, db

    letters, _ = _download(client, manager, count=2)
    resident = app.test_client()
    assert resident.get(f"{ROUND}/stem?code={letters[1][0]}").status_code == 303
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    carried = serializer.loads(resident.get_cookie("session").value)["stem"]["code"]
    with app.app_context():
        hashes = set(db.session.scalars(db.select(VoteCode.hash)))
    assert carried not in hashes
    assert not any(h in carried for h in hashes)
    attacker = app.test_client()
    for forged in [*hashes, carried[:-2] + ("00" if carried[-2:] != "00" else "11")]:
        with attacker.session_transaction() as session:
            session["stem"] = {"wijk": "beekvliet", "ronde": "bewonersbudget-2026", "code": forged}
        page = attacker.get(f"{ROUND}/kies")
        assert page.status_code == 302  # back to the code step: no ballot without a code
        assert page.location.endswith(f"{ROUND}/stem")
    with app.app_context():
        assert set(db.session.scalars(db.select(VoteCode.status))) == {"issued"}


def test_a_letter_scanned_before_voting_opens_shows_no_page_at_its_address(
    app, client, staff: Staff
) -> None:
    from voting_app.models import db

    app.config["TODAY"] = "2026-11-01"  # letters are made and posted before voting opens
    with app.app_context():
        db.session.add(proposal(title="Bankjes bij de beek"))
        db.session.commit()
    staff.create("anouk", "beheerder")
    staff.login("anouk")
    letters, _ = _download(client, csrf_token(client.get(f"{ADMIN}/").data), count=1)
    resident = app.test_client()
    scanned = resident.get(f"{ROUND}/stem?code={letters[1][0]}")
    assert (scanned.status_code, scanned.location) == (303, f"{ROUND}/stem")
    assert resident.get(scanned.location).status_code == 409  # which says why, without code


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the limiter is the same on both
def test_a_scanned_code_counts_against_the_code_limits(limited_app) -> None:
    resident = limited_app().test_client()
    wrong = f"{ROUND}/stem?code=ABCDEFGHJKMNPQ"
    said = []
    for _ in range(11):
        answer = resident.get(wrong)
        # Even when refused for trying too often, the scan moves on to an address without
        # the code, so no page stays in the phone's history with it.
        assert (answer.status_code, answer.location) == (303, f"{ROUND}/stem")
        said.append(resident.get(answer.location).text)
    assert all("Deze stemcode klopt niet." in page for page in said[:10])
    assert "te vaak een stemcode geprobeerd" in said[10]  # 10 tries per code an hour
    assert "Deze stemcode klopt niet." not in said[10]  # the 11th was not even checked
    form = resident.get(f"{ROUND}/stem")  # the form itself is never locked
    assert form.status_code != 429
    assert "Uw stemcode" in form.text


def test_a_long_title_and_many_meetings_still_end_above_the_footer() -> None:
    from generator import sources
    from voting_app.letter_page import Afzender, Letter, letters_pdf

    wijk = next(w for w in sources.load(ROOT / "wijken").wijken if w.id == "beekvliet")
    ronde = wijk.budget.stemrondes[0].model_copy(
        update={"titel": "Bewonersbudget voor Beekvliet-Noord, Beekvliet-Zuid en De Weiden " * 2}
    )
    meeting = wijk.info.overleggen[0]
    far = meeting.model_copy(update={"plaats": "Buurthuis De Poort, grote zaal boven, " * 3})
    help_from = Afzender("Gemeente Dijkstede", ronde.stemmen.van, "14 0999", "a@b.example")
    pdf = letters_pdf(
        wijk.info.naam, ronde, [Letter(7, "ABCD-EFGH-JKMN-PQ")], PUBLIC, help_from, [far] * 3
    )
    page = pypdfium2.PdfDocument(pdf)[0]
    assert _box_mm(page, "Met vriendelijke groet,")[3] + 6 < _box_mm(page, "Brief 7.")[1]
    assert _box_mm(page, "Aan de bewoner")[1] > 50  # no list: the letter goes to the household


def test_a_name_too_long_for_the_window_is_cut_short_in_no_time() -> None:
    """An over-long line ends in "…" inside the window; found by halving, not char by char."""
    from generator import sources
    from voting_app.letter_page import Afzender, Letter, letters_pdf

    wijk = next(w for w in sources.load(ROOT / "wijken").wijken if w.id == "beekvliet")
    ronde = wijk.budget.stemrondes[0]
    help_from = Afzender("Gemeente Dijkstede", ronde.stemmen.van, "14 0999", "a@b.example")
    letter = Letter(7, "ABCD-EFGH-JKMN-PQ", ("Wouter " * 1_500, "Weideweg 1"))
    started = time.perf_counter()
    pdf = letters_pdf(wijk.info.naam, ronde, [letter], PUBLIC, help_from)
    took = time.perf_counter() - started
    (text,) = pdf_text(pdf)
    shown = next(line for line in text.splitlines() if line.startswith("Wouter"))
    assert shown.endswith("…")
    assert 20 < len(shown) < 80
    assert _box_mm(pypdfium2.PdfDocument(pdf)[0], shown)[2] < 105  # inside the window
    assert "Weideweg 1" in text
    assert took < 5, f"{took:.1f} s"  # 10,500 characters took about 20 s one by one
