"""Every text staff read about a problem in the sources, in plain Dutch, in one place.

``rules`` words our own rules (files, references, money, kompas, meetings), ``validation``
translates pydantic's errors by their type, ``syntax`` explains YAML syntax errors. Each text
is short and, where it helps, says what to do. The location (``file:line: field:``) is
reported beside it by :class:`~generator.sources.errors.SourceError`.
"""

from __future__ import annotations

from generator.sources.messages.rules import listing, money, number, say
from generator.sources.messages.syntax import syntax_problem
from generator.sources.messages.validation import staff_message

__all__ = ["listing", "money", "number", "say", "staff_message", "syntax_problem"]
