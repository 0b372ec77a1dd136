"""A whole stemronde through the HTTP interface, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from generator import sources
from tests.helpers import TODAY, Staff, csrf_token
from tests.test_wording import problems

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
ADMIN = "/beheer/beekvliet/bewonersbudget-2026"
IDEAS = [
    ("Bankjes bij de beek", 12_000),
    ("Speeltuin De Weiden", 30_000),
    ("Bloemen langs de Weideweg", 9_000),
    ("Zwembad in de wijk", 2_000_000),
]


def propose(client, title: str, estimate: int, **extra: str):
    page = client.get(f"{ROUND}/idee")
    data = {
        "title": title,
        "description": f"{title}: goed voor iedereen in de wijk.",
        "estimate": str(estimate),
        "own_part": "Ik help mee.",
        "email": "bewoner@example.org",
        "csrf_token": csrf_token(page.data),
        **extra,
    }
    return client.post(f"{ROUND}/idee", data=data)


def vote(client, code: str, choices: list[str]):
    """Code, choice, confirm; returns the last response."""
    page = client.get(f"{ROUND}/stem")
    entered = client.post(f"{ROUND}/stem", data={"code": code, "csrf_token": csrf_token(page.data)})
    if entered.status_code != 302:
        return entered
    ballot = client.get(f"{ROUND}/kies")
    token = csrf_token(ballot.data)
    checked = client.post(f"{ROUND}/kies", data={"keuze": choices, "csrf_token": token})
    if b"Controleer uw keuze" not in checked.data:
        return checked
    return client.post(f"{ROUND}/bevestig", data={"keuze": choices, "csrf_token": token})


def codes_from(response) -> dict[int, str]:
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.read("brieven.pdf").startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO(archive.read("codes.csv").decode()), delimiter=";"))
    return {int(r[0]): r[1] for r in rows[1:]}


@pytest.mark.slow
def test_a_whole_round(app, client, staff: Staff, project: Path) -> None:
    # 1. Ideas, while sending in is open. A bad form keeps what was typed.
    app.config["TODAY"] = "2026-10-01"
    bad = propose(client, "", 0, description="Mijn mooie idee voor de wijk, uitgebreid.")
    assert bad.status_code == 422
    assert "Vul dit in." in bad.text
    assert "Mijn mooie idee voor de wijk, uitgebreid." in bad.text
    spam = propose(client, "Koop nu", 10, website="http://spam.example")
    assert spam.status_code == 422
    for title, estimate in IDEAS:
        assert propose(client, title, estimate).status_code == 302

    # 2. The wijkmanager answers: three Nu with a cost, one Nooit with a reason.
    staff.create("anouk", "wijkmanager", ("beekvliet",))
    staff.create("ingrid", "invoerder")
    staff.login("anouk")
    app.config["TODAY"] = "2026-10-20"
    admin = client.get(f"{ADMIN}/")
    assert admin.status_code == 200
    ids = re.findall(rf"{ADMIN}/voorstel/(\d+)", admin.text)
    assert len(ids) == 4
    answers = {ids[0]: ("nu", "15000"), ids[1]: ("nu", "30000"), ids[2]: ("nu", "9000")}
    for pid, (answer, cost) in answers.items():
        page = client.get(f"{ADMIN}/voorstel/{pid}")
        done = client.post(
            f"{ADMIN}/voorstel/{pid}",
            data={
                "answer": answer,
                "cost": cost,
                "published": "y",
                "csrf_token": csrf_token(page.data),
            },
        )
        assert done.status_code == 302
    page = client.get(f"{ADMIN}/voorstel/{ids[3]}")
    refused = client.post(
        f"{ADMIN}/voorstel/{ids[3]}",
        data={"answer": "nooit", "published": "y", "csrf_token": csrf_token(page.data)},
    )
    assert refused.status_code == 422
    assert "Bij Nooit hoort een reden." in refused.text
    client.post(
        f"{ADMIN}/voorstel/{ids[3]}",
        data={
            "answer": "nooit",
            "reason": "Te duur voor het wijkbudget.",
            "published": "y",
            "csrf_token": csrf_token(page.data),
        },
    )

    # 3. The lottery before voting, then the codes (and letters) as a ZIP.
    token = csrf_token(client.get(f"{ADMIN}/").data)
    client.post(f"{ADMIN}/loting", data={"csrf_token": token})
    letters = codes_from(client.post(f"{ADMIN}/codes", data={"count": "5", "csrf_token": token}))
    assert sorted(letters) == [1, 2, 3, 4, 5]
    staff.logout()

    # 4. Voting.
    app.config["TODAY"] = TODAY.isoformat()
    ballot = client.get(f"{ROUND}/kies")  # no code yet: back to step 1
    assert ballot.status_code == 302
    over = vote(client, letters[1], [ids[0], ids[1], ids[2]])  # 54.000 > 50.000
    assert over.status_code == 422
    assert "Dat is meer dan € 50.000" in over.text
    receipt = vote(client, letters[1], [ids[0], ids[2]])
    assert receipt.status_code == 200
    assert "Bedankt voor uw stem" in receipt.text
    # When and where the result comes, in the site's date style.
    assert "De uitslag komt op 18 december 2026." in receipt.text
    assert 'href="/wijken/beekvliet/bewonersbudget-2026/"' in receipt.text
    assert problems(receipt.text) == []
    again = vote(client, letters[1], [ids[1]])
    assert again.status_code == 422
    assert "Met deze stemcode is al gestemd." in again.text
    typo = letters[4][:-1] + ("2" if letters[4][-1] != "2" else "3")
    wrong = vote(client, typo, [ids[1]])
    assert wrong.status_code == 422
    assert "klopt niet" in wrong.text
    nooit = vote(client, letters[4], [ids[3]])  # not on the ballot
    assert nooit.status_code == 422
    assert vote(client, letters[4], [ids[1]]).status_code == 200

    # 5. A paper ballot, entered by an invoerder, uses its code.
    staff.login("ingrid")
    page = client.get(f"{ADMIN}/papier")
    entered = client.post(
        f"{ADMIN}/papier",
        data={"code": letters[2], "keuze": [ids[1]], "csrf_token": csrf_token(page.data)},
    )
    assert entered.status_code == 302
    twice = client.post(
        f"{ADMIN}/papier",
        data={"code": letters[2], "keuze": [ids[1]], "csrf_token": csrf_token(page.data)},
    )
    assert "al gestemd" in twice.text
    assert client.get(f"{ADMIN}/").status_code == 403  # invoerders do not manage rounds
    staff.logout()
    assert vote(client, letters[2], [ids[0]]).status_code == 422

    # 6. A lost letter: re-issuing voids the old code.
    staff.login("anouk")
    token = csrf_token(client.get(f"{ADMIN}/").data)
    new = codes_from(
        client.post(f"{ADMIN}/codes/opnieuw", data={"letter": "3", "csrf_token": token})
    )
    staff.logout()
    old = vote(client, letters[3], [ids[0]])
    assert "vervangen" in old.text
    assert vote(client, new[3], [ids[0], ids[2]]).status_code == 200

    # 7. After voting: close, count, write back, rebuild the site.
    app.config["TODAY"] = "2026-12-15"
    staff.login("anouk")
    token = csrf_token(client.get(f"{ADMIN}/").data)
    published = client.post(f"{ADMIN}/sluiten", data={"csrf_token": token})
    assert published.status_code == 200, published.text
    assert "4 stemmen geteld" in published.text
    gemeente = sources.load(project / "wijken")
    uitslag = next(w for w in gemeente.wijken if w.id == "beekvliet").uitslag("bewonersbudget-2026")
    assert uitslag is not None
    assert uitslag.stemmen == 4
    assert uitslag.stemcodes == 5
    votes = {v.titel: v.stemmen for v in uitslag.voorstellen if v.stemmen is not None}
    assert votes == {
        "Bankjes bij de beek": 2,
        "Speeltuin De Weiden": 2,
        "Bloemen langs de Weideweg": 2,
    }
    # MES, 4 voters with EUR 12.500 each: the two who want Bankjes and Bloemen can pay both;
    # the two who want the Speeltuin (30.000) can not, and all three would cost 54.000.
    assert {v.titel for v in uitslag.gekozen} == {
        "Bankjes bij de beek",
        "Bloemen langs de Weideweg",
    }
    page = project / "site/wijken/beekvliet/bewonersbudget-2026/index.html"
    html = page.read_text()
    assert "Gekozen: Bankjes bij de beek" in html
    assert problems(html) == []
    overzicht = (project / "site/wijken/beekvliet/index.html").read_text()
    assert 'href="bewonersbudget-2026/"' in overzicht  # the result, from the wijk's front page
    assert (project / "site/wijken/beekvliet/bewonersbudget-2026.pb").is_file()
    budget = (project / "site/wijken/beekvliet/budget/index.html").read_text()
    assert "Stemronde: Bewonersbudget Beekvliet 2026" in budget  # funded items in spending
    assert "De uitslag is bekend." in budget
    pb = (project / "wijken/beekvliet/stemrondes/bewonersbudget-2026.pb").read_text()
    assert all(code.replace("-", "") not in pb for code in letters.values())
