"""Wijkwerk installs as a package: from a wheel, with its folders where the settings say.

The wheel goes into a fresh venv, far from this checkout; the commands then run from an empty
folder, with WIJKWERK_ROOT naming a copy of the example project and WIJKWERK_INSTANCE the
instance folder. Nothing may land inside the installed package. Without the voting app's
extra, its commands say in Dutch what to install instead of showing a traceback.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from tests.helpers import ROOT, TODAY
from voting_app import create_app, folders
from voting_app.cli import main
from voting_app.cli.serve import free_port

ROUND = "/stemmen/beekvliet/bewonersbudget-2026/"


def _run(
    args: Sequence[str | Path], cwd: Path | None = None, env: dict[str, str] | None = None
) -> str:
    """Run a command that must succeed; its output."""
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _venv_with_the_wheel(tmp_path: Path) -> tuple[Path, Path]:
    """A new venv holding only the built wheel; the dependencies come from this test's venv.

    A .pth file adds this venv's site-packages, whose own .pth files Python does not read
    from there: the editable install's pointer to this checkout stays out.
    """
    wheels = tmp_path / "wheels"
    build = "import sys; from hatchling.build import build_wheel; print(build_wheel(sys.argv[1]))"
    wheel = wheels / _run([sys.executable, "-c", build, wheels], cwd=ROOT).strip()
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    pip: list[str | Path] = [sys.executable, "-m", "pip", "--python", python, "install", "-q"]
    _run([*pip, "--no-deps", "--no-index", wheel])
    installed = Path(
        _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()
    )
    (installed / "_wijkwerk_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    return venv, installed


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


@contextlib.contextmanager
def _app(wijkwerk: Path, cwd: Path, env: dict[str, str], log: Path) -> Iterator[str]:
    """`wijkwerk app` on a free port, until it answers; stopped afterwards, whatever happens."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [wijkwerk, "app", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            try:
                requests.get(f"{base}/stemmen/", timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.mark.slow
def test_a_wheel_builds_the_site_and_serves_the_app_from_the_settings_folders(
    tmp_path: Path, project: Path
) -> None:
    venv, installed = _venv_with_the_wheel(tmp_path)
    before = _files(installed)
    workdir = tmp_path / "empty"
    workdir.mkdir()
    instance = tmp_path / "var" / "wijkwerk"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WIJKWERK_", "PYTHON"))}
    env |= {
        "WIJKWERK_ROOT": str(project),
        "WIJKWERK_INSTANCE": str(instance),
        "WIJKWERK_TODAY": TODAY.isoformat(),
    }
    wijkwerk = venv / "bin" / "wijkwerk"

    where = "import generator, voting_app; print(generator.__file__, voting_app.__file__)"
    for module in _run([venv / "bin" / "python", "-c", where], cwd=workdir, env=env).split():
        assert Path(module).is_relative_to(installed), module  # not this checkout
    said = _run([wijkwerk, "build"], cwd=workdir, env=env)
    assert f"Built {project / 'site'}" in said
    assert "Bewonersbudget" in (project / "site/wijken/beekvliet/budget/index.html").read_text()

    with _app(wijkwerk, workdir, env, tmp_path / "app.log") as base:
        round_page = requests.get(base + ROUND, timeout=10)
        style = requests.get(f"{base}/static/app.css", timeout=10)
    assert round_page.status_code == 200, round_page.text
    assert "Bewonersbudget" in round_page.text  # a template from the wheel, the project's round
    assert style.status_code == 200
    assert style.text == (ROOT / "voting_app/static/app.css").read_text()

    # The database and the kept sources are in the instance folder the settings name ...
    assert (instance / "wijkwerk.sqlite").is_file()
    assert (instance / "last-valid-sources.json").is_file()
    # ... and nothing in the installed package or the folder the commands ran in.
    assert _files(installed) == before
    assert list(workdir.iterdir()) == []


def test_the_instance_folder_is_the_setting_else_instance_in_the_project(tmp_path: Path) -> None:
    env = {"WIJKWERK_ROOT": str(tmp_path / "project")}
    assert folders.folders(env) == (tmp_path / "project", tmp_path / "project" / "instance")
    env["WIJKWERK_INSTANCE"] = str(tmp_path / "var")
    assert folders.folders(env)[1] == tmp_path / "var"
    # Without settings: the current folder, as for `--root .` (a checkout: its instance/).
    assert folders.folders({}) == (Path.cwd(), Path.cwd() / "instance")


def test_the_app_reads_its_config_from_the_instance_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = tmp_path / "etc"
    instance.mkdir()
    (instance / "config.py").write_text("MAX_CONTENT_LENGTH = 12345\n")
    monkeypatch.setenv("WIJKWERK_ROOT", str(tmp_path / "project"))
    monkeypatch.setenv("WIJKWERK_INSTANCE", str(instance))
    app = create_app(dev_server=True)
    assert app.instance_path == str(instance)
    assert app.config["MAX_CONTENT_LENGTH"] == 12345
    assert app.config["WIJKWERK_ROOT"] == str(tmp_path / "project")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'wijkwerk.sqlite'}"


@pytest.mark.parametrize("command", ["app", "db-upgrade", "user-list", "serve"])
def test_without_the_app_extra_its_commands_say_what_to_install(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installation of the site only: Flask and its company cannot be imported.
    for name in ("flask", "flask_migrate", "werkzeug"):
        monkeypatch.setitem(sys.modules, name, None)
    for name in ("voting_app.cli.app", "voting_app.cli.serve"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    result = CliRunner().invoke(main, [command])
    assert result.exit_code == 1
    assert f"wijkwerk {command} hoort bij de stemapp" in result.output
    assert "pip install 'wijkwerk[app]'" in result.output
    assert "Traceback" not in result.output


def test_deploy_documents_both_folder_settings() -> None:
    deploy = (ROOT / "docs/deploy.md").read_text()
    for setting in (folders.ROOT, folders.INSTANCE):
        assert f"| `{setting}` |" in deploy, setting
    assert "pip install 'wijkwerk[app]'" in deploy
