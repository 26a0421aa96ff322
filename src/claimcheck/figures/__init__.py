"""Figures: what a written number means.

Owns reading what a document writes (``6200亿元``, ``1840亿元左右``, ``超2万家``,
``about $1.2 billion``) into an exact interval of true values: numerals and their magnitude words
(:mod:`.numerals`), the qualifier words and the policy that widens or cuts an interval
(:mod:`.policy`), units and currencies with the pint registry and its data files (:mod:`.units`),
exact intervals and their decimal rendering (:mod:`.intervals`), and the reported figure that
puts them together (:mod:`.reported`).

The lowest stage: imports only :mod:`claimcheck.errors` (and pint, lazily, for units outside the
built-in table). Every bound is an exact :class:`~fractions.Fraction`; nothing here uses binary
floats for a decision.
"""
