"""Ideas: an e-mail address or a Dutch phone number, a reference number to follow the idea,
its status in plain Dutch, ideas that staff type in, and the privacy cleanup of both."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.helpers import Staff, csrf_token, proposal
from voting_app.ideas import dutch_phone
from voting_app.models import AuditEntry, Proposal, db

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
ADMIN = "/beheer/beekvliet/bewonersbudget-2026"
LOOKUP = "/stemmen/mijn-idee"
IDEAS_OPEN, REVIEW = "2026-10-01", "2026-10-20"
IDEA = {
    "title": "Bankje bij de beek",
    "description": "Een bankje langs het pad, om even uit te rusten.",
    "estimate": "900",
}


def _send(client, **contact: str):
    page = client.get(f"{ROUND}/idee")
    return client.post(
        f"{ROUND}/idee", data={"csrf_token": csrf_token(page.data), **IDEA, **contact}
    )


def _look_up(client, nummer: str, contact: str, **kw):
    page = client.get(LOOKUP, **kw)
    data = {"csrf_token": csrf_token(page.data), "nummer": nummer, "contact": contact}
    return client.post(LOOKUP, data=data, **kw)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06-12345678", "0612345678"),
        ("020 123 4567", "0201234567"),
        ("+31 6 1234 5678", "0612345678"),
        ("+31 (0)6 12345678", "0612345678"),
        ("0031 591 123456", "0591123456"),
        ("0612345", None),  # too short
        ("+32 470 12 34 56", None),  # Belgian
        ("06123456789", None),  # too long
        ("bel me", None),
    ],
)
def test_dutch_phone_numbers(typed: str, stored: str | None) -> None:
    assert dutch_phone(typed) == stored


def test_a_phone_number_is_enough_and_the_thanks_page_gives_a_reference(app, client) -> None:
    app.config["TODAY"] = IDEAS_OPEN
    response = _send(client, phone="06-1234 5678")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    (reference,) = re.findall(r"nummer van uw idee is <strong>([A-Z0-9-]+)</strong>", page)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", reference)
    with app.app_context():
        idea = db.session.scalars(select(Proposal)).one()
        assert (idea.reference, idea.phone, idea.email, idea.channel) == (
            reference,
            "0612345678",
            None,
            "online",
        )


def test_an_idea_needs_an_email_address_or_a_dutch_phone_number(app, client) -> None:
    app.config["TODAY"] = IDEAS_OPEN
    neither = _send(client)
    assert neither.status_code == 422
    assert "Vul een e-mailadres of telefoonnummer in." in neither.text
    foreign = _send(client, phone="+44 20 7946 0958")
    assert foreign.status_code == 422
    assert "Vul een Nederlands telefoonnummer in" in foreign.text
    with app.app_context():
        assert db.session.scalars(select(Proposal)).all() == []


def test_the_status_needs_the_number_and_the_contact_given_with_it(app, client) -> None:
    app.config["TODAY"] = IDEAS_OPEN
    assert _send(client, email="Bewoner@Example.org", phone="0612345678").status_code == 302
    with app.app_context():
        reference = db.session.scalars(select(Proposal.reference)).one()
    for contact in ("bewoner@example.org", "+31 6 12345678"):
        page = _look_up(client, reference.lower().replace("-", " "), contact)
        assert page.status_code == 200
        assert "Status: Ontvangen" in page.text
        assert "Bankje bij de beek" in page.text
    for nummer, contact in ((reference, "iemand@example.org"), (reference, "0687654321")):
        refused = _look_up(client, nummer, contact)
        assert refused.status_code == 422
        assert "We vinden geen idee met dit nummer" in refused.text
        assert "Bankje bij de beek" not in refused.text


def test_the_status_follows_the_review_in_plain_dutch(app, client) -> None:
    with app.app_context():
        waiting = proposal(answer=None, cost=None, published=False, phone="0612345678")
        hidden = proposal(answer="nooit", reason="Nog niet gepubliceerd.", published=False)
        nooit = proposal(answer="nooit", reason="Dit kan niet <b>hier</b>.", phone="0611111111")
        nu = proposal(title="Op het biljet", phone="0622222222")
        hidden.phone = "0633333333"
        db.session.add_all([waiting, hidden, nooit, nu])
        db.session.commit()
        refs = {n: p.reference for n, p in (("w", waiting), ("h", hidden), ("x", nooit), ("n", nu))}
    app.config["TODAY"] = REVIEW
    assert "Status: In behandeling" in _look_up(client, refs["w"], "0612345678").text
    shown = _look_up(client, refs["h"], "0633333333").text
    assert "Status: In behandeling" in shown  # an answer not yet published stays hidden
    assert "Nog niet gepubliceerd" not in shown
    refused = _look_up(client, refs["x"], "0611111111").text
    assert "Status: Niet op de stemlijst" in refused
    assert 'De reden: <span class="tekst">Dit kan niet &lt;b&gt;hier&lt;/b&gt;.</span>' in refused
    assert "Status: Op de stemlijst" in _look_up(client, refs["n"], "0622222222").text
    app.config["TODAY"] = "2026-11-21"  # voting: the frozen ballot decides
    assert "Status: Niet op de stemlijst" in _look_up(client, refs["w"], "0612345678").text
    voting = _look_up(client, refs["n"], "0622222222").text
    assert "Status: Op de stemlijst" in voting
    assert "tot en met" in voting


def test_looking_up_is_limited_per_reference_from_any_address(limited_app) -> None:
    app = limited_app()
    client = app.test_client()
    statuses = [
        _look_up(
            client, "K7M3-Q9XD", "0612345678", headers={"X-Forwarded-For": f"198.51.100.{i}"}
        ).status_code
        for i in range(11)
    ]
    assert statuses == [422] * 10 + [429]
    other = _look_up(client, "ABCD-EFGH", "0612345678", headers={"X-Forwarded-For": "192.0.2.1"})
    assert other.status_code == 422


def test_right_lookups_never_lock_a_reference(limited_app) -> None:
    """Only failed tries count: whoever knows a number cannot lock its owner out by using it."""
    app = limited_app(TODAY=IDEAS_OPEN)
    client = app.test_client()
    sent = _send(client, phone="0612345678")
    page = client.get(sent.headers["Location"]).text
    (reference,) = re.findall(r"nummer van uw idee is <strong>([A-Z0-9-]+)</strong>", page)
    statuses = [
        _look_up(
            client, reference, "0612345678", headers={"X-Forwarded-For": f"198.51.100.{i}"}
        ).status_code
        for i in range(12)
    ]
    assert statuses == [200] * 12


def _enter(client, **fields: str):
    page = client.get(f"{ADMIN}/idee-invoeren")
    data = {"csrf_token": csrf_token(page.data), "channel": "telefoon", **IDEA, **fields}
    return client.post(f"{ADMIN}/idee-invoeren", data=data, follow_redirects=True)


def test_staff_type_in_an_idea_that_came_by_phone(app, client, staff: Staff) -> None:
    app.config["TODAY"] = REVIEW  # the review phase too: a letter posted in time comes later
    staff.create("ingrid", "invoerder")  # enters paper ballots only
    staff.login("ingrid")
    assert client.get(f"{ADMIN}/idee-invoeren").status_code == 403
    staff.logout()
    staff.create("anouk", "wijkmanager", ("beekvliet",))
    staff.login("anouk")
    assert "Voer een idee in dat op papier" in client.get(f"{ADMIN}/").text
    late = _enter(client, received_on="2026-10-12")
    assert late.status_code == 422
    assert "Een idee dat later binnenkwam, kan niet meer mee" in late.text
    page = _enter(client, received_on="2026-10-11", phone="020 123 4567")
    assert page.status_code == 200
    with app.app_context():
        idea = db.session.scalars(select(Proposal)).one()
        assert (idea.channel, idea.phone, idea.submitted_on, idea.answer) == (
            "telefoon",
            "0201234567",
            dt.date(2026, 10, 11),
            None,
        )
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "idee ingevoerd")
        ).one()
        assert entry.user is not None
        assert entry.user.username == "anouk"
        assert f"nummer {idea.reference}, per telefoon" in entry.details
    assert f"Het idee is opgeslagen met nummer {idea.reference}." in page.text
    review = client.get(f"{ADMIN}/voorstel/{idea.id}").text
    assert "per telefoon binnengekomen" in review
    assert "0201234567" in review
    assert "Status: In behandeling" in _look_up(client, idea.reference, "0201234567").text


def test_the_privacy_cleanup_clears_phone_numbers_too(app) -> None:
    from voting_app.privacy import purge_contact_details

    with app.app_context():
        db.session.add(proposal(phone="0612345678", answer=None, published=False))
        db.session.add(proposal(email="a@example.org", phone="0687654321"))
        db.session.commit()
        assert purge_contact_details(dt.date(2027, 3, 1)) == 0  # result + 90 days: not yet
        assert purge_contact_details(dt.date(2027, 3, 20)) == 2
        left = db.session.execute(select(Proposal.email, Proposal.phone)).all()
        assert [tuple(row) for row in left] == [(None, None), (None, None)]
