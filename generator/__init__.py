"""The site generator: wijk sources in, Markdown for MkDocs out.

``sources`` reads and checks ``wijken/`` into the ``model``; ``render`` turns the model into
pages, pure and without I/O; ``output`` writes them; ``build`` runs MkDocs; ``cli`` holds the
staff commands. ``formatting`` is the Dutch for money and dates, shared with the voting app.
"""
