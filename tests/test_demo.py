"""`wijkwerk serve --demo` walks every phase of a round, and the README shows how.

In-process: the demo's seeding on the test app, then what a resident or the demo's staff
login can do in that phase. tests/test_serve.py starts the real command once.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import ROOT, csrf_token
from voting_app.cli.demo import DEMO_PHONE, demo_round, next_phase, seed
from voting_app.phases import Phase

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
ADMIN = "/beheer/beekvliet/bewonersbudget-2026"
REAL_DAY = dt.date(2026, 12, 1)  # when the example round is voting: the demo still opens ideas


def _post(client, page: str, url: str, **data: object):
    token = csrf_token(client.get(page).data)
    return client.post(url, data={"csrf_token": token, **data})


@pytest.mark.parametrize(
    ("fixed", "phase"),
    [
        (None, Phase.INDIENEN),
        ("2026-10-12", Phase.BEOORDELEN),
        ("2026-11-09", Phase.STEMMEN),
        ("2026-12-14", Phase.TELLEN),
    ],
)
def test_the_demo_opens_each_phase_ready_to_try(app, client, fixed: str | None, phase: Phase):
    app.config["REBUILD_SITE"] = False
    with app.app_context():
        day = dt.date.fromisoformat(fixed) if fixed else REAL_DAY
        ref, day = demo_round(day, fixed=bool(fixed))
        app.config["TODAY"] = day.isoformat()
        seeded = seed(ref, day)
    assert seeded.phase is phase
    login = {"username": "demo", "password": seeded.password}
    assert _post(client, "/beheer/login", "/beheer/login", **login).status_code == 302
    assert seeded.reference is not None
    follow = _post(
        client,
        "/stemmen/mijn-idee",
        "/stemmen/mijn-idee",
        nummer=seeded.reference,
        contact=DEMO_PHONE,
    )
    assert "Bankjes langs de beek" in follow.text
    if phase is Phase.INDIENEN:
        assert "Status: Ontvangen" in follow.text
        assert client.get(f"{ROUND}/idee").status_code == 200
    elif phase is Phase.BEOORDELEN:
        assert "Status: In behandeling" in follow.text
        admin = client.get(f"{ADMIN}/").text
        assert admin.count(">nog niet</td>") == 4  # four ideas wait for an answer
    elif phase is Phase.STEMMEN:
        assert seeded.code is not None
        voted = _post(client, f"{ROUND}/stem", f"{ROUND}/stem", code=seeded.code)
        assert voted.headers["Location"].endswith(f"{ROUND}/kies")
    else:
        published = _post(client, f"{ADMIN}/", f"{ADMIN}/sluiten").text
        assert "5 stemmen geteld" in published
        assert "De uitslag is gepubliceerd." in published


def test_the_readme_walks_the_demo_through_every_phase() -> None:
    from generator import sources
    from voting_app.rounds import RoundRef

    readme = (ROOT / "README.md").read_text()
    wijk = next(w for w in sources.load(ROOT / "wijken").wijken if w.budget.stemrondes)
    ref = RoundRef(wijk, wijk.budget.stemrondes[0])  # the demo's round, as all_rounds()[0]
    phase, walked = Phase.INDIENEN, []
    while (step := next_phase(ref, phase)) is not None:
        phase, start = step
        assert f"WIJKWERK_TODAY={start} make run" in readme, phase
        walked.append(phase)
    assert walked == [Phase.BEOORDELEN, Phase.STEMMEN, Phase.TELLEN]
