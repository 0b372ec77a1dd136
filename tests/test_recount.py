"""A published stemronde recounts to the same result from its `.pb` alone, and passes pabulib.

Each round is published through the app (SQLite and PostgreSQL); then `wijkwerk tally` runs
on the written file with no options, and pabulib's own checker reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import sources
from tests.helpers import TODAY, csrf_token, edit, proposal
from voting_app.cli import main

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
PB = "wijken/beekvliet/stemrondes/bewonersbudget-2026.pb"


def _vote(client, code: str, choices: list[str]) -> None:
    page = client.get(f"{ROUND}/stem")
    entered = client.post(f"{ROUND}/stem", data={"code": code, "csrf_token": csrf_token(page.data)})
    assert entered.status_code == 302, entered.text
    token = csrf_token(client.get(f"{ROUND}/kies").data)
    done = client.post(f"{ROUND}/bevestig", data={"keuze": choices, "csrf_token": token})
    assert done.status_code == 200, done.text


def _publish(app, client, ideas: list[int], ballots: list[list[int]], lottery: list[int]):
    """Put ``ideas`` (costs) on the ballot, cast ``ballots`` (idea numbers), publish.

    ``lottery`` orders the idea numbers as the drawn lottery; returns the proposal ids.
    """
    from voting_app import results
    from voting_app.code_register import issue_code
    from voting_app.models import db
    from voting_app.rounds import find

    app.config["REBUILD_SITE"] = False
    with app.app_context():
        made = [proposal(title=f"Idee {i}", estimate=cost) for i, cost in enumerate(ideas)]
        db.session.add_all(made)
        db.session.flush()
        ids = [str(p.id) for p in made]
        ref = find("beekvliet", "bewonersbudget-2026")
        state = results.round_state(ref)
        state.lottery = ",".join(ids[i] for i in lottery)
        codes = [
            issue_code("beekvliet", "bewonersbudget-2026", n) for n in range(1, 1 + len(ballots))
        ]
        db.session.commit()
    for code, choice in zip(codes, ballots, strict=True):
        _vote(client, code, [ids[i] for i in choice])
    app.config["TODAY"] = "2026-12-15"
    with app.app_context():
        results.publish(find("beekvliet", "bewonersbudget-2026"))
    app.config["TODAY"] = TODAY.isoformat()
    return ids


def _funded(project: Path) -> set[str]:
    gemeente = sources.load(project / "wijken")
    wijk = next(w for w in gemeente.wijken if w.id == "beekvliet")
    uitslag = wijk.uitslag("bewonersbudget-2026")
    assert uitslag is not None
    return {v.id for v in uitslag.gekozen}


def _check(text: str) -> dict:
    """pabulib-checker's verdict on one file: its errors and warnings."""
    from pabulib.checker import Checker  # type: ignore[import-untyped]  # MIT, untyped

    verdict = Checker().process_files([text])
    assert verdict["metadata"]["processed"] == 1
    (file,) = (v for k, v in verdict.items() if k not in ("metadata", "summary"))
    return file["results"]


def _meta(text: str) -> dict[str, str]:
    head = text.split("\nPROJECTS\n")[0].splitlines()[2:]
    return dict(line.split(";", 1) for line in head)


@pytest.mark.parametrize(("telmethode", "label"), [("greedy", "greedy"), ("mes", "unknown")])
def test_a_round_decided_by_the_lottery_recounts_without_options(
    app, client, project: Path, runner: CliRunner, telmethode: str, label: str
) -> None:
    edit(project / "wijken/beekvliet/budget.yaml", "telmethode: mes", f"telmethode: {telmethode}")
    # Two ideas of EUR 30.000, one vote each, money for one: only the lottery decides. It puts
    # the second first, so a recount that ignored it (smallest id first) would pick the other.
    ids = _publish(app, client, [30_000, 30_000], [[0], [1]], lottery=[1, 0])
    assert _funded(project) == {ids[1]}
    pb = project / PB
    recount = runner.invoke(main, ["tally", str(pb), "--format", "ids"])
    assert recount.exit_code == 0, recount.output
    assert set(recount.output.split()) == _funded(project)

    text = pb.read_text()
    meta = _meta(text)
    assert meta["num_votes"] == "2"
    assert meta["rule"] == label  # MES funded nothing; the greedy fill-up chose the winner
    assert f"rule={telmethode} (" in meta["comment"]
    assert f"lottery={ids[1]},{ids[0]}" in meta["comment"]
    assert (meta["date_begin"], meta["date_end"]) == ("09.11.2026", "13.12.2026")
    # The ballot rules: 1 to 5 choices (2 proposals on the ballot), at most EUR 50.000.
    assert (meta["min_length"], meta["max_length"], meta["max_sum_cost"]) == ("1", "2", "50000")
    assert _check(text)["errors"] == {}


def test_a_mes_round_passes_pabulib_checker_and_recounts(
    app, client, project: Path, runner: CliRunner
) -> None:
    # MES with EUR 12.500 a voter: the two who want ideas 0 and 2 pay for both; the two who
    # want idea 1 (30.000) cannot, and all three would not fit. No fill-up is needed.
    ids = _publish(app, client, [12_000, 30_000, 9_000], [[0, 2], [0, 2], [1], [1]], [0, 1, 2])
    assert _funded(project) == {ids[0], ids[2]}
    text = (project / PB).read_text()
    assert _meta(text)["rule"] == "equalshares/add1"
    # With this label the checker recounts MES with add1 itself: a different result is an error.
    assert _check(text)["errors"] == {}
    recount = runner.invoke(main, ["tally", str(project / PB), "--format", "ids"])
    assert set(recount.output.split()) == {ids[0], ids[2]}
