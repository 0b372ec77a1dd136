"""The preview's problem box, in-process: what it says, that it is escaped, where it goes.

`tests/test_serve.py` saves a broken file under a running `wijkwerk serve`; these check the
box and the page wrapper without starting a server.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.devserver import Alert, alert_box, with_alert
from generator.sources import SourceError

PAGE = b'<!doctype html><html><head><title>x</title></head><body dir="ltr"><p>Inhoud</p></body>'


def _app(kind: str, body: bytes) -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [body]

    return app


def _get(app: Any) -> tuple[dict[str, str], bytes]:
    got: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        got.update(headers)

    body = b"".join(app({"PATH_INFO": "/"}, start_response))
    return got, body


def test_the_box_names_file_line_field_and_escapes_what_was_typed() -> None:
    typed = "'<script>alert(1)</script>' kan hier niet."
    box = alert_box(
        [
            SourceError(Path("wijken/centrum/agenda.yaml"), 14, "acties[2].status", typed),
            SourceError(Path("wijken/molenwijk/wop.yaml"), 0, "", "Het bestand ontbreekt."),
        ]
    ).decode()
    assert box.startswith('<div role="alert"')
    assert "Er is iets mis in de bronbestanden" in box
    assert "<strong>wijken/centrum/agenda.yaml, regel 14</strong>" in box
    assert "<code>acties[2].status</code>" in box
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in box
    assert "<script>" not in box
    assert "<strong>wijken/molenwijk/wop.yaml</strong>" in box  # a whole file: no line


def test_a_long_list_points_to_the_terminal() -> None:
    errors = [SourceError(Path("wijken/a.yaml"), n, "", "Fout.") for n in range(1, 61)]
    box = alert_box(errors).decode()
    assert box.count("<li") == 50
    assert "En nog 10 problemen." in box


def test_the_box_goes_at_the_top_of_html_pages_only() -> None:
    alert = Alert()
    headers, body = _get(with_alert(_app("text/html; charset=utf-8", PAGE), alert))
    assert body == PAGE  # no problems: the page as built

    alert.box = alert_box([SourceError(Path("wijken/a.yaml"), 3, "", "Fout.")])
    headers, body = _get(with_alert(_app("text/html; charset=utf-8", PAGE), alert))
    assert body.startswith(b'<!doctype html><html><head><title>x</title></head><body dir="ltr">')
    assert body.index(b'role="alert"') < body.index(b"<p>Inhoud</p>")
    assert headers["Content-Length"] == str(len(body))

    css = b"body { color: black }"
    headers, body = _get(with_alert(_app("text/css", css), alert))
    assert body == css
    assert headers["Content-Length"] == str(len(css))
