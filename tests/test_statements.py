"""The statements a Dutch government site owes its visitors are on the built site.

A privacyverklaring, a toegankelijkheidsverklaring in the digitoegankelijk.nl model, and
`/.well-known/security.txt` (RFC 9116), all reachable from the site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import copy_project
from voting_app.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("statements")
    copy_project(root)
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root / "site"


def test_privacy_statement_names_what_is_kept_and_how_long(site: Path) -> None:
    page = (site / "privacy" / "index.html").read_text()
    for words in ("Privacyverklaring", "90 dagen na de", "Autoriteit Persoonsgegevens"):
        assert words in page
    assert 'href="privacy/"' in (site / "index.html").read_text()  # in the site's menu


def test_accessibility_statement_follows_the_model(site: Path) -> None:
    page = (site / "toegankelijkheid" / "index.html").read_text()
    for field in ("Organisatie", "Status", "Datum van deze verklaring", "Wat nog niet goed is"):
        assert field in page, field


def test_security_txt_is_published(site: Path) -> None:
    text = (site / ".well-known" / "security.txt").read_text()
    fields = dict(
        line.split(": ", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    assert fields["Contact"].startswith(("mailto:", "https://"))
    expires = dt.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert expires.tzinfo is not None
