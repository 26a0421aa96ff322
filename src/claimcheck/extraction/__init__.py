"""Extraction: drafting a claim file from an article's text.

Owns finding the figures an article writes (:mod:`.scan`: the longest text claimcheck's own reader
accepts at each place a number can start, with dates, years, plan names and ordinals left out),
the clause that quotes each, the guess at its period (:mod:`.periods`), a readable id from the
nearby words (:mod:`.ids`), and the draft itself with its document header (:mod:`.draft`).

A draft is a starting point for a fact-checker, never a finding: it lists figures, not rules.
May import :mod:`claimcheck.errors`, :mod:`claimcheck.figures` and :mod:`claimcheck.files`.
"""
