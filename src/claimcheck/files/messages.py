"""Validation errors of the claim-file models, as ``file:line:column`` problems in plain words.

Each pydantic error is placed at the line of the value (or the nearest enclosing key) it is
about; an unknown field is reported first, with the known field it most likely misspells."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from ..errors import ClaimcheckError, ClaimFileError, gathered


def validation_error(
    exc: ValidationError, name: str, locations: dict[tuple[str, ...], tuple[int, int]]
) -> ClaimcheckError:
    problems = []
    typo_first: list[bool] = []
    for err in exc.errors():
        typo_first.append(err["type"] != "extra_forbidden")
        path = tuple(str(p) for p in err["loc"] if not str(p).startswith("function-"))
        lookup = path[:-1] if path and path[-1] == "[key]" else path
        message = _message(err, path)
        where = None
        for end in range(len(lookup), -1, -1):
            where = locations.get(lookup[:end])
            if where:
                break
        line, column = where if where else (None, None)
        problems.append(ClaimFileError(message, file=name, line=line, column=column))
    # an unknown field usually explains a missing one (a typo): report it first, then by line
    order = sorted(range(len(problems)), key=lambda i: (typo_first[i], problems[i].line or 0, problems[i].column or 0))
    problems = [problems[i] for i in order]
    return gathered(problems)


_FIELDS = {
    "claim": ["value", "unit", "qualifier", "precision", "tolerance", "period", "quote", "entity",
              "metric", "note", "items", "tags"],
    "rule": ["check", "expect", "note", "readings"],
    "document": ["title", "publisher", "author", "published", "language", "url", "note"],
    "top": ["claimcheck", "document", "defaults", "policy", "claims", "rules"],
    "policy": ["trailing_zeros", "about", "about_relative", "some_more", "nearly", "over", "under"],
}


def _context(path: tuple[str, ...]) -> str:
    if len(path) <= 1:
        return "top"
    if path[0] == "claims" and len(path) == 3:
        return "claim"
    if path[0] == "defaults" and len(path) == 2:
        return "claim"
    if path[0] == "rules" and len(path) in (3, 5):
        return "rule"
    if path[0] in ("document", "policy") and len(path) == 2:
        return path[0]
    return ""


def _message(err: Any, path: tuple[str, ...]) -> str:
    kind = err["type"]
    where = ".".join(path) if path else "file"
    field = path[-1] if path else ""
    if kind == "extra_forbidden":
        known = _FIELDS.get(_context(path), [])
        hint = difflib.get_close_matches(field, known, n=1)
        if field[:1].isdigit():  # {value: 1,586.9亿元}: the comma ended the value
            suggestion = (" (a comma inside {...} separates fields: quote a figure with a thousands "
                          "separator, value: '1,586.9亿元')")
        elif hint:
            suggestion = f" (did you mean {hint[0]!r}?)"
        else:
            suggestion = f"; known fields: {', '.join(known)}" if known else ""
        return f"unknown field {field!r} in {'.'.join(path[:-1]) or 'file'}{suggestion}"
    if kind == "string_pattern_mismatch" and path and path[-1] == "[key]":
        return (
            f"id {path[-2]!r} in {'.'.join(path[:-2])} is not an identifier: ASCII letters, digits and _, "
            "not starting with a digit"
        )
    if kind == "missing":
        return f"missing required field {field!r} in {'.'.join(path[:-1]) or 'file'}"
    if kind in ("string_too_long", "too_long"):
        size = len(err["input"]) if isinstance(err.get("input"), str | list | dict) else None
        limit = (err.get("ctx") or {}).get("max_length")
        what = "a figure" if field == "value" else "an id" if field == "[key]" else where
        return (f"{where}: {what} of {size} characters is too long" if size is not None else f"{where}: too long") + (
            f" (at most {limit})" if limit is not None else "")
    if kind in ("string_too_short", "too_short") and isinstance(err.get("input"), str):
        return f"{where}: empty; write the {'figure' if field == 'value' else field} here"
    if kind == "string_type" and err.get("input") is None:
        return f"{where}: empty; write the {'figure' if field == 'value' else field} here"
    if kind == "string_type":
        return f"{where}: expected text, got {type(err.get('input')).__name__} (quote it)"
    msg = str(err.get("msg", "invalid value"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return f"{where}: {msg}"
