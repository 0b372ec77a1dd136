"""The rooms of the code and what each may import; lean commands; one list of commands.

See docs/architecture.md. These tests read the import statements of every module (so a
forbidden import fails even on a path no other test runs) and run the commands in a fresh
interpreter to see what they really load.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import ROOT, shared_path
from voting_app.cli import COMMANDS, load, main

WEB_STACK = {"flask", "flask_wtf", "flask_sqlalchemy", "flask_migrate", "flask_limiter"}
WEB_STACK |= {"sqlalchemy", "alembic", "werkzeug", "wtforms", "psycopg", "redis"}


def _imports(path: Path) -> set[str]:
    """Every module an import statement in ``path`` names (function-level ones included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _offending(paths: list[Path], forbidden: set[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        bad = sorted(
            name
            for name in _imports(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


def test_generator_never_imports_the_app_or_its_stack() -> None:
    forbidden = WEB_STACK | {"voting_app", "numpy"}
    assert _offending(_modules("generator"), forbidden) == {}


def test_only_the_preview_imports_mkdocs() -> None:
    # render_hook runs inside MkDocs' own process, loaded by MkDocs as a hook.
    others = [p for p in _modules("generator") if p.name not in ("devserver.py", "render_hook.py")]
    # Zensical, like MkDocs, runs as its own process (generator.engines).
    assert _offending(others, {"mkdocs", "material", "zensical"}) == {}


def test_counting_is_pure() -> None:
    paths = _modules("voting_app/counting")
    assert paths, "voting_app/counting/ has no modules"
    forbidden = WEB_STACK | {"voting_app.models", "voting_app.rounds", "generator.sources"}
    app_modules = {p.stem for p in _modules("voting_app") if p.parent.name == "voting_app"}
    assert {"ballots", "ballot_box", "ballot_pool", "lifecycle", "staff"} <= app_modules
    forbidden |= {"voting_app." + name for name in app_modules - {"__init__"}}
    assert _offending(paths, forbidden) == {}


def _loaded_by(args: list[str], cwd: Path, whole: bool = False, entry: bool = False) -> set[str]:
    """Top-level packages (``whole``: all modules) a ``wijkwerk`` command loads, run in a
    fresh interpreter: through the click group, or (``entry``) as the installed command
    starts, through ``voting_app.entry``."""
    run = (
        f"    sys.argv = ['wijkwerk', *{args!r}]\n"
        "    from voting_app.entry import main\n    main()\n"
        if entry
        else f"    from voting_app.cli import main\n    main({args!r}, standalone_mode=False)\n"
    )
    script = (
        f"import sys\ntry:\n{run}finally:\n    print('LOADED', ' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=False
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, result.stdout + result.stderr
    modules = set(lines[-1].split()[1:])
    return modules if whole else {m.split(".")[0] for m in modules}


# What `wijkwerk check` never needs: it reads and checks, and builds, renders and writes nothing.
_NOT_FOR_CHECK = {"generator.build", "generator.render", "generator.output", "generator.schema"}
_NOT_FOR_CHECK |= {"generator.schema_descriptions", "generator.shards", "generator.linkcheck"}


@pytest.mark.slow
@pytest.mark.parametrize("command", [["check"], ["schema"]])
def test_site_commands_start_without_the_web_stack(command: list[str]) -> None:
    modules = _loaded_by([*command, "--root", str(ROOT)], ROOT, whole=True)
    loaded = {m.split(".")[0] for m in modules}
    assert "yaml" in loaded  # the command really ran
    assert loaded & (WEB_STACK | {"numpy", "mkdocs"}) == set()
    if command == ["check"]:  # comms staff run it all day: it starts with less
        assert modules & _NOT_FOR_CHECK == set()


@pytest.mark.slow
def test_tally_starts_without_the_web_stack(tmp_path: Path) -> None:
    from voting_app.counting import pb_write
    from voting_app.counting.election import Ballot, Election, Project

    election = Election((Project("1", 10), Project("2", 5)), (Ballot.approval(["1"]),), 12)
    path = tmp_path / "ronde.pb"
    path.write_text(pb_write.write(election))
    greedy = _loaded_by(["tally", str(path), "--rule", "greedy"], tmp_path)
    assert "click" in greedy
    assert greedy & (WEB_STACK | {"numpy", "pydantic", "yaml"}) == set()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["ids", "text"])
def test_tally_counts_a_small_election_without_numpy(tmp_path: Path, fmt: str) -> None:
    # A small election counts MES in plain Python; importing numpy would take longer than
    # the whole recount. The explanations (--format text) need no numpy either.
    path = shared_path("pabulib", "Netherlands_Amsterdam_643.pb")
    args = ["tally", str(path), "--rule", "mes", "--tie-break", "id", "--format", fmt]
    modules = _loaded_by(args, tmp_path, whole=True)
    assert "voting_app.counting.mes_lean" in modules  # MES really counted
    assert {m.split(".")[0] for m in modules} & (WEB_STACK | {"numpy", "pydantic", "yaml"}) == set()


@pytest.mark.slow
def test_the_installed_command_recounts_without_click(tmp_path: Path) -> None:
    # What `wijkwerk tally FILE` loads as a resident runs it: voting_app.entry, not click.
    path = shared_path("pabulib", "Netherlands_Amsterdam_643.pb")
    modules = _loaded_by(["tally", str(path), "--rule", "mes"], tmp_path, whole=True, entry=True)
    assert "voting_app.counting.explain" in modules  # the report was written
    assert {m.split(".")[0] for m in modules} & (WEB_STACK | {"click", "numpy", "yaml"}) == set()
    # Anything else starts the click group, as before.
    assert "click" in _loaded_by(["tally", str(path), "--rule", "borda"], tmp_path, entry=True)


@pytest.mark.slow
def test_tally_counts_a_large_election_with_numpy(tmp_path: Path) -> None:
    from voting_app.counting import pb_write
    from voting_app.counting.election import Ballot, Election, Project, TieBreak
    from voting_app.counting.mes_state import MesState

    # 120 proposals, 120 different ballots: beyond what the plain Python run is for.
    projects = tuple(Project(str(i), 1000) for i in range(120))
    ballots = tuple(Ballot.approval([str(i), str((7 * i + 3) % 120)]) for i in range(120))
    election = Election(projects, ballots, 5000)
    assert not MesState(election, TieBreak().ranks(projects, election.votes())).use_lean
    path = tmp_path / "groot.pb"
    path.write_text(pb_write.write(election))
    mes = _loaded_by(["tally", str(path), "--rule", "mes", "--format", "ids"], tmp_path)
    assert "numpy" in mes
    assert mes & (WEB_STACK | {"pydantic", "yaml"}) == set()


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:")[1]
    for name in COMMANDS:
        assert f"  {name} " in listed, name


def test_every_command_is_documented() -> None:
    docs = (ROOT / "README.md").read_text() + (ROOT / "wijken" / "README.md").read_text()
    missing = [name for name in COMMANDS if f"wijkwerk {name}" not in docs]
    assert missing == []


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_listed_command_loads_and_agrees_with_its_help(name: str) -> None:
    command = load(name)
    assert command.name == name
    summary = COMMANDS[name][1]
    # The same verb starts both, so the listing cannot drift into another command's help.
    assert summary.split()[0] == command.get_short_help_str(limit=200).split()[0]


def test_help_imports_no_command() -> None:
    loaded = _loaded_by(["--help"], ROOT)
    assert loaded & (WEB_STACK | {"numpy", "pydantic", "yaml"}) == set()
