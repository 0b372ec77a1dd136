"""The baseline for benchmarks/ballot_load.py: a bare Flask endpoint that does one insert.

Same database, same SQLite pragmas (WAL, busy timeout), same gunicorn settings as the voting
app; no session, no CSRF, no code check, no rules, no template. What the voting app costs
beyond this is the price of its checks.

    BENCH_DATABASE_URL=sqlite:////tmp/bare.db gunicorn --chdir benchmarks "bare_app:create_app()"
"""

from __future__ import annotations

import os
import secrets

from flask import Flask, request
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert

import voting_app.extensions  # noqa: F401  (registers the same SQLite pragmas)

metadata = MetaData()
ballots = Table(
    "bare_ballot",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("choices", String(200), nullable=False),
)


def create_app() -> Flask:
    url = os.environ["BENCH_DATABASE_URL"]
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    metadata.create_all(engine)
    app = Flask(__name__)

    @app.post("/bare")
    def bare() -> str:
        with engine.begin() as conn:
            conn.execute(
                insert(ballots).values(
                    id=secrets.token_hex(16), choices=",".join(request.form.getlist("keuze"))
                )
            )
        return "<p>Opgeslagen.</p>"

    return app
