"""Suggestion: the relations a file's figures nearly satisfy, ranked by how unlikely a match is by chance.

:mod:`.figures` views each claim as the search needs it (interval in base units, period, place
and words); :mod:`.cues` reads the text cues and periods; :mod:`.shapes` generates candidates of
each shape (sums, levels, growth, cagr, shares, multiples, subsets, lists) with the number tried
and the chance of a match; :mod:`.suggester` ranks them, confirms each with the exact verifier
and sorts out near misses; :mod:`.results` holds what it finds and writes it as YAML rules ready to paste.

The search itself uses floats, widened outward, only to find candidates; every suggestion's
verdict and slack come from the exact verifier.

May import every stage below it: :mod:`claimcheck.errors`, :mod:`claimcheck.figures`,
:mod:`claimcheck.files`, :mod:`claimcheck.exact`, :mod:`claimcheck.rules`, :mod:`claimcheck.verify`.
"""
