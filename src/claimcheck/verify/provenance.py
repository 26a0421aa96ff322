"""Provenance: every quote stands in the article, and every figure in its quote.

With the article's text (``document.source`` in the claim file, or ``--source``), each claim's
quote must occur in the article, white space ignored (articles wrap lines where a quote does
not), and each value must occur in its quote. A claim that fails is a located finding that fails
the run: a figure typed from memory, or a quote edited after it was copied, is caught here.
"""

from __future__ import annotations

from ..files.model import ClaimFile
from .results import ProvenanceProblem


def _flat(text: str) -> str:
    return "".join(text.split())


def check_provenance(claim_file: ClaimFile, article: str) -> list[ProvenanceProblem]:
    """The claims whose quote is not in ``article``, or whose value is not in their quote."""
    flat_article = _flat(article)
    problems = []
    for cid, claim in claim_file.claims.items():
        where = claim_file.location("claims", cid)
        line = where[0] if where else None
        if claim.quote is None:
            problems.append(ProvenanceProblem(claim=cid, line=line, message=f"claim {cid} has no quote to find"))
        elif _flat(claim.quote) not in flat_article:
            problems.append(ProvenanceProblem(
                claim=cid, line=line, message=f"the quote of claim {cid} is not in the article: “{claim.quote}”"))
        elif _flat(claim.value) not in _flat(claim.quote):
            problems.append(ProvenanceProblem(
                claim=cid, line=line, message=f"the value of claim {cid}, {claim.value}, is not in its quote"))
    return problems


__all__ = ["check_provenance"]
