"""Errors a user can cause: every one names where in which file, and what is wrong.

Everything claimcheck raises because of its input is a :class:`ClaimcheckError`; anything
else escaping the library is a bug in claimcheck.
"""

from __future__ import annotations

import os
from collections.abc import Sequence


def printable_path(path: str | os.PathLike[str]) -> str:
    """A file name as text that can always be written (to a terminal, JSON or XML): bytes that
    are not UTF-8 (kept by Python as lone surrogates) become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


class ClaimcheckError(ValueError):
    """Invalid input: a claim file, a written number, a unit or a rule expression.

    ``file``, ``line`` and ``column`` (1-based) say where, when known; ``str(error)``
    renders ``file:line:column: message`` in the style of compilers and linters.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = None if file is None else printable_path(file)
        self.line = line
        self.column = column
        #: The claim field at fault (``value``, ``unit``, ``tolerance`` ...), where known.
        self.field: str | None = None
        #: Every problem found, this one first, when several were gathered (:func:`gathered`).
        self.problems: list[ClaimcheckError] | None = None

    def located(
        self, *, file: str | None = None, line: int | None = None, column: int | None = None
    ) -> ClaimcheckError:
        """Fill in whatever location is still unknown (inner errors know less than outer code)."""
        if self.file is None and file is not None:
            self.file = printable_path(file)
        if self.line is None:
            self.line = line
            if self.column is None:
                self.column = column
        return self

    @property
    def where(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


#: Most problems gathered from one file before the rest are left unsaid.
MAX_PROBLEMS = 100


def gathered(problems: Sequence[ClaimcheckError]) -> ClaimcheckError:
    """One error that stands for several: the first, saying how many more there are, with all of
    them in ``problems`` (the command line prints each; the API user can read them)."""
    first = problems[0]
    if len(problems) > 1:
        first.message += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
        first.problems = list(problems)
    return first


class NumberError(ClaimcheckError):
    """A written number, qualifier or unit word that cannot be read."""


class UnitError(ClaimcheckError):
    """An unknown unit, or units that do not fit together (yuan + dollars)."""


class ClaimFileError(ClaimcheckError):
    """A claim file that is not valid: syntax, duplicates, unknown or missing fields."""


class RuleError(ClaimcheckError):
    """A rule expression that cannot be parsed or does not make sense."""
