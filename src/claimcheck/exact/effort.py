"""Effort: the budget of work one question of the verifier may spend.

Each question (a verdict, a slack, an implied interval) is allowed a number of units of effort;
an evaluation of an expression costs one unit per 64 of its nodes (at least one), so that a
huge rule exhausts the budget as surely as many small evaluations do. When the budget runs out,
the searches answer "undecided", never "inconsistent". Deterministic: the same file spends the
same effort on every machine.
"""

from __future__ import annotations

from .expr import Expr, operands


class Effort:
    """A budget of interval evaluations shared by the searches of one question, so that no rule,
    however convoluted, keeps the verifier busy for long: when it runs out, searches answer
    "undecided" (never "inconsistent")."""

    left = 10**9
    #: Nodes that one unit of effort pays for: a larger expression costs more per evaluation, so
    #: that the budget bounds the work, not only the number of evaluations.
    NODES_PER_UNIT = 64
    _weights: dict[int, int] = {}  # noqa: RUF012 - expressions' weights by id, for one question

    @classmethod
    def allow(cls, evaluations: int) -> None:
        cls.left = evaluations
        cls._weights = {}  # the expressions of the next question (ids of the last may be reused)

    @classmethod
    def spent(cls) -> bool:
        return cls.left <= 0

    @classmethod
    def charge(cls, e: Expr, evaluations: int = 1) -> None:
        """Spend the effort of ``evaluations`` evaluations of ``e``."""
        weight = cls._weights.get(id(e))
        if weight is None:
            weight = cls._weights[id(e)] = max(1, node_count(e) // cls.NODES_PER_UNIT)
        cls.left -= evaluations * weight


def node_count(e: Expr) -> int:
    """The number of nodes of ``e`` (shared sub-expressions counted at each use)."""
    count, stack = 0, [e]
    while stack:
        x = stack.pop()
        count += 1
        stack.extend(operands(x))
    return count
