"""The counting rules, as the models name them: the one registry is ``generator.telmethode``.

It lives outside this package so that the counting engine (``wijkwerk tally``) can read it
without importing every model, and pydantic with them.
"""

from generator.telmethode import TELMETHODES, Telmethode, TelmethodeId

__all__ = ["TELMETHODES", "Telmethode", "TelmethodeId"]
