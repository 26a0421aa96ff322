"""The ``claimcheck`` command.

Exit codes: 0 every verdict as recorded; 1 some verdict unexpected (or a joint conflict; for
``diff``, a change that makes a rule newly unexpected); 2 invalid input, with
``file:line:column: message`` on stderr; 3 an internal error (a bug in claimcheck). Nothing ends
in a traceback.

:mod:`.app` holds the command group and the checking commands (verify, explain, diff, schema);
:mod:`.drafting` the commands that draft a file (extract, suggest); :mod:`.tables` the command that checks
the rows of a table (table).

May import every stage below it (lazily, inside each command, so that the command starts fast):
:mod:`claimcheck.api` above all, and the stages it rests on.
"""

from __future__ import annotations

from . import drafting as _drafting  # noqa: F401  (registers extract and suggest)
from . import tables as _tables  # noqa: F401  (registers table)
from .app import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_UNEXPECTED, FORMATS, main, run

__all__ = ["EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_UNEXPECTED", "FORMATS", "main", "run"]
