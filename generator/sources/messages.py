"""Pydantic's validation errors in words staff understand, with a hint for a misspelt field."""

from __future__ import annotations

import difflib

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from generator import model


def staff_message(err: ErrorDetails) -> str:
    """The message for one validation error; the location is reported beside it."""
    kind, value = err["type"], err.get("input")
    if kind in ("unknown_reference", "answer_incomplete") or kind.startswith("nl_"):
        return err["msg"]
    ctx = err.get("ctx", {})
    if kind == "extra_forbidden":
        name = str(err["loc"][-1])
        close = difflib.get_close_matches(name, _FIELD_NAMES, n=1)
        return "unknown field" + (f"; did you mean {close[0]!r}?" if close else "")
    if kind == "missing":
        return "required field is missing"
    if kind.startswith("date"):
        return f"not a date: {value!r} (write it as YYYY-MM-DD, e.g. 2026-03-31)"
    if kind == "greater_than_equal" and isinstance(value, int | float):
        return f"must be {ctx['ge']} or more, not {value}"
    if kind == "string_pattern_mismatch":
        return f"not valid here: {value!r}"
    if kind == "literal_error":
        return f"{value!r} is not one of the choices: {ctx['expected']}"
    msg = err["msg"].removeprefix("Value error, ")
    if isinstance(value, dict | list):
        return msg
    return f"{msg}: {value!r}" if value is not None else msg


# Every field name of every source model: what a misspelt field is compared against.
_FIELD_NAMES = sorted(
    {
        name
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, BaseModel)
        for name in cls.model_fields
    }
)
