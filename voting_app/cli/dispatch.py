"""Site and app on one port: /stemmen/ and /beheer/ go to the app, the rest is the site.

The site part is either the built ``site/`` folder (static files, as a web server would serve
them) or, while editing, a proxy to ``mkdocs serve`` so the browser reloads after a change.
"""

from __future__ import annotations

import http.client
import mimetypes
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from werkzeug.security import safe_join
from werkzeug.wrappers import Request, Response

APP_PREFIXES = ("/stemmen", "/beheer", "/aanvragen/", "/static/")
Environ = dict[str, Any]


class Dispatcher:
    """Send each request to the app or to the site."""

    def __init__(self, app: Any, site: Any) -> None:
        self.app = app
        self.site = site

    def __call__(self, environ: Environ, start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/stemmen" or path.startswith(APP_PREFIXES):
            return self.app(environ, start_response)
        return self.site(environ, start_response)


class StaticSite:
    """Serve a built MkDocs site: folders mean their index.html, unknown paths the 404 page."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, environ: Environ, start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        relative = request.path.lstrip("/")
        target = safe_join(str(self.folder), relative) if relative else str(self.folder)
        path = Path(target) if target else None
        if path is not None and path.is_dir():
            if not request.path.endswith("/"):
                location = request.path + "/"
                return Response(status=301, headers={"Location": location})(environ, start_response)
            path = path / "index.html"
        if path is None or not path.is_file():
            missing = self.folder / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Niet gevonden"
            response = Response(body, status=404, mimetype="text/html")
            return response(environ, start_response)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ics":
            kind = "text/calendar"
        response = Response(path.read_bytes(), mimetype=kind)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response(environ, start_response)


class Proxy:
    """Forward to a local HTTP server (mkdocs serve), streaming the answer back."""

    def __init__(self, port: int) -> None:
        self.port = port

    def __call__(self, environ: Environ, start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        try:
            connection.request(
                request.method,
                request.full_path.rstrip("?"),
                body=request.get_data(),
                headers=headers,
            )
            upstream = connection.getresponse()
        except OSError:
            connection.close()
            response = Response("De site wordt gebouwd. Probeer het zo opnieuw.", status=503)
            return response(environ, start_response)
        skip = {"transfer-encoding", "connection", "keep-alive"}
        start_response(
            f"{upstream.status} {upstream.reason}",
            [(k, v) for k, v in upstream.getheaders() if k.lower() not in skip],
        )
        return _stream(upstream, connection)


def _stream(
    upstream: http.client.HTTPResponse, connection: http.client.HTTPConnection
) -> Iterator[bytes]:
    try:
        while chunk := upstream.read(65536):
            yield chunk
    finally:
        connection.close()
