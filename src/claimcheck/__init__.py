"""claimcheck: decide with exact arithmetic whether the numbers a document reports can all be true.

Write the figures down as **claims** and their relations as **rules** in a YAML claim file, then::

    import claimcheck
    report = claimcheck.verify(claimcheck.load("claims/qingdao.yaml"))

Every written figure stands for an exact interval of true values (:func:`reported`); every rule
gets a verdict that is a proof when it says "inconsistent".
"""

from __future__ import annotations

from .api import check_table, extract, load, loads, suggest, verify
from .errors import ClaimcheckError
from .figures.intervals import Interval
from .figures.policy import Policy, Qualifier
from .figures.reported import Reported, reported
from .files.loader import dump
from .files.model import Claim, ClaimFile, Document, Expect, Reading, RecordedConflict, Rule
from .suggest.results import Suggestion, Suggestions
from .verify.results import Report, Verdict
from .version import __version__

__all__ = [
    "Claim",
    "ClaimFile",
    "ClaimcheckError",
    "Document",
    "Expect",
    "Interval",
    "Policy",
    "Qualifier",
    "Reading",
    "RecordedConflict",
    "Report",
    "Reported",
    "Rule",
    "Suggestion",
    "Suggestions",
    "Verdict",
    "__version__",
    "check_table",
    "dump",
    "extract",
    "load",
    "loads",
    "reported",
    "suggest",
    "verify",
]
