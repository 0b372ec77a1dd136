"""The ballot box holds nothing that could link a ballot to a code, a person, an IP or a time."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from voting_app.models import db


def test_ballot_table_cannot_link(app) -> None:
    with app.app_context():
        inspector = sa.inspect(db.engine)
        columns = {c["name"]: c for c in inspector.get_columns("ballot")}
        # No date at all; "move" is the group a move wrote, what PostgreSQL's xmin shows anyway.
        assert set(columns) == {"id", "wijk", "ronde", "choices", "receipt", "move"}
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


def test_the_models_and_the_migrations_agree(app) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []


def test_migrating_says_only_what_it_migrates(app, capsys) -> None:
    """Every command migrates first: an up-to-date database prints no alembic lines at all.

    Ideas from before reference numbers existed get one each when the migration runs.
    """
    import flask_migrate

    with app.app_context():
        capsys.readouterr()
        flask_migrate.upgrade()
        assert capsys.readouterr().err == ""  # e.g. no "INFO ... Context impl SQLiteImpl."
        flask_migrate.downgrade(revision="f6a7b8c9d0e1")
        with db.engine.begin() as connection:
            for title in ("Oud idee", "Nog een oud idee"):
                connection.execute(
                    sa.text(
                        "INSERT INTO proposal (wijk, ronde, title, description, estimate, "
                        "own_part, submitted_on, published) VALUES ('beekvliet', "
                        "'bewonersbudget-2026', :title, 'Van voor de nummers.', 100, '', "
                        "'2026-09-02', false)"
                    ),
                    {"title": title},
                )
        capsys.readouterr()
        flask_migrate.upgrade()
        said = capsys.readouterr().err
        assert "Running upgrade f6a7b8c9d0e1 -> a7b8c9d0e1f2" in said
        assert "Context impl" not in said
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT reference, channel FROM proposal")).all()
    assert len({reference for reference, _ in rows}) == 2
    assert all(reference and len(reference) == 9 for reference, _ in rows)
    assert {channel for _, channel in rows} == {"online"}
