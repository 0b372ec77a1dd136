"""Odd characters residents can type or paste never crash a page or break a recount."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import Staff, csrf_token, edit
from voting_app.counting import pabulib, pb_write
from voting_app.counting.election import Ballot, Election, Project

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"


@pytest.mark.parametrize(
    ("path", "field"),
    [(f"{ROUND}/idee", "title"), ("/beheer/login", "username"), (f"{ROUND}/idee", "description")],
)
def test_a_control_character_gets_a_dutch_400_on_both_databases(
    app: Flask, client: FlaskClient, path: str, field: str
) -> None:
    app.config["TODAY"] = "2026-10-01"  # ideas are open
    page = client.get(path)
    data = {
        "title": "Bankjes",
        "description": "Vier bankjes langs het pad bij de beek.",
        "estimate": "1000",
        "email": "bewoner@example.org",
        "username": "anouk",
        "password": "correct horse battery staple",
        "csrf_token": csrf_token(page.data),
    }
    data[field] = data[field][:3] + "\x00" + data[field][3:]
    answer = client.post(path, data=data)
    assert answer.status_code == 400
    assert "onzichtbaar teken" in answer.text


def test_a_line_break_in_a_name_keeps_the_pb_recountable() -> None:
    election = Election(
        (Project("1", 10, "Bankjes\rin het park"), Project("2", 5, "Een\nboom")),
        (Ballot.approval(["1"]), Ballot.approval(["2"])),
        15,
    )
    back = pabulib.parse(pb_write.write(election))
    assert sorted(p.name for p in back.projects) == ["Bankjes in het park", "Een boom"]
    assert sorted(sorted(b.approved) for b in back.ballots) == [["1"], ["2"]]


def test_a_title_is_kept_on_one_line(app: Flask, client: FlaskClient) -> None:
    from voting_app.models import Proposal, db

    app.config["TODAY"] = "2026-10-01"
    page = client.get(f"{ROUND}/idee")
    sent = client.post(
        f"{ROUND}/idee",
        data={
            "title": "Bankjes\rin  het park",
            "description": "Vier bankjes langs het pad bij de beek.",
            "estimate": "1000",
            "email": "bewoner@example.org",
            "csrf_token": csrf_token(page.data),
        },
    )
    assert sent.status_code == 302, sent.text
    with app.app_context():
        assert db.session.query(Proposal).one().title == "Bankjes in het park"


def test_a_broken_source_elsewhere_stops_a_grant_decision_with_a_message(
    app: Flask, client: FlaskClient, staff: Staff, project: Path
) -> None:
    """A typo in another wijk's file: the decision waits, staff are told why, nothing is lost."""
    from voting_app.models import Application, db

    page = client.get("/aanvragen/de-vlinderhof/")
    form = {
        "title": "Buurtfeest",
        "description": "Een middag met muziek en soep voor de hele straat.",
        "for_whom": "De straat",
        "when": "13 juni 2027",
        "cost": "150",
        "own_part": "Wij regelen de tafels.",
        "contact_name": "Fatima de Boer",
        "email": "fatima@voorbeeld.nl",
        "csrf_token": csrf_token(page.data),
    }
    assert client.post("/aanvragen/de-vlinderhof/", data=form).status_code == 302
    with app.app_context():
        application_id = db.session.scalars(db.select(Application.id)).one()
    staff.create("mo", "beheerder")
    staff.login("mo")
    edit(project / "wijken/centrum/wop.yaml", "themas:", "onzin: [\nthemas:")
    page = client.get(f"/beheer/aanvragen/{application_id}")
    decision = {"status": "toegekend", "amount": "100", "csrf_token": csrf_token(page.data)}
    answer = client.post(f"/beheer/aanvragen/{application_id}", data=decision)
    assert answer.status_code == 422, answer.text
    assert "wop.yaml" in answer.text
    with app.app_context():
        kept = db.session.get(Application, application_id)
        assert kept is not None
        assert kept.status == "ontvangen"
