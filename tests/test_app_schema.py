"""The ballot box holds nothing that could link a ballot to a code, a person, an IP or a time."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from voting_app.models import db


def test_ballot_table_cannot_link(app) -> None:
    with app.app_context():
        inspector = sa.inspect(db.engine)
        columns = {c["name"]: c for c in inspector.get_columns("ballot")}
        assert set(columns) == {"id", "wijk", "ronde", "choices", "receipt"}  # no date at all
        assert isinstance(columns["id"]["type"], sa.String)  # random, not a sequence
        assert columns["id"].get("autoincrement") is not True
        assert inspector.get_foreign_keys("ballot") == []
        code_columns = {c["name"] for c in inspector.get_columns("vote_code")}
        assert not code_columns & {"ballot", "ballot_id", "receipt", "choices"}
        assert inspector.get_foreign_keys("vote_code") == []
        for column in inspector.get_columns("vote_code"):
            assert not isinstance(column["type"], sa.DateTime), column["name"]


def test_sqlite_ballots_have_no_rowid(app) -> None:
    """SQLite's hidden rowid would record the order of casting; the table has none."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("rowid is SQLite's; PostgreSQL's heap order is another test's")
        with db.engine.connect() as conn:
            sql = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name='ballot'"))
            assert "WITHOUT ROWID" in sql.scalar_one().upper()
