"""Verification: the answers to each question about a compiled claim file.

One module per question: is a check consistent (:mod:`.verdicts`), how far is it from holding
(:mod:`.slack`, with float guesses proven exactly in :mod:`.guesses`), what values does it
imply for each claim (:mod:`.implied`), which claims are most likely wrong (:mod:`.suspects`, per
rule; :mod:`.localise`, across a group of rules), how serious a finding is (:mod:`.grades`) and
which rules hold one by one but not together (:mod:`.conflicts`). :mod:`.verifier` puts them
together for a file, shared out among processes by :mod:`.sharing`; the answers are the result
models of :mod:`.results`.

May import every stage below it: :mod:`claimcheck.errors`, :mod:`claimcheck.figures`,
:mod:`claimcheck.files`, :mod:`claimcheck.exact`, :mod:`claimcheck.rules`.
"""
