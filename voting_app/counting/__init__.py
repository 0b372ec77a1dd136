"""The counting engine: pure functions from an election to an outcome, and pabulib files.

Nothing here touches Flask, a database or the app's models, so anyone can recount a
published ``.pb`` file with ``wijkwerk tally`` and get the official result. ``rules`` is the
registry of counting rules; ``explain`` says in plain Dutch why a proposal was (not) funded.
"""
