"""Flask's signed-cookie sessions, with the signing serializer built once per set of keys.

Flask builds a new ``URLSafeTimedSerializer`` twice per request (to read the cookie and to
write it), and itsdangerous checks each new one by serialising an empty session: on the
vote's request that was a twentieth of the app's own CPU. The cookie, its signature and
key rotation (``SECRET_KEY_FALLBACKS``) stay exactly Flask's: a serializer is kept only for
the keys it was built with, and built anew when they change.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class KeptSerializerSessions(SecureCookieSessionInterface):
    """``SecureCookieSessionInterface`` that keeps its serializer while the keys stay."""

    def __init__(self) -> None:
        self._kept: tuple[object, URLSafeTimedSerializer] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = self._kept
        if kept is not None and kept[0] == keys:
            return kept[1]
        made = super().get_signing_serializer(app)
        if made is not None:
            self._kept = (keys, made)
        return made
