"""Exact solving: interval arithmetic and decisions that are proofs.

Owns outward-rounded interval arithmetic on exact rationals (:mod:`.arith`), the expression
nodes that rules are lowered into (:mod:`.expr`), their enclosure and slopes
(:mod:`.evaluation`), contraction by a constraint (:mod:`.contraction`), the budget of work of one
question (:mod:`.effort`) and the branch-and-bound decisions built on them (:mod:`.decide`).

Knows nothing of rules, claim files or reports: it may import :mod:`claimcheck.errors` and
:mod:`claimcheck.figures` only. Its invariants: every enclosure contains every true value
(outward rounding, never a binary float in a decision); a ``False`` is a refutation, a ``True``
a witness, and anything else ``None``.
"""
