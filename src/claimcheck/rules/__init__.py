"""The rule language: parse a ``check:``, type it, lower it for the exact solver.

Owns the parser (:mod:`.expressions`: Python's own ``ast`` reads the text, only claimcheck's
nodes are kept, nothing is ever evaluated, size, depth and exponents are limited), the rule
functions with their dimensions (:mod:`.functions`) and the compiler that checks names, units
and dimensions and lowers each comparison into :mod:`claimcheck.exact` expressions over claims
in base units (:mod:`.compiler`).

May import :mod:`claimcheck.errors`, :mod:`claimcheck.figures`, :mod:`claimcheck.files` and
:mod:`claimcheck.exact`.
"""
