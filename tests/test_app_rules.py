"""Every ballot rule holds on the server, even when the HTML form is bypassed."""

from __future__ import annotations

import pytest

from tests.helpers import csrf_token, proposal
from voting_app.code_register import issue_code
from voting_app.models import Ballot, Proposal, VoteCode, db

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"


@pytest.fixture
def ballot_ready(app, client):
    """Seven proposals on the ballot, one in another round, and a voter at the ballot."""
    with app.app_context():
        for i in range(7):
            db.session.add(
                proposal(
                    title=f"Idee {i}",
                    description="Een idee.",
                    estimate=5000,
                    cost=5000 + i,
                )
            )
        db.session.add(
            proposal(
                wijk="centrum",
                ronde="elders",
                title="Elders",
                description="Ander.",
                estimate=1,
            )
        )
        db.session.add(
            proposal(
                title="Verborgen",
                description="Niet gepubliceerd.",
                estimate=1,
                published=False,
            )
        )
        code = issue_code("beekvliet", "bewonersbudget-2026", 1)
        db.session.commit()
        ids = {p.title: str(p.id) for p in db.session.query(Proposal)}
    page = client.get(f"{ROUND}/stem")
    client.post(f"{ROUND}/stem", data={"code": code, "csrf_token": csrf_token(page.data)})
    token = csrf_token(client.get(f"{ROUND}/kies").data)
    return ids, token


def _confirm(client, token: str, choices: list[str]):
    return client.post(f"{ROUND}/bevestig", data={"keuze": choices, "csrf_token": token})


@pytest.mark.parametrize(
    ("pick", "message"),
    [
        (lambda ids: [], "Kies minstens 1"),
        (lambda ids: [ids[f"Idee {i}"] for i in range(6)], "hoogstens 5"),
        (lambda ids: [ids["Elders"]], "niet op dit stembiljet"),
        (lambda ids: [ids["Verborgen"]], "niet op dit stembiljet"),
        (lambda ids: [ids["Idee 0"], ids["Idee 0"]], "twee keer"),
        (lambda ids: ["abc"], "niet op dit stembiljet"),
    ],
)
def test_rules_hold_without_the_form(app, client, ballot_ready, pick, message: str) -> None:
    ids, token = ballot_ready
    response = _confirm(client, token, pick(ids))
    assert response.status_code == 409
    assert message in response.text
    with app.app_context():
        assert db.session.query(Ballot).count() == 0
        assert db.session.query(VoteCode).one().status == "issued"


def test_no_votes_once_voting_has_closed(app, client, ballot_ready) -> None:
    ids, token = ballot_ready
    app.config["TODAY"] = "2026-12-14"
    response = _confirm(client, token, [ids["Idee 1"]])
    assert response.status_code == 409
    assert "niet open" in response.text
    with app.app_context():
        assert db.session.query(Ballot).count() == 0
