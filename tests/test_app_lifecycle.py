"""One lifecycle for a stemronde: every action in every phase, the frozen ballot, closing and
publishing that cannot be undone or done twice, and paper ballots after the last voting day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from markupsafe import escape
from sqlalchemy import create_engine, select, text

from generator import sources
from generator.build import BuildError
from generator.model import Uitslag
from generator.render import uitslag as uitslag_page
from tests.helpers import (
    ROOT,
    TODAY,
    Staff,
    csrf_token,
    drop_postgres,
    edit,
    postgres_or_skip,
    proposal,
)
from voting_app import ballot_box, code_register, frozen_ballot, lifecycle, phases, results
from voting_app.models import AuditEntry, Proposal, Round, VoteCode, db
from voting_app.phases import ACTIONS, RULES, Phase
from voting_app.rounds import find

WIJK, RONDE = "beekvliet", "bewonersbudget-2026"
ROUND = f"/stemmen/{WIJK}/{RONDE}"
ADMIN = f"/beheer/{WIJK}/{RONDE}"
RESULT = Path("wijken", WIJK, "stemrondes", f"{RONDE}.yaml")

# A day in each phase of Beekvliet's round (indienen 1 Sep - 11 Oct, stemmen 9 Nov - 13 Dec),
# and the days staff closed and published it in the two phases that only staff reach.
DAYS = {
    Phase.VOORBEREIDING: "2026-08-15",
    Phase.INDIENEN: "2026-10-01",
    Phase.BEOORDELEN: "2026-10-20",
    Phase.STEMMEN: TODAY.isoformat(),
    Phase.TELLEN: "2026-12-15",
    Phase.GESLOTEN: "2026-12-15",
    Phase.GEPUBLICEERD: "2026-12-20",
}
CLOSED_ON, PUBLISHED_ON = dt.date(2026, 12, 14), dt.date(2026, 12, 16)
DATES = {
    "indienen_van": "1 september 2026",
    "indienen_tot": "11 oktober 2026",
    "stemmen_van": "9 november 2026",
    "stemmen_tot": "13 december 2026",
    "gesloten_op": "14 december 2026",
    "gepubliceerd_op": "16 december 2026",
}


# --- the table itself --------------------------------------------------------------------


@pytest.mark.parametrize("phase", list(Phase), ids=str)
@pytest.mark.parametrize("action", ACTIONS)
def test_the_table_answers_every_action_in_every_phase(action: str, phase: Phase) -> None:
    message = RULES[action][phase]  # type: ignore[index]
    if message is None:
        return
    words = message.format(**DATES)
    assert "{" not in words
    assert words.endswith(".")
    assert len(words) > 20


@pytest.mark.parametrize(
    ("day", "step", "phase"),
    [
        ("2026-08-31", None, Phase.VOORBEREIDING),
        ("2026-09-01", None, Phase.INDIENEN),
        ("2026-10-11", None, Phase.INDIENEN),
        ("2026-10-12", None, Phase.BEOORDELEN),
        ("2026-11-08", None, Phase.BEOORDELEN),
        ("2026-11-09", None, Phase.STEMMEN),
        ("2026-12-13", None, Phase.STEMMEN),
        ("2026-12-14", None, Phase.TELLEN),
        ("2027-06-01", None, Phase.TELLEN),  # paper ballots until staff close
        ("2026-10-20", "frozen", Phase.STEMMEN),  # voting dates moved later after it opened
        ("2026-11-20", "closed", Phase.GESLOTEN),  # whatever the dates say
        ("2026-09-05", "published", Phase.GEPUBLICEERD),
    ],
)
def test_the_phase_follows_the_dates_then_the_steps_that_stay(
    day: str, step: str | None, phase: Phase
) -> None:
    gemeente = sources.load(ROOT / "wijken")
    ronde = next(w for w in gemeente.wijken if w.id == WIJK).budget.stemrondes[0]
    row = Round(
        closed=step in ("closed", "published"),
        published_on=PUBLISHED_ON if step == "published" else None,
        fingerprint="0" * 64 if step else None,
    )
    assert phases.phase_of(ronde, row, dt.date.fromisoformat(day)) is phase


# --- every action in every phase, through the real routes ---------------------------------


@dataclass
class Matrix:
    app: Any
    client: Any
    project: Path


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def matrix(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Matrix]:
    """One app per database for the whole table, a beheerder logged in; each test resets it."""
    import flask_migrate

    from voting_app import create_app

    root = tmp_path_factory.mktemp("lifecycle")
    shutil.copytree(ROOT / "wijken", root / "wijken")
    url = f"sqlite:///{root / 'app.sqlite'}" if request.param == "sqlite" else postgres_or_skip()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret key, long enough to mean something",
            "SQLALCHEMY_DATABASE_URI": url,
            "WIJKWERK_ROOT": str(root),
            "RATELIMIT_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "REBUILD_SITE": False,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    client = app.test_client()
    staff = Staff(app, client)
    staff.create("fatima", "beheerder")
    staff.login("fatima")
    yield Matrix(app, client, root)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        drop_postgres(url)


@dataclass
class Seeded:
    ids: dict[str, str]  # a, b on the ballot; c not reviewed yet
    letters: dict[int, str]


def _reset(m: Matrix, phase: Phase) -> Seeded:
    """Empty every table but the staff accounts, then seed a round in ``phase``."""
    m.app.config["TODAY"] = DAYS[phase]
    for path in (m.project / "wijken" / WIJK / "stemrondes").glob(f"{RONDE}.*"):
        path.unlink()
    with m.app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            if table.name != "staff_user":
                db.session.execute(table.delete())
        a = proposal(title="Bankjes", estimate=10_000)
        b = proposal(title="Bloemen", estimate=5_000)
        c = proposal(title="Nog te beoordelen", answer=None, cost=None, published=False)
        db.session.add_all([a, b, c])
        letters = {n: code_register.issue_code(WIJK, RONDE, n) for n in (1, 2, 3)}
        db.session.add(
            Round(
                wijk=WIJK,
                ronde=RONDE,
                lottery="",
                next_letter=4,
                closed=phase in (Phase.GESLOTEN, Phase.GEPUBLICEERD),
                closed_on=CLOSED_ON if phase in (Phase.GESLOTEN, Phase.GEPUBLICEERD) else None,
                published_on=PUBLISHED_ON if phase is Phase.GEPUBLICEERD else None,
            )
        )
        db.session.commit()
        ids = {"a": str(a.id), "b": str(b.id), "c": str(c.id)}
    m.client.get(f"{ROUND}/")  # the first visit of a voting phase freezes the ballot
    return Seeded(ids, letters)


def _snapshot(m: Matrix) -> dict[str, list[str]]:
    """Every row of every table but the staff accounts, as text."""
    with m.app.app_context():
        return {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            for table in db.metadata.sorted_tables
            if table.name != "staff_user"
        }


def _act(m: Matrix, action: str, seeded: Seeded):
    """Do ``action`` through its route, as staff or a resident would."""
    token = csrf_token(m.client.get("/beheer/").data)
    ids, letters = seeded.ids, seeded.letters

    def post(path: str, **data: object):
        return m.client.post(path, data={"csrf_token": token, **data})

    if action == "idee_indienen":
        return post(
            f"{ROUND}/idee",
            title="Een bankje",
            description="Een bankje bij de beek, voor iedereen.",
            estimate="800",
            email="bewoner@example.org",
        )
    if action == "stemmen":
        return post(f"{ROUND}/stem", code=letters[1])
    if action == "voorstel_beoordelen":
        return post(
            f"{ADMIN}/voorstel/{ids['c']}", answer="nooit", reason="Kan niet.", published="y"
        )
    if action == "idee_invoeren":
        return post(
            f"{ADMIN}/idee-invoeren",
            channel="papier",
            received_on="2026-10-01",
            title="Een brief over een bankje",
            description="Een bankje bij de beek, voor iedereen.",
            estimate="800",
        )
    if action == "loting_trekken":
        return post(f"{ADMIN}/loting")
    if action == "codes_maken":
        return post(f"{ADMIN}/codes", count="1")
    if action == "code_vervangen":
        return post(f"{ADMIN}/codes/opnieuw", letter="2")
    if action == "papier_invoeren":
        return post(f"{ADMIN}/papier", code=letters[3], keuze=[ids["a"]])
    if action == "stembiljet_printen":
        return m.client.get(f"{ADMIN}/stembiljet")
    if action == "sluiten":
        return post(f"{ADMIN}/sluit")
    assert action == "publiceren"
    return post(f"{ADMIN}/sluiten")


DONE = {  # the status of each action when it is allowed
    "idee_indienen": 302,
    "stemmen": 302,
    "voorstel_beoordelen": 302,
    "idee_invoeren": 302,
    "loting_trekken": 302,
    "codes_maken": 200,
    "code_vervangen": 200,
    "papier_invoeren": 302,
    "stembiljet_printen": 200,
    "sluiten": 302,
    "publiceren": 200,
}
PAGES = {  # the pages of an action that show a form first: refused as well
    "idee_indienen": [f"{ROUND}/idee"],
    "stemmen": [f"{ROUND}/stem", f"{ROUND}/kies"],
    "papier_invoeren": [f"{ADMIN}/papier"],
    "idee_invoeren": [f"{ADMIN}/idee-invoeren"],
}


@pytest.mark.parametrize("phase", list(Phase), ids=str)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_route_asks_the_lifecycle(matrix: Matrix, action: str, phase: Phase) -> None:
    seeded = _reset(matrix, phase)
    before = _snapshot(matrix)
    response = _act(matrix, action, seeded)
    reason = RULES[action][phase]  # type: ignore[index]
    if reason is None:
        assert response.status_code == DONE[action], response.text
        if action == "stemmen":  # the code is right: on to the ballot (only the session knows)
            assert response.headers["Location"].endswith(f"{ROUND}/kies")
        elif action != "stembiljet_printen":
            assert _snapshot(matrix) != before
        if action == "publiceren":
            assert "De uitslag is gepubliceerd." in response.text
        return
    message = str(escape(reason.format(**DATES)))
    assert response.status_code == 409, response.text
    assert message in response.text
    assert _snapshot(matrix) == before  # nothing changed
    for page in PAGES.get(action, []):
        shown = matrix.client.get(page)
        assert shown.status_code == 409
        assert message in shown.text


# --- scenarios on the real routes, on SQLite and PostgreSQL --------------------------------


@pytest.fixture
def ready(app, client, staff: Staff) -> Seeded:
    """Two proposals on the ballot (EUR 30.000 and 9.000), one Nooit, four codes, and a
    wijkmanager logged in; the site is not rebuilt when publishing (the kill test does)."""
    app.config["REBUILD_SITE"] = False
    with app.app_context():
        speeltuin = proposal(title="Speeltuin", description="Een speeltuin.", estimate=30_000)
        bloemen = proposal(title="Bloemen", description="Bloemen langs de weg.", estimate=9_000)
        zwembad = proposal(title="Zwembad", answer="nooit", reason="Te duur.", cost=None)
        db.session.add_all([speeltuin, bloemen, zwembad])
        letters = {n: code_register.issue_code(WIJK, RONDE, n) for n in (1, 2, 3, 4)}
        db.session.add(Round(wijk=WIJK, ronde=RONDE, lottery="", next_letter=5, closed=False))
        db.session.commit()
        ids = {
            "speeltuin": str(speeltuin.id),
            "bloemen": str(bloemen.id),
            "zwembad": str(zwembad.id),
        }
    staff.create("anouk", "wijkmanager", (WIJK,))
    staff.login("anouk")
    return Seeded(ids, letters)


def _token(client) -> str:
    return csrf_token(client.get("/beheer/").data)


def _to_ballot(client, code: str) -> str:
    """Enter a code; return the ballot page's CSRF token."""
    page = client.get(f"{ROUND}/stem")
    entered = client.post(f"{ROUND}/stem", data={"code": code, "csrf_token": csrf_token(page.data)})
    assert entered.status_code == 302, entered.text
    return csrf_token(client.get(f"{ROUND}/kies").data)


def _vote(client, code: str, choices: list[str]):
    token = _to_ballot(client, code)
    return client.post(f"{ROUND}/bevestig", data={"keuze": choices, "csrf_token": token})


def _paper(client, code: str, choices: list[str], invalid: bool = False):
    page = client.get(f"{ADMIN}/papier")
    assert page.status_code == 200, page.text
    data: dict[str, object] = {"code": code, "keuze": choices, "csrf_token": csrf_token(page.data)}
    if invalid:
        data["ongeldig"] = "1"
    return client.post(f"{ADMIN}/papier", data=data)


def _publish(client):
    return client.post(f"{ADMIN}/sluiten", data={"csrf_token": _token(client)})


def _round(app) -> Round:
    with app.app_context():
        row = db.session.get(Round, (WIJK, RONDE))
        assert row is not None
        db.session.expunge(row)
        return row


def _codes(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(VoteCode.status)))


def test_closing_is_irreversible_whatever_the_dates_say(app, client, ready: Seeded) -> None:
    token = _to_ballot(client, ready.letters[1])  # a resident is at the ballot
    app.config["TODAY"] = "2026-12-15"
    closed = client.post(f"{ADMIN}/sluit", data={"csrf_token": _token(client)})
    assert closed.status_code == 302
    assert _round(app).closed
    app.config["TODAY"] = TODAY.isoformat()  # the dates say voting is open again
    late = client.post(
        f"{ROUND}/bevestig", data={"keuze": [ready.ids["bloemen"]], "csrf_token": token}
    )
    assert late.status_code == 409
    assert (
        "De stemronde is gesloten op 15 december 2026. Er kan niet meer gestemd worden."
        in late.text
    )
    page = client.get(f"{ROUND}/stem")
    refused = client.post(
        f"{ROUND}/stem", data={"code": ready.letters[2], "csrf_token": csrf_token(page.data)}
    )
    assert refused.status_code == 409
    paper = client.post(
        f"{ADMIN}/papier",
        data={
            "code": ready.letters[3],
            "keuze": [ready.ids["bloemen"]],
            "csrf_token": _token(client),
        },
    )
    assert paper.status_code == 409
    assert "Er kunnen geen papieren stemmen meer bij." in paper.text
    assert _codes(app) == ["issued"] * 4
    with app.app_context():
        assert ballot_box.count(find(WIJK, RONDE)) == 0
    again = client.post(f"{ADMIN}/sluit", data={"csrf_token": _token(client)})
    assert again.status_code == 409  # closing twice: refused, nothing to undo either


@pytest.mark.parametrize("token", [None, "niet-het-goede-token"])
def test_a_vote_without_its_form_token_is_refused_and_keeps_the_code(
    app, client, ready: Seeded, token: str | None
) -> None:
    _to_ballot(client, ready.letters[1])
    data: dict[str, object] = {"keuze": [ready.ids["bloemen"]]}
    if token:
        data["csrf_token"] = token
    refused = client.post(f"{ROUND}/bevestig", data=data)
    assert refused.status_code == 400
    assert "Open de pagina opnieuw" in refused.text
    assert "used" not in _codes(app)
    # The same session with the page's token still votes once.
    assert _vote(client, ready.letters[1], [ready.ids["bloemen"]]).status_code == 200
    assert _codes(app).count("used") == 1


def test_a_ballot_being_stored_holds_off_the_closing(app, ready: Seeded, db_url: str) -> None:
    """lifecycle.lock_open: while a ballot is being stored, closing waits for it."""
    with app.test_request_context():
        current = lifecycle.state(find(WIJK, RONDE))
        lifecycle.lock_open(current, "stemmen")  # this session now holds the round open
        done = threading.Event()

        def close() -> None:
            engine = create_engine(
                db_url, connect_args={"timeout": 30} if "sqlite" in db_url else {}
            )
            with engine.begin() as conn:
                conn.execute(
                    text("UPDATE round SET closed = true WHERE wijk = :w AND ronde = :r"),
                    {"w": WIJK, "r": RONDE},
                )
            engine.dispose()
            done.set()

        closer = threading.Thread(target=close)
        closer.start()
        assert not done.wait(1.0), "closing did not wait for the ballot being stored"
        db.session.commit()  # the ballot is stored
        closer.join(timeout=30)
        assert done.is_set()
        with pytest.raises(lifecycle.Refused, match="gesloten"):
            lifecycle.lock_open(lifecycle.state(find(WIJK, RONDE)), "stemmen")


def test_the_ballot_freezes_when_voting_opens(app, client, ready: Seeded) -> None:
    """The tester's case: cost 30.000 -> 45.000 and Nu -> Nooit while voting is open."""
    speeltuin = ready.ids["speeltuin"]
    assert _vote(client, ready.letters[1], [speeltuin]).status_code == 200
    page = client.get(f"{ADMIN}/voorstel/{speeltuin}")
    assert page.status_code == 200
    assert "Het stembiljet ligt vast sinds het stemmen begon op 9 november 2026." in page.text
    assert 'name="cost"' not in page.text  # shown, not editable
    before = _snapshot_proposals(app)
    changed = client.post(
        f"{ADMIN}/voorstel/{speeltuin}",
        data={
            "cost": "45000",
            "answer": "nooit",
            "reason": "Toch niet.",
            "published": "y",
            "csrf_token": _token(client),
        },
    )
    assert changed.status_code == 409
    assert "Een voorstel, zijn kosten en zijn antwoord veranderen niet meer." in changed.text
    assert _snapshot_proposals(app) == before
    public = client.get(f"{ROUND}/")
    assert "€ 30.000" in public.text
    assert "€ 45.000" not in public.text
    app.config["TODAY"] = "2026-12-15"
    published = _publish(client)
    assert "De uitslag is gepubliceerd." in published.text, published.text
    uitslag = Uitslag.model_validate(
        yaml.safe_load((app.config["WIJKWERK_ROOT"] / RESULT).read_text())
    )
    kosten = {v.titel: v.kosten for v in uitslag.voorstellen}
    assert kosten == {"Speeltuin": 30_000, "Bloemen": 9_000, "Zwembad": None}
    assert uitslag.stemmen == 1


def _snapshot_proposals(app) -> list[tuple[Any, ...]]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(select(Proposal.__table__)).all()]


def test_the_lottery_is_drawn_before_voting_or_by_the_app_at_the_start(
    app, client, ready: Seeded
) -> None:
    app.config["TODAY"] = "2026-10-20"
    token = _token(client)
    assert client.post(f"{ADMIN}/loting", data={"csrf_token": token}).status_code == 302
    drawn = _round(app).lottery
    assert sorted(drawn.split(",")) == sorted([ready.ids["speeltuin"], ready.ids["bloemen"]])
    # A changed ballot voids the lottery: it would not cover the new proposal.
    with app.app_context():
        db.session.add(proposal(title="Bankje", answer=None, cost=None, published=False))
        db.session.commit()
        bankje = str(
            db.session.scalars(select(Proposal.id).where(Proposal.title == "Bankje")).one()
        )
    saved = client.post(
        f"{ADMIN}/voorstel/{bankje}",
        data={"cost": "2000", "answer": "nu", "published": "y", "csrf_token": token},
        follow_redirects=True,
    )
    assert "de loting is vervallen" in saved.text
    assert _round(app).lottery == ""
    # Voting opens without a lottery: the first visit draws one, over the whole ballot.
    app.config["TODAY"] = TODAY.isoformat()
    page = client.get(f"{ROUND}/")
    row = _round(app)
    order = row.lottery.split(",")
    assert sorted(order) == sorted([ready.ids["speeltuin"], ready.ids["bloemen"], bankje])
    names = {ready.ids["speeltuin"]: "Speeltuin", ready.ids["bloemen"]: "Bloemen", bankje: "Bankje"}
    shown = re.findall(r"<ol class=\"loting\">(.*?)</ol>", page.text, re.S)[0]
    assert re.findall(r"<li>(.*?)</li>", shown) == [names[i] for i in order]
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEntry.action)))
    assert "loting getrokken door de app" in actions
    assert "stembiljet vastgezet" in actions
    redraw = client.post(f"{ADMIN}/loting", data={"csrf_token": _token(client)})
    assert redraw.status_code == 409
    assert "De loting hoort erbij en wordt niet opnieuw getrokken." in redraw.text
    assert _round(app).lottery == row.lottery


def test_the_fingerprint_is_on_the_round_page_and_in_the_result(app, client, ready: Seeded) -> None:
    page = client.get(f"{ROUND}/")
    shown = re.search(r'class="vingerafdruk">([0-9a-f]{64})<', page.text)
    assert shown, page.text
    canonical = client.get(f"{ROUND}/stembiljet.json")
    assert hashlib.sha256(canonical.data).hexdigest() == shown.group(1)
    ballot = canonical.get_json()
    assert [p["titel"] for p in ballot["voorstellen"]] == ["Speeltuin", "Bloemen"]
    assert ballot["regels"] == {"max_bedrag": 50_000, "min_keuzes": 1, "max_keuzes": 5}
    assert ballot["bedrag"] == 50_000
    assert ballot["telmethode"] == "mes"
    assert sorted(ballot["loting"]) == sorted([ready.ids["speeltuin"], ready.ids["bloemen"]])
    app.config["TODAY"] = "2026-12-15"
    assert "De uitslag is gepubliceerd." in _publish(client).text
    written = yaml.safe_load((app.config["WIJKWERK_ROOT"] / RESULT).read_text())
    assert written["vingerafdruk"] == shown.group(1)


def test_changed_rules_in_the_sources_do_not_change_the_count(
    app, client, ready: Seeded, project: Path
) -> None:
    """budget.yaml edited while voting: the app keeps voting and counting with the frozen rules."""
    client.get(f"{ROUND}/")  # voting is open: the ballot freezes
    budget = project / "wijken" / WIJK / "budget.yaml"
    edit(budget, "max_keuzes: 5", "max_keuzes: 1")
    edit(budget, "Beekvliet 2026\n    bedrag: 50000", "Beekvliet 2026\n    bedrag: 45000")
    edit(budget, "max_bedrag: 50000", "max_bedrag: 45000")
    both = [ready.ids["speeltuin"], ready.ids["bloemen"]]
    assert _vote(client, ready.letters[1], both).status_code == 200  # two: the frozen rule
    admin = client.get(f"{ADMIN}/")
    assert "De stemregels in budget.yaml zijn veranderd sinds het stemmen begon." in admin.text
    app.config["TODAY"] = "2026-12-15"
    assert "De uitslag is gepubliceerd." in _publish(client).text
    uitslag = yaml.safe_load((project / RESULT).read_text())
    assert uitslag["bedrag"] == 50_000
    assert uitslag["gekozen_kosten"] == 39_000  # both fit in the frozen 50.000


def test_a_ballot_changed_in_the_database_is_not_published(app, client, ready: Seeded) -> None:
    client.get(f"{ROUND}/")  # the ballot freezes
    with app.app_context():
        speeltuin = db.session.get(Proposal, int(ready.ids["speeltuin"]))
        assert speeltuin is not None
        speeltuin.cost = 45_000  # by hand, in the database
        db.session.commit()
    app.config["TODAY"] = "2026-12-15"
    refused = _publish(client)
    assert "De uitslag is niet gepubliceerd" in refused.text
    assert "vingerafdruk van het stembiljet" in refused.text
    assert not (app.config["WIJKWERK_ROOT"] / RESULT).exists()
    assert _round(app).published_on is None


def test_no_nu_answer_for_more_than_the_round_can_pay(
    app, client, ready: Seeded, project: Path
) -> None:
    app.config["TODAY"] = "2026-10-20"
    zwembad = ready.ids["zwembad"]
    token = _token(client)
    over = client.post(
        f"{ADMIN}/voorstel/{zwembad}",
        data={"cost": "2000000", "answer": "nu", "published": "y", "csrf_token": token},
    )
    assert over.status_code == 422
    assert "Dit voorstel kost meer dan het hele bedrag van de stemronde (€ 50.000)." in over.text
    edit(project / "wijken" / WIJK / "budget.yaml", "max_bedrag: 50000", "max_bedrag: 20000")
    costly = client.post(
        f"{ADMIN}/voorstel/{zwembad}",
        data={"cost": "25000", "answer": "nu", "published": "y", "csrf_token": token},
    )
    assert costly.status_code == 422
    assert "meer dan een stem mag kosten (€ 20.000)" in costly.text
    with app.app_context():
        assert db.session.scalar(select(Proposal.answer).where(Proposal.id == int(zwembad))) == (
            "nooit"
        )
    # The speeltuin (30.000) is already Nu: the round page warns.
    assert "Speeltuin kost € 30.000: meer dan een stem mag kosten" in client.get(f"{ADMIN}/").text


def test_no_codes_without_enough_proposals_for_a_valid_ballot(
    app, client, ready: Seeded, project: Path
) -> None:
    app.config["TODAY"] = "2026-10-20"
    edit(project / "wijken" / WIJK / "budget.yaml", "min_keuzes: 1", "min_keuzes: 3")
    admin = client.get(f"{ADMIN}/")
    warning = "Er staan 2 voorstellen op het stembiljet, maar een stem kiest er minstens 3."
    assert warning in admin.text
    made = client.post(f"{ADMIN}/codes", data={"count": "2", "csrf_token": _token(client)})
    assert made.status_code == 409
    assert f"Er zijn geen stemcodes gemaakt. {warning}" in made.text
    assert len(_codes(app)) == 4
    edit(project / "wijken" / WIJK / "budget.yaml", "min_keuzes: 3", "min_keuzes: 2")
    edit(project / "wijken" / WIJK / "budget.yaml", "max_bedrag: 50000", "max_bedrag: 35000")
    too_dear = client.post(f"{ADMIN}/codes", data={"count": "2", "csrf_token": _token(client)})
    assert too_dear.status_code == 409
    assert "De 2 goedkoopste voorstellen kosten samen € 39.000" in too_dear.text


def test_publishing_twice_does_not_rewrite_the_result(app, client, ready: Seeded) -> None:
    assert _vote(client, ready.letters[1], [ready.ids["bloemen"]]).status_code == 200
    app.config["TODAY"] = "2026-12-15"
    first = _publish(client)
    assert "De uitslag is gepubliceerd." in first.text
    result = app.config["WIJKWERK_ROOT"] / RESULT
    written, stamp = result.read_bytes(), result.stat().st_mtime_ns
    assert _round(app).published_on == dt.date(2026, 12, 15)
    app.config["TODAY"] = "2026-12-20"
    again = _publish(client)
    assert again.status_code == 409
    assert (
        "De uitslag is al gepubliceerd op 15 december 2026. Er is niets opnieuw geschreven."
        in again.text
    )
    assert result.read_bytes() == written
    assert result.stat().st_mtime_ns == stamp
    assert "De uitslag is gepubliceerd op 15 december 2026." in client.get(f"{ADMIN}/").text


def test_a_publish_that_fails_in_the_rebuild_leaves_the_old_state(
    app, client, ready: Seeded, monkeypatch
) -> None:
    """The round shows as gepubliceerd only once the result files and the site are written."""
    assert _vote(client, ready.letters[1], [ready.ids["bloemen"]]).status_code == 200
    app.config["TODAY"] = "2026-12-15"
    app.config["REBUILD_SITE"] = True
    result = app.config["WIJKWERK_ROOT"] / RESULT
    seen: list[tuple[bool, dt.date | None]] = []

    def broken(_project, _today=None):
        seen.append((result.exists(), _round(app).published_on))
        raise BuildError("mkdocs: het thema ontbreekt")

    monkeypatch.setattr(results.site_build, "build", broken)
    failed = _publish(client)
    assert failed.status_code == 200  # the page streams; the failure is its last step
    assert "De uitslag is niet gepubliceerd" in failed.text
    assert "mkdocs: het thema ontbreekt" in failed.text
    assert seen == [(True, None)]  # the result was written, the round not yet published
    assert not result.exists()  # and is taken back
    row = _round(app)
    assert row.closed
    assert row.published_on is None
    admin = client.get(f"{ADMIN}/")
    assert "Fase: <strong>gesloten</strong>" in admin.text
    assert "Tel en publiceer de uitslag" in admin.text  # retry

    def works(_project, _today=None):
        seen.append((result.exists(), _round(app).published_on))

    monkeypatch.setattr(results.site_build, "build", works)
    retried = _publish(client)
    assert "De stemronde was al gesloten" in retried.text
    assert "De website is opnieuw gebouwd." in retried.text
    assert "De uitslag is gepubliceerd." in retried.text
    assert seen[-1] == (True, None)
    assert _round(app).published_on == dt.date(2026, 12, 15)
    assert yaml.safe_load(result.read_text())["stemmen"] == 1


def test_a_publish_stopped_mid_stream_can_be_retried(app, ready: Seeded) -> None:
    """A browser that goes away (or a proxy timeout) closes the stream between two steps."""
    app.config["TODAY"] = "2026-12-15"
    result = app.config["WIJKWERK_ROOT"] / RESULT
    with app.test_request_context():
        ref = find(WIJK, RONDE)
        lock = results.PublishLock(ref)
        steps = results.publish_steps(ref)
        done = [next(steps) for _ in range(3)]  # closed, counted, written
        assert done[2].startswith("De uitslag staat in")
        assert result.exists()
        steps.close()  # the stream ends here
        lock.release()
        assert not result.exists()
        assert lifecycle.state(ref).phase is Phase.GESLOTEN
        assert results.publish(ref)[-1] == "De uitslag is gepubliceerd."
        assert lifecycle.state(ref).phase is Phase.GEPUBLICEERD


def test_a_second_publish_at_the_same_time_is_refused(app, client, ready: Seeded) -> None:
    app.config["TODAY"] = "2026-12-15"
    with app.test_request_context():
        lock = results.PublishLock(find(WIJK, RONDE))  # a publish is running
    try:
        second = _publish(client)
    finally:
        lock.release()
    assert second.status_code == 409
    assert "Deze uitslag wordt op dit moment al gepubliceerd." in second.text
    assert not _round(app).closed


def test_paper_ballots_after_the_last_day_until_closed_and_invalid_ones(
    app, client, ready: Seeded, project: Path
) -> None:
    assert _vote(client, ready.letters[1], [ready.ids["speeltuin"]]).status_code == 200
    app.config["TODAY"] = "2026-12-16"  # after the last voting day
    page = client.get(f"{ROUND}/stem")
    assert page.status_code == 409  # online: no
    assert _paper(client, ready.letters[2], [ready.ids["bloemen"]]).status_code == 302
    invalid = _paper(client, ready.letters[3], [], invalid=True)
    assert invalid.status_code == 302
    assert "telt mee voor de opkomst" in client.get(f"{ADMIN}/papier").text
    twice = _paper(client, ready.letters[3], [], invalid=True)
    assert "Met deze stemcode is al gestemd." in twice.text
    assert _codes(app) == ["issued", "used", "used", "used"]
    staff_page = " ".join(client.get(f"{ADMIN}/").text.split())
    assert "Stemmen: 2, en 1 ongeldig papieren stembiljet." in staff_page
    assert "Papieren stembiljetten invoeren" in staff_page
    published = _publish(client)
    assert "2 stemmen geteld" in published.text
    assert "De uitslag is gepubliceerd." in published.text
    written = Uitslag.model_validate(yaml.safe_load((project / RESULT).read_text()))
    assert (written.stemmen, written.ongeldig, written.stemcodes) == (2, 1, 4)
    votes = {v.titel: v.stemmen for v in written.voorstellen if v.stemmen is not None}
    assert votes == {"Speeltuin": 1, "Bloemen": 1}
    gemeente = sources.load(project / "wijken")
    wijk = next(w for w in gemeente.wijken if w.id == WIJK)
    page_text = uitslag_page.page(wijk, written)
    assert "3 bewoners van de 4 met een stemcode hebben gestemd (75%)." in page_text
    assert "Eén papieren stembiljet was ongeldig" in page_text
    assert f"`{written.vingerafdruk}`" in page_text


def test_the_printable_paper_ballot(app, client, ready: Seeded) -> None:
    app.config["TODAY"] = "2026-10-20"
    draft = client.get(f"{ADMIN}/stembiljet")
    assert draft.status_code == 200
    assert "Concept: het stembiljet ligt pas vast" in draft.text
    # Also on the paper itself, outside what the printer leaves out.
    printed = draft.text.split('<article class="biljet">')[1]
    assert "<h1>Concept, niet gebruiken: Stembiljet:" in printed
    app.config["TODAY"] = TODAY.isoformat()
    page = client.get(f"{ADMIN}/stembiljet")
    assert page.status_code == 200
    assert "Concept" not in page.text
    assert "Kies 1 tot 5 voorstellen. Samen mogen uw keuzes niet meer kosten dan € 50.000." in (
        page.text
    )
    assert "<strong>Speeltuin</strong>: € 30.000" in page.text
    assert "<strong>Bloemen</strong>: € 9.000" in page.text
    assert "Zwembad" not in page.text
    assert page.text.count('class="vakje"') == 2
    assert "Uw stemcode" in page.text
    assert 'class="vingerafdruk"' in page.text
    assert "/static/app.css" in page.text
    assert "@media print" in (ROOT / "voting_app" / "static" / "app.css").read_text()


def test_the_result_page_shows_the_new_fields_only_when_present() -> None:
    gemeente = sources.load(ROOT / "wijken")
    wijk = next(w for w in gemeente.wijken if w.id == WIJK)
    base: dict[str, Any] = {
        "ronde": RONDE,
        "titel": "Bewonersbudget",
        "vastgesteld": dt.date(2026, 12, 15),
        "telmethode": "greedy",
        "gelijke_stand": "het goedkoopste voorstel eerst",
        "bedrag": 50_000,
        "stemcodes": 10,
        "stemmen": 4,
        "gekozen_kosten": 0,
    }
    plain = uitslag_page.page(wijk, Uitslag.model_validate(base))
    assert "4 bewoners van de 10 met een stemcode hebben gestemd (40%). De uitslag" in plain
    assert "ongeldig" not in plain
    assert "Vingerafdruk" not in plain
    fuller = uitslag_page.page(
        wijk, Uitslag.model_validate(base | {"ongeldig": 2, "vingerafdruk": "ab" * 32})
    )
    assert "6 bewoners van de 10 met een stemcode hebben gestemd (60%)." in fuller
    assert "2 papieren stembiljetten waren ongeldig" in fuller
    assert f"Vingerafdruk van het stembiljet: `{'ab' * 32}`" in fuller


# --- a worker killed in the middle of publishing -------------------------------------------

CODE_KEY = "a code key for the kill test, long enough for production"
SECRET = "a session key for the kill test, long enough for production"


@pytest.fixture
def gunicorn(app, db_url: str, project: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``tests.killable_publish`` under gunicorn (one worker): its first rebuild waits."""
    from voting_app.cli.serve import free_port

    port, marker = free_port(), tmp_path / "rebuilding"
    env = {
        **os.environ,
        "WIJKWERK_SECRET_KEY": SECRET,
        "WIJKWERK_CODE_KEY": CODE_KEY,
        "WIJKWERK_SQLALCHEMY_DATABASE_URI": db_url,
        "WIJKWERK_WIJKWERK_ROOT": str(project),
        "WIJKWERK_TODAY": "2026-12-15",
        "WIJKWERK_RATELIMIT_ENABLED": "false",
        "WIJKWERK_SESSION_COOKIE_SECURE": "false",
        "WIJKWERK_TEST_REBUILD_MARKER": str(marker),
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "4"]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "300", "tests.killable_publish:app"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url)
        yield url, marker
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/stemmen/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {seconds} s")


def _staff_session(url: str) -> requests.Session:
    s = requests.Session()
    page = s.get(f"{url}/beheer/login", timeout=30)
    data = {
        "username": "anouk",
        "password": "correct horse battery staple",
        "csrf_token": csrf_token(page.text),
    }
    assert s.post(f"{url}/beheer/login", data=data, timeout=30).status_code == 200
    return s


@pytest.mark.slow
def test_a_worker_killed_while_publishing_leaves_a_state_that_can_be_retried(
    app, ready: Seeded, project: Path, gunicorn: tuple[str, Path]
) -> None:
    url, marker = gunicorn
    app.config["CODE_KEY"] = CODE_KEY  # the codes and the sealed ballots of the server
    with app.app_context():
        db.session.execute(VoteCode.__table__.delete())  # new codes, under the server's key
        codes = {n: code_register.issue_code(WIJK, RONDE, n) for n in (1, 2)}
        db.session.commit()
    assert _vote(app.test_client(), codes[1], [ready.ids["bloemen"]]).status_code == 200
    s = _staff_session(url)
    token = csrf_token(s.get(f"{url}{ADMIN}/", timeout=30).text)
    failures: list[BaseException] = []

    def press_publish() -> None:
        try:
            s.post(f"{url}{ADMIN}/sluiten", data={"csrf_token": token}, timeout=120)
        except requests.RequestException as exc:  # the worker dies under it
            failures.append(exc)

    pressing = threading.Thread(target=press_publish)
    pressing.start()
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), "publishing never reached the site rebuild"
    os.kill(int(marker.read_text()), signal.SIGKILL)  # kill -9, in the middle of the rebuild
    pressing.join(timeout=60)
    assert failures, "the publish request should have died with its worker"

    row = _round(app)
    assert row.closed
    assert row.published_on is None  # not shown as gepubliceerd
    result = project / RESULT
    written = result.read_bytes()  # what the killed worker wrote before the rebuild
    assert not (project / "site" / "wijken" / WIJK / RONDE).exists()  # the site: as it was
    _wait_for(url)  # gunicorn started a new worker
    s = _staff_session(url)
    admin = s.get(f"{url}{ADMIN}/", timeout=30).text
    assert "Fase: <strong>gesloten</strong>" in admin
    assert "De uitslag is gepubliceerd op" not in admin

    token = csrf_token(admin)
    retried = s.post(f"{url}{ADMIN}/sluiten", data={"csrf_token": token}, timeout=300)
    assert "De website is opnieuw gebouwd." in retried.text, retried.text
    assert "De uitslag is gepubliceerd." in retried.text
    assert result.read_bytes() == written  # the same result, byte for byte
    assert (project / "site" / "wijken" / WIJK / RONDE / "index.html").is_file()
    assert _round(app).published_on == dt.date(2026, 12, 15)
    again = s.post(f"{url}{ADMIN}/sluiten", data={"csrf_token": token}, timeout=60)
    assert again.status_code == 409
    assert result.read_bytes() == written


def test_a_frozen_ballot_edited_in_the_database_is_not_used() -> None:
    """The stored text must still have its fingerprint, or nothing is checked or counted by it."""
    text = '{"bedrag":1,"loting":[],"regels":{},"telmethode":"greedy","voorstellen":[]}'
    good = frozen_ballot.fingerprint(text)
    assert frozen_ballot.FrozenBallot.parse(text, good).fingerprint == good
    with pytest.raises(ValueError, match="fingerprint"):
        frozen_ballot.FrozenBallot.parse(text.replace('"bedrag":1', '"bedrag":9'), good)
