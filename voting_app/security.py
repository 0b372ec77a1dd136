"""HTTP headers that keep the app's pages safe, and a refusal to run with a known secret key."""

from __future__ import annotations

from flask import Flask, Response, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class InsecureConfig(RuntimeError):
    """The app would run with settings that are only safe on a developer's computer."""


def init_app(app: Flask) -> None:
    secret = app.config.get("SECRET_KEY")
    local = app.config.get("TESTING") or app.config.get("DEV_SERVER")
    if not local and (not secret or secret == "dev" or len(str(secret)) < 32):
        raise InsecureConfig(
            "Set WIJKWERK_SECRET_KEY to a long random value (at least 32 characters), e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'. The default key "
            "'dev' is only for `wijkwerk serve` and `wijkwerk app` on this computer."
        )
    app.after_request(_headers)


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.path.startswith(("/stemmen", "/beheer")):
        # Ballots, codes and staff pages must not linger in shared caches or the back button.
        headers.setdefault("Cache-Control", "no-store")
    return response
