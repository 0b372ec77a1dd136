"""The stimuleringsregeling in the app: apply, follow a secret link, staff decide, site shows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator import sources
from tests.helpers import TODAY, csrf_token

FORM = {
    "title": "Buurtfeest in de Vlinderstraat",
    "description": "Een middag met muziek, spelletjes en soep voor de hele straat.",
    "for_whom": "Alle bewoners van de straat",
    "when": "13 juni 2027",
    "cost": "150",
    "own_part": "Wij regelen de tafels, de soep en het opruimen.",
    "group_name": "",
    "contact_name": "Fatima de Boer",
    "email": "fatima@voorbeeld.nl",
    "phone": "",
}
HOSTILE = {
    "title": "<script>alert(1)</script>",
    "description": "**vet** [klik](javascript:alert(1)) <img src=x onerror=alert(1)> {{ 7*7 }}",
    "for_whom": "| kolom | { #id } ![x](http://e.example/x.png)",
}


def _apply(client, wijk: str = "de-vlinderhof", **changes: str):
    page = client.get(f"/aanvragen/{wijk}/")
    data = {**FORM, **changes, "csrf_token": csrf_token(page.data)}
    return client.post(f"/aanvragen/{wijk}/", data=data)


def _decide(client, app_id: int, **data: str):
    page = client.get(f"/beheer/aanvragen/{app_id}")
    return client.post(
        f"/beheer/aanvragen/{app_id}", data={**data, "csrf_token": csrf_token(page.data)}
    )


def _only_application(app):
    from voting_app.models import Application, db

    with app.app_context():
        return db.session.scalars(db.select(Application)).one()


def test_an_application_walks_to_a_decision_and_into_the_rebuilt_site(
    app, client, staff, project: Path
) -> None:
    page = client.get("/aanvragen/de-vlinderhof/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "hoogstens € 1.500" in text
    assert "binnen 4 weken" in text

    response = _apply(client)
    assert response.status_code == 302
    status_url = response.headers["Location"]
    match = re.search(r"/aanvragen/status/([^?]+)", status_url)
    assert match is not None
    token = match.group(1)
    status = client.get(status_url).get_data(as_text=True)
    a = _only_application(app)
    assert f"Uw nummer is <strong>{a.number}</strong>" in status
    assert "Status: Ontvangen" in status
    assert "uiterlijk op 19 december 2026" in status  # received 21 November, four weeks
    assert token not in (a.token_hash, a.number)

    staff.create("mo", "wijkmanager", ("de-vlinderhof",))
    staff.login("mo")
    listing = client.get("/beheer/aanvragen/").get_data(as_text=True)
    assert a.number in listing
    assert "Te laat" not in listing
    assert _decide(client, a.id, status="in_behandeling").status_code == 302
    assert "Status: In behandeling" in client.get(status_url).get_data(as_text=True)
    assert not (project / "wijken/de-vlinderhof/toekenningen.yaml").read_text().count(a.number)

    refused = _decide(client, a.id, status="toegekend", amount="400")
    assert refused.status_code == 422  # 150 is left on the line (and 150 was asked)
    assert "U kent meer toe dan is gevraagd" in refused.get_data(as_text=True)

    app.config["REBUILD_SITE"] = True
    assert _decide(client, a.id, status="toegekend", amount="150").status_code == 302
    grants = sources.load(project / "wijken").wijken
    vlinderhof = next(w for w in grants if w.id == "de-vlinderhof")
    decided = next(t for t in vlinderhof.toekenningen if t.nummer == a.number)
    assert (decided.status, decided.bedrag, decided.besloten) == ("toegekend", 150, TODAY)
    file_text = (project / "wijken/de-vlinderhof/toekenningen.yaml").read_text()
    assert file_text.startswith("# yaml-language-server")
    assert "Niet met de hand aanpassen" in file_text
    assert "fatima" not in file_text.lower()  # contact details never leave the app
    built = project / "site/wijken/de-vlinderhof/verantwoording/index.html"
    assert "Buurtfeest in de Vlinderstraat" in built.read_text()
    assert "Status: Toegekend" in client.get(status_url).get_data(as_text=True)

    app.config["REBUILD_SITE"] = False
    assert _decide(client, a.id, status="uitbetaald").status_code == 302
    assert _decide(client, a.id, status="verantwoord").status_code == 302
    final = client.get(status_url).get_data(as_text=True)
    assert "Status: Verantwoord" in final
    assert "Uitbetaald op 21 november 2026" in final
    assert _decide(client, a.id, status="toegekend", amount="1").status_code == 422


def test_the_line_cannot_be_granted_beyond_what_is_free(app, client, staff) -> None:
    _apply(client, cost="400")
    a = _only_application(app)
    staff.create("mo", "wijkmanager", ("de-vlinderhof",))
    staff.login("mo")
    response = _decide(client, a.id, status="toegekend", amount="400")
    assert response.status_code == 422
    assert "Er is nog € 150 vrij op deze begrotingspost." in response.get_data(as_text=True)


def test_a_refusal_needs_a_reason_and_shows_it(app, client, staff) -> None:
    app.config["REBUILD_SITE"] = False
    response = _apply(client)
    status_url = response.headers["Location"]
    a = _only_application(app)
    staff.create("mo", "wijkmanager", ("de-vlinderhof",))
    staff.login("mo")
    assert _decide(client, a.id, status="afgewezen", reason=" ").status_code == 422
    assert _decide(client, a.id, status="afgewezen", reason="Dit is al betaald.").status_code == 302
    page = client.get(status_url).get_data(as_text=True)
    assert "Status: Afgewezen" in page
    assert "Dit is al betaald." in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cost": "2000"}, "U kunt hoogstens € 1.500 aanvragen."),
        ({"email": "", "phone": ""}, "Vul een e-mailadres of telefoonnummer in."),
        ({"phone": "bel me"}, "Vul een telefoonnummer in zoals 0999 123 456."),
        ({"own_part": ""}, "Schrijf op wat u of uw groep zelf doet of betaalt."),
    ],
)
def test_the_form_says_what_to_fix(client, changes: dict[str, str], message: str) -> None:
    response = _apply(client, **changes)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_phone_alone_is_enough(client) -> None:
    assert _apply(client, email="", phone="0999 123 456").status_code == 302


def test_the_status_page_needs_the_secret_link(app, client) -> None:
    _apply(client)
    a = _only_application(app)
    assert client.get(f"/aanvragen/status/{a.number}").status_code == 404
    assert client.get(f"/aanvragen/status/{a.token_hash}").status_code == 404
    assert client.get("/aanvragen/onbekend/").status_code == 404


def test_applications_past_the_term_are_flagged(app, client, staff) -> None:
    from voting_app.models import Application, db

    _apply(client)
    with app.app_context():
        a = db.session.scalars(db.select(Application)).one()
        a.received_on = TODAY - dt.timedelta(weeks=5)
        a.due_on = TODAY - dt.timedelta(weeks=1)
        db.session.commit()
    staff.create("mo", "wijkmanager", ("de-vlinderhof",))
    staff.login("mo")
    listing = client.get("/beheer/aanvragen/").get_data(as_text=True)
    assert "1 aanvraag is te laat" in listing
    assert '<strong class="te-laat">Te laat</strong>' in listing


def test_staff_only_decide_for_their_own_wijk(app, client, staff) -> None:
    _apply(client)
    a = _only_application(app)
    staff.create("ann", "wijkmanager", ("centrum",))
    staff.login("ann")
    assert a.number not in client.get("/beheer/aanvragen/").get_data(as_text=True)
    assert client.get(f"/beheer/aanvragen/{a.id}").status_code == 403
    staff.logout()
    anonymous = client.get(f"/beheer/aanvragen/{a.id}")
    assert anonymous.status_code == 302
    assert "/beheer/login" in anonymous.headers["Location"]


def test_hostile_text_is_shown_literally_in_the_app_and_on_the_site(
    app, client, staff, project: Path
) -> None:
    status_url = _apply(client, **HOSTILE).headers["Location"]
    a = _only_application(app)
    staff.create("mo", "wijkmanager", ("de-vlinderhof",))
    staff.login("mo")
    for page in (client.get(status_url), client.get(f"/beheer/aanvragen/{a.id}")):
        text = page.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "<img src=x" not in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
        assert "{{ 7*7 }}" in text
    app.config["REBUILD_SITE"] = True
    assert _decide(client, a.id, status="toegekend", amount="150").status_code == 302
    generated = project / "site_src/docs/wijken/de-vlinderhof"
    for name in ("verantwoording.md", "budget.md"):
        assert "<script>" not in (generated / name).read_text()
    html = (project / "site/wijken/de-vlinderhof/verantwoording/index.html").read_text()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert '<img src="x"' not in html
    assert "**vet**" in html  # literal, not bold


def test_the_eleventh_application_in_an_hour_from_one_address_is_refused(limited_app) -> None:
    app = limited_app()
    client = app.test_client()

    def send(address: str):
        headers = {"X-Forwarded-For": address}
        page = client.get("/aanvragen/de-vlinderhof/", headers=headers)
        data = {**FORM, "csrf_token": csrf_token(page.data)}
        return client.post("/aanvragen/de-vlinderhof/", data=data, headers=headers)

    statuses = [send("203.0.113.7").status_code for _ in range(10)]
    assert statuses == [302] * 10
    refused = send("203.0.113.7")
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "<h1>Te veel aanvragen</h1>" in text
    assert "Probeer het over een uur opnieuw." in text
    assert "stemcode" not in text  # the page speaks of applications, not of voting
    assert send("203.0.113.8").status_code == 302  # a neighbour can still apply


def test_a_decision_without_a_choice_says_so_at_the_choices(app, client, staff) -> None:
    _apply(client)
    a = _only_application(app)
    staff.create("mo", "wijkmanager", ("de-vlinderhof",))
    staff.login("mo")
    response = _decide(client, a.id)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert '<a href="#status">Besluit: Kies een besluit.</a>' in text  # the summary's link ...
    fieldset = re.search(r"<fieldset[^>]*>.*?</fieldset>", text, re.S)
    assert fieldset is not None
    assert 'id="status"' in fieldset.group(0)  # ... lands on the choices
    assert 'aria-describedby="status-fout"' in fieldset.group(0)
    assert re.search(r'id="status-fout">.*Kies een besluit\.', fieldset.group(0))


def test_the_privacy_cleanup_clears_applicants_90_days_after_the_end(app, client, staff) -> None:
    import datetime as dt

    from voting_app.models import Application, db
    from voting_app.privacy import purge_applicant_contacts

    app.config["REBUILD_SITE"] = False
    _apply(client, phone="0999 123 456")
    _apply(client, title="Nog open", phone="0999 654 321")
    with app.app_context():
        first, second = db.session.scalars(db.select(Application).order_by(Application.id))
        first_id, second_id = first.id, second.id
    staff.create("mo", "wijkmanager", ("de-vlinderhof",))
    staff.login("mo")
    assert _decide(client, first_id, status="afgewezen", reason="Past niet.").status_code == 302
    with app.app_context():
        first = db.session.get(Application, first_id)
        assert first is not None
        decided = first.decided_on
        assert decided is not None
        assert purge_applicant_contacts(decided + dt.timedelta(days=90)) == 0  # not yet
        assert purge_applicant_contacts(decided + dt.timedelta(days=91)) == 1
        rows = db.session.execute(
            db.select(Application.id, Application.email, Application.phone).order_by(Application.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        (first_id, None, None),
        (second_id, "fatima@voorbeeld.nl", "0999 654 321"),  # still open: kept
    ]
