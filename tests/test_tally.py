"""Counting rules on constructed elections: tie-breaks, explanations, pabulib round trips."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from voting_app.cli import main
from voting_app.counting import explain, pabulib, pb_write
from voting_app.counting.election import Ballot, Election, Project, TieBreak, draw_lottery
from voting_app.counting.greedy import greedy
from voting_app.counting.mes import mes


def election(costs: dict[str, int], ballots: list, budget: int) -> Election:
    projects = tuple(Project(pid, cost) for pid, cost in costs.items())
    return Election(projects, tuple(Ballot.approval(b) for b in ballots), budget)


def test_greedy_skips_what_no_longer_fits() -> None:
    e = election({"a": 60, "b": 50, "c": 30}, ["ab", "ab", "a", "bc", "c"], 100)
    outcome = greedy(e, TieBreak())
    # a and b both have 3 votes: the cheaper b goes first; a (60) then no longer fits
    assert outcome.funded == ("b", "c")
    assert outcome.cost == 80


def test_greedy_tie_cheaper_first_then_lottery() -> None:
    e = election({"x": 40, "y": 30, "z": 30}, ["xyz", "xyz"], 60)
    assert greedy(e, TieBreak("cost", lottery=("z", "y"))).funded == ("z", "y")
    assert greedy(e, TieBreak("cost", lottery=("y", "z"))).funded == ("y", "z")
    # pabutools' order: smallest id as a string first
    assert greedy(e, TieBreak("id")).funded == ("x",)


def test_id_tie_break_compares_strings() -> None:
    e = election({"10": 50, "9": 50}, [["10"], ["9"]], 50)
    assert greedy(e, TieBreak("id")).funded == ("10",)  # "10" < "9"


def test_mes_tie_break_prefers_cheaper_then_more_votes() -> None:
    # Two supporters each: both cost a supporter half of its price, so rho ties.
    e = election({"p": 40, "q": 20}, ["p", "p", "q", "q"], 100)
    assert mes(e, TieBreak()).funded == ("q", "p")  # cheaper first
    assert mes(e, TieBreak("id")).funded == ("p", "q")
    # Equal cost and votes: the published lottery decides.
    e = election({"p": 20, "q": 20}, ["p", "p", "q", "q"], 100)
    assert mes(e, TieBreak("cost", lottery=("q", "p"))).funded == ("q", "p")


def test_mes_equal_shares_protects_a_minority() -> None:
    """Greedy gives all to the majority; MES funds the minority's project too."""
    majority = [["m1", "m2", "m3"]] * 7
    e = election(
        {"m1": 30, "m2": 30, "m3": 30, "min": 30}, [*majority, ["min"], ["min"], ["min"]], 90
    )
    assert set(greedy(e, TieBreak()).funded) == {"m1", "m2", "m3"}
    # 3 of 10 voters: 3 x 9 < 30 at first; the add1 completion raises shares to 10.
    assert "min" not in mes(e, TieBreak()).funded
    assert set(mes(e, TieBreak(), "add1").funded) == {"m1", "m2", "min"}


def test_mes_never_funds_a_project_nobody_approved() -> None:
    e = election({"a": 10, "nobody": 1}, ["a", "a"], 100)
    assert "nobody" not in mes(e, TieBreak()).funded
    assert "nobody" not in mes(e, TieBreak(), "add1").funded
    # but the greedy fill-up may, as pabutools does, when money is left
    assert "nobody" in mes(e, TieBreak(), "add1_greedy").funded


def test_budgets_that_exactly_cover_a_cost() -> None:
    """Found by hypothesis: supporters whose budgets add up to exactly the cost."""
    ballots = [[], [], ["p0"], ["p1"], ["p0", "p1", "p2"], ["p0", "p1", "p2", "p3", "p4"]]
    e = election({"p0": 1, "p1": 1, "p2": 1, "p3": 1, "p4": 31}, ballots, 175)
    for completion in ("none", "add1", "add1_greedy"):
        outcome = mes(e, TieBreak("id"), completion)
        assert outcome.cost <= 175


def test_exact_cover_in_the_add1_skip() -> None:
    """Found by hypothesis in CI: the range replay met budgets that exactly cover a cost."""
    ballots = [[], [], ["p0"], ["p1"], ["p0", "p1"], ["p0", "p1", "p2", "p3"]]
    e = election({"p0": 1, "p1": 28, "p2": 5, "p3": 5}, ballots, 88)
    for completion in ("none", "add1", "add1_greedy"):
        assert mes(e, TieBreak("id"), completion).cost <= 88


def test_explanations_in_plain_dutch() -> None:
    ballots = [["a", "b"]] * 3 + [["b"]] * 2 + [["c"]]
    e = election({"a": 40_000, "b": 60_000, "c": 5_000}, ballots, 70_000)
    outcome = greedy(e, TieBreak())
    texts = explain.explanations(e, outcome)
    assert texts["b"] == "Gekozen met 5 stemmen."
    assert texts["a"] == "Niet gekozen: het kost € 40.000, er was nog € 10.000 over."
    assert texts["c"] == "Gekozen met 1 stem."
    completed = mes(e, TieBreak(), "add1_greedy")
    texts = explain.explanations(e, completed)
    assert all(t.startswith(("Gekozen", "Niet gekozen")) for t in texts.values())


def test_euro_formatting() -> None:
    assert explain.euro(45000) == "€ 45.000"
    assert explain.euro(Fraction(12345, 100)) == "€ 123,45"


def test_lottery_is_a_permutation() -> None:
    ids = [str(i) for i in range(20)]
    drawn = draw_lottery(ids)
    assert sorted(drawn) == sorted(ids)


def test_pb_round_trip(tmp_path: Path) -> None:
    e = election({"a": 10, "b;c": 20}, [["a"], ["a", "b;c"], []], 25)
    text = pb_write.write(e, selected=["a"])
    back = pabulib.parse(text)
    assert back.budget == 25
    assert [p.id for p in back.projects] == ["a", "b;c"]
    assert sorted(sorted(b.approved) for b in back.ballots) == [[], ["a"], ["a", "b;c"]]


def test_pb_skips_blank_rows_between_votes() -> None:
    text = (
        "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\na;5\nb;4\n"
        "VOTES\nvoter_id;vote\n1;a,b\n;\n2; a , b\n\n3;b\n"
    )
    ballots = pabulib.parse(text).ballots
    assert [sorted(b.approved) for b in ballots] == [["a", "b"], ["a", "b"], ["b"]]


def test_pb_export_is_anonymous_and_ordered() -> None:
    e = election({"a": 10, "b": 20}, [["b"], ["a"], ["a", "b"]], 25)
    votes = pb_write.write(e).split("VOTES\n")[1].splitlines()
    assert votes == ["voter_id;vote", "1;a", "2;a,b", "3;b"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "META\nkey;value\nbudget;abc\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n",
            3,
            "not a number",
        ),
        (
            "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n"
            "1;1\n2;7\n",
            10,
            "not in PROJECTS",
        ),
        ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5;9\n", 6, "expected 2"),
        ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\n", 6, "VOTES is missing"),
        ("hello\n", 1, "section title"),
    ],
)
def test_malformed_pb_names_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(pabulib.PbError) as info:
        pabulib.parse(text)
    assert info.value.line == line
    assert message in info.value.message


def test_tally_command(tmp_path: Path, runner: CliRunner) -> None:
    e = election({"a": 60, "b": 50, "c": 30}, [["a", "b"], ["a"], ["c"]], 100)
    path = tmp_path / "ronde.pb"
    path.write_text(pb_write.write(e))
    ids = runner.invoke(main, ["tally", str(path), "--rule", "greedy", "--format", "ids"])
    assert ids.exit_code == 0
    assert ids.output.split() == ["a", "c"]
    text = runner.invoke(main, ["tally", str(path), "--rule", "mes"])
    assert text.exit_code == 0
    assert "Gekozen:" in text.output
    assert "Telmethode: eerlijke verdeling" in text.output


def test_tally_command_reports_bad_file(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nbudget;x\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n")
    result = runner.invoke(main, ["tally", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3: budget is not a number" in result.output


# --- a recount from the published file alone --------------------------------------------


def _published(e: Election, rule: str, tie_break: TieBreak) -> str:
    """The file as a stemronde publishes it: selection, recount settings, pabulib order."""
    outcome = {"greedy": greedy, "mes": lambda el, tb: mes(el, tb, "add1_greedy")}[rule](
        e, tie_break
    )
    meta = {"description": "Ronde", "country": "Netherlands", "unit": "Wijk", "instance": "r"}
    meta |= pb_write.recount_meta(rule, outcome, tie_break)
    return pb_write.write(e, outcome.funded, meta=meta, tie_break=tie_break)


def test_tally_needs_no_options_when_only_the_lottery_decides(
    tmp_path: Path, runner: CliRunner
) -> None:
    # Same cost, same votes, room for one: without the lottery, "a" (smallest id) would win.
    e = election({"a": 30, "b": 30}, [["a"], ["b"]], 50)
    official = greedy(e, TieBreak("cost", lottery=("b", "a")))
    assert official.funded == ("b",)
    path = tmp_path / "ronde.pb"
    path.write_text(_published(e, "greedy", TieBreak("cost", lottery=("b", "a"))))
    result = runner.invoke(main, ["tally", str(path), "--format", "ids"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["b"]
    text = runner.invoke(main, ["tally", str(path)])
    assert "Loting (uit het bestand): b, a" in text.output
    # An explicit option still overrides the file.
    by_id = runner.invoke(main, ["tally", str(path), "--tie-break", "id", "--format", "ids"])
    assert by_id.output.split() == ["a"]


def test_tally_reads_the_rule_from_the_file(tmp_path: Path, runner: CliRunner) -> None:
    majority = [["m1", "m2", "m3"]] * 7
    e = election(
        {"m1": 30, "m2": 30, "m3": 30, "min": 30}, [*majority, ["min"], ["min"], ["min"]], 90
    )
    path = tmp_path / "ronde.pb"
    path.write_text(_published(e, "mes", TieBreak()))
    ids = runner.invoke(main, ["tally", str(path), "--format", "ids"])
    assert set(ids.output.split()) == {"m1", "m2", "min"}  # MES, not greedy's m1, m2, m3
    greedy_ids = runner.invoke(main, ["tally", str(path), "--rule", "greedy", "--format", "ids"])
    assert set(greedy_ids.output.split()) == {"m1", "m2", "m3"}


def test_a_file_without_recount_settings_keeps_the_defaults(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = tmp_path / "ronde.pb"
    path.write_text(pb_write.write(election({"a": 30, "b": 30}, [["a"], ["b"]], 50)))
    result = runner.invoke(main, ["tally", str(path), "--format", "ids"])
    assert result.output.split() == ["a"]  # greedy, cost, then id


def test_tally_refuses_a_rule_it_does_not_know(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "ronde.pb"
    text = pb_write.write(election({"a": 30}, [["a"]], 50), meta={"comment": "#1: rule=borda"})
    path.write_text(text)
    result = runner.invoke(main, ["tally", str(path)])
    assert result.exit_code == 1
    assert "META rule='borda' is not one of greedy, mes; choose with --rule" in result.output
    assert runner.invoke(main, ["tally", str(path), "--rule", "greedy"]).exit_code == 0


def test_pb_rule_label_says_what_happened() -> None:
    e = election({"a": 30, "b": 30}, [["a"], ["b"]], 50)
    tb = TieBreak("cost", lottery=("b", "a"))
    assert pb_write.recount_meta("greedy", greedy(e, tb), tb)["rule"] == "greedy"
    # MES funds nothing here (one supporter cannot pay 30); the greedy fill-up funds "b".
    completed = mes(e, tb, "add1_greedy")
    assert [s.by for s in completed.steps] == ["completion"]
    meta = pb_write.recount_meta("mes", completed, tb)
    assert meta["rule"] == "unknown"  # pabulib has no label for MES plus a greedy fill-up
    assert meta["comment"].startswith("#1: rule=mes (Method of Equal Shares with add1")
    assert "which funded 1 project" in meta["comment"]
    assert "#2: tie_break=cost" in meta["comment"]
    assert "#3: lottery=b,a" in meta["comment"]
    plain = election({"p": 40, "q": 20}, ["p", "p", "q", "q"], 60)
    assert pb_write.recount_meta("mes", mes(plain, tb, "add1_greedy"), tb)["rule"] == (
        "equalshares/add1"
    )


def test_pb_meta_keys_in_pabulib_order() -> None:
    e = election({"a": 30, "b": 30}, [["a"]], 50)
    meta = {"currency": "EUR", "date_end": "13.12.2026", "rule": "greedy", "country": "X"}
    text = pb_write.write(e, meta={**meta, "date_begin": "09.11.2026", "description": "R"})
    keys = [line.split(";")[0] for line in text.split("PROJECTS")[0].splitlines()[2:]]
    assert keys == [
        "description",
        "country",
        "num_projects",
        "num_votes",
        "budget",
        "vote_type",
        "rule",
        "date_begin",
        "date_end",
        "currency",
    ]


def test_pb_says_when_the_budget_covers_every_project() -> None:
    text = pb_write.write(election({"a": 30, "b": 20}, [["a"]], 50))
    assert "\nfully_funded;1\n" in text  # else pabulib's checker reports "all projects funded"
    assert "fully_funded" not in pb_write.write(election({"a": 30, "b": 21}, [["a"]], 50))


def test_tally_also_reads_tie_break_and_lottery_keys(tmp_path: Path, runner: CliRunner) -> None:
    e = election({"a": 30, "b": 30, "c": 40}, [["a"], ["b"]], 50)
    path = tmp_path / "ronde.pb"
    path.write_text(pb_write.write(e, meta={"tie_break": "cost", "lottery": "b, a"}))
    assert runner.invoke(main, ["tally", str(path), "--format", "ids"]).output.split() == ["b"]


# --- the recount that starts without click (voting_app.entry) ----------------------------


def _both_starts(path: Path) -> list[list[str]]:
    """Argument lists a resident might type; each must print the same in both starts."""
    file = str(path)
    return [
        [file],
        [file, "--format", "ids"],
        [file, "--rule", "mes"],
        [file, "--rule=mes", "--tie-break=id"],
        ["--rule", "greedy", file, "--format", "ids"],
        [file, "--tie-break", "cost", "--format", "text"],
    ]


def test_a_quick_recount_prints_what_the_click_command_prints(
    tmp_path: Path, runner: CliRunner
) -> None:
    from voting_app.entry import quick_tally

    e = election({"a": 30, "b": 30, "c": 40}, [["a", "c"], ["b"], ["c"]], 70)
    path = tmp_path / "ronde.pb"
    path.write_text(_published(e, "mes", TieBreak("cost", lottery=("b", "a", "c"))))
    for args in _both_starts(path):
        result = runner.invoke(main, ["tally", *args])
        assert result.exit_code == 0, (args, result.output)
        assert quick_tally(args) == result.output, args


def test_anything_unusual_goes_to_click(tmp_path: Path) -> None:
    from voting_app.entry import quick_tally

    path = tmp_path / "ronde.pb"
    path.write_text(pb_write.write(election({"a": 30}, [["a"]], 50)))
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;x\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n")
    borda = tmp_path / "borda.pb"
    borda.write_text(
        pb_write.write(election({"a": 30}, [["a"]], 50), meta={"comment": "#1: rule=borda"})
    )
    file = str(path)
    unusual = [
        [],
        ["--help"],
        [file, "-h"],
        [file, "--rule", "borda"],  # not a rule: click names the choices
        [file, "--rule"],  # no value
        [file, "--rule", "mes", "--rule", "greedy"],  # twice
        [file, "--ruel", "mes"],  # misspelt
        [file, file],  # two files
        [str(tmp_path / "missing.pb")],
        [str(tmp_path)],  # a folder
        [str(bad)],  # click says which line is wrong
        [str(borda)],  # the file names a rule we do not know
    ]
    for args in unusual:
        assert quick_tally(args) is None, args
    assert quick_tally([file, "--format", "ids"]) == "a\n"


@pytest.mark.slow
def test_the_wijkwerk_command_recounts_and_reports_errors_as_before(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    path = tmp_path / "ronde.pb"
    path.write_text(pb_write.write(election({"a": 60, "b": 50, "c": 30}, [["a", "b"], ["c"]], 100)))
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;x\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n")

    def wijkwerk(*args: str) -> subprocess.CompletedProcess[str]:
        script = "import sys; from voting_app.entry import main; sys.argv[0] = 'wijkwerk'; main()"
        return subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, check=False
        )

    counted = wijkwerk("tally", str(path), "--format", "ids")
    assert (counted.returncode, counted.stdout.split(), counted.stderr) == (0, ["c", "b"], "")
    broken = wijkwerk("tally", str(bad))
    assert broken.returncode == 1
    assert f"Error: {bad}:3: budget is not a number" in broken.stderr
    unknown = wijkwerk("tally", str(path), "--rule", "borda")
    assert unknown.returncode == 2
    assert "'borda' is not one of 'greedy', 'mes'" in unknown.stderr
    assert "Usage: wijkwerk" in wijkwerk("--help").stdout
    # A project id with escape codes prints them as U+FFFD, terminal or not, and a stdout
    # that cannot print the euro sign still gets the report.
    odd = tmp_path / "odd.pb"
    odd.write_text(
        pb_write.write(
            election({"c\x1b[31mX\x1b[0m": 10, "d": 5}, [["d"], ["c\x1b[31mX\x1b[0m"]], 15)
        )
    )
    assert wijkwerk("tally", str(odd), "--format", "ids").stdout.split() == [
        "d",
        "c\ufffd[31mX\ufffd[0m",
    ]
    ascii_out = subprocess.run(
        [sys.executable, "-c", "from voting_app.entry import main; main()", "tally", str(path)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert ascii_out.returncode == 0
    assert "€".encode() in ascii_out.stdout


def test_a_broken_gz_file_names_what_is_wrong(tmp_path: Path) -> None:
    import gzip

    text = pb_write.write(election({"a": 30}, [["a"]], 50))
    latin = tmp_path / "latin.pb.gz"
    latin.write_bytes(gzip.compress(text.replace("a", "\u00e9").encode("latin-1")))
    with pytest.raises(pabulib.PbError, match="not UTF-8 text"):
        pabulib.read(latin)
    damaged = bytearray(gzip.compress(text.encode()))
    damaged[12:20] = b"\xff" * 8  # the compressed data, past the header
    broken = tmp_path / "broken.pb.gz"
    broken.write_bytes(bytes(damaged))
    with pytest.raises(pabulib.PbError, match="not a readable gzip file") as info:
        pabulib.read(broken)
    assert info.value.line == 1
    good = tmp_path / "good.pb.gz"
    good.write_bytes(gzip.compress(text.encode()))
    assert pabulib.read(good).budget == 50
