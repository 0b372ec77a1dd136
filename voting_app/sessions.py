"""Flask's signed-cookie sessions, with the signing serializer built once per set of keys.

Flask builds a new ``URLSafeTimedSerializer`` twice per request (to read the cookie and to
write it), and itsdangerous checks each new one by serialising an empty session: on the
vote's request that was a twentieth of the app's own CPU. The cookie, its signature and
key rotation (``SECRET_KEY_FALLBACKS``) stay exactly Flask's (the serializer is built as
Flask 3.1 builds it): a serializer is kept only for the keys it was built with, and built
anew when they change.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class KeptSerializerSessions(SecureCookieSessionInterface):
    """``SecureCookieSessionInterface`` that keeps its serializer while the keys stay."""

    def __init__(self) -> None:
        self._kept: tuple[tuple[object, ...], URLSafeTimedSerializer] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        # One reading of the keys, for the comparison and for the serializer built from it.
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        kept = self._kept
        if kept is not None and kept[0] == keys:
            return kept[1]
        made = URLSafeTimedSerializer(
            list(keys),  # itsdangerous wants the current key last
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )
        self._kept = (keys, made)
        return made
